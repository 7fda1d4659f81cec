using System.Runtime.CompilerServices;

namespace Respite.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Where screenshots go: artifacts/screenshots of the repository, or docs/screenshots when RESPITE_UPDATE_SCREENSHOTS=1.
/// </summary>
public static class Screenshots
{
    public static string PathFor(string name) => Path.Combine(Folder(), name + ".png");

    public static string Folder([CallerFilePath] string sourceFile = "")
    {
        var root = Environment.GetEnvironmentVariable("RESPITE_REPO_ROOT") is { Length: > 0 } configured
            ? configured
            : new[] { Path.GetDirectoryName(sourceFile), Directory.GetCurrentDirectory(), AppContext.BaseDirectory }
                .Select(FindRepositoryRoot)
                .FirstOrDefault(found => found is not null);
        var baseFolder = root ?? Path.Combine(Path.GetTempPath(), "respite");
        var folder = Environment.GetEnvironmentVariable("RESPITE_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(baseFolder, "docs", "screenshots")
            : Path.Combine(baseFolder, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string? FindRepositoryRoot(string? start)
    {
        var directory = string.IsNullOrEmpty(start) || !Directory.Exists(start) ? null : new DirectoryInfo(start);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Respite.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName;
    }
}

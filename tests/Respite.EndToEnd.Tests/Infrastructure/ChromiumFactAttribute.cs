namespace Respite.EndToEnd.Tests.Infrastructure;

/// <summary>A browser test; skipped, visibly, when no Chromium executable is installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(BrowserSettings.ExecutablePath))
        {
            Skip = $"Chromium not found at {BrowserSettings.ExecutablePath} (set RESPITE_CHROMIUM to its path).";
        }
    }
}

public static class BrowserSettings
{
    public static string ExecutablePath { get; } = Environment.GetEnvironmentVariable("RESPITE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static IReadOnlyList<string> Arguments { get; } =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
    ];
}

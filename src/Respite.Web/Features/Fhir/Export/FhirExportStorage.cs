using Microsoft.Extensions.Options;

namespace Respite.Web.Features.Fhir.Export;

/// <summary>The exports folder: one sub-folder per job, named by its id, holding that job's NDJSON files.</summary>
public sealed class FhirExportStorage(IOptions<FhirExportOptions> options, IHostEnvironment environment)
{
    private const int DeleteAttempts = 3;

    public string Root { get; } = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.Directory));

    public string JobDirectory(Guid jobId) => Path.Combine(Root, jobId.ToString("N"));

    public string FilePath(Guid jobId, string file) => Path.Combine(JobDirectory(jobId), file);

    /// <summary>
    /// Removes a job's files; nothing happens when there are none. Two removals of one folder may run at once (a DELETE
    /// of the status URL while the worker notices the job is gone, or two DELETEs): a file or the folder the other one
    /// removed first is not an error, and the removal goes on with what is left. A folder a worker is still writing to
    /// may resist: the worker removes it when it notices the job is gone, and the worker's sweep removes any folder no
    /// job owns.
    /// </summary>
    public void Delete(Guid jobId)
    {
        var directory = JobDirectory(jobId);
        for (var attempt = 0; attempt < DeleteAttempts && Directory.Exists(directory); attempt++)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Another removal took a file or the folder first (DirectoryNotFoundException), or a writer added one
                // (not empty): look again.
            }
        }
    }

    /// <summary>The ids of the job folders present.</summary>
    public IReadOnlyList<Guid> JobFolders() =>
        Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root)
                .Select(d => Guid.TryParseExact(Path.GetFileName(d), "N", out var id) ? id : Guid.Empty)
                .Where(id => id != Guid.Empty)
                .ToList()
            : [];
}

using System.Data;
using Hl7.Fhir.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Respite.Data;
using Respite.Data.Exports;
using Respite.Fhir;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Features.Fhir.Export;

/// <summary>One file of an export: the resource type, the file's name in the job's folder and the resources in it.</summary>
public sealed record FhirExportFile(string Type, string File, long Count);

/// <summary>
/// Writes one export job's files: for each type, the source's search streamed straight into NDJSON files of at most
/// <see cref="FhirExportOptions.MaxResourcesPerFile"/> lines, through a small buffer. Nothing is collected in memory but the
/// list of files, so memory does not grow with the clinic. All types are read in one database snapshot (a read
/// transaction), so the files agree with each other as of the job's start.
/// </summary>
public sealed class FhirExportRunner(RespiteDbContext db, FhirSources sources, FhirExportStorage storage, IOptions<FhirExportOptions> options)
{
    /// <summary>The type of the files listed as the manifest's <c>error</c> (warnings and information included).</summary>
    public const string OutcomeType = "OperationOutcome";

    private const int BufferBytes = 64 * 1024;
    private const int ProgressEvery = 5_000;

    /// <summary>True when the source filters by <c>_lastUpdated</c>, which is how <c>_since</c> is applied.</summary>
    public static bool AppliesSince(IFhirResourceSource source) =>
        source.SearchParameters.Any(p => p.Name == FhirSearchParameter.LastUpdated.Name);

    /// <summary>
    /// Writes every file of the job and returns them in order. <paramref name="progress"/> is told the type being written
    /// and the resources written so far, at each type and every few thousand resources; it may cancel the job.
    /// </summary>
    public async Task<IReadOnlyList<FhirExportFile>> WriteAsync(FhirExportJob job, Func<string, long, Task> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(progress);
        Directory.CreateDirectory(storage.JobDirectory(job.Id));
        var files = new List<FhirExportFile>();
        var sinceIgnored = new List<string>();
        var maxPerFile = Math.Max(1, options.Value.MaxResourcesPerFile);
        long written = 0;

        await using var snapshot = await BeginSnapshotAsync(cancellationToken);
        foreach (var type in job.Types.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var source = sources.Find(type) ?? throw new InvalidOperationException($"No source serves {type}.");
            var query = new FhirQuery();
            if (job.Since is { } since)
            {
                if (AppliesSince(source))
                {
                    query.NarrowRange(FhirSearchParameter.LastUpdated.Name, since, null);
                }
                else
                {
                    sinceIgnored.Add(type);
                }
            }

            await progress(type, written);
            FileStream? file = null;
            var part = 0;
            long inFile = 0;
            try
            {
                await foreach (var entry in source.SearchAsync(query, cancellationToken))
                {
                    if (file is null || inFile == maxPerFile)
                    {
                        if (file is not null)
                        {
                            await file.DisposeAsync();
                            files.Add(new FhirExportFile(type, FileName(type, part), inFile));
                        }

                        part++;
                        inFile = 0;
                        file = Create(storage.FilePath(job.Id, FileName(type, part)));
                    }

                    await file.WriteAsync(FhirFormats.ToJsonBytes(entry.Resource), cancellationToken);
                    file.WriteByte((byte)'\n');
                    inFile++;
                    written++;
                    if (written % ProgressEvery == 0)
                    {
                        await progress(type, written);
                    }
                }

                if (file is not null)
                {
                    await file.DisposeAsync();
                    file = null;
                    files.Add(new FhirExportFile(type, FileName(type, part), inFile));
                }
            }
            finally
            {
                if (file is not null)
                {
                    await file.DisposeAsync();
                }
            }
        }

        if (sinceIgnored.Count > 0)
        {
            var outcome = new OperationOutcome();
            foreach (var type in sinceIgnored)
            {
                outcome.Issue.Add(new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Warning,
                    Code = OperationOutcome.IssueType.NotSupported,
                    Diagnostics = $"_since was not applied to {type}: Respite keeps no last-changed time for it, so every {type} was exported.",
                    Expression = [type],
                });
            }

            var name = FileName(OutcomeType, 1);
            await using var file = Create(storage.FilePath(job.Id, name));
            await file.WriteAsync(FhirFormats.ToJsonBytes(outcome), cancellationToken);
            file.WriteByte((byte)'\n');
            files.Add(new FhirExportFile(OutcomeType, name, 1));
        }

        return files;
    }

    public static string FileName(string type, int part) => $"{type}-{part}.ndjson";

    private static FileStream Create(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.CreateNew,
        Access = FileAccess.Write,
        Share = FileShare.None,
        BufferSize = BufferBytes,
    });

    private async Task<IAsyncDisposable> BeginSnapshotAsync(CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        }

        // Why: Microsoft.Data.Sqlite begins transactions IMMEDIATE, taking the write lock for the whole export; a deferred
        // transaction only reads, and in WAL mode keeps its snapshot while the clinic goes on writing.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var transaction = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        return transaction;
    }
}

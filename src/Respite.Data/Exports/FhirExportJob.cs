namespace Respite.Data.Exports;

/// <summary>Where a bulk export job is.</summary>
public enum FhirExportStatus
{
    /// <summary>Accepted, waiting for the export worker.</summary>
    Queued,

    /// <summary>Being written by a worker (<see cref="FhirExportJob.HeartbeatAt"/> says it is alive).</summary>
    Running,

    /// <summary>Every file written; the manifest is ready until <see cref="FhirExportJob.ExpiresAt"/>.</summary>
    Completed,

    /// <summary>Stopped by an error (<see cref="FhirExportJob.Error"/>); its files were removed.</summary>
    Failed,
}

/// <summary>Which resources an export covers.</summary>
public enum FhirExportLevel
{
    /// <summary><c>/fhir/$export</c>: every resource of the types asked for.</summary>
    System,

    /// <summary><c>/fhir/Patient/$export</c>: the resources of every patient's compartment.</summary>
    Patient,
}

/// <summary>
/// One FHIR Bulk Data export (<c>$export</c>): who asked for what, and how far the worker has got. The NDJSON files live
/// in the exports folder under the job's id; <see cref="OutputJson"/> lists them with their resource counts. A job is
/// deleted with its files when the client deletes it or when it expires.
/// </summary>
public sealed class FhirExportJob
{
    public Guid Id { get; set; }

    public FhirExportStatus Status { get; set; }

    public FhirExportLevel Level { get; set; }

    /// <summary>The account that asked; only it may see the status and download the files.</summary>
    public string RequestedByUserId { get; set; } = "";

    /// <summary>The kick-off URL as the client sent it (the manifest's <c>request</c>).</summary>
    public string RequestUrl { get; set; } = "";

    /// <summary>The resource types to export, comma-separated, in the order they are written.</summary>
    public string Types { get; set; } = "";

    /// <summary>The <c>_since</c> instant, when one was given.</summary>
    public DateTimeOffset? Since { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the worker began reading (the manifest's <c>transactionTime</c>).</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>The last sign of life of the worker running it; a running job silent for long is taken up again.</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>When the job and its files are deleted (set when it completes or fails).</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The type being written, for the progress header.</summary>
    public string? CurrentType { get; set; }

    /// <summary>Resources written so far.</summary>
    public long ResourcesWritten { get; set; }

    /// <summary>The files written: a JSON array of <c>{ "type", "file", "count" }</c>.</summary>
    public string OutputJson { get; set; } = "[]";

    /// <summary>Why the job failed: a short machine-readable reason, never data.</summary>
    public string? Error { get; set; }
}

namespace Respite.Web.Features.Fhir.Export;

/// <summary>Bulk export log messages: job ids, counts and error types only.</summary>
internal static partial class FhirExportLog
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Export {JobId} started.")]
    public static partial void Started(ILogger logger, Guid jobId);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Export {JobId} completed: {Resources} resources in {Files} files, {Seconds:F1} s.")]
    public static partial void Completed(ILogger logger, Guid jobId, long resources, int files, double seconds);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "Export {JobId} was deleted while running; its files were removed.")]
    public static partial void Cancelled(ILogger logger, Guid jobId);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Error, Message = "Export {JobId} failed: {ExceptionType}")]
    public static partial void Failed(ILogger logger, Guid jobId, string exceptionType);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Error, Message = "The export worker's run failed: {ExceptionType}")]
    public static partial void RunFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Information, Message = "Export cleanup: {Expired} expired jobs and {Orphans} orphaned folders removed, {Restarted} stalled jobs queued again.")]
    public static partial void Swept(ILogger logger, int expired, int orphans, int restarted);
}

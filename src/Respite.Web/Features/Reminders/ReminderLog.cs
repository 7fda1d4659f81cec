namespace Respite.Web.Features.Reminders;

/// <summary>Reminder and outbox log messages: counts, ids and error types only, never addresses or message text.</summary>
internal static partial class ReminderLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Reminders are not queued: App:PublicBaseUrl is not configured.")]
    public static partial void NoBaseUrl(ILogger logger);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "The outbox is not delivered: {Reason}")]
    public static partial void NotConfigured(ILogger logger, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Outbox message {MessageId} not delivered (attempt {Attempt}, {ErrorType}, SMTP status {SmtpStatus}).")]
    public static partial void NotDelivered(ILogger logger, Guid messageId, int attempt, string errorType, int? smtpStatus);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Outbox run: {Sent} sent, {Failed} to retry, {Abandoned} abandoned.")]
    public static partial void Delivered(ILogger logger, int sent, int failed, int abandoned);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Reminders queued: {Appointments} appointment, {Questionnaires} questionnaire.")]
    public static partial void Queued(ILogger logger, int appointments, int questionnaires);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Error, Message = "The reminder run failed: {ExceptionType}")]
    public static partial void RunFailed(ILogger logger, string exceptionType);
}

using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Portal;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Reminders;

/// <summary>
/// One outbox row for administrators. The address is masked (the domain and first letter are enough to diagnose
/// delivery); the body is shown only in Development, where it holds demo data.
/// </summary>
public sealed record OutboxRowDto(
    Guid Id, string Kind, string To, string Subject, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt,
    int Attempts, string? LastError, string? AbandonedReason, string Status, string? Body);

public sealed record OutboxRunDto(int AppointmentRemindersQueued, int QuestionnaireRemindersQueued, int Sent, int Retrying, int Abandoned, string? Note);

public sealed class OutboxService(
    RespiteDbContext db, AuditTrail audit, ReminderScheduler scheduler, OutboxSender sender, IHostEnvironment environment, TimeProvider clock)
{
    public bool ShowsBodies => environment.IsDevelopment();

    public async Task<Outcome<IReadOnlyList<OutboxRowDto>>> ListAsync(int? take, string? status, CancellationToken cancellationToken = default)
    {
        if (take is < 1 or > 500)
        {
            return Outcome<IReadOnlyList<OutboxRowDto>>.Invalid("take", "Must be between 1 and 500.");
        }

        var query = db.OutboundEmails.AsNoTracking();
        switch (status)
        {
            case null or "" or "all":
                break;
            case "queued":
                query = query.Where(e => e.SentAt == null && e.AbandonedReason == null);
                break;
            case "sent":
                query = query.Where(e => e.SentAt != null);
                break;
            case "abandoned":
                query = query.Where(e => e.AbandonedReason != null);
                break;
            default:
                return Outcome<IReadOnlyList<OutboxRowDto>>.Invalid("status", "Must be all, queued, sent or abandoned.");
        }

        var rows = await query.OrderByDescending(e => e.CreatedAt).Take(take ?? 100).ToListAsync(cancellationToken);
        await audit.RecordAsync(AuditAction.Read, "Outbox", null, null, detail: $"{rows.Count} rows", cancellationToken: cancellationToken);
        var showBodies = ShowsBodies;
        return Outcome<IReadOnlyList<OutboxRowDto>>.Success(rows.Select(e => new OutboxRowDto(
            e.Id, JsonDefaults.Kebab(e.Kind), Mask(e.ToAddress), e.Subject, e.CreatedAt, e.NextAttemptAt, e.SentAt, e.Attempts, e.LastError,
            e.AbandonedReason, StatusOf(e), showBodies ? e.Body : null)).ToList());
    }

    /// <summary>Queues what is due now and delivers the outbox (the administrators' "send due now").</summary>
    public async Task<Outcome<OutboxRunDto>> RunNowAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var scheduled = await scheduler.RunOnceAsync(now, cancellationToken);
        var sent = await sender.SendDueAsync(now, cancellationToken);
        await audit.RecordAsync(AuditAction.Update, "Outbox", null, null,
            detail: $"run by hand: {scheduled.AppointmentReminders + scheduled.QuestionnaireReminders} queued, {sent.Sent} sent", cancellationToken: cancellationToken);
        return Outcome<OutboxRunDto>.Success(new OutboxRunDto(
            scheduled.AppointmentReminders, scheduled.QuestionnaireReminders, sent.Sent, sent.Failed, sent.Abandoned,
            string.Join(" ", new[] { scheduled.SkippedBecause is { } s ? $"Reminders not queued: {s}." : null, sent.SkippedBecause is { } d ? $"Not delivered: {d}" : null }.OfType<string>()) is { Length: > 0 } note ? note : null));
    }

    public static string StatusOf(OutboundEmail e) => e.SentAt is not null ? "sent" : e.AbandonedReason is not null ? "abandoned" : e.Attempts > 0 ? "retrying" : "queued";

    /// <summary><c>jordan@example.com</c> becomes <c>j•••@example.com</c>.</summary>
    public static string Mask(string address)
    {
        var at = address.LastIndexOf('@');
        return at <= 0 ? "•••" : $"{address[0]}•••{address[at..]}";
    }
}

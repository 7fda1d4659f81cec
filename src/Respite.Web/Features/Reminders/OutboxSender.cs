using System.Text.RegularExpressions;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Portal;
using Respite.Web.Features.Settings;

namespace Respite.Web.Features.Reminders;

/// <summary>What one run of the sender did.</summary>
public sealed record SendRun(int Sent, int Failed, int Abandoned, string? SkippedBecause);

/// <summary>
/// Delivers due outbox rows (not sent, not abandoned, next attempt reached): every kind, invitations included. Before a
/// reminder goes it checks the patient's opt-out again. A failure is retried with a doubling wait until the attempts run
/// out; a permanent SMTP refusal (5xx) abandons the message at once. Each row is claimed with a conditional update
/// before it is sent, so two instances never deliver the same message. An appointment reminder whose appointment was
/// cancelled or moved since, or has begun, is abandoned instead of sent. Logs carry counts and ids, never addresses or
/// content.
/// </summary>
public sealed partial class OutboxSender(
    RespiteDbContext db, IEmailTransport transport, ClinicSettingsService settings, IOptions<EmailOptions> options, ILogger<OutboxSender> logger)
{
    /// <summary>How long a claimed row is held by the instance sending it.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public const string OptedOut = "opted-out";
    public const string Rejected = "rejected";
    public const string AttemptsExhausted = "attempts-exhausted";
    public const string AppointmentChanged = "appointment-changed";
    public const string AppointmentPassed = "appointment-passed";

    public async Task<SendRun> SendDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (transport.NotConfiguredBecause is { } reason)
        {
            ReminderLog.NotConfigured(logger, reason);
            return new SendRun(0, 0, 0, reason);
        }

        var email = options.Value;
        var due = await db.OutboundEmails.AsNoTracking()
            .Where(e => e.SentAt == null && e.AbandonedReason == null && e.NextAttemptAt <= now)
            .OrderBy(e => e.NextAttemptAt)
            .Take(Math.Clamp(email.BatchSize, 1, 1000))
            .Select(e => new { e.Id, e.NextAttemptAt })
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return new SendRun(0, 0, 0, null);
        }

        var policy = await settings.GetReminderSettingsAsync(cancellationToken);
        var from = new MailboxAddress(policy.SenderName, policy.SenderAddress);
        int sent = 0, failed = 0, abandoned = 0;
        foreach (var item in due)
        {
            var held = now + Lease;
            var claimed = await db.OutboundEmails
                .Where(e => e.Id == item.Id && e.SentAt == null && e.AbandonedReason == null && e.NextAttemptAt == item.NextAttemptAt)
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.NextAttemptAt, held), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }

            var row = await db.OutboundEmails.SingleAsync(e => e.Id == item.Id, cancellationToken);
            if (row.Kind != EmailKind.PortalInvitation
                && !await db.Patients.AnyAsync(p => p.Id == row.PatientId && p.RemindersOptedOutAt == null, cancellationToken))
            {
                row.AbandonedReason = OptedOut;
                abandoned++;
                await db.SaveChangesAsync(cancellationToken);
                continue;
            }

            if (row.Kind == EmailKind.AppointmentReminder && await StaleAppointmentAsync(row.DedupeKey, now, cancellationToken) is { } stale)
            {
                row.AbandonedReason = stale;
                abandoned++;
                await db.SaveChangesAsync(cancellationToken);
                continue;
            }

            try
            {
                await transport.SendAsync(Message(row, from), cancellationToken);
                row.Attempts++;
                row.SentAt = now;
                row.LastError = null;
                db.AuditEvents.Add(new AuditEvent
                {
                    OccurredAt = now, Action = AuditAction.Export, PatientId = row.PatientId, EntityType = "OutboundEmail",
                    EntityId = row.Id.ToString(), Outcome = AuditOutcome.Success, Detail = $"{Kind(row.Kind)} sent",
                });
                sent++;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                row.Attempts++;
                row.LastError = Describe(exception);
                if (exception is SmtpCommandException { StatusCode: var code } && (int)code >= 500)
                {
                    row.AbandonedReason = Rejected;
                    abandoned++;
                }
                else if (row.Attempts >= Math.Max(1, email.MaxAttempts))
                {
                    row.AbandonedReason = AttemptsExhausted;
                    abandoned++;
                }
                else
                {
                    row.NextAttemptAt = now + email.BackoffAfter(row.Attempts);
                    failed++;
                }

                ReminderLog.NotDelivered(logger, row.Id, row.Attempts, exception.GetType().Name, exception is SmtpCommandException smtp ? (int)smtp.StatusCode : null);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        if (sent + failed + abandoned > 0)
        {
            ReminderLog.Delivered(logger, sent, failed, abandoned);
        }

        return new SendRun(sent, failed, abandoned, null);
    }

    /// <summary>
    /// Why an appointment reminder should no longer go: the appointment was cancelled or moved since it was queued
    /// (its key names the start it was written for), or its time has come. Null when it still stands.
    /// </summary>
    private async Task<string?> StaleAppointmentAsync(string dedupeKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var parts = dedupeKey.Split(':', 3);
        if (parts.Length != 3 || !Guid.TryParse(parts[1], out var appointmentId)
            || !DateTimeOffset.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var start))
        {
            return null;
        }

        var appointment = await db.Appointments.AsNoTracking().Where(a => a.Id == appointmentId).Select(a => new { a.Status, a.Start }).SingleOrDefaultAsync(cancellationToken);
        if (appointment is null || appointment.Status != Respite.Data.Scheduling.AppointmentStatus.Booked || appointment.Start != start)
        {
            return AppointmentChanged;
        }

        return start <= now ? AppointmentPassed : null;
    }

    public static string Kind(EmailKind kind) => kind switch
    {
        EmailKind.PortalInvitation => "portal invitation",
        EmailKind.AppointmentReminder => "appointment reminder",
        _ => "questionnaire reminder",
    };

    internal static MimeMessage Message(OutboundEmail row, MailboxAddress from)
    {
        var message = new MimeMessage
        {
            MessageId = $"{row.Id:N}@respite",
            Subject = row.Subject,
            Date = row.CreatedAt,
            Body = new TextPart("plain") { Text = row.Body },
        };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(row.ToAddress));
        if (row.Kind != EmailKind.PortalInvitation && OptOutLink().Match(row.Body) is { Success: true } link)
        {
            message.Headers.Add("List-Unsubscribe", $"<{link.Value}>");
        }

        return message;
    }

    /// <summary>The error without any address in it (SMTP replies often quote the recipient).</summary>
    internal static string Describe(Exception exception)
    {
        var text = exception is SmtpCommandException smtp ? $"SMTP {(int)smtp.StatusCode} ({smtp.ErrorCode}): {smtp.Message}" : $"{exception.GetType().Name}: {exception.Message}";
        text = Address().Replace(text, "[address]");
        return text.Length > 1000 ? text[..1000] : text;
    }

    [GeneratedRegex(@"[^\s<>""'@]+@[^\s<>""'@]+")]
    private static partial Regex Address();

    [GeneratedRegex(@"https?://\S+/reminders/opt-out\?token=[A-Za-z0-9_\-]+")]
    private static partial Regex OptOutLink();
}

using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Portal;
using Respite.Data.Scheduling;
using Respite.Web.Features.Questionnaires;
using Respite.Web.Features.Settings;
using Respite.Web.Features.Shared;

namespace Respite.Web.Features.Reminders;

/// <summary>What one run of the scheduler queued.</summary>
public sealed record ScheduleRun(int AppointmentReminders, int QuestionnaireReminders, int AlreadyQueued, string? SkippedBecause);

/// <summary>
/// Queues reminders in the outbox: booked appointments that start within the lead window, and diary questionnaires
/// that have fallen due, for patients with an e-mail address who have not opted out. Each reminder has a dedupe key
/// (the appointment and its start, or the assignment and its due date) that the database keeps unique, so reruns and
/// concurrent instances never queue one twice, and a rescheduled appointment gets a reminder for its new time.
/// </summary>
public sealed class ReminderScheduler(
    RespiteDbContext db, ClinicSettingsService settings, ReminderLinks links, ILogger<ReminderScheduler> logger)
{
    public static string AppointmentKey(Guid appointmentId, DateTimeOffset start) =>
        $"appointment-reminder:{appointmentId}:{start.ToUniversalTime():O}";

    public static string QuestionnaireKey(Guid assignmentId, DateTimeOffset dueAt) =>
        $"questionnaire-reminder:{assignmentId}:{dueAt.ToUniversalTime():O}";

    public async Task<ScheduleRun> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var policy = await settings.GetReminderSettingsAsync(cancellationToken);
        if (!policy.Enabled)
        {
            return new ScheduleRun(0, 0, 0, "reminders are turned off in the clinic settings");
        }

        if (links.BaseUrl is not { } baseUrl)
        {
            ReminderLog.NoBaseUrl(logger);
            return new ScheduleRun(0, 0, 0, $"{PublicAddress.Key} is not configured");
        }

        var clinicZone = TimeZoneInfo.TryFindSystemTimeZoneById(policy.TimeZoneId, out var configured) ? configured : TimeZoneInfo.Utc;
        var candidates = new List<OutboundEmail>();

        var until = now.AddHours(policy.AppointmentLeadHours);
        var appointments = await (
                from appointment in db.Appointments.AsNoTracking()
                join patient in db.Patients.AsNoTracking() on appointment.PatientId equals patient.Id
                join location in db.Locations.AsNoTracking() on appointment.LocationId equals location.Id
                where appointment.Status == AppointmentStatus.Booked && appointment.Start > now && appointment.Start <= until
                      && patient.Email != null && patient.Email != "" && patient.RemindersOptedOutAt == null
                select new
                {
                    appointment.Id, appointment.Start, PatientId = patient.Id, patient.GivenName, patient.Email,
                    location.Name, location.Phone, location.TimeZoneId,
                })
            .ToListAsync(cancellationToken);
        foreach (var a in appointments)
        {
            var zone = TimeZoneInfo.TryFindSystemTimeZoneById(a.TimeZoneId, out var found) ? found : clinicZone;
            if (policy.IsQuiet(now, zone))
            {
                continue;
            }

            var text = ReminderComposer.Appointment(
                a.GivenName, a.Start, zone, a.Name, a.Phone ?? policy.ClinicPhone, ReminderLinks.PortalUrl(baseUrl), links.OptOutUrl(baseUrl, a.PatientId));
            candidates.Add(Row(EmailKind.AppointmentReminder, a.PatientId, a.Email!, text, AppointmentKey(a.Id, a.Start), now));
        }

        if (policy.QuestionnaireReminders && !policy.IsQuiet(now, clinicZone))
        {
            var due = (await QuestionnaireDue.DiariesAsync(db, now, TimeSpan.Zero, cancellationToken: cancellationToken)).Where(d => d.Status.IsDue).ToList();
            var ids = due.Select(d => d.PatientId).Distinct().ToList();
            var patients = await db.Patients.AsNoTracking()
                .Where(p => ids.Contains(p.Id) && p.Email != null && p.Email != "" && p.RemindersOptedOutAt == null)
                .Select(p => new { p.Id, p.GivenName, p.Email })
                .ToDictionaryAsync(p => p.Id, cancellationToken);
            var clinicName = policy.ClinicName is { Length: > 0 } name
                ? name
                : await db.Locations.AsNoTracking().Where(l => l.Active).OrderBy(l => l.Name).Select(l => l.Name).FirstOrDefaultAsync(cancellationToken) ?? policy.SenderName;
            foreach (var diary in due)
            {
                if (!patients.TryGetValue(diary.PatientId, out var patient))
                {
                    continue;
                }

                var text = ReminderComposer.Questionnaire(
                    patient.GivenName, diary.Status.DueAt, clinicZone, clinicName, policy.ClinicPhone, ReminderLinks.PortalUrl(baseUrl), links.OptOutUrl(baseUrl, patient.Id));
                candidates.Add(Row(EmailKind.QuestionnaireReminder, patient.Id, patient.Email!, text, QuestionnaireKey(diary.AssignmentId, diary.Status.DueAt), now));
            }
        }

        var keys = candidates.Select(c => c.DedupeKey).ToList();
        var existing = (await db.OutboundEmails.AsNoTracking().Where(e => keys.Contains(e.DedupeKey)).Select(e => e.DedupeKey).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        int appointmentCount = 0, questionnaireCount = 0, skipped = existing.Count;
        foreach (var row in candidates.Where(c => !existing.Contains(c.DedupeKey)))
        {
            if (await TryQueueAsync(row, now, cancellationToken))
            {
                _ = row.Kind == EmailKind.AppointmentReminder ? appointmentCount++ : questionnaireCount++;
            }
            else
            {
                skipped++;
            }
        }

        if (appointmentCount + questionnaireCount > 0)
        {
            ReminderLog.Queued(logger, appointmentCount, questionnaireCount);
        }

        return new ScheduleRun(appointmentCount, questionnaireCount, skipped, null);
    }

    private static OutboundEmail Row(EmailKind kind, Guid patientId, string to, ReminderText text, string key, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Kind = kind,
        PatientId = patientId,
        ToAddress = to,
        Subject = text.Subject,
        Body = text.Body,
        DedupeKey = key,
        CreatedAt = now,
        NextAttemptAt = now,
    };

    /// <summary>Inserts one row with its audit event; false when another run queued the same key first.</summary>
    private async Task<bool> TryQueueAsync(OutboundEmail row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.OutboundEmails.Add(row);
        db.AuditEvents.Add(new AuditEvent
        {
            OccurredAt = now,
            Action = AuditAction.Create,
            PatientId = row.PatientId,
            EntityType = "OutboundEmail",
            EntityId = row.Id.ToString(),
            Outcome = AuditOutcome.Success,
            Detail = row.Kind == EmailKind.AppointmentReminder ? "appointment reminder queued" : "questionnaire reminder queued",
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}

/// <summary>Recognises a unique-constraint violation from either provider.</summary>
public static class UniqueViolation
{
    public static bool Is(DbUpdateException exception) => exception.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}

namespace Respite.Web.Features.Reminders;

/// <summary>
/// The clinic's reminder policy (settings group <c>reminders</c>). These are clinic policy, not clinical thresholds:
/// the defaults follow common practice for appointment reminders (one message a day ahead, a diary nudge on the due
/// date, nothing sent at night) and are explained in docs/reminders.md.
/// </summary>
public sealed record ReminderSettings
{
    public static ReminderSettings Default { get; } = new();

    /// <summary>Master switch: when off, no reminders are queued (portal invitations are still delivered).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Remind about a booked treatment or consultation this many hours before it starts (1–168).</summary>
    public int AppointmentLeadHours { get; init; } = 24;

    /// <summary>Remind a patient when a diary questionnaire assigned to them falls due.</summary>
    public bool QuestionnaireReminders { get; init; } = true;

    /// <summary>The sender's display name, e.g. the clinic's name.</summary>
    public string SenderName { get; init; } = "Respite Clinic";

    /// <summary>The sender's address (the From header); the SMTP relay must accept it.</summary>
    public string SenderAddress { get; init; } = "no-reply@respite.local";

    /// <summary>The clinic name and phone in a questionnaire reminder (appointment reminders use the location's).</summary>
    public string? ClinicName { get; init; }

    public string? ClinicPhone { get; init; }

    /// <summary>No reminder is queued between these local hours (at the clinic's time zone); null turns quiet hours off.</summary>
    public int? QuietHoursStart { get; init; } = 21;

    public int? QuietHoursEnd { get; init; } = 8;

    /// <summary>The time zone for quiet hours and for dates in questionnaire reminders (IANA id).</summary>
    public string TimeZoneId { get; init; } = "America/New_York";

    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var problems = new List<(string, string)>();
        if (AppointmentLeadHours is < 1 or > 168)
        {
            problems.Add(("appointmentLeadHours", "Must be between 1 and 168."));
        }

        if (string.IsNullOrWhiteSpace(SenderName) || SenderName.Length > 100)
        {
            problems.Add(("senderName", "Required, at most 100 characters."));
        }

        if (!MimeKit.MailboxAddress.TryParse(SenderAddress, out var sender) || sender.Address.IndexOf('@') < 1 || SenderAddress.Length > 256)
        {
            problems.Add(("senderAddress", "Must be an e-mail address."));
        }

        if (ClinicName is { Length: > 100 })
        {
            problems.Add(("clinicName", "At most 100 characters."));
        }

        if (ClinicPhone is { Length: > 40 })
        {
            problems.Add(("clinicPhone", "At most 40 characters."));
        }

        if (QuietHoursStart is { } start && start is < 0 or > 23)
        {
            problems.Add(("quietHoursStart", "Must be an hour from 0 to 23."));
        }

        if (QuietHoursEnd is { } end && end is < 0 or > 23)
        {
            problems.Add(("quietHoursEnd", "Must be an hour from 0 to 23."));
        }

        if ((QuietHoursStart is null) != (QuietHoursEnd is null))
        {
            problems.Add(("quietHoursEnd", "Give both ends of the quiet hours, or neither."));
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId ?? "", out _))
        {
            problems.Add(("timeZoneId", "Not a known time zone."));
        }

        return problems;
    }

    /// <summary>Whether <paramref name="now"/> falls in the quiet hours at <paramref name="zone"/>.</summary>
    public bool IsQuiet(DateTimeOffset now, TimeZoneInfo zone)
    {
        if (QuietHoursStart is not { } start || QuietHoursEnd is not { } end || start == end)
        {
            return false;
        }

        var hour = TimeZoneInfo.ConvertTime(now, zone).Hour;
        return start < end ? hour >= start && hour < end : hour >= start || hour < end;
    }
}

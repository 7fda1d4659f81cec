namespace Respite.Data.Portal;

public enum EmailKind
{
    PortalInvitation,
    AppointmentReminder,
    QuestionnaireReminder,
}

/// <summary>
/// An e-mail in the outbox. Reminders carry no PHI beyond the first name and a time. <see cref="DedupeKey"/> makes
/// "one reminder per appointment" (or per questionnaire due date) a database constraint.
/// </summary>
public sealed class OutboundEmail
{
    public Guid Id { get; set; }

    public EmailKind Kind { get; set; }

    public Guid? PatientId { get; set; }

    public string ToAddress { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Body { get; set; } = "";

    /// <summary>Unique, e.g. <c>appointment-reminder:{appointmentId}:{start:O}</c>.</summary>
    public string DedupeKey { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Not before this instant (the sender retries failed sends with a back-off).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>The last delivery error (the SMTP reply), without addresses or content.</summary>
    public string? LastError { get; set; }

    /// <summary>Set when it will not be sent (the patient opted out before it went, or attempts ran out).</summary>
    public string? AbandonedReason { get; set; }
}

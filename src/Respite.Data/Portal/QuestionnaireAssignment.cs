namespace Respite.Data.Portal;

/// <summary>When an assigned questionnaire falls due.</summary>
public enum AssignmentTrigger
{
    /// <summary>Before each treatment session (answered on the day, before check-in).</summary>
    BeforeEachSession,

    /// <summary>A diary between sessions, every <see cref="QuestionnaireAssignment.CadenceDays"/> days.</summary>
    Diary,
}

/// <summary>A questionnaire the clinic asks one patient to answer in the portal, before sessions or as a diary.</summary>
public sealed class QuestionnaireAssignment
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    /// <summary>The instrument's catalog code, e.g. <c>phq9</c>, <c>phq2</c>, <c>nrs-pain</c>, <c>peg3</c>.</summary>
    public string InstrumentCode { get; set; } = "";

    public AssignmentTrigger Trigger { get; set; }

    /// <summary>Days between diary entries; null for <see cref="AssignmentTrigger.BeforeEachSession"/>.</summary>
    public int? CadenceDays { get; set; }

    /// <summary>From when it applies (the first diary entry is due on this instant).</summary>
    public DateTimeOffset StartsAt { get; set; }

    /// <summary>When the clinic stopped it; null while active.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    public string? EndedByUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedByUserId { get; set; } = "";

    public Guid Version { get; set; }

    public bool IsActive => EndedAt is null;
}

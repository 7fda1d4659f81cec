using Respite.Clinical.Dosing;

namespace Respite.Data.Sessions;

public enum SessionKind
{
    IvInfusion,
    Esketamine,
}

public enum SessionStatus
{
    /// <summary>Checked in; pre-checks recorded; no dose yet.</summary>
    CheckedIn,

    /// <summary>Dosing has started.</summary>
    InProgress,

    /// <summary>Discharged; the record is locked (corrections are addenda).</summary>
    Discharged,

    /// <summary>Ended before any dose (e.g. held for blood pressure).</summary>
    Cancelled,
}

/// <summary>
/// A treatment session at the chair. Everything charted on it (vitals, alerts) has its own author and time; the session
/// row carries the check-in answers and a concurrency version.
/// </summary>
public sealed class TreatmentSession
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    public Guid? AppointmentId { get; set; }

    public SessionKind Kind { get; set; }

    public SessionStatus Status { get; set; }

    public DateTimeOffset CheckedInAt { get; set; }

    public string CheckedInByUserId { get; set; } = "";

    public decimal? WeightKg { get; set; }

    public DateTimeOffset? LastFood { get; set; }

    public DateTimeOffset? LastLiquid { get; set; }

    public bool RideHomeArranged { get; set; }

    public bool? RemsEnrolled { get; set; }

    public bool NewInteractingMedication { get; set; }

    public string? NewMedicationNote { get; set; }

    public bool? PossiblyPregnant { get; set; }

    /// <summary>The rule ids a prescriber overrode at check-in, with the reason.</summary>
    public List<string> OverriddenRules { get; set; } = [];

    public string? OverrideReason { get; set; }

    public string? OverriddenByUserId { get; set; }

    public DateTimeOffset? OverriddenAt { get; set; }

    public List<VitalsReading> Vitals { get; set; } = [];

    public List<SessionAlert> Alerts { get; set; } = [];

    public List<DoseEvent> Doses { get; set; } = [];

    public List<SideEffectEntry> SideEffects { get; set; } = [];

    /// <summary>Notes added to the record after the fact; the only way to correct a discharged session.</summary>
    public List<SessionAddendum> Addenda { get; set; } = [];

    /// <summary>When the check-in was cancelled before any dose (e.g. held for blood pressure, no ride), by whom and why.</summary>
    public DateTimeOffset? CancelledAt { get; set; }

    public string? CancelledByUserId { get; set; }

    public string? CancelReason { get; set; }

    public DateTimeOffset? DischargedAt { get; set; }

    public string? DischargedByUserId { get; set; }

    public bool? Ambulating { get; set; }

    public bool? EscortPresent { get; set; }

    public string? DischargeNote { get; set; }

    /// <summary>The first time every discharge criterion but the observation time held (REMS form question).</summary>
    public DateTimeOffset? ClinicallyReadyAt { get; set; }

    public DateTimeOffset? PrescriberSignedAt { get; set; }

    public string? PrescriberSignedByUserId { get; set; }

    /// <summary>Infusion bag concentration used to show mL/h next to mg/h.</summary>
    public decimal? ConcentrationMgPerMl { get; set; }

    /// <summary>The planned dose of this session from the signed plan, when checked in from a booked plan session.</summary>
    public decimal? PlannedDoseMg { get; set; }

    /// <summary>The hard limit per session of the plan's protocol revision.</summary>
    public decimal? MaxMgPerSession { get; set; }

    public Guid Version { get; set; }
}

public enum DoseEventKind
{
    Start,
    RateChange,
    Pause,
    Resume,
    Stop,
    Bolus,
    EsketamineDevice,
}

/// <summary>One charted dose event: an infusion start/rate change/pause/resume/stop/bolus, or one esketamine device.</summary>
public sealed class DoseEvent : IChartedEntry
{
    public Guid Id { get; set; }

    public Guid SessionId { get; set; }

    public DateTimeOffset At { get; set; }

    public DoseEventKind Kind { get; set; }

    public decimal? RateMgPerHour { get; set; }

    public decimal? AmountMg { get; set; }

    public string? LotNumber { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public string RecordedByUserId { get; set; } = "";

    public DateTimeOffset? EnteredInErrorAt { get; set; }

    public string? EnteredInErrorByUserId { get; set; }

    public string? EnteredInErrorReason { get; set; }
}

/// <summary>One set of vitals as charted; never deleted (a wrong reading is marked entered in error, with a reason).</summary>
public sealed class VitalsReading : IChartedEntry
{
    public Guid Id { get; set; }

    public Guid SessionId { get; set; }

    public DateTimeOffset TakenAt { get; set; }

    public bool PreDose { get; set; }

    public int? Systolic { get; set; }

    public int? Diastolic { get; set; }

    public int? HeartRate { get; set; }

    public int? SpO2 { get; set; }

    public int? RespiratoryRate { get; set; }

    public int? Moaas { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public string RecordedByUserId { get; set; } = "";

    public DateTimeOffset? EnteredInErrorAt { get; set; }

    public string? EnteredInErrorByUserId { get; set; }

    public string? EnteredInErrorReason { get; set; }
}

/// <summary>A monitoring rule that fired during a session; it stays open until a clinician acknowledges it.</summary>
public sealed class SessionAlert
{
    public Guid Id { get; set; }

    public Guid SessionId { get; set; }

    public string RuleId { get; set; } = "";

    public CheckOutcome Severity { get; set; }

    public string Message { get; set; } = "";

    public Guid? ReadingId { get; set; }

    public DateTimeOffset RaisedAt { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? AcknowledgedByUserId { get; set; }

    public string? AcknowledgeNote { get; set; }
}

public enum SideEffect
{
    Nausea,
    Vomiting,
    Dizziness,
    Headache,
    Anxiety,
    Dissociation,
    Sedation,
    RespiratoryDepression,
    BloodPressureRise,
    Other,
}

public enum EffectSeverity
{
    None,
    Mild,
    Moderate,
    Severe,
}

/// <summary>A side effect as observed, with the intervention given; dissociation may carry a CADSS score.</summary>
public sealed class SideEffectEntry : IChartedEntry
{
    public Guid Id { get; set; }

    public Guid SessionId { get; set; }

    public DateTimeOffset At { get; set; }

    public SideEffect Effect { get; set; }

    public EffectSeverity Severity { get; set; }

    /// <summary>CADSS total (0–92) or CADSS-6 total (0–24), as scored.</summary>
    public int? CadssTotal { get; set; }

    public string? Intervention { get; set; }

    public string? Note { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public string RecordedByUserId { get; set; } = "";

    public DateTimeOffset? EnteredInErrorAt { get; set; }

    public string? EnteredInErrorByUserId { get; set; }

    public string? EnteredInErrorReason { get; set; }
}

/// <summary>The REMS Patient Monitoring Form of an esketamine session as submitted by staff (date and confirmation number).</summary>
public sealed class RemsSubmission
{
    public Guid Id { get; set; }

    public Guid SessionId { get; set; }

    public DateOnly SubmittedOn { get; set; }

    public string ConfirmationNumber { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }

    public string RecordedByUserId { get; set; } = "";
}

/// <summary>
/// Something charted on a session at the chair (a reading, a dose event, a side effect). It is never deleted: a wrong
/// entry is marked entered in error, with who, when and why, and stays on the record while the rules ignore it.
/// </summary>
public interface IChartedEntry
{
    Guid Id { get; }

    DateTimeOffset? EnteredInErrorAt { get; set; }

    string? EnteredInErrorByUserId { get; set; }

    string? EnteredInErrorReason { get; set; }
}

/// <summary>A note added to a session after the fact, with its author and time; addenda are never changed.</summary>
public sealed class SessionAddendum
{
    public Guid Id { get; set; }

    public Guid SessionId { get; set; }

    public DateTimeOffset At { get; set; }

    public string Text { get; set; } = "";

    public string AuthorUserId { get; set; } = "";
}

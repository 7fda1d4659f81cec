using Respite.Data.Sessions;

namespace Respite.Web.Features.Sessions;

public sealed record VitalsInput(DateTimeOffset? TakenAt, int? Systolic, int? Diastolic, int? HeartRate, int? Spo2, int? RespiratoryRate, int? Moaas);

/// <summary>Check-in: the appointment (or the kind), today's weight, the baseline vitals and the pre-check answers.</summary>
public sealed record CheckInInput
{
    public Guid? AppointmentId { get; init; }

    /// <summary>When the patient arrived; default now. Charting later the same day is allowed (at most 12 h back).</summary>
    public DateTimeOffset? CheckedInAt { get; init; }

    public SessionKind? Kind { get; init; }

    public decimal? WeightKg { get; init; }

    public VitalsInput? Baseline { get; init; }

    public DateTimeOffset? LastFood { get; init; }

    public DateTimeOffset? LastLiquid { get; init; }

    public bool? RideHomeArranged { get; init; }

    public bool? RemsEnrolled { get; init; }

    public bool? NewInteractingMedication { get; init; }

    public string? NewMedicationNote { get; init; }

    public bool? PossiblyPregnant { get; init; }

    /// <summary>IV: the bag's concentration (mg/mL), to show mL/h beside mg/h; default the plan's.</summary>
    public decimal? ConcentrationMgPerMl { get; init; }
}

/// <summary>
/// One dose event. IV: start, rate-change (with a reason), pause, resume, stop, bolus (amountMg). Esketamine: device
/// (28 mg, lot number required).
/// </summary>
/// <remarks>
/// <c>limitOverrideReason</c>: a prescriber may chart a dose beyond the protocol's hard limit per session (SAF-SES-002)
/// with a written reason; without it such a dose is refused.
/// </remarks>
public sealed record DoseInput(DoseEventKind? Kind, DateTimeOffset? At, decimal? RateMgPerHour, decimal? AmountMg, string? LotNumber, string? Reason, string? LimitOverrideReason = null);

/// <summary>An entry (dose event, reading or side effect) stays on the record when marked in error; these say who, when and why.</summary>
public sealed record DoseEventDto(
    Guid Id, DateTimeOffset At, DoseEventKind Kind, decimal? RateMgPerHour, decimal? AmountMg, string? LotNumber, string? Reason, string RecordedBy,
    bool EnteredInError = false, DateTimeOffset? EnteredInErrorAt = null, string? EnteredInErrorBy = null, string? EnteredInErrorReason = null);

/// <summary>The dosing so far: state, running rate, exact cumulative dose (shown to 0.1 mg), devices; events entered in error are listed but not counted.</summary>
public sealed record DosingDto(
    string State, decimal? RateMgPerHour, decimal? RateMlPerHour, decimal CumulativeMg, int Devices, decimal? PlannedDoseMg, decimal? MaxMgPerSession,
    DateTimeOffset? LastDoseAt, IReadOnlyList<DoseEventDto> Events);

public sealed record DoseResultDto(DosingDto Dosing, IReadOnlyList<SessionAlertDto> Alerts);

public sealed record OverrideInput(List<string>? RuleIds, string? Reason, Guid? Version);

public sealed record AcknowledgeInput(string? Note);

public sealed record VitalsDto(
    Guid Id, DateTimeOffset TakenAt, bool PreDose, int? Systolic, int? Diastolic, int? HeartRate, int? Spo2, int? RespiratoryRate, int? Moaas, string RecordedBy, DateTimeOffset RecordedAt,
    bool EnteredInError = false, DateTimeOffset? EnteredInErrorAt = null, string? EnteredInErrorBy = null, string? EnteredInErrorReason = null);

public sealed record SessionAlertDto(Guid Id, string RuleId, string Severity, string Message, DateTimeOffset RaisedAt, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, string? Note);

public sealed record SessionDto(
    Guid Id,
    Guid PatientId,
    Guid? AppointmentId,
    SessionKind Kind,
    SessionStatus Status,
    DateTimeOffset CheckedInAt,
    decimal? WeightKg,
    bool RideHomeArranged,
    bool? RemsEnrolled,
    IReadOnlyList<string> OverriddenRules,
    string? OverrideReason,
    IReadOnlyList<string> BlockingRules,
    bool MayDose,
    IReadOnlyList<VitalsDto> Vitals,
    IReadOnlyList<SessionAlertDto> Alerts,
    DosingDto Dosing,
    IReadOnlyList<SideEffectDto> SideEffects,
    DateTimeOffset? DischargedAt,
    string? DischargedBy,
    DateTimeOffset? ClinicallyReadyAt,
    DateTimeOffset? PrescriberSignedAt,
    string? PrescriberSignedBy,
    Guid Version,
    IReadOnlyList<AddendumDto> Addenda,
    DateTimeOffset? VitalsDueAt,
    bool VitalsOverdue,
    DateTimeOffset? CancelledAt = null,
    string? CancelledBy = null,
    string? CancelReason = null);

/// <summary>A note added after the fact (the way to correct a discharged or signed session).</summary>
public sealed record AddendumDto(Guid Id, DateTimeOffset At, string Text, string By);

public sealed record AddendumInput(string? Text);

/// <summary>Marks one reading, dose event or side effect of the session as entered in error; the version last read is required.</summary>
public sealed record EnteredInErrorInput(string? Reason, Guid? Version);

/// <summary>The reading as stored and the alerts it raised.</summary>
public sealed record VitalsResultDto(VitalsDto Reading, IReadOnlyList<SessionAlertDto> Alerts);

public sealed record SideEffectInput(SideEffect? Effect, EffectSeverity? Severity, DateTimeOffset? At, int? CadssTotal, string? Intervention, string? Note);

public sealed record SideEffectDto(
    Guid Id, DateTimeOffset At, SideEffect Effect, EffectSeverity Severity, int? CadssTotal, string? Intervention, string? Note, string RecordedBy,
    bool EnteredInError = false, DateTimeOffset? EnteredInErrorAt = null, string? EnteredInErrorBy = null, string? EnteredInErrorReason = null);

/// <summary>The nurse's discharge: the checklist answers; the vitals, sedation, dissociation and times come from the chart.</summary>
public sealed record DischargeRequest(DateTimeOffset? At, bool? Ambulating, bool? EscortPresent, bool? DissociationResolved, string? Note, Guid? Version);

public sealed record SignInput(Guid? Version);

public sealed record RemsSubmissionInput(DateOnly? SubmittedOn, string? ConfirmationNumber);

public enum RemsFormStatus
{
    Draft,
    Complete,
    Submitted,
}

/// <summary>The form, its status and, once submitted, the date and confirmation number entered by staff.</summary>
public sealed record RemsFormDto(
    Respite.Clinical.Sessions.RemsMonitoringForm Form, RemsFormStatus Status, DateOnly DueOn, bool Overdue, string DoseCategory,
    DateOnly? SubmittedOn, string? ConfirmationNumber);

/// <summary>A form still to submit: due or overdue.</summary>
public sealed record RemsDueDto(Guid SessionId, Guid PatientId, string PatientName, string RecordNumber, DateOnly SessionDate, DateOnly DueOn, bool Overdue, string? Location);

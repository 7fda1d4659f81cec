using Respite.Data.Sessions;

namespace Respite.Web.Features.Sessions;

public sealed record VitalsInput(DateTimeOffset? TakenAt, int? Systolic, int? Diastolic, int? HeartRate, int? Spo2, int? RespiratoryRate, int? Moaas);

/// <summary>Check-in: the appointment (or the kind), today's weight, the baseline vitals and the pre-check answers.</summary>
public sealed record CheckInInput
{
    public Guid? AppointmentId { get; init; }

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
}

public sealed record OverrideInput(List<string>? RuleIds, string? Reason, Guid? Version);

public sealed record AcknowledgeInput(string? Note);

public sealed record VitalsDto(Guid Id, DateTimeOffset TakenAt, bool PreDose, int? Systolic, int? Diastolic, int? HeartRate, int? Spo2, int? RespiratoryRate, int? Moaas, string RecordedBy, DateTimeOffset RecordedAt);

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
    Guid Version);

/// <summary>The reading as stored and the alerts it raised.</summary>
public sealed record VitalsResultDto(VitalsDto Reading, IReadOnlyList<SessionAlertDto> Alerts);

using Respite.Clinical.Protocols;
using Respite.Clinical.Screening;
using Respite.Data.Plans;
using Respite.Web.Features.Calculators;

namespace Respite.Web.Features.Plans;

/// <summary>The body of <c>POST /api/patients/{id}/plans</c> and of a revision.</summary>
public sealed record PlanInput
{
    public string? ProtocolId { get; init; }

    public DateOnly? StartDate { get; init; }

    /// <summary>"depression", "chronic-pain" or both.</summary>
    public List<string>? Indications { get; init; }

    /// <summary>The phase to plan; defaults to the protocol's first phase (induction).</summary>
    public PhaseKind? Phase { get; init; }

    public decimal? DoseMgPerKg { get; init; }

    public decimal? RateMgPerKgPerHour { get; init; }

    public decimal? DoseMg { get; init; }

    public int? DurationMinutes { get; init; }

    public decimal? ConcentrationMgPerMl { get; init; }

    public string? Notes { get; init; }

    /// <summary>The prescriber's written reason for overriding a refusal that may be overridden (SAF-PLAN-002, SAF-PLAN-004).</summary>
    public string? OverrideReason { get; init; }
}

public sealed record PlanSignInput(Guid? Version);

public sealed record PlannedSessionDto(
    int Sequence,
    PhaseKind Phase,
    DateOnly Date,
    decimal DoseMg,
    int DurationMinutes,
    decimal? DoseMgPerKg,
    decimal? RateMgPerKgPerHour,
    decimal? RateMgPerHour,
    decimal? PumpRateMlPerHour,
    int? Devices,
    string Outcome,
    IReadOnlyList<CheckDto> Checks);

public sealed record PlanDto(
    Guid Id,
    Guid PatientId,
    Guid PlanGroupId,
    int VersionNumber,
    PlanStatus Status,
    string ProtocolId,
    string ProtocolName,
    Modality Modality,
    IReadOnlyList<string> Indications,
    PhaseKind Phase,
    DateOnly StartDate,
    decimal? WeightKg,
    DateOnly? WeightMeasuredOn,
    decimal ConcentrationMgPerMl,
    decimal? DoseMgPerKg,
    decimal? RateMgPerKgPerHour,
    decimal? DoseMg,
    int? DurationMinutes,
    string? Notes,
    Guid? ScreeningId,
    IReadOnlyList<string> OverriddenRules,
    string? OverrideReason,
    IReadOnlyList<CheckDto> Warnings,
    IReadOnlyList<PlannedSessionDto> Sessions,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? SignedAt,
    string? SignedBy,
    Guid Version,
    string Evidence,
    string Source,
    int ProtocolRevision = 0,
    string? ProtocolChangeReason = null);

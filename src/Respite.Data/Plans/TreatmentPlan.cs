using Respite.Clinical.Protocols;
using Respite.Clinical.Screening;

namespace Respite.Data.Plans;

public enum PlanStatus
{
    Draft,
    Signed,
    Superseded,
}

/// <summary>
/// One version of a patient's treatment plan. Versions of the same plan share <see cref="PlanGroupId"/>; a signed
/// version is never edited: a change creates the next version, and signing it supersedes the previous one.
/// </summary>
public sealed class TreatmentPlan
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    public Guid PlanGroupId { get; set; }

    public int VersionNumber { get; set; }

    public PlanStatus Status { get; set; }

    public string ProtocolId { get; set; } = "";

    /// <summary>The protocol revision the plan was computed from (0 = the cited default).</summary>
    public int ProtocolRevision { get; set; }

    public Modality Modality { get; set; }

    public List<string> Indications { get; set; } = [];

    public PhaseKind Phase { get; set; }

    public DateOnly StartDate { get; set; }

    public decimal? WeightKg { get; set; }

    public DateOnly? WeightMeasuredOn { get; set; }

    public decimal ConcentrationMgPerMl { get; set; }

    public decimal? DoseMgPerKg { get; set; }

    public decimal? RateMgPerKgPerHour { get; set; }

    public decimal? FixedDoseMg { get; set; }

    public int? DurationMinutes { get; set; }

    public string? Notes { get; set; }

    public Guid? ScreeningId { get; set; }

    /// <summary>The rule ids the prescriber overrode, with <see cref="OverrideReason"/>.</summary>
    public List<string> OverriddenRules { get; set; } = [];

    public string? OverrideReason { get; set; }

    public List<PlannedSession> Sessions { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedByUserId { get; set; } = "";

    public DateTimeOffset? SignedAt { get; set; }

    public string? SignedByUserId { get; set; }

    public Guid Version { get; set; }
}

/// <summary>A session the plan proposes, with its computed dose.</summary>
public sealed class PlannedSession
{
    public Guid Id { get; set; }

    public Guid PlanId { get; set; }

    public int Sequence { get; set; }

    public PhaseKind Phase { get; set; }

    public DateOnly PlannedDate { get; set; }

    public decimal DoseMg { get; set; }

    public int DurationMinutes { get; set; }

    public decimal? DoseMgPerKg { get; set; }

    public decimal? RateMgPerKgPerHour { get; set; }

    public decimal? RateMgPerHour { get; set; }

    public decimal? PumpRateMlPerHour { get; set; }

    public int? Devices { get; set; }

    /// <summary>The dose checks as JSON (rule id, outcome, reason).</summary>
    public string ChecksJson { get; set; } = "[]";
}

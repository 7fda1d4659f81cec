using Respite.Clinical.Protocols;
using Respite.Clinical.Screening;

namespace Respite.Fhir.CarePlans;

/// <summary>Where a plan version stands (Respite.Data's <c>PlanStatus</c>).</summary>
public enum PlanVersionStatus
{
    Draft,
    Signed,
    Superseded,
}

/// <summary>One version of a patient's treatment plan with the sessions it proposes.</summary>
/// <param name="PlanGroupId">Shared by every version of the same plan.</param>
/// <param name="Indications">Respite's indication codes: <c>depression</c>, <c>chronic-pain</c>.</param>
/// <param name="AuthorId">The prescriber who signed it, or who drafted it while it is a draft.</param>
/// <param name="ReplacesPlanId">The version this one supersedes when it was signed.</param>
public sealed record TreatmentPlanVersion(
    Guid Id,
    Guid PatientId,
    Guid PlanGroupId,
    int VersionNumber,
    PlanVersionStatus Status,
    string ProtocolId,
    Modality Modality,
    IReadOnlyList<string> Indications,
    PhaseKind Phase,
    DateOnly StartDate,
    string AuthorId,
    DateTimeOffset CreatedAt,
    IReadOnlyList<PlannedDose> Sessions,
    Guid? ReplacesPlanId = null);

/// <summary>A session the plan proposes, with its computed dose.</summary>
/// <param name="RateMgPerHour">The infusion rate, for IV sessions.</param>
/// <param name="Devices">The number of 28 mg devices, for esketamine sessions.</param>
public sealed record PlannedDose(int Sequence, PhaseKind Phase, DateOnly PlannedDate, decimal DoseMg, int DurationMinutes, decimal? RateMgPerHour = null, int? Devices = null);

using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Plans;
using Respite.Fhir.CarePlans;

namespace Respite.Web.Features.Fhir.Sources;

/// <summary>
/// Each version of a treatment plan as a CarePlan with its planned sessions. The version a signed one replaces is the
/// version of the same plan signed last before it (signing supersedes the signed version).
/// </summary>
public sealed class CarePlanSource(RespiteDbContext db) : IFhirResourceSource
{
    private const string StatusSystem = "http://hl7.org/fhir/request-status";

    public string ResourceType => "CarePlan";

    public FhirAccess Access => FhirAccess.PatientCompartment;

    public IReadOnlyList<FhirSearchParameter> SearchParameters { get; } =
    [
        FhirSearchParameter.Id,
        FhirSearchParameter.Patient,
        FhirSearchParameter.Subject,
        new("status", FhirParameterKind.Token, "draft, active (signed) or revoked (superseded by a later signed version)."),
        new("date", FhirParameterKind.Date, "The plan's period overlaps this time: from its start date to the day of its last planned session."),
    ];

    public async Task<FhirEntry?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "D", out var guid))
        {
            return null;
        }

        var plan = await Project(db.TreatmentPlans.AsNoTracking().Where(p => p.Id == guid)).FirstOrDefaultAsync(cancellationToken);
        return plan is null ? null : new FhirEntry(CarePlanMapper.ToFhir(plan), plan.PatientId);
    }

    public async IAsyncEnumerable<FhirEntry> SearchAsync(FhirQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query.MatchesNothing)
        {
            yield break;
        }

        var rows = db.TreatmentPlans.AsNoTracking();
        if (query.PatientId is { } patientId)
        {
            rows = rows.Where(p => p.PatientId == patientId);
        }

        if (SourceFilters.GuidIds(query) is { } ids)
        {
            rows = rows.Where(p => ids.Contains(p.Id));
        }

        foreach (var statuses in query.Tokens("status"))
        {
            var allowed = SourceFilters.Allowed(statuses, Enum.GetValues<PlanStatus>(), status => [(StatusSystem, StatusCode(status))]);
            rows = rows.Where(p => allowed.Contains(p.Status));
        }

        // The period is whole days (UTC): from the start date to the last planned session's date, open when none is planned.
        var range = query.Range("date");
        if (range.To is { } to)
        {
            var lastDay = SourceFilters.LastDayBefore(to);
            rows = rows.Where(p => p.StartDate <= lastDay);
        }

        if (range.From is { } from)
        {
            var firstDay = SourceFilters.DayOf(from);
            rows = rows.Where(p => !p.Sessions.Any() || p.Sessions.Any(s => s.PlannedDate >= firstDay));
        }

        await foreach (var plan in Project(rows.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return new FhirEntry(CarePlanMapper.ToFhir(plan), plan.PatientId);
        }
    }

    /// <summary>The FHIR request status of a plan version, as <see cref="CarePlanMapper"/> writes it.</summary>
    public static string StatusCode(PlanStatus status) => status switch
    {
        PlanStatus.Draft => "draft",
        PlanStatus.Signed => "active",
        PlanStatus.Superseded => "revoked",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private IQueryable<TreatmentPlanVersion> Project(IQueryable<TreatmentPlan> plans) =>
        plans.Select(p => new TreatmentPlanVersion(
            p.Id,
            p.PatientId,
            p.PlanGroupId,
            p.VersionNumber,
            VersionStatus(p.Status),
            p.ProtocolId,
            p.Modality,
            p.Indications,
            p.Phase,
            p.StartDate,
            p.SignedByUserId ?? p.CreatedByUserId,
            p.CreatedAt,
            p.Sessions.OrderBy(s => s.Sequence).Select(s => new PlannedDose(s.Sequence, s.Phase, s.PlannedDate, s.DoseMg, s.DurationMinutes, s.RateMgPerHour, s.Devices)).ToList(),
            p.SignedAt == null
                ? null
                : db.TreatmentPlans
                    .Where(o => o.PlanGroupId == p.PlanGroupId && o.SignedAt != null && o.SignedAt < p.SignedAt)
                    .OrderByDescending(o => o.SignedAt)
                    .Select(o => (Guid?)o.Id)
                    .FirstOrDefault()));

    private static PlanVersionStatus VersionStatus(PlanStatus status) => status switch
    {
        PlanStatus.Draft => PlanVersionStatus.Draft,
        PlanStatus.Signed => PlanVersionStatus.Signed,
        PlanStatus.Superseded => PlanVersionStatus.Superseded,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

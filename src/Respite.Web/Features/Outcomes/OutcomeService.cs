using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Outcomes;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Sessions;
using Respite.Web.Features.Patients;
using Respite.Web.Features.Settings;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Outcomes;

/// <summary>
/// One patient's outcomes as the clinical core defines them: depression (PHQ-9) and pain (NRS, else PEG-3) against the
/// baseline before the first treatment, both together, relapse, and the projected booster date.
/// </summary>
public sealed record OutcomeSummaryDto(
    DateTimeOffset? FirstTreatmentAt,
    DateTimeOffset? LastSessionAt,
    int SessionsGiven,
    DepressionOutcome Depression,
    PainOutcome Pain,
    bool? DualResponse,
    RelapseOutcome DepressionRelapse,
    BoosterEstimate? DepressionBooster,
    BoosterEstimate? PainBooster);

public sealed class OutcomeService(RespiteDbContext db, AuditTrail audit, PatientAccess access, ClinicSettingsService settings, TimeProvider clock)
{
    public async Task<Outcome<OutcomeSummaryDto>> SummaryAsync(ClaimsPrincipal user, Guid patientId, CancellationToken cancellationToken = default)
    {
        if (!access.CanRead(user, patientId) || !await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Read, "Outcomes", null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<OutcomeSummaryDto>.NotFound("The patient");
        }

        var scores = await db.Assessments.AsNoTracking()
            .Where(a => a.PatientId == patientId && (a.InstrumentCode == "phq9" || a.InstrumentCode == "nrs-pain" || a.InstrumentCode == "peg3"))
            .Select(a => new { a.InstrumentCode, a.AnsweredAt, a.Total })
            .ToListAsync(cancellationToken);
        var sessions = await db.TreatmentSessions.AsNoTracking()
            .Where(s => s.PatientId == patientId && (s.Status == SessionStatus.InProgress || s.Status == SessionStatus.Discharged))
            .Select(s => new { s.CheckedInAt, s.DischargedAt })
            .ToListAsync(cancellationToken);
        var rules = await settings.GetOutcomeSettingsAsync(cancellationToken);
        var now = clock.GetUtcNow();

        List<ScorePoint> Of(string code) => [.. scores.Where(s => s.InstrumentCode == code).Select(s => new ScorePoint(s.AnsweredAt, s.Total)).OrderBy(s => s.At)];
        var phq9 = Of("phq9");
        var nrs = Of("nrs-pain");
        var (painScores, painScale) = nrs.Count > 0 ? (nrs, PainScale.Nrs) : (Of("peg3"), PainScale.Peg);
        DateTimeOffset? first = sessions.Count == 0 ? null : sessions.Min(s => s.CheckedInAt);
        DateTimeOffset? last = sessions.Count == 0 ? null : sessions.Max(s => s.DischargedAt ?? s.CheckedInAt);

        var depression = OutcomeEvaluator.Depression(phq9, first, DepressionScale.Phq9, rules);
        var pain = OutcomeEvaluator.Pain(painScores, first, painScale, rules);
        var painFraction = painScale == PainScale.Nrs ? rules.PainMeaningfulFraction : rules.PegMeaningfulFraction;
        var summary = new OutcomeSummaryDto(
            first, last, sessions.Count, depression, pain, new DualOutcome(depression, pain).DualResponse,
            first is { } start ? Durability.Relapse(phq9, start, last, rules.Phq9ResponseFraction, rules) : new RelapseOutcome(null, null, null, null),
            first is { } s1 && last is { } l1 ? Durability.Booster(phq9, s1, l1, rules.Phq9ResponseFraction, now, rules) : null,
            first is { } s2 && last is { } l2 ? Durability.Booster(painScores, s2, l2, painFraction, now, rules) : null);
        await audit.RecordAsync(AuditAction.Read, "Outcomes", null, patientId, cancellationToken: cancellationToken);
        return Outcome<OutcomeSummaryDto>.Success(summary);
    }
}

public static class OutcomeEndpoints
{
    public static IEndpointRouteBuilder MapOutcomeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/patients/{patientId:guid}/outcomes", async (OutcomeService outcomes, ClaimsPrincipal user, Guid patientId, CancellationToken ct) =>
                (await outcomes.SummaryAsync(user, patientId, ct)).ToResult(TypedResults.Ok))
            .WithTags("Outcomes")
            .RequireAuthorization(Policies.PatientRecordsOrSelf)
            .WithName("GetOutcomes")
            .WithSummary("Depression and pain response against the baseline before the first treatment, dual response, relapse and the projected booster date.");
        return app;
    }
}

using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Outcomes;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Sessions;
using Respite.Web.Features.Patients;
using Respite.Web.Features.Sessions;
using Respite.Web.Features.Settings;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Outcomes;

/// <summary>
/// One patient's outcomes as the clinical core defines them: depression (PHQ-9) and pain (NRS, else PEG-3) against the
/// baseline before the first treatment, both together, relapse of each, and the projected booster dates. MADRS is
/// reported beside the PHQ-9 when a clinician has rated it (null otherwise).
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
    BoosterEstimate? PainBooster,
    RelapseOutcome PainRelapse,
    DepressionOutcome? Madrs);

/// <summary>A score on the timeline.</summary>
public sealed record TimelinePointDto(DateTimeOffset At, decimal Value);

/// <summary>
/// One measure on the timeline with what the chart draws over it: the baseline, the threshold line (the response
/// threshold for depression, the meaningful-improvement threshold for pain; null until there is a baseline), the
/// threshold past which consecutive scores are a relapse, the remission band (depression only), the relapse and the
/// proposed booster date.
/// </summary>
public sealed record TimelineSeriesDto(
    string Instrument,
    string Name,
    decimal Max,
    IReadOnlyList<TimelinePointDto> Points,
    TimelinePointDto? Baseline,
    decimal? Threshold,
    string? ThresholdRule,
    decimal? RelapseThreshold,
    decimal? RemissionLimit,
    string? RemissionRule,
    TimelinePointDto? Relapse,
    DateTimeOffset? ProposedBoosterAt);

/// <summary>A session that gave drug, with its dose: mg/kg for an IV infusion when the weight was charted, mg otherwise.</summary>
public sealed record TimelineSessionDto(Guid Id, DateTimeOffset At, SessionKind Kind, decimal TotalMg, decimal? MgPerKg, int Devices, string Dose);

/// <summary>Everything the outcome timeline chart draws, on one time axis.</summary>
public sealed record OutcomeTimelineDto(
    Guid PatientId, DateTimeOffset? From, DateTimeOffset? To, TimelineSeriesDto Depression, TimelineSeriesDto Pain, TimelineSeriesDto? Madrs,
    IReadOnlyList<TimelineSessionDto> Sessions);

/// <summary>The summary and the timeline from one read: what the patient chart, the portal and the progress report show.</summary>
public sealed record OutcomeChartDto(OutcomeSummaryDto Summary, OutcomeTimelineDto Timeline);

public sealed class OutcomeService(RespiteDbContext db, AuditTrail audit, PatientAccess access, ClinicSettingsService settings, TimeProvider clock)
{
    public async Task<Outcome<OutcomeSummaryDto>> SummaryAsync(ClaimsPrincipal user, Guid patientId, CancellationToken cancellationToken = default) =>
        Project(await ReadAsync(user, patientId, "Outcomes", cancellationToken), c => c.Summary);

    public async Task<Outcome<OutcomeTimelineDto>> TimelineAsync(ClaimsPrincipal user, Guid patientId, CancellationToken cancellationToken = default) =>
        Project(await ReadAsync(user, patientId, "OutcomeTimeline", cancellationToken), c => c.Timeline);

    /// <summary>The summary and the timeline together, audited once.</summary>
    public Task<Outcome<OutcomeChartDto>> ChartAsync(ClaimsPrincipal user, Guid patientId, CancellationToken cancellationToken = default) =>
        ReadAsync(user, patientId, "Outcomes", cancellationToken);

    private static Outcome<T> Project<T>(Outcome<OutcomeChartDto> read, Func<OutcomeChartDto, T> part) =>
        read.Succeeded ? Outcome<T>.Success(part(read.Value!)) : read.Cast<T>();

    private async Task<Outcome<OutcomeChartDto>> ReadAsync(ClaimsPrincipal user, Guid patientId, string entity, CancellationToken cancellationToken)
    {
        if (!access.CanRead(user, patientId) || !await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Read, entity, null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<OutcomeChartDto>.NotFound("The patient");
        }

        var chart = await BuildAsync(patientId, cancellationToken);
        await audit.RecordAsync(AuditAction.Read, entity, null, patientId, detail: $"scores={chart.Timeline.Depression.Points.Count + chart.Timeline.Pain.Points.Count}",
            cancellationToken: cancellationToken);
        return Outcome<OutcomeChartDto>.Success(chart);
    }

    /// <summary>Reads the scores and sessions and evaluates them; no access check and no audit (the callers do both).</summary>
    internal async Task<OutcomeChartDto> BuildAsync(Guid patientId, CancellationToken cancellationToken)
    {
        var scores = await db.Assessments.AsNoTracking()
            .Where(a => a.PatientId == patientId
                && (a.InstrumentCode == "phq9" || a.InstrumentCode == "nrs-pain" || a.InstrumentCode == "peg3" || a.InstrumentCode == "madrs"))
            .Select(a => new { a.InstrumentCode, a.AnsweredAt, a.Total })
            .ToListAsync(cancellationToken);
        var sessions = await db.TreatmentSessions.AsNoTracking().Include(s => s.Doses)
            .Where(s => s.PatientId == patientId && (s.Status == SessionStatus.InProgress || s.Status == SessionStatus.Discharged))
            .ToListAsync(cancellationToken);
        var rules = await settings.GetOutcomeSettingsAsync(cancellationToken);
        var now = clock.GetUtcNow();

        List<ScorePoint> Of(string code) => [.. scores.Where(s => s.InstrumentCode == code).Select(s => new ScorePoint(s.AnsweredAt, s.Total)).OrderBy(s => s.At)];
        var phq9 = Of("phq9");
        var madrs = Of("madrs");
        var nrs = Of("nrs-pain");
        var (painScores, painScale) = nrs.Count > 0 ? (nrs, PainScale.Nrs) : (Of("peg3"), PainScale.Peg);
        DateTimeOffset? first = sessions.Count == 0 ? null : sessions.Min(s => s.CheckedInAt);
        DateTimeOffset? last = sessions.Count == 0 ? null : sessions.Max(s => s.DischargedAt ?? s.CheckedInAt);

        var depression = OutcomeEvaluator.Depression(phq9, first, DepressionScale.Phq9, rules);
        var pain = OutcomeEvaluator.Pain(painScores, first, painScale, rules);
        var painFraction = painScale == PainScale.Nrs ? rules.PainMeaningfulFraction : rules.PegMeaningfulFraction;
        // Time to relapse counts from the last session before it (a later booster would make it negative).
        RelapseOutcome RelapseOf(List<ScorePoint> points, decimal fraction)
        {
            if (first is not { } start)
            {
                return new RelapseOutcome(null, null, null, null);
            }

            var relapse = Durability.Relapse(points, start, last, fraction, rules);
            if (relapse.RelapsedAt is not { } at)
            {
                return relapse;
            }

            var before = sessions.Select(s => s.DischargedAt ?? s.CheckedInAt).Where(t => t <= at).DefaultIfEmpty().Max();
            return relapse with { DaysFromLastSessionToRelapse = before == default ? null : (at - before).TotalDays };
        }
        BoosterEstimate? BoosterOf(List<ScorePoint> points, decimal fraction) =>
            first is { } start && last is { } end ? Durability.Booster(points, start, end, fraction, now, rules) : null;

        var summary = new OutcomeSummaryDto(
            first, last, sessions.Count, depression, pain, new DualOutcome(depression, pain).DualResponse,
            RelapseOf(phq9, rules.Phq9ResponseFraction),
            BoosterOf(phq9, rules.Phq9ResponseFraction),
            BoosterOf(painScores, painFraction),
            RelapseOf(painScores, painFraction),
            madrs.Count == 0 ? null : OutcomeEvaluator.Depression(madrs, first, DepressionScale.Madrs, rules));

        var painName = painScale == PainScale.Nrs ? "Pain (NRS)" : "Pain (PEG-3)";
        var depressionSeries = Series("phq9", "PHQ-9", 27, phq9, first, rules.Phq9ResponseFraction, summary.DepressionRelapse, summary.DepressionBooster) with
        {
            RemissionLimit = rules.Phq9RemissionBelow,
            RemissionRule = $"remission: below {rules.Phq9RemissionBelow}",
        };
        var painSeries = Series(painScale == PainScale.Nrs ? "nrs-pain" : "peg3", painName, 10, painScores, first, painFraction, summary.PainRelapse, summary.PainBooster);
        if (painSeries.Baseline is { } painBaseline)
        {
            // Meaningful relief: 30 % lower, or on the NRS also 2 points lower, whichever is reached first.
            var threshold = painScale == PainScale.Nrs
                ? Math.Max(painBaseline.Value * (1 - rules.PainMeaningfulFraction), painBaseline.Value - rules.PainMeaningfulPoints)
                : painBaseline.Value * (1 - rules.PegMeaningfulFraction);
            painSeries = painSeries with
            {
                Threshold = Math.Max(0, Math.Round(threshold, 2, MidpointRounding.AwayFromZero)),
                ThresholdRule = painScale == PainScale.Nrs
                    ? $"meaningful relief: {Percent(rules.PainMeaningfulFraction)} or {Num(rules.PainMeaningfulPoints)} points below baseline"
                    : $"meaningful relief: {Percent(rules.PegMeaningfulFraction)} below baseline",
            };
        }

        TimelineSeriesDto? madrsSeries = madrs.Count == 0 ? null
            : Series("madrs", "MADRS", 60, madrs, first, rules.MadrsResponseFraction, RelapseOf(madrs, rules.MadrsResponseFraction), null) with
            {
                RemissionLimit = rules.MadrsRemissionAtMost,
                RemissionRule = $"remission: {rules.MadrsRemissionAtMost} or below",
            };

        var timelineSessions = sessions.OrderBy(s => s.CheckedInAt).Select(s => Session(s, now)).ToList();
        var times = phq9.Concat(painScores).Concat(madrs).Select(p => p.At).Concat(timelineSessions.Select(s => s.At)).ToList();
        var timeline = new OutcomeTimelineDto(
            patientId, times.Count == 0 ? null : times.Min(), times.Count == 0 ? null : times.Max(), depressionSeries, painSeries, madrsSeries, timelineSessions);
        return new OutcomeChartDto(summary, timeline);
    }

    private static TimelineSeriesDto Series(
        string instrument, string name, decimal max, List<ScorePoint> points, DateTimeOffset? first, decimal responseFraction, RelapseOutcome relapse, BoosterEstimate? booster)
    {
        var baseline = OutcomeEvaluator.Baseline(points, first);
        var relapsePoint = relapse.RelapsedAt is { } at ? points.FirstOrDefault(p => p.At == at) : (ScorePoint?)null;
        return new TimelineSeriesDto(
            instrument, name, max, [.. points.Select(p => new TimelinePointDto(p.At, p.Value))],
            baseline is { } b ? new TimelinePointDto(b.At, b.Value) : null,
            baseline is { Value: > 0 } r ? Math.Round(Durability.ResponseThreshold(r.Value, responseFraction), 2, MidpointRounding.AwayFromZero) : null,
            baseline is { Value: > 0 } ? $"response: {Percent(responseFraction)} below baseline" : null,
            baseline is { Value: > 0 } t ? Math.Round(Durability.ResponseThreshold(t.Value, responseFraction), 2, MidpointRounding.AwayFromZero) : null,
            null,
            null,
            relapsePoint is { } rp ? new TimelinePointDto(rp.At, rp.Value) : null,
            booster is { Basis: BoosterBasis.Projected, ProposedBoosterAt: { } proposed } ? proposed : null);
    }

    private static TimelineSessionDto Session(TreatmentSession session, DateTimeOffset now)
    {
        var given = Math.Round(SessionService.DeliveredMg(session, session.DischargedAt ?? now), 1, MidpointRounding.AwayFromZero);
        var devices = session.Doses.Count(d => d.Kind == DoseEventKind.EsketamineDevice && d.EnteredInErrorAt is null);
        decimal? perKg = session.Kind == SessionKind.IvInfusion && session.WeightKg is > 0 and { } kg
            ? Math.Round(given / kg, 2, MidpointRounding.AwayFromZero)
            : null;
        var dose = perKg is { } mgKg ? $"{Num(mgKg)} mg/kg" : $"{Num(given)} mg";
        return new TimelineSessionDto(session.Id, session.CheckedInAt, session.Kind, given, perKg, devices, dose);
    }

    private static string Num(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Percent(decimal fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
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
            .WithSummary("Depression and pain response against the baseline before the first treatment, dual response, relapse and the projected booster dates.");
        app.MapGet("/api/patients/{patientId:guid}/outcomes/timeline", async (OutcomeService outcomes, ClaimsPrincipal user, Guid patientId, CancellationToken ct) =>
                (await outcomes.TimelineAsync(user, patientId, ct)).ToResult(TypedResults.Ok))
            .WithTags("Outcomes")
            .RequireAuthorization(Policies.PatientRecordsOrSelf)
            .WithName("GetOutcomeTimeline")
            .WithSummary("PHQ-9 and pain scores on one time axis with the sessions and their doses, the baseline, the clinic's thresholds, relapse and the proposed booster dates.");
        return app;
    }
}

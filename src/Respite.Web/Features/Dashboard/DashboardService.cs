using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Outcomes;
using Respite.Data;
using Respite.Data.Assessments;
using Respite.Data.Auditing;
using Respite.Data.Outcomes;
using Respite.Data.Portal;
using Respite.Web.Features.Outcomes;
using Respite.Web.Features.Questionnaires;
using Respite.Web.Features.Settings;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Dashboard;

/// <summary>The dashboard's filters as given in the query string; parsed and checked by <see cref="DashboardService"/>.</summary>
public sealed record DashboardQuery(string? Location = null, string? From = null, string? To = null, string? Modality = null, string? Indication = null);

/// <summary>A count out of a denominator (the patients for whom the measure could be judged).</summary>
public sealed record RateDto(int Count, int Of, decimal? Percent)
{
    public static RateDto From(int count, int of) => new(count, of, of == 0 ? null : Math.Round(100m * count / of, 1, MidpointRounding.AwayFromZero));
}

/// <summary>Response, remission, meaningful pain relief and dual response in one group of patients.</summary>
public sealed record OutcomeRatesDto(int Patients, RateDto Response, RateDto Remission, RateDto PainRelief, RateDto DualResponse);

public sealed record OutcomeGroupDto(TreatmentModality Modality, TreatmentIndication Indication, OutcomeRatesDto Rates);

public sealed record KaplanMeierStepDto(double Day, int AtRisk, int Events, double Survival);

/// <summary>Duration of response: Kaplan–Meier estimate of staying free of relapse after the first response.</summary>
public sealed record DurabilityDto(int Responders, int Relapses, double? MedianDays, IReadOnlyList<KaplanMeierStepDto> Steps, IReadOnlyList<double> CensoredDays);

public sealed record DashboardFiltersDto(Guid? Location, DateOnly? From, DateOnly? To, string Modality, string Indication);

/// <summary>The clinic dashboard: aggregates only, no patient is named.</summary>
public sealed record OutcomeDashboardDto(
    DashboardFiltersDto Filters,
    int PatientsTreated,
    int PatientsInTreatment,
    OutcomeRatesDto Overall,
    IReadOnlyList<OutcomeGroupDto> Groups,
    DurabilityDto Durability,
    IReadOnlyList<TrajectoryPoint> Phq9Trajectory,
    IReadOnlyList<TrajectoryPoint> PainTrajectory,
    int QuestionnairesOverdue,
    int StaleSnapshots,
    DateTimeOffset? ComputedThrough);

/// <summary>
/// The clinic outcomes dashboard, read from the per-patient <see cref="PatientOutcomeSnapshot"/> rows (one per treated
/// patient) so that it stays fast with years of history. Definitions: docs/clinical/outcomes.md, "Clinic dashboard".
/// </summary>
public sealed class DashboardService(RespiteDbContext db, AuditTrail audit, ClinicSettingsService settings, OutcomeSnapshotService snapshots, TimeProvider clock)
{
    /// <summary>"In treatment": a session within this many days before the end of the period (or today).</summary>
    public const int InTreatmentDays = 28;

    private static readonly string[] Modalities = ["all", "iv", "esketamine"];
    private static readonly string[] Indications = ["all", "depression", "pain", "both"];

    public async Task<Outcome<OutcomeDashboardDto>> OutcomesAsync(DashboardQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ErrorBag();
        Guid? location = null;
        if (!string.IsNullOrWhiteSpace(query.Location))
        {
            if (!Guid.TryParse(query.Location, out var parsed))
            {
                errors.Add("location", "Not a location id.");
            }
            else if (!await db.Locations.AnyAsync(l => l.Id == parsed, cancellationToken))
            {
                errors.Add("location", "No such location.");
            }
            else
            {
                location = parsed;
            }
        }

        var from = Date(errors, "from", query.From);
        var to = Date(errors, "to", query.To);
        if (from is { } f && to is { } t && t < f)
        {
            errors.Add("to", "Must be on or after 'from'.");
        }

        var modality = string.IsNullOrWhiteSpace(query.Modality) ? "all" : query.Modality.Trim().ToLowerInvariant();
        if (!Modalities.Contains(modality))
        {
            errors.Add("modality", "Must be iv, esketamine or all.");
        }

        var indication = string.IsNullOrWhiteSpace(query.Indication) ? "all" : query.Indication.Trim().ToLowerInvariant();
        if (!Indications.Contains(indication))
        {
            errors.Add("indication", "Must be depression, pain, both or all.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<OutcomeDashboardDto>();
        }

        var rules = await settings.GetOutcomeSettingsAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var filtered = Filter(db.PatientOutcomeSnapshots.AsNoTracking(), location, modality, indication);
        var cohort = filtered;
        if (from is { } start)
        {
            var startAt = new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            cohort = cohort.Where(s => s.LastTreatmentAt >= startAt);
        }

        var endAt = to is { } end ? new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : now;
        if (to is not null)
        {
            cohort = cohort.Where(s => s.FirstTreatmentAt < endAt);
        }

        var rows = await cohort
            .Select(s => new Row(
                s.Modality, s.Indication, s.LastTreatmentAt, s.Responded, s.Remitted, s.PainMeaningful, s.DualResponse, s.ResponseDurationDays,
                s.RelapsedAt != null, s.TrajectoryJson, s.SettingsFingerprint, s.ComputedAt))
            .ToListAsync(cancellationToken);

        var activeSince = (to is null ? now : endAt).AddDays(-InTreatmentDays);
        var fingerprint = OutcomeSnapshotService.Fingerprint(rules);
        var groups = rows.GroupBy(r => (r.Modality, r.Indication))
            .OrderBy(g => g.Key.Modality).ThenBy(g => g.Key.Indication)
            .Select(g => new OutcomeGroupDto(g.Key.Modality, g.Key.Indication, Rates(g.ToList())))
            .ToList();
        var curve = KaplanMeier.Estimate(rows.Where(r => r.DurationDays is not null).Select(r => new SurvivalObservation(r.DurationDays!.Value, r.Relapsed)));
        var trajectories = rows.Select(r => TrajectoryJson.Parse(r.Trajectory)).ToList();

        var dto = new OutcomeDashboardDto(
            new DashboardFiltersDto(location, from, to, modality, indication),
            rows.Count,
            rows.Count(r => r.LastTreatmentAt >= activeSince),
            Rates(rows),
            groups,
            new DurabilityDto(
                curve.Subjects, curve.Events, curve.Median,
                [.. curve.Steps.Select(s => new KaplanMeierStepDto(s.Time, s.AtRisk, s.Events, Math.Round(s.Survival, 4)))],
                [.. curve.CensoredAt]),
            WeeklyTrajectory.Average(trajectories.Select(t => t.Phq9)),
            WeeklyTrajectory.Average(trajectories.Select(t => t.Pain)),
            await OverdueAsync(location is null ? null : filtered, now, cancellationToken),
            rows.Count(r => r.Fingerprint != fingerprint),
            rows.Count == 0 ? null : rows.Min(r => r.ComputedAt));
        await audit.RecordAsync(AuditAction.Read, "OutcomeDashboard", null, null, detail: $"{rows.Count} patients", cancellationToken: cancellationToken);
        return Outcome<OutcomeDashboardDto>.Success(dto);
    }

    /// <summary>Recomputes every patient's snapshot (after the outcome settings changed, or on an administrator's request).</summary>
    public async Task<Outcome<RecomputeResultDto>> RecomputeAsync(CancellationToken cancellationToken = default)
    {
        var count = await snapshots.RecomputeAllAsync(cancellationToken);
        await audit.RecordAsync(AuditAction.Update, "OutcomeSnapshots", null, null, detail: $"{count} recomputed", cancellationToken: cancellationToken);
        return Outcome<RecomputeResultDto>.Success(new RecomputeResultDto(count));
    }

    private static IQueryable<PatientOutcomeSnapshot> Filter(IQueryable<PatientOutcomeSnapshot> source, Guid? location, string modality, string indication)
    {
        if (location is { } id)
        {
            source = source.Where(s => s.LocationId == id);
        }

        source = modality switch
        {
            "iv" => source.Where(s => s.Modality == TreatmentModality.Iv || s.Modality == TreatmentModality.Both),
            "esketamine" => source.Where(s => s.Modality == TreatmentModality.Esketamine || s.Modality == TreatmentModality.Both),
            _ => source,
        };
        return indication switch
        {
            "depression" => source.Where(s => s.Indication == TreatmentIndication.Depression),
            "pain" => source.Where(s => s.Indication == TreatmentIndication.Pain),
            "both" => source.Where(s => s.Indication == TreatmentIndication.Both),
            _ => source,
        };
    }

    /// <summary>Active diary questionnaires past their due date and the grace period (of the location's patients when one is chosen).</summary>
    private async Task<int> OverdueAsync(IQueryable<PatientOutcomeSnapshot>? atLocation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var grace = TimeSpan.FromDays((await settings.GetPortalSettingsAsync(cancellationToken)).DiaryGraceDays);
        var diaries = await QuestionnaireDue.DiariesAsync(db, now, grace, atLocation?.Select(s => s.PatientId), cancellationToken);
        return diaries.Count(d => d.Status.IsOverdue);
    }

    private static OutcomeRatesDto Rates(IReadOnlyCollection<Row> rows) => new(
        rows.Count,
        Rate(rows, r => r.Responded),
        Rate(rows, r => r.Remitted),
        Rate(rows, r => r.PainMeaningful),
        Rate(rows, r => r.Dual));

    private static RateDto Rate(IReadOnlyCollection<Row> rows, Func<Row, bool?> measure)
    {
        int yes = 0, judged = 0;
        foreach (var row in rows)
        {
            if (measure(row) is { } value)
            {
                judged++;
                yes += value ? 1 : 0;
            }
        }

        return RateDto.From(yes, judged);
    }

    private static DateOnly? Date(ErrorBag errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(field, "Not a date (yyyy-mm-dd).");
        return null;
    }

    private sealed record Row(
        TreatmentModality Modality, TreatmentIndication Indication, DateTimeOffset? LastTreatmentAt, bool? Responded, bool? Remitted, bool? PainMeaningful,
        bool? Dual, double? DurationDays, bool Relapsed, string Trajectory, string Fingerprint, DateTimeOffset ComputedAt);
}

public sealed record RecomputeResultDto(int Snapshots);

public static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dashboard/outcomes", async (DashboardService dashboard, string? location, string? from, string? to, string? modality, string? indication, CancellationToken ct) =>
                (await dashboard.OutcomesAsync(new DashboardQuery(location, from, to, modality, indication), ct)).ToResult(TypedResults.Ok))
            .WithTags("Dashboard")
            .RequireAuthorization(Policies.PrescriberOrAdmin)
            .WithName("GetOutcomeDashboard")
            .WithSummary("Clinic outcomes, aggregated: patients treated and in treatment, response, remission, pain relief and dual response by modality and indication, duration of response (Kaplan–Meier), average trajectories, overdue diary questionnaires.");
        app.MapPost("/api/dashboard/outcomes/recompute", async (DashboardService dashboard, CancellationToken ct) =>
                (await dashboard.RecomputeAsync(ct)).ToResult(TypedResults.Ok))
            .WithTags("Dashboard")
            .RequireAuthorization(Policies.Admin)
            .WithName("RecomputeOutcomeSnapshots")
            .WithSummary("Recomputes every patient's outcome snapshot from the record (after the outcome settings changed).");
        return app;
    }
}

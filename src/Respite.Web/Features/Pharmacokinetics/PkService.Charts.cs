using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Screening;
using Respite.Data.Auditing;
using Respite.Data.Plans;
using Respite.Data.Sessions;
using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;
using Respite.Pharmacokinetics.Simulation;
using Respite.Web.Features.Shared;

namespace Respite.Web.Features.Pharmacokinetics;

public sealed partial class PkService
{
    private static readonly double[] BandPercentiles = [5, 95];

    /// <summary>
    /// How far after its first dose a session's chart reaches: a session lasts hours, so entries later than this (a
    /// session never closed, a mistyped date) are left out, and the chart says so.
    /// </summary>
    internal static readonly TimeSpan SessionChartSpan = TimeSpan.FromHours(48);

    /// <summary>GET /api/plans/{id}/pk with the clinic's default model for the plan's route.</summary>
    public Task<Outcome<ConcentrationChartData>> PlanChartAsync(ClaimsPrincipal user, Guid planId, CancellationToken cancellationToken = default) =>
        PlanChartAsync(user, planId, null, cancellationToken);

    /// <summary>
    /// The predicted curve of one planned session of a plan (the first session's computed dose): an IV infusion of the
    /// planned mg/h for the planned minutes, or the planned esketamine dose at minute 0; with the population band, the
    /// reference bands and the end of the infusion marked. 404 when the user may not read the patient.
    /// </summary>
    public async Task<Outcome<ConcentrationChartData>> PlanChartAsync(ClaimsPrincipal user, Guid planId, string? modelId, CancellationToken cancellationToken = default)
    {
        var plan = await db.TreatmentPlans.AsNoTracking().Include(p => p.Sessions).FirstOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan is null || !access.CanRead(user, plan.PatientId))
        {
            await audit.RecordAsync(AuditAction.Read, "PlanConcentrationChart", planId.ToString(), plan is null ? null : plan.PatientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<ConcentrationChartData>.NotFound("The plan");
        }

        var rules = await settings.GetPharmacokineticSettingsAsync(cancellationToken);
        var planned = PlannedRegimen(plan, plan.Sessions.OrderBy(s => s.Sequence).FirstOrDefault());
        var errors = new ErrorBag();
        var intranasal = plan.Modality == Modality.EsketamineNasalSpray;
        var model = PkInput.Model(errors, modelId ?? (intranasal ? rules.DefaultIntranasalModel : rules.DefaultIvModel));
        if (model is not null && !model.Routes.HasFlag(intranasal ? ModelRoutes.Intranasal : ModelRoutes.Intravenous))
        {
            errors.Add("model", $"The model {model.Id} takes no {(intranasal ? "intranasal" : "intravenous")} doses.");
        }

        var weight = PlanWeight(errors, plan.WeightKg, intranasal, "The plan has no weight: the planned doses assumed 70 kg. Record the patient's weight and revise the plan before charting it.");
        if (planned is null)
        {
            errors.Add("sessions", "The plan has no planned session to chart.");
        }

        if (!errors.IsEmpty)
        {
            await audit.RecordAsync(AuditAction.Read, "PlanConcentrationChart", planId.ToString(), plan.PatientId, AuditOutcome.Denied, "invalid", cancellationToken);
            return errors.ToOutcome<ConcentrationChartData>();
        }

        var age = await AgeAsync(plan.PatientId, plan.StartDate, cancellationToken);
        var covariates = new Covariates(weight!.Value, age);
        var end = DefaultEnd(planned!.Value.Regimen);
        var grid = Grid(end);
        var simulator = new PkSimulator(model!.Typical(covariates));
        var (curve, _) = Curve(simulator, planned.Value.Regimen, grid, end, "Planned: " + planned.Value.Label, "planned");
        var chart = new ConcentrationChartData(
            $"Predicted concentration, plan version {plan.VersionNumber}: {planned.Value.Label}",
            ModelLine(model),
            Caption(model, weight.Value, rules.PopulationSize, rules),
            [curve],
            [Band(model, covariates, planned.Value.Regimen, grid, rules)],
            ReferenceBands(model, rules),
            planned.Value.Markers,
            end);
        await audit.RecordAsync(AuditAction.Read, "PlanConcentrationChart", planId.ToString(), plan.PatientId, detail: $"model={model.Id}", cancellationToken: cancellationToken);
        return Outcome<ConcentrationChartData>.Success(chart);
    }

    /// <summary>GET /api/sessions/{id}/pk with the clinic's default model for the session's route.</summary>
    public Task<Outcome<ConcentrationChartData>> SessionChartAsync(ClaimsPrincipal user, Guid sessionId, CancellationToken cancellationToken = default) =>
        SessionChartAsync(user, sessionId, null, cancellationToken);

    /// <summary>
    /// What the plan planned for the session ("planned", when it was booked from a plan) and what was given ("given"),
    /// rebuilt from the charted infusion events (start, rate change, pause, resume, stop, bolus) or esketamine devices
    /// at their charted times; entries marked in error are left out. A running infusion is taken to run on at its
    /// current rate until now, which the chart marks. Time 0 is the first dose.
    /// </summary>
    public async Task<Outcome<ConcentrationChartData>> SessionChartAsync(ClaimsPrincipal user, Guid sessionId, string? modelId, CancellationToken cancellationToken = default)
    {
        var session = await db.TreatmentSessions.AsNoTracking().Include(s => s.Doses).FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null || !access.CanRead(user, session.PatientId))
        {
            await audit.RecordAsync(AuditAction.Read, "SessionConcentrationChart", sessionId.ToString(), session?.PatientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<ConcentrationChartData>.NotFound("The session");
        }

        var plan = await PlanOfAsync(session, cancellationToken);
        var rules = await settings.GetPharmacokineticSettingsAsync(cancellationToken);
        var intranasal = session.Kind == SessionKind.Esketamine;
        var errors = new ErrorBag();
        var model = PkInput.Model(errors, modelId ?? (intranasal ? rules.DefaultIntranasalModel : rules.DefaultIvModel));
        if (model is not null && !model.Routes.HasFlag(intranasal ? ModelRoutes.Intranasal : ModelRoutes.Intravenous))
        {
            errors.Add("model", $"The model {model.Id} takes no {(intranasal ? "intranasal" : "intravenous")} doses.");
        }

        var recorded = session.WeightKg ?? plan?.Plan.WeightKg ?? await db.WeightMeasurements.AsNoTracking()
            .Where(w => w.PatientId == session.PatientId)
            .OrderByDescending(w => w.MeasuredOn).ThenByDescending(w => w.RecordedAt)
            .Select(w => (decimal?)w.WeightKg).FirstOrDefaultAsync(cancellationToken);
        var weight = PlanWeight(errors, recorded, intranasal, "No weight was charted at check-in and none is on the patient's record: the concentration depends on it.");
        var now = clock.GetUtcNow();
        var given = GivenRegimen(session, now);
        var planned = plan is { } p ? PlannedRegimen(p.Plan, p.Session) : null;
        if (given is null && planned is null)
        {
            errors.Add("doses", "Nothing to chart: no dose is charted yet and the session was not booked from a plan.");
        }

        if (!errors.IsEmpty)
        {
            await audit.RecordAsync(AuditAction.Read, "SessionConcentrationChart", sessionId.ToString(), session.PatientId, AuditOutcome.Denied, "invalid", cancellationToken);
            return errors.ToOutcome<ConcentrationChartData>();
        }

        var age = await AgeAsync(session.PatientId, DateOnly.FromDateTime(session.CheckedInAt.UtcDateTime), cancellationToken);
        var covariates = new Covariates(weight!.Value, age);
        var simulator = new PkSimulator(model!.Typical(covariates));
        var nowMinute = given is { } g ? (now - g.Origin).TotalMinutes : 0;
        var end = Math.Max(given is { } gr ? DefaultEnd(gr.Regimen) : 0, planned is { } pr ? DefaultEnd(pr.Regimen) : 0);
        var open = session.Status is SessionStatus.CheckedIn or SessionStatus.InProgress;
        if (open && nowMinute > end - 60)
        {
            end = nowMinute + 60;
        }

        end = Math.Min(end, SessionChartSpan.TotalMinutes);

        var grid = Grid(end);
        var curves = new List<ConcentrationCurve>();
        var markers = new List<ChartMarker>();
        Regimen? bandRegimen = null;
        if (planned is { } plannedRegimen)
        {
            curves.Add(Curve(simulator, plannedRegimen.Regimen, grid, end, "Planned: " + plannedRegimen.Label, "planned").Curve);
            bandRegimen = plannedRegimen.Regimen;
        }

        if (given is { } givenRegimen)
        {
            curves.Add(Curve(simulator, givenRegimen.Regimen, grid, end, "Given: " + givenRegimen.Label, "given").Curve);
            markers.AddRange(givenRegimen.Markers);
            bandRegimen = givenRegimen.Regimen;
        }
        else if (planned is { } onlyPlanned)
        {
            markers.AddRange(onlyPlanned.Markers);
        }

        if (open && given is not null && nowMinute >= 0 && nowMinute <= end)
        {
            markers.Add(new ChartMarker("Now", nowMinute));
        }

        var chart = new ConcentrationChartData(
            given is null ? "Predicted concentration: nothing given yet" : "Predicted concentration: planned and given",
            ModelLine(model),
            Caption(model, weight.Value, rules.PopulationSize, rules)
                + (given is { Running: true } ? " The infusion is taken to run on at its current rate until now." : "")
                + (given is { Clipped: true } ? $" Only the first {SessionChartSpan.TotalHours:0} hours after the first dose are predicted; later entries are left out." : ""),
            curves,
            [Band(model, covariates, bandRegimen!, grid, rules)],
            ReferenceBands(model, rules),
            [.. markers.OrderBy(m => m.Minute)],
            end);
        await audit.RecordAsync(AuditAction.Read, "SessionConcentrationChart", sessionId.ToString(), session.PatientId, detail: $"model={model.Id}", cancellationToken: cancellationToken);
        return Outcome<ConcentrationChartData>.Success(chart);
    }

    /// <summary>The regimen charted on a session, or null when no dose counts yet.</summary>
    internal static GivenDoses? GivenRegimen(TreatmentSession session, DateTimeOffset now)
    {
        var events = session.Doses.Where(d => d.EnteredInErrorAt is null).OrderBy(d => d.At).ThenBy(d => d.RecordedAt).ToList();
        if (events.Count == 0)
        {
            return null;
        }

        var origin = events[0].At;
        var limit = origin + SessionChartSpan;
        var clipped = events.RemoveAll(e => e.At > limit) > 0;
        double Minute(DateTimeOffset at) => Math.Max(0, (at - origin).TotalMinutes);
        var doses = new List<Dose>();
        var markers = new List<ChartMarker>();
        decimal? rate = null;
        DateTimeOffset? runningSince = null;
        void Close(DateTimeOffset at)
        {
            if (runningSince is { } from && rate is { } r && at > from)
            {
                doses.Add(new Infusion(from - origin, at - from, MassRate.FromMilligramsPerHour(r)));
            }

            runningSince = null;
        }

        var devices = 0;
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case DoseEventKind.Start or DoseEventKind.Resume when e.RateMgPerHour is > 0m:
                    Close(e.At);
                    rate = e.RateMgPerHour;
                    runningSince = e.At;
                    markers.Add(new ChartMarker(e.Kind == DoseEventKind.Start ? $"Started {rate:0.#} mg/h" : $"Resumed {rate:0.#} mg/h", Minute(e.At)));
                    break;
                case DoseEventKind.RateChange when e.RateMgPerHour is > 0m:
                    if (runningSince is not null)
                    {
                        Close(e.At);
                        runningSince = e.At;
                    }

                    rate = e.RateMgPerHour;
                    markers.Add(new ChartMarker($"Rate {rate:0.#} mg/h", Minute(e.At)));
                    break;
                case DoseEventKind.Pause:
                    Close(e.At);
                    markers.Add(new ChartMarker("Paused", Minute(e.At)));
                    break;
                case DoseEventKind.Stop:
                    Close(e.At);
                    markers.Add(new ChartMarker("Infusion stops", Minute(e.At)));
                    break;
                case DoseEventKind.Bolus when e.AmountMg is > 0m:
                    doses.Add(new Bolus(e.At - origin, Mass.FromMilligrams(e.AmountMg.Value)));
                    markers.Add(new ChartMarker($"Bolus {e.AmountMg:0.#} mg", Minute(e.At)));
                    break;
                case DoseEventKind.EsketamineDevice when e.AmountMg is > 0m:
                    devices++;
                    doses.Add(new IntranasalDose(e.At - origin, Mass.FromMilligrams(e.AmountMg.Value)));
                    markers.Add(new ChartMarker($"Device {devices}", Minute(e.At)));
                    break;
            }
        }

        var running = runningSince is not null;
        if (running)
        {
            var until = session.DischargedAt is { } discharged && discharged < now ? discharged : now;
            clipped |= until > limit;
            Close(until > limit ? limit : until);
        }

        if (doses.Count == 0)
        {
            return null;
        }

        var regimen = Regimen.Of([.. doses]);
        var total = doses.Sum(d => d.Total.Milligrams);
        var label = devices > 0 ? $"{total:0.#} mg intranasal ({devices} device{(devices == 1 ? "" : "s")})" : $"{total:0.#} mg";
        return new GivenDoses(origin, regimen, label, markers, running, clipped);
    }

    /// <summary>One planned session as a regimen starting at minute 0, with its legend and markers.</summary>
    private static PlannedDoses? PlannedRegimen(TreatmentPlan plan, PlannedSession? session)
    {
        if (session is null || session.DoseMg <= 0m)
        {
            return null;
        }

        if (plan.Modality == Modality.EsketamineNasalSpray)
        {
            var devices = session.Devices ?? 0;
            return new PlannedDoses(
                Regimen.Of(new IntranasalDose(TimeSpan.Zero, Mass.FromMilligrams(session.DoseMg))),
                $"{session.DoseMg:0.#} mg esketamine intranasal{(devices > 0 ? $" ({devices} device{(devices == 1 ? "" : "s")}, 5 min apart)" : "")}",
                [new ChartMarker("First device", 0)]);
        }

        if (session.DurationMinutes <= 0)
        {
            return null;
        }

        var minutes = TimeSpan.FromMinutes(session.DurationMinutes);
        var rate = session.RateMgPerHour is { } r && r > 0m ? r : session.DoseMg * 60m / session.DurationMinutes;
        var perKg = session.DoseMgPerKg is { } mgPerKg ? $" ({mgPerKg:0.###} mg/kg)" : session.RateMgPerKgPerHour is { } mgPerKgH ? $" ({mgPerKgH:0.###} mg/kg/h)" : "";
        return new PlannedDoses(
            Regimen.Of(new Infusion(TimeSpan.Zero, minutes, MassRate.FromMilligramsPerHour(rate))),
            $"{session.DoseMg:0.#} mg over {session.DurationMinutes} min{perKg}",
            [new ChartMarker("Infusion starts", 0), new ChartMarker("Infusion stops", session.DurationMinutes)]);
    }

    private static BodyWeight? PlanWeight(ErrorBag errors, decimal? kilograms, bool intranasal, string missing)
    {
        if (kilograms is { } kg && BodyWeight.TryFromKilograms(kg, out var weight))
        {
            return weight;
        }

        if (intranasal)
        {
            // The esketamine model found no effect of weight (Perez-Ruixo 2021); 70 kg only labels the chart.
            return BodyWeight.FromKilograms(70m);
        }

        errors.Add("weightKg", missing);
        return null;
    }

    private PercentileBandData Band(ModelDefinition model, Covariates covariates, Regimen regimen, double[] grid, PharmacokineticSettings rules)
    {
        var bands = Respite.Pharmacokinetics.Simulation.Population.Simulate(model, covariates, regimen, grid, rules.PopulationSize, rules.PopulationSeed, BandPercentiles);
        return new PercentileBandData(
            $"5th–95th percentile of {rules.PopulationSize:N0} virtual patients",
            grid,
            [.. bands.Bands[0].Concentrations.Select(c => c.NanogramsPerMillilitre)],
            [.. bands.Bands[1].Concentrations.Select(c => c.NanogramsPerMillilitre)]);
    }

    private async Task<int?> AgeAsync(Guid patientId, DateOnly on, CancellationToken cancellationToken)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == patientId, cancellationToken);
        return patient?.AgeOn(on);
    }

    private async Task<(TreatmentPlan Plan, PlannedSession Session)?> PlanOfAsync(TreatmentSession session, CancellationToken cancellationToken)
    {
        if (session.AppointmentId is not { } appointmentId)
        {
            return null;
        }

        var plannedId = await db.Appointments.AsNoTracking().Where(a => a.Id == appointmentId).Select(a => a.PlannedSessionId).FirstOrDefaultAsync(cancellationToken);
        if (plannedId is null)
        {
            return null;
        }

        var plan = await db.TreatmentPlans.AsNoTracking().Include(p => p.Sessions).FirstOrDefaultAsync(p => p.Sessions.Any(s => s.Id == plannedId), cancellationToken);
        return plan is null ? null : (plan, plan.Sessions.Single(s => s.Id == plannedId));
    }

    /// <summary>The doses charted on a session, timed from <see cref="Origin"/> (the first dose).</summary>
    internal readonly record struct GivenDoses(DateTimeOffset Origin, Regimen Regimen, string Label, IReadOnlyList<ChartMarker> Markers, bool Running, bool Clipped);

    private readonly record struct PlannedDoses(Regimen Regimen, string Label, IReadOnlyList<ChartMarker> Markers);
}

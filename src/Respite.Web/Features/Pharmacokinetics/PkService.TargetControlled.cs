using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Protocols;
using Respite.Clinical.Screening;
using Respite.Data.Auditing;
using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;
using Respite.Pharmacokinetics.Simulation;
using Respite.Web.Features.Shared;

namespace Respite.Web.Features.Pharmacokinetics;

public sealed partial class PkService
{
    /// <summary>
    /// POST /api/pk/target-controlled. With a plan id the plan is read (404 when the user may not read its patient;
    /// audited): its weight, bag concentration and protocol limits (mg/h, mg/kg/h, mg per session) apply.
    /// </summary>
    public async Task<Outcome<PkTargetControlledResult>> TargetControlledAsync(ClaimsPrincipal user, PkTargetControlledRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rules = await settings.GetPharmacokineticSettingsAsync(cancellationToken);
        if (request.PlanId is not { } planId)
        {
            return TargetControlled(request, rules, null);
        }

        var plan = await db.TreatmentPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan is null || !access.CanRead(user, plan.PatientId))
        {
            await audit.RecordAsync(AuditAction.Read, "PlanTargetControlled", planId.ToString(), plan?.PatientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<PkTargetControlledResult>.NotFound("The plan");
        }

        if (plan.Modality == Modality.EsketamineNasalSpray)
        {
            await audit.RecordAsync(AuditAction.Read, "PlanTargetControlled", planId.ToString(), plan.PatientId, AuditOutcome.Denied, "intranasal plan", cancellationToken);
            return Outcome<PkTargetControlledResult>.Invalid("planId", "A plasma-targeted infusion applies to intravenous plans; this plan is for esketamine nasal spray.");
        }

        var protocol = await catalog.RevisionAsync(plan.ProtocolId, plan.ProtocolRevision, cancellationToken);
        var limits = new PlanLimits(
            (double?)plan.WeightKg,
            (double)plan.ConcentrationMgPerMl,
            (double?)protocol?.Limits.MaxMgPerHour,
            (double?)protocol?.Limits.MaxMgPerKgPerHour,
            (double?)protocol?.Limits.MaxMgPerSession,
            (double?)protocol?.Limits.MaxMgPerKg,
            protocol?.Name ?? plan.ProtocolId,
            await AgeAsync(plan.PatientId, plan.StartDate, cancellationToken));
        var outcome = TargetControlled(request, rules, limits);
        await audit.RecordAsync(AuditAction.Read, "PlanTargetControlled", planId.ToString(), plan.PatientId,
            outcome.Succeeded ? AuditOutcome.Success : AuditOutcome.Denied, outcome.Succeeded ? $"target={request.TargetNgPerMl}" : "invalid", cancellationToken);
        return outcome;
    }

    /// <summary>
    /// A stepwise infusion that brings the predicted plasma concentration to the target and holds it (STANPUMP-style),
    /// clamped to the lowest of the explicit maximum rate and the plan's protocol limits, or to the chartable
    /// maximum when neither is given.
    /// </summary>
    public static Outcome<PkTargetControlledResult> TargetControlled(PkTargetControlledRequest request, PharmacokineticSettings rules, PlanLimits? plan)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rules);
        var errors = new ErrorBag();
        var model = PkInput.Model(errors, request.Model ?? rules.DefaultIvModel);
        if (model is not null && !model.Routes.HasFlag(ModelRoutes.Intravenous))
        {
            errors.Add("model", $"The model {model.Id} takes no intravenous infusion.");
        }

        BodyWeight? weight;
        if (request.WeightKg is null && plan is { WeightKg: null })
        {
            errors.Add("weightKg", "The plan has no weight: give weightKg or record the patient's weight and revise the plan.");
            weight = null;
        }
        else
        {
            weight = PkInput.Weight(errors, request.WeightKg ?? plan?.WeightKg);
        }

        var age = PkInput.Age(errors, request.AgeYears ?? plan?.AgeYears);
        var target = PkInput.Positive(errors, "targetNgPerMl", request.TargetNgPerMl, 5_000, "ng/mL");
        var duration = PkInput.Positive(errors, "durationMinutes", request.DurationMinutes, 1440, "minutes");
        if (duration is < 1)
        {
            errors.Add("durationMinutes", "Must be at least 1 minute.");
        }

        var step = PkInput.Positive(errors, "stepMinutes", request.StepMinutes ?? rules.TciStepMinutes, 60, "minutes");
        if (step is < 1d / 6)
        {
            errors.Add("stepMinutes", "Must be at least 10 seconds.");
        }
        else if (step is { } s && duration is { } d && s > d)
        {
            errors.Add("stepMinutes", "Must not exceed the duration.");
        }

        var increment = request.RateIncrementMgPerHour ?? rules.TciRateIncrementMgPerHour;
        if (!double.IsFinite(increment) || increment is < 0 or > 10)
        {
            errors.Add("rateIncrementMgPerHour", "Must be between 0 and 10 mg/h (0 for no rounding).");
        }

        // The floors keep a rate a rate once it is held in decimal, and mL/h finite.
        var explicitRate = PkInput.Positive(errors, "maxRateMgPerHour", request.MaxRateMgPerHour, ChartableMaximumRateMgPerHour, "mg/h", required: false);
        if (explicitRate is < 0.01)
        {
            errors.Add("maxRateMgPerHour", "Must be at least 0.01 mg/h.");
        }

        var explicitTotal = PkInput.Positive(errors, "maxTotalMg", request.MaxTotalMg, PkInput.MaximumMilligrams, "mg", required: false);
        var bag = PkInput.Positive(errors, "concentrationMgPerMl", request.ConcentrationMgPerMl, 100, "mg/mL", required: false);
        if (bag is < 0.01)
        {
            errors.Add("concentrationMgPerMl", "Must be at least 0.01 mg/mL.");
        }

        var concentration = bag ?? plan?.ConcentrationMgPerMl;
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<PkTargetControlledResult>();
        }

        var kg = (double)weight!.Value.Kilograms;
        var (ceiling, source) = Ceiling(explicitRate, plan, kg);
        if (increment > 0 && ceiling < increment)
        {
            return Outcome<PkTargetControlledResult>.Invalid("rateIncrementMgPerHour", $"The rate increment exceeds the maximum rate ({Number(ceiling)} mg/h).");
        }

        var total = new[] { explicitTotal, plan?.MaxMgPerSession, plan?.MaxMgPerKg * kg }.Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(double.NaN).Min();
        var individual = model!.Typical(new Covariates(weight.Value, age));
        var schedule = TargetControlledInfusion.Plan(
            individual,
            PlasmaConcentration.FromNanogramsPerMillilitre(target!.Value),
            TimeSpan.FromMinutes(duration!.Value),
            TimeSpan.FromMinutes(step!.Value),
            MassRate.FromMilligramsPerHour((decimal)ceiling),
            MassRate.FromMilligramsPerHour((decimal)increment),
            double.IsNaN(total) ? null : Mass.FromMilligrams((decimal)total));

        var steps = schedule.Steps.Select(i =>
        {
            var perHour = (double)i.Rate.MilligramsPerHour;
            return new PkTciStep(
                i.At.TotalMinutes, i.Duration.TotalMinutes, perHour, Math.Round(perHour / kg, 4),
                concentration is { } c ? Math.Round(perHour / c, 1, MidpointRounding.AwayFromZero) : null);
        }).ToList();

        var end = duration.Value + 60;
        var grid = Grid(end);
        var (curve, _) = Curve(new PkSimulator(individual), schedule.Regimen, grid, end, $"Target {Number(target.Value)} ng/mL for {Number(duration.Value)} min", "planned");
        var markers = new List<ChartMarker>();
        if (schedule.ReachesTargetAt is { } reached)
        {
            markers.Add(new ChartMarker("Reaches target", reached.TotalMinutes));
        }

        markers.Add(new ChartMarker("Schedule ends", duration.Value));
        var chart = new ConcentrationChartData(
            $"Plasma-targeted schedule: {Number(target.Value)} ng/mL",
            ModelLine(model),
            Caption(model, weight.Value, null, rules) + " " + Advisory,
            [curve],
            [],
            ReferenceBands(model, rules),
            markers,
            end);
        return Outcome<PkTargetControlledResult>.Success(new PkTargetControlledResult(
            model.Id,
            target.Value,
            steps,
            (double)schedule.Total.Milligrams,
            schedule.ReachesTargetAt?.TotalMinutes,
            schedule.Peak.NanogramsPerMillilitre,
            schedule.LimitedByMaximumRate,
            ceiling,
            source,
            chart,
            Advisory));
    }

    private static (double Rate, string Source) Ceiling(double? explicitRate, PlanLimits? plan, double kg)
    {
        var candidates = new List<(double Rate, string Source)>();
        if (explicitRate is { } rate)
        {
            candidates.Add((rate, "the maximum rate given"));
        }

        if (plan?.MaxMgPerHour is { } perHour)
        {
            candidates.Add((perHour, $"{plan.ProtocolName}: at most {Number(perHour)} mg/h"));
        }

        if (plan?.MaxMgPerKgPerHour is { } perKg)
        {
            candidates.Add((perKg * kg, $"{plan.ProtocolName}: at most {Number(perKg)} mg/kg/h × {Number(kg)} kg"));
        }

        return candidates.Count == 0
            ? (ChartableMaximumRateMgPerHour, $"no limit given: the highest rate a session can chart ({Number(ChartableMaximumRateMgPerHour)} mg/h)")
            : candidates.MinBy(c => c.Rate);
    }

    /// <summary>
    /// What a plan brings to a plasma-targeted schedule: the weight, the bag, the protocol's limits (rate in mg/h and
    /// mg/kg/h; total per session in mg and mg/kg).
    /// </summary>
    public sealed record PlanLimits(
        double? WeightKg, double? ConcentrationMgPerMl, double? MaxMgPerHour, double? MaxMgPerKgPerHour, double? MaxMgPerSession, double? MaxMgPerKg, string ProtocolName, int? AgeYears);
}

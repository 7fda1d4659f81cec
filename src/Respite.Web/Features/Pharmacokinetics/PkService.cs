using System.Globalization;
using Respite.Data;
using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;
using Respite.Pharmacokinetics.Simulation;
using Respite.Web.Features.Patients;
using Respite.Web.Features.Protocols;
using Respite.Web.Features.Settings;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Pharmacokinetics;

/// <summary>
/// Predicted plasma concentrations for the clinic: the stateless tools of /api/pk (simulate, population bands,
/// comparison, plasma-targeted schedules, the model catalog) and the charts of a patient's plan and session. Every
/// figure is a population estimate from a published model, not a measured level.
/// </summary>
public sealed partial class PkService(
    RespiteDbContext db, AuditTrail audit, PatientAccess access, ClinicSettingsService settings, ProtocolCatalog catalog, TimeProvider clock)
{
    /// <summary>What every plasma-targeted schedule says about itself.</summary>
    public const string Advisory = "Suggestion for the prescriber; never sent to a device.";

    /// <summary>The default number of virtual patients of POST /api/pk/population.</summary>
    public const int DefaultPopulationPatients = 1000;

    /// <summary>
    /// The most patients × times one population request may compute: each is a matrix–vector product and a share of
    /// the percentile selection (about a second on two cores at the limit).
    /// </summary>
    public const long MaximumPopulationWork = 20_000_000;

    /// <summary>
    /// The most patients × distinct step lengths one population request may compute: every virtual patient has its
    /// own model, so each computes its own matrix exponential for every distinct step (about 20 µs each on two cores
    /// for the largest model, so at most about two seconds and 180 MB). A regular grid has a handful of distinct
    /// steps; a year of weekly sessions at any whole minute on an hourly grid has under a hundred.
    /// </summary>
    public const long MaximumPopulationSteps = 100_000;

    /// <summary>
    /// The most patients × changes of input one population request may hold: every virtual patient keeps its own
    /// input schedule (a few hundred bytes per change) for the whole simulation.
    /// </summary>
    public const long MaximumPopulationInputChanges = 1_000_000;

    /// <summary>The most percentiles one population request may ask for: each is a band of one value per time.</summary>
    public const int MaximumPercentiles = 10;

    /// <summary>The highest rate a pump can be charted at (the session chart refuses more), the ceiling when nothing lower applies.</summary>
    public const double ChartableMaximumRateMgPerHour = 1000;

    private const string EstimateCaption = "Population estimate from a published model, not a measured level.";

    /// <summary>The models of the catalog with their parameters, sources and variability.</summary>
    public static IReadOnlyList<PkModelDto> Models() =>
        [.. ModelCatalog.All.Select(m => new PkModelDto(
            m.Id,
            m.Name,
            m.Drug,
            RouteNames(m.Routes),
            m.Citation,
            m.StudiedPopulation,
            IsRacemic(m),
            m.Typical(new Covariates(BodyWeight.FromKilograms(70m))).Metabolite?.Name,
            [.. m.Parameters.Select(p => new PkParameterDto(p.Name, p.Value, p.Unit, p.Source, JsonDefaults.Kebab(p.Scale)))],
            [.. m.Variability.Select(v => new PkVariabilityDto(v.Parameters, v.Covariance, v.Source, v.IsAssumption))]))];

    public Task<Outcome<PkSimulationResult>> SimulateAsync(PkSimulationRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Simulate(request));
    }

    /// <summary>POST /api/pk/simulate.</summary>
    public static Outcome<PkSimulationResult> Simulate(PkSimulationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ErrorBag();
        var model = PkInput.Model(errors, request.Model);
        var weight = PkInput.Weight(errors, request.WeightKg);
        var age = PkInput.Age(errors, request.AgeYears);
        var regimen = PkInput.Regimen(errors, model, request.Doses);
        var times = PkInput.Times(errors, request.Times);
        var threshold = PkInput.Positive(errors, "thresholdNgPerMl", request.ThresholdNgPerMl, 1_000_000, "ng/mL", required: false);
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<PkSimulationResult>();
        }

        var individual = model!.Typical(new Covariates(weight!.Value, age));
        var simulator = new PkSimulator(individual);
        TimeSpan[] at = [.. times!.Select(TimeSpan.FromMinutes)];

        // The summary runs over [0, last time] in whole milliseconds; a last time under half a millisecond is the start.
        TimeSpan? until = Math.Round(at[^1].TotalMilliseconds, MidpointRounding.AwayFromZero) > 0 ? at[^1] : null;
        if (!PkInput.WithinSteps(errors, simulator.Cost(regimen!, at, until), "doses", "times", () => simulator.Cost(regimen!, [at[^1]], until)))
        {
            return errors.ToOutcome<PkSimulationResult>();
        }

        var profile = simulator.Simulate(regimen!, at);
        var concentrations = profile.Concentrations.Select(c => c.NanogramsPerMillilitre).ToArray();
        double peak, peakMinute, auc;
        double? above = null;
        if (until is { } end)
        {
            var summary = simulator.Summarize(
                regimen!, end, threshold is { } level ? PlasmaConcentration.FromNanogramsPerMillilitre(level) : null);
            (peak, peakMinute, auc) = (summary.Peak.NanogramsPerMillilitre, summary.PeakAt.TotalMinutes, summary.AreaNanogramHoursPerMillilitre);
            above = summary.TimeAtOrAboveThreshold?.TotalMinutes;
        }
        else
        {
            (peak, peakMinute, auc) = (concentrations.Max(), 0, 0);
            above = threshold is { } level ? 0 : null;
        }

        return Outcome<PkSimulationResult>.Success(new PkSimulationResult(
            model.Id, concentrations, peak, peakMinute, auc, above,
            profile.MetaboliteConcentrations?.Select(c => c.NanogramsPerMillilitre).ToArray(),
            individual.Metabolite?.Name));
    }

    /// <summary>POST /api/pk/population; the seed defaults to the clinic's population seed.</summary>
    public async Task<Outcome<PkPopulationResult>> PopulationAsync(PkPopulationRequest request, CancellationToken cancellationToken = default)
    {
        var rules = await settings.GetPharmacokineticSettingsAsync(cancellationToken);
        return Population(request, rules.PopulationSeed);
    }

    /// <summary>The percentile bands of <paramref name="request"/>; <paramref name="defaultSeed"/> when it names none.</summary>
    public static Outcome<PkPopulationResult> Population(PkPopulationRequest request, ulong defaultSeed)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ErrorBag();
        var model = PkInput.Model(errors, request.Model);
        var weight = PkInput.Weight(errors, request.WeightKg);
        var age = PkInput.Age(errors, request.AgeYears);
        var regimen = PkInput.Regimen(errors, model, request.Doses);
        var patients = request.Patients ?? DefaultPopulationPatients;
        if (patients is < 1 or > Respite.Pharmacokinetics.Simulation.Population.MaximumPatients)
        {
            errors.Add("patients", $"Must be between 1 and {PkInput.Count(Respite.Pharmacokinetics.Simulation.Population.MaximumPatients)}.");
        }

        var times = PkInput.Times(errors, request.Times);
        if (times is not null && patients is >= 1 and <= Respite.Pharmacokinetics.Simulation.Population.MaximumPatients
            && (long)patients * times.Length > MaximumPopulationWork)
        {
            errors.Add("times", $"Patients × times may be at most {PkInput.Count(MaximumPopulationWork)}: ask for fewer times or fewer patients.");
        }

        var percentiles = request.Percentiles ?? [5, 50, 95];
        if (percentiles.Count is 0 or > MaximumPercentiles)
        {
            errors.Add("percentiles", $"Give 1 to {MaximumPercentiles} percentiles.");
        }
        else
        {
            for (var i = 0; i < percentiles.Count; i++)
            {
                if (!(percentiles[i] > 0 && percentiles[i] < 100))
                {
                    errors.Add($"percentiles[{i}]", "A percentile lies strictly between 0 and 100.");
                    break;
                }
            }
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<PkPopulationResult>();
        }

        var covariates = new Covariates(weight!.Value, age);
        var cost = Respite.Pharmacokinetics.Simulation.Population.Cost(model!, covariates, regimen!, times!);
        if (PkInput.WithinSteps(errors, cost, "doses", "times", () => Respite.Pharmacokinetics.Simulation.Population.Cost(model!, covariates, regimen!, [times![^1]])))
        {
            if ((long)patients * cost.DistinctSteps > MaximumPopulationSteps)
            {
                errors.Add("patients", $"{PkInput.Count(patients)} patients × {PkInput.Count(cost.DistinctSteps)} distinct step lengths between times and doses is {PkInput.Count((long)patients * cost.DistinctSteps)} matrix exponentials; at most {PkInput.Count(MaximumPopulationSteps)}, because each virtual patient computes its own. Ask for fewer patients, or for times on a regular grid.");
            }

            if ((long)patients * cost.InputChanges > MaximumPopulationInputChanges)
            {
                errors.Add("patients", $"{PkInput.Count(patients)} patients × {PkInput.Count(cost.InputChanges)} changes of input (infusion starts and stops, boluses, nasal devices) is {PkInput.Count((long)patients * cost.InputChanges)}; at most {PkInput.Count(MaximumPopulationInputChanges)}, because each virtual patient holds its own schedule. Ask for fewer patients or fewer doses.");
            }
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<PkPopulationResult>();
        }

        var seed = request.Seed ?? defaultSeed;
        var bands = Respite.Pharmacokinetics.Simulation.Population.Simulate(model!, covariates, regimen!, times!, patients, seed, percentiles);
        return Outcome<PkPopulationResult>.Success(new PkPopulationResult(
            model!.Id, patients, seed, bands.Minutes,
            [.. bands.Bands.Select(b => new PkPercentileBand(b.Percentile, [.. b.Concentrations.Select(c => c.NanogramsPerMillilitre)]))]));
    }

    /// <summary>POST /api/pk/compare, with the clinic's reference bands.</summary>
    public async Task<Outcome<PkComparison>> CompareAsync(PkCompareRequest request, CancellationToken cancellationToken = default)
    {
        var rules = await settings.GetPharmacokineticSettingsAsync(cancellationToken);
        return Compare(request, rules);
    }

    /// <summary>Two to four regimens on one model: one <c>compare</c> curve each and their figures side by side.</summary>
    public static Outcome<PkComparison> Compare(PkCompareRequest request, PharmacokineticSettings rules)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rules);
        var errors = new ErrorBag();
        var model = PkInput.Model(errors, request.Model);
        var weight = PkInput.Weight(errors, request.WeightKg);
        var age = PkInput.Age(errors, request.AgeYears);
        var regimens = new List<(int Index, string Label, Regimen Regimen)>();
        if (request.Regimens is not { Count: >= 2 and <= 4 })
        {
            errors.Add("regimens", "Compare two to four regimens.");
        }
        else
        {
            for (var i = 0; i < request.Regimens.Count; i++)
            {
                if (request.Regimens[i] is not { } input)
                {
                    errors.Add($"regimens[{i}]", "A regimen is required.");
                    continue;
                }

                if (input.Label is { Length: > 100 })
                {
                    errors.Add($"regimens[{i}].label", "At most 100 characters.");
                }

                if (PkInput.Regimen(errors, model, input.Doses, $"regimens[{i}].doses") is { } regimen)
                {
                    if (regimen.Doses.Count == 0)
                    {
                        errors.Add($"regimens[{i}].doses", "A compared regimen needs at least one dose.");
                        continue;
                    }

                    regimens.Add((i, string.IsNullOrWhiteSpace(input.Label) ? Describe(regimen) : input.Label.Trim(), regimen));
                }
            }
        }

        var end = PkInput.Positive(errors, "endMinute", request.EndMinute, 7 * 24 * 60, "minutes", required: false);
        if (end is < 1)
        {
            errors.Add("endMinute", "Must be at least 1 minute.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<PkComparison>();
        }

        var endMinute = end ?? regimens.Max(r => DefaultEnd(r.Regimen));
        var individual = model!.Typical(new Covariates(weight!.Value, age));
        var grid = Grid(endMinute);

        // Each regimen is simulated on the chart's grid and summarised to its end, with a simulator of its own, under
        // the same limit as one simulation.
        TimeSpan[] chartTimes = [.. grid.Select(TimeSpan.FromMinutes)];
        var simulators = regimens.Select(_ => new PkSimulator(individual)).ToArray();
        for (var r = 0; r < regimens.Count; r++)
        {
            PkInput.WithinSteps(errors, simulators[r].Cost(regimens[r].Regimen, chartTimes, TimeSpan.FromMinutes(endMinute)), $"regimens[{regimens[r].Index}].doses");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<PkComparison>();
        }

        var racemic = IsRacemic(model);
        var threshold = racemic ? PlasmaConcentration.FromNanogramsPerMillilitre(rules.DissociationLowNgPerMl) : (PlasmaConcentration?)null;
        var curves = new List<ConcentrationCurve>();
        var rows = new List<PkComparisonRow>();
        foreach (var ((_, label, regimen), simulator) in regimens.Zip(simulators))
        {
            var (curve, summary) = Curve(simulator, regimen, grid, endMinute, label, "compare", threshold);
            curves.Add(curve);
            rows.Add(new PkComparisonRow(
                label,
                (double)regimen.Doses.Where(d => d.Start.TotalMinutes <= endMinute).Sum(d => d.Total.Milligrams),
                curve.PeakNgPerMl,
                curve.PeakMinute,
                curve.AucNgHPerMl,
                summary.TimeAtOrAboveThreshold?.TotalMinutes,
                threshold?.NanogramsPerMillilitre));
        }

        var chart = new ConcentrationChartData(
            $"{string.Join(" vs ", regimens.Select(r => r.Label))}",
            ModelLine(model),
            Caption(model, weight!.Value, null, rules),
            curves,
            [],
            ReferenceBands(model, rules),
            [],
            endMinute);
        return Outcome<PkComparison>.Success(new PkComparison(chart, rows));
    }

    /// <summary>True for the racemic-ketamine models, the only ones the sources give concentration–effect bands for.</summary>
    internal static bool IsRacemic(ModelDefinition model) => model.Drug == ModelCatalog.KetamineClements.Drug;

    internal static IReadOnlyList<ReferenceBandData> ReferenceBands(ModelDefinition model, PharmacokineticSettings rules) =>
        IsRacemic(model)
            ? [
                new ReferenceBandData("Analgesia (population)", rules.AnalgesiaLowNgPerMl, rules.AnalgesiaHighNgPerMl, rules.BandsSource),
                new ReferenceBandData("Dissociation (population)", rules.DissociationLowNgPerMl, rules.DissociationHighNgPerMl, rules.BandsSource),
            ]
            : [];

    internal static string ModelLine(ModelDefinition model) => $"{model.Name}. {model.Citation}";

    /// <summary>The chart's caption: what it is, for whom, and what the shading means.</summary>
    internal static string Caption(ModelDefinition model, BodyWeight weight, int? bandPatients, PharmacokineticSettings rules)
    {
        var text = $"{EstimateCaption} Typical patient of {weight}";
        text += bandPatients is { } n
            ? $"; the shaded band holds the 5th–95th percentile of {n.ToString("N0", CultureInfo.InvariantCulture)} virtual patients."
            : ".";
        if (IsRacemic(model))
        {
            text += $" Reference ranges: analgesia {Number(rules.AnalgesiaLowNgPerMl)}–{Number(rules.AnalgesiaHighNgPerMl)} ng/mL, dissociation {Number(rules.DissociationLowNgPerMl)}–{Number(rules.DissociationHighNgPerMl)} ng/mL (racemic ketamine, population).";
        }
        else
        {
            text += $" The sources give no concentration–effect range for {model.Drug}, so none is drawn; the racemic-ketamine ranges do not apply.";
        }

        return text;
    }

    /// <summary>A curve over <paramref name="grid"/> with its exact peak, AUC and (when asked) time above a threshold.</summary>
    internal static (ConcentrationCurve Curve, ProfileSummary Summary) Curve(
        PkSimulator simulator, Regimen regimen, double[] grid, double endMinute, string label, string kind, PlasmaConcentration? threshold = null)
    {
        var values = new double[grid.Length];
        simulator.Concentrations(regimen, grid, values);
        var summary = simulator.Summarize(regimen, TimeSpan.FromMinutes(endMinute), threshold);
        return (new ConcentrationCurve(label, kind, grid, values, summary.Peak.NanogramsPerMillilitre, summary.PeakAt.TotalMinutes, summary.AreaNanogramHoursPerMillilitre), summary);
    }

    /// <summary>Chart times from 0 to <paramref name="endMinute"/>: every minute up to 12 h, coarser beyond (at most about 720 points).</summary>
    internal static double[] Grid(double endMinute)
    {
        var step = endMinute <= 720 ? 1d : Math.Ceiling(endMinute / 720d);
        var times = new List<double>();
        for (var t = 0d; t < endMinute; t += step)
        {
            times.Add(t);
        }

        times.Add(endMinute);
        return [.. times];
    }

    /// <summary>The end of a chart: 4 h after the last intravenous dose ends, 8 h after the last intranasal dose.</summary>
    internal static double DefaultEnd(Regimen regimen)
    {
        var intravenous = regimen.Doses.Where(d => d is not IntranasalDose).Select(d => d is Infusion i ? i.End.TotalMinutes : d.Start.TotalMinutes).DefaultIfEmpty(-1).Max();
        var intranasal = regimen.Doses.OfType<IntranasalDose>().Select(d => d.Start.TotalMinutes).DefaultIfEmpty(-1).Max();
        return Math.Max(Math.Max(intravenous < 0 ? 0 : intravenous + 240, intranasal < 0 ? 0 : intranasal + 480), 60);
    }

    /// <summary>A regimen in words, e.g. "35 mg over 40 min" or "56 mg intranasal".</summary>
    internal static string Describe(Regimen regimen)
    {
        if (regimen.Doses.Count == 1)
        {
            return regimen.Doses[0] switch
            {
                Infusion i => $"{Number((double)i.Total.Milligrams)} mg over {Number(i.Duration.TotalMinutes)} min",
                Bolus b => $"{Number((double)b.Amount.Milligrams)} mg bolus",
                IntranasalDose n => $"{Number((double)n.Amount.Milligrams)} mg intranasal",
                _ => "1 dose",
            };
        }

        return $"{Number((double)regimen.Doses.Sum(d => d.Total.Milligrams))} mg in {regimen.Doses.Count} doses";
    }

    internal static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static IReadOnlyList<string> RouteNames(ModelRoutes routes)
    {
        var names = new List<string>();
        if (routes.HasFlag(ModelRoutes.Intravenous))
        {
            names.Add("intravenous");
        }

        if (routes.HasFlag(ModelRoutes.Intranasal))
        {
            names.Add("intranasal");
        }

        return names;
    }
}

namespace Respite.Web.Features.Pharmacokinetics;

/// <summary>
/// One administration of a regimen, by <see cref="Kind"/>: <c>infusion</c> (<see cref="StartMinute"/>,
/// <see cref="DurationMinutes"/>, <see cref="RateMgPerHour"/> up to 1000), <c>bolus</c> (<see cref="Minute"/>,
/// <see cref="Mg"/> up to 200) or <c>intranasal</c> (<see cref="Minute"/>, <see cref="Mg"/> up to 1000). Minutes
/// count from the start of the regimen, up to 366 days.
/// </summary>
public sealed record PkDoseInput(string? Kind, double? StartMinute, double? DurationMinutes, double? RateMgPerHour, double? Minute, double? Mg);

/// <summary>A regimen given to one typical patient of a model.</summary>
public record PkRegimenInput
{
    /// <summary>The model's identifier (GET /api/pk/models).</summary>
    public string? Model { get; init; }

    /// <summary>Total body weight, 0.5–500 kg.</summary>
    public double? WeightKg { get; init; }

    /// <summary>Age in years, for models that use it; optional.</summary>
    public int? AgeYears { get; init; }

    /// <summary>The administrations (at most 500; infusions may not overlap).</summary>
    public IReadOnlyList<PkDoseInput?>? Doses { get; init; }
}

/// <summary>
/// POST /api/pk/simulate: concentrations at <see cref="Times"/> (minutes, ascending, at most 50,000, with at most
/// 10,000 distinct step lengths between consecutive times and changes of input).
/// </summary>
public sealed record PkSimulationRequest : PkRegimenInput
{
    public IReadOnlyList<double>? Times { get; init; }

    /// <summary>When given, the time spent at or above this concentration is reported.</summary>
    public double? ThresholdNgPerMl { get; init; }
}

/// <summary>The predicted concentrations; peak and AUC over [0, last time].</summary>
public sealed record PkSimulationResult(
    string Model,
    IReadOnlyList<double> ConcentrationsNgPerMl,
    double PeakNgPerMl,
    double PeakMinute,
    double AucNgHPerMl,
    double? TimeAboveThresholdMinutes,
    IReadOnlyList<double>? MetaboliteConcentrationsNgPerMl,
    string? Metabolite);

/// <summary>POST /api/pk/population: percentile bands over virtual patients.</summary>
public sealed record PkPopulationRequest : PkRegimenInput
{
    public IReadOnlyList<double>? Times { get; init; }

    /// <summary>
    /// Virtual patients, 1–20,000; default 1000. Patients × times at most 20,000,000, patients × distinct step
    /// lengths at most 100,000, patients × changes of input at most 1,000,000.
    /// </summary>
    public int? Patients { get; init; }

    /// <summary>The random seed; default the clinic's population seed.</summary>
    public ulong? Seed { get; init; }

    /// <summary>One to ten percentiles strictly between 0 and 100; default 5, 50, 95.</summary>
    public IReadOnlyList<double>? Percentiles { get; init; }
}

/// <summary>The concentration a percentile of the virtual patients stays below, at each time.</summary>
public sealed record PkPercentileBand(double Percentile, IReadOnlyList<double> ConcentrationsNgPerMl);

public sealed record PkPopulationResult(string Model, int Patients, ulong Seed, IReadOnlyList<double> Minutes, IReadOnlyList<PkPercentileBand> Bands);

/// <summary>One regimen of a comparison, with its legend text.</summary>
public sealed record PkCompareRegimen(string? Label, IReadOnlyList<PkDoseInput?>? Doses);

/// <summary>POST /api/pk/compare: two to four regimens on one model and one patient.</summary>
public sealed record PkCompareRequest
{
    public string? Model { get; init; }

    public double? WeightKg { get; init; }

    public int? AgeYears { get; init; }

    public IReadOnlyList<PkCompareRegimen?>? Regimens { get; init; }

    /// <summary>The end of the chart, 1 minute to 7 days; default 4 h after the last infusion ends (8 h for an intranasal dose).</summary>
    public double? EndMinute { get; init; }
}

/// <summary>
/// One compared regimen in figures. <see cref="MinutesAboveDissociation"/> is the time at or above the lower edge of the
/// dissociation band (<see cref="DissociationThresholdNgPerMl"/>); both are null for models with no reference band.
/// </summary>
public sealed record PkComparisonRow(
    string Label, double TotalMg, double PeakNgPerMl, double PeakMinute, double AucNgHPerMl, double? MinutesAboveDissociation, double? DissociationThresholdNgPerMl);

public sealed record PkComparison(ConcentrationChartData Chart, IReadOnlyList<PkComparisonRow> Summary);

/// <summary>
/// POST /api/pk/target-controlled: a stepwise plasma-targeted infusion. With <see cref="PlanId"/> the weight, the
/// bag concentration and the protocol's rate and per-session limits come from the plan; an explicit
/// <see cref="MaxRateMgPerHour"/> lowers the ceiling further.
/// </summary>
public sealed record PkTargetControlledRequest
{
    public string? Model { get; init; }

    public double? WeightKg { get; init; }

    public int? AgeYears { get; init; }

    public double? TargetNgPerMl { get; init; }

    /// <summary>How long to hold the target, 1–1440 minutes.</summary>
    public double? DurationMinutes { get; init; }

    public Guid? PlanId { get; init; }

    public double? MaxRateMgPerHour { get; init; }

    public double? MaxTotalMg { get; init; }

    /// <summary>Default the clinic's TCI step (settings).</summary>
    public double? StepMinutes { get; init; }

    /// <summary>Default the clinic's rate increment (settings).</summary>
    public double? RateIncrementMgPerHour { get; init; }

    /// <summary>The bag's concentration for mL/h; default the plan's.</summary>
    public double? ConcentrationMgPerMl { get; init; }
}

/// <summary>One step of a plasma-targeted schedule; <see cref="MlPerHour"/> when the bag concentration is known.</summary>
public sealed record PkTciStep(double StartMinute, double DurationMinutes, double MgPerHour, double MgPerKgPerHour, double? MlPerHour);

/// <summary>A plasma-targeted schedule: a suggestion for the prescriber, never sent to a device.</summary>
public sealed record PkTargetControlledResult(
    string Model,
    double TargetNgPerMl,
    IReadOnlyList<PkTciStep> Steps,
    double TotalMg,
    double? ReachesTargetMinute,
    double PeakNgPerMl,
    bool LimitedByMaximumRate,
    double MaxRateMgPerHour,
    string MaxRateSource,
    ConcentrationChartData Chart,
    string Advisory);

/// <summary>A model parameter as GET /api/pk/models lists it.</summary>
public sealed record PkParameterDto(string Name, double Value, string Unit, string Source, string Scale);

/// <summary>Inter-individual variability: Ω row-major over <see cref="Parameters"/>; <see cref="IsAssumption"/> when Respite assumes it.</summary>
public sealed record PkVariabilityDto(IReadOnlyList<string> Parameters, IReadOnlyList<double> Covariance, string Source, bool IsAssumption);

/// <summary>A model of the catalog.</summary>
public sealed record PkModelDto(
    string Id,
    string Name,
    string Drug,
    IReadOnlyList<string> Routes,
    string Citation,
    string StudiedPopulation,
    bool ReferenceBands,
    string? Metabolite,
    IReadOnlyList<PkParameterDto> Parameters,
    IReadOnlyList<PkVariabilityDto> Variability);

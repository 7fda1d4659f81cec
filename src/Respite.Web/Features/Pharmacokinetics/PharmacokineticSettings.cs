using Respite.Pharmacokinetics.Models;

namespace Respite.Web.Features.Pharmacokinetics;

/// <summary>
/// The clinic's settings for predicted-concentration charts and tools (settings group <c>pharmacokinetics</c>). The
/// reference bands are population concentration ranges for racemic ketamine from CLINICAL-SOURCES §5.1
/// (https://pmc.ncbi.nlm.nih.gov/articles/PMC6020109/table/T1); the sources give no such band for esketamine.
/// Explained in docs/clinical/pharmacokinetics.md.
/// </summary>
public sealed record PharmacokineticSettings
{
    /// <summary>The citation of the default reference bands.</summary>
    public const string BandSource =
        "Racemic ketamine plasma concentrations associated with analgesia (70–160 ng/mL) and dissociation (100–250 ng/mL) in the population: https://pmc.ncbi.nlm.nih.gov/articles/PMC6020109/table/T1 (CLINICAL-SOURCES §5.1)";

    public static PharmacokineticSettings Default { get; } = new();

    /// <summary>Lower edge of the analgesia band for racemic ketamine, ng/mL. Default 70 [V: PMC6020109 Table 1].</summary>
    public double AnalgesiaLowNgPerMl { get; init; } = 70;

    /// <summary>Upper edge of the analgesia band, ng/mL. Default 160 [V: PMC6020109 Table 1].</summary>
    public double AnalgesiaHighNgPerMl { get; init; } = 160;

    /// <summary>Lower edge of the dissociation band for racemic ketamine, ng/mL. Default 100 [V: PMC6020109 Table 1].</summary>
    public double DissociationLowNgPerMl { get; init; } = 100;

    /// <summary>Upper edge of the dissociation band, ng/mL. Default 250 [V: PMC6020109 Table 1].</summary>
    public double DissociationHighNgPerMl { get; init; } = 250;

    /// <summary>Where the bands come from; shown under the chart.</summary>
    public string BandsSource { get; init; } = BandSource;

    /// <summary>
    /// The model for intravenous racemic ketamine. Default <c>ketamine-clements</c>: for 70 kg and 0.5 mg/kg over
    /// 40 min it predicts a peak of about 177 ng/mL, the closest of the catalog to the Cmax of about 185 ng/mL
    /// published for that regimen (Zarate 2006; CLINICAL-SOURCES §5.1).
    /// </summary>
    public string DefaultIvModel { get; init; } = ModelCatalog.KetamineClements.Id;

    /// <summary>The model for esketamine nasal spray. Default <c>esketamine-intranasal</c> (Perez-Ruixo 2021; §5.4).</summary>
    public string DefaultIntranasalModel { get; init; } = ModelCatalog.EsketamineIntranasal.Id;

    /// <summary>Virtual patients behind the percentile band of a chart (100–5000). Default 500 [U: precision of the 5th/95th percentile vs. time].</summary>
    public int PopulationSize { get; init; } = 500;

    /// <summary>The random seed of the virtual population, so that a chart is the same every time it is drawn.</summary>
    public ulong PopulationSeed { get; init; } = 20_061_001;

    /// <summary>How often a plasma-targeted schedule may change the rate, minutes (1–60). Default 5, a pump set by hand [U: practice].</summary>
    public int TciStepMinutes { get; init; } = 5;

    /// <summary>Rates of a plasma-targeted schedule are rounded to this, mg/h (0–10; 0 for no rounding). Default 0.1 [U: pump resolution].</summary>
    public double TciRateIncrementMgPerHour { get; init; } = 0.1;

    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var problems = new List<(string, string)>();
        Band(problems, "analgesia", AnalgesiaLowNgPerMl, AnalgesiaHighNgPerMl);
        Band(problems, "dissociation", DissociationLowNgPerMl, DissociationHighNgPerMl);
        if (string.IsNullOrWhiteSpace(BandsSource) || BandsSource.Length > 500)
        {
            problems.Add(("bandsSource", "Required, at most 500 characters."));
        }

        Model(problems, "defaultIvModel", DefaultIvModel, ModelRoutes.Intravenous);
        Model(problems, "defaultIntranasalModel", DefaultIntranasalModel, ModelRoutes.Intranasal);
        if (PopulationSize is < 100 or > 5000)
        {
            problems.Add(("populationSize", "Must be between 100 and 5000."));
        }

        if (TciStepMinutes is < 1 or > 60)
        {
            problems.Add(("tciStepMinutes", "Must be between 1 and 60 minutes."));
        }

        if (!double.IsFinite(TciRateIncrementMgPerHour) || TciRateIncrementMgPerHour is < 0 or > 10)
        {
            problems.Add(("tciRateIncrementMgPerHour", "Must be between 0 and 10 mg/h (0 for no rounding)."));
        }

        return problems;
    }

    private static void Band(List<(string, string)> problems, string name, double low, double high)
    {
        if (!double.IsFinite(low) || low <= 0 || low > 10_000)
        {
            problems.Add(($"{name}LowNgPerMl", "Must be more than 0 and at most 10000 ng/mL."));
        }

        if (!double.IsFinite(high) || high <= 0 || high > 10_000)
        {
            problems.Add(($"{name}HighNgPerMl", "Must be more than 0 and at most 10000 ng/mL."));
        }
        else if (high <= low)
        {
            problems.Add(($"{name}HighNgPerMl", "Must be above the lower edge."));
        }
    }

    private static void Model(List<(string, string)> problems, string field, string? id, ModelRoutes route)
    {
        if (ModelCatalog.Find(id) is not { } model)
        {
            problems.Add((field, $"Not a known model ({string.Join(", ", ModelCatalog.All.Select(m => m.Id))})."));
        }
        else if (!model.Routes.HasFlag(route))
        {
            problems.Add((field, $"The model {model.Id} takes no {(route == ModelRoutes.Intranasal ? "intranasal" : "intravenous")} doses."));
        }
    }
}

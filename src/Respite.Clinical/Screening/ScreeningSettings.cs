using Respite.Clinical.Instruments;

namespace Respite.Clinical.Screening;

/// <summary>Clinic-configurable screening thresholds. Each default cites its source (CLINICAL-SOURCES).</summary>
public sealed record ScreeningSettings
{
    /// <summary>Adequate antidepressant trials in the current episode that define treatment-resistant depression.
    /// Default 2 [V]: PMC11193313; the Spravato trials used the same definition (§1.3).</summary>
    public int MinimumAdequateAntidepressantTrials { get; init; } = 2;

    /// <summary>PHQ-9 item 9 score that raises a suicide-risk alert. Default 1: any answer above "not at all" calls for a
    /// same-day suicide-risk assessment [S] (§4).</summary>
    public int Phq9Item9AlertAt { get; init; } = 1;

    /// <summary>Lowest C-SSRS screener risk level ("low", "moderate", "high") that raises an alert needing acknowledgement.
    /// Default "low": any ideation is acknowledged by a prescriber before ketamine is planned, matching the PHQ-9 item 9
    /// default (any answer above 0) and the Spravato boxed warning on suicidal thoughts (§3.3) [V]; risk levels follow
    /// the Columbia triage (§4) [V high; S low/moderate].</summary>
    public string CssrsAlertLevel { get; init; } = CssrsRisk.Low;

    /// <summary>DAST-10 total at which drug use is a caution. Default 3, the start of the "moderate — further
    /// investigation" band [V] (§4).</summary>
    public int Dast10CautionAt { get; init; } = 3;

    /// <summary>DAST-10 total at which drug use excludes treatment, or null for never. Default null: neither source makes
    /// substance use an absolute contraindication. Cohen 2018 advises no <em>serial</em> infusions in active substance abuse
    /// (grade C, §2.2) and the Spravato label puts abuse in a boxed warning, not in its contraindications (§3.3–3.4).
    /// A clinic that wants a hard stop might choose 6, the start of the "substantial" band (§4).</summary>
    public int? Dast10ExclusionAt { get; init; }

    /// <summary>Whether missing screening questionnaires are cautions (result at best "eligible with cautions") or only
    /// information. Default true: an incomplete screen must not read as eligible [U, practice].</summary>
    public bool FlagIncompleteScreening { get; init; } = true;

    public static ScreeningSettings Default { get; } = new();

    /// <summary>The values <see cref="CssrsAlertLevel"/> may take.</summary>
    public static IReadOnlyList<string> CssrsLevels { get; } = [CssrsRisk.Low, CssrsRisk.Moderate, CssrsRisk.High];

    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var errors = new List<(string, string)>();
        if (MinimumAdequateAntidepressantTrials is < 1 or > 10)
        {
            errors.Add(("minimumAdequateAntidepressantTrials", "Must lie between 1 and 10."));
        }

        if (Phq9Item9AlertAt is < 1 or > 3)
        {
            errors.Add(("phq9Item9AlertAt", "Must lie between 1 and 3."));
        }

        if (!CssrsLevels.Contains(CssrsAlertLevel))
        {
            errors.Add(("cssrsAlertLevel", "Must be low, moderate or high."));
        }

        if (Dast10CautionAt is < 1 or > 10)
        {
            errors.Add(("dast10CautionAt", "Must lie between 1 and 10."));
        }

        if (Dast10ExclusionAt is { } exclusion && (exclusion < 1 || exclusion > 10 || exclusion < Dast10CautionAt))
        {
            errors.Add(("dast10ExclusionAt", "Must lie between the caution threshold and 10, or be empty."));
        }

        return errors;
    }
}

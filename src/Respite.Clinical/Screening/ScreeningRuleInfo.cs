namespace Respite.Clinical.Screening;

/// <summary>A screening rule as documentation and the UI list it: stable id, title, source and rationale.</summary>
public sealed record ScreeningRuleInfo(string RuleId, string Title, string Source, string Rationale)
{
    /// <summary>The severity the rule gives per modality, e.g. "Exclusion: esketamine; Caution: IV ketamine".</summary>
    public string Severity { get; init; } = "";
}

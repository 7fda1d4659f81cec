namespace Respite.Clinical.Instruments;

/// <summary>
/// C-SSRS screener risk levels (the score's band), after the Columbia triage guidance
/// (cssrs.columbia.edu/the-columbia-scale-c-ssrs/triage-c-ssrs; CLINICAL-SOURCES §4).
/// </summary>
public static class CssrsRisk
{
    public const string None = "none";

    /// <summary>Yes to item 1 or 2 only [S].</summary>
    public const string Low = "low";

    /// <summary>Yes to item 3, or suicidal behaviour more than 3 months ago [S].</summary>
    public const string Moderate = "moderate";

    /// <summary>Yes to item 4 or 5, or suicidal behaviour within the past 3 months [V]: safety precautions until a mental-health evaluation.</summary>
    public const string High = "high";

    private static readonly string[] OrderedLevels = [None, Low, Moderate, High];

    /// <summary>The levels in increasing order.</summary>
    public static IReadOnlyList<string> Levels => OrderedLevels;

    /// <summary>0 for none, 1 low, 2 moderate, 3 high; -1 for anything else.</summary>
    public static int Rank(string? level) => level is null ? -1 : Array.IndexOf(OrderedLevels, level);
}

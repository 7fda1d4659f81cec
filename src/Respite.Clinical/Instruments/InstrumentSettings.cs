using Respite.Clinical.Patients;

namespace Respite.Clinical.Instruments;

/// <summary>
/// Clinic-configurable thresholds used when scoring. Defaults and sources: CLINICAL-SOURCES §4.
/// </summary>
public sealed record InstrumentSettings
{
    /// <summary>AUDIT-C total at or above which a man screens positive. Default 4 [V] (sens 86 %, spec 72 %).</summary>
    public int AuditCPositiveMale { get; init; } = 4;

    /// <summary>AUDIT-C total at or above which a woman screens positive. Default 3 [V] (sens 80 %, spec 87 %).
    /// Also used for sex "other" and "unknown", the more sensitive cut-off.</summary>
    public int AuditCPositiveFemale { get; init; } = 3;

    /// <summary>PHQ-9 item 9 score at or above which suicidal ideation is flagged. Default 1: any answer above
    /// "not at all" calls for a same-day suicide-risk assessment [S].</summary>
    public int Phq9Item9FlagAt { get; init; } = 1;

    /// <summary>MADRS item 10 (suicidal thoughts) score at or above which suicidal ideation is flagged. Default 2, the
    /// anchor for fleeting suicidal thoughts, so that any reported suicidal thought calls for a risk assessment [S].</summary>
    public int MadrsItem10FlagAt { get; init; } = 2;

    /// <summary>PHQ-2 total at or above which the depression screen is positive (a full PHQ-9 should follow). Default 3 [V]
    /// (Kroenke 2003: sensitivity 83 %, specificity 92 % for major depression).</summary>
    public int Phq2PositiveAt { get; init; } = 3;

    public static InstrumentSettings Default { get; } = new();

    /// <summary>The AUDIT-C cut-off for a sex: the male cut-off for men, the lower female cut-off for everyone else.</summary>
    public int AuditCPositiveFor(Sex sex) => sex == Sex.Male ? AuditCPositiveMale : AuditCPositiveFemale;

    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var errors = new List<(string, string)>();
        if (AuditCPositiveMale is < 1 or > 12)
        {
            errors.Add(("auditCPositiveMale", "Must lie between 1 and 12."));
        }

        if (AuditCPositiveFemale is < 1 or > 12)
        {
            errors.Add(("auditCPositiveFemale", "Must lie between 1 and 12."));
        }

        if (Phq9Item9FlagAt is < 1 or > 3)
        {
            errors.Add(("phq9Item9FlagAt", "Must lie between 1 and 3."));
        }

        if (MadrsItem10FlagAt is < 1 or > 6)
        {
            errors.Add(("madrsItem10FlagAt", "Must lie between 1 and 6."));
        }

        if (Phq2PositiveAt is < 1 or > 6)
        {
            errors.Add(("phq2PositiveAt", "Must lie between 1 and 6."));
        }

        return errors;
    }
}

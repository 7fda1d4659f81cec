namespace Respite.Clinical.Plans;

/// <summary>Stable ids of the rules that gate a treatment plan (docs/clinical/rules.md).</summary>
public static class PlanRules
{
    /// <summary>No signed screening for the patient: screen and sign before planning.</summary>
    public const string NoSignedScreening = "SAF-PLAN-001";

    /// <summary>The signed screening found the patient not eligible for the plan's modality (override with a written reason).</summary>
    public const string NotEligible = "SAF-PLAN-002";

    /// <summary>An open suicide-risk alert: a prescriber must acknowledge it first (no override).</summary>
    public const string OpenSafetyAlert = "SAF-PLAN-003";

    /// <summary>A planned dose is beyond the protocol's hard limit (override with a written reason).</summary>
    public const string DoseBlocked = "SAF-PLAN-004";

    /// <summary>No weight on record: weight-based doses cannot be computed.</summary>
    public const string NoWeight = "SAF-PLAN-005";

    /// <summary>The weight on record is older than the clinic's limit (default 30 days) [U]: weigh the patient.</summary>
    public const string StaleWeight = "SAF-PLAN-006";

    /// <summary>
    /// A protocol for MDD with acute suicidal ideation or behaviour, but no such finding is documented in the last
    /// 30 days [U] (PHQ-9 item 9 or a C-SSRS screener): override with a written reason.
    /// </summary>
    public const string NoDocumentedSuicidalIdeation = "SAF-PLAN-007";

    /// <summary>The esketamine label pairs esketamine with an oral antidepressant; none is on the medication list (warning).</summary>
    public const string NoOralAntidepressant = "SAF-PLAN-008";
}

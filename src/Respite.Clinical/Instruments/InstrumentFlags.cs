namespace Respite.Clinical.Instruments;

/// <summary>Stable flag names raised by scoring.</summary>
public static class InstrumentFlags
{
    /// <summary>PHQ-9 item 9 above the threshold, or any C-SSRS ideation item answered yes.</summary>
    public const string SuicidalIdeation = "suicidal-ideation";

    public const string CssrsHighRisk = "cssrs-high-risk";
    public const string CssrsModerateRisk = "cssrs-moderate-risk";
    public const string CssrsLowRisk = "cssrs-low-risk";
    public const string AuditCPositive = "auditc-positive";
    public const string Phq2Positive = "phq2-positive";
    public const string Dast10Moderate = "dast10-moderate";
    public const string Dast10Substantial = "dast10-substantial";
    public const string Dast10Severe = "dast10-severe";
}

namespace Respite.Clinical.Dosing;

public enum CheckOutcome
{
    Allow,
    Warn,
    Block,
}

/// <summary>The result of one dose rule: allowed, a warning the prescriber sees, or a block.</summary>
public sealed record DoseCheck(string RuleId, CheckOutcome Outcome, string Reason);

/// <summary>Stable ids of the dose rules (docs/clinical/rules.md).</summary>
public static class DoseRules
{
    public const string WeightBasedDose = "SAF-DOSE-001";
    public const string WeightBasedRate = "SAF-DOSE-002";
    public const string AbsoluteRate = "SAF-DOSE-003";
    public const string Duration = "SAF-DOSE-004";
    public const string SessionTotal = "SAF-DOSE-005";
    public const string FirstPainInfusion = "SAF-DOSE-006";
    public const string EsketamineLabelDose = "SAF-DOSE-007";
    public const string EsketamineDevices = "SAF-DOSE-008";
    public const string NoProtocol = "SAF-DOSE-009";
    public const string ProtocolModality = "SAF-DOSE-010";

    /// <summary>A bolus above the protocol's limit (chronic pain: 0.35 mg/kg, Cohen 2018), or a bolus the protocol does not provide for.</summary>
    public const string Bolus = "SAF-DOSE-011";
}

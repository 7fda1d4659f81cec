namespace Respite.Clinical.Screening;

/// <summary>
/// One reason behind an eligibility result, with its stable rule id and source. Findings that
/// <see cref="RequiresAcknowledgement"/> (suicide risk) must be acknowledged by a prescriber before anything is planned.
/// </summary>
public sealed record ScreeningFinding(string RuleId, FindingSeverity Severity, string Message, string Source, bool RequiresAcknowledgement);

namespace Respite.Clinical.Screening;

/// <summary>Eligibility for one modality, with every finding ordered by severity (most severe first) and then rule id.</summary>
public sealed record ScreeningResult(Modality Modality, Eligibility Eligibility, IReadOnlyList<ScreeningFinding> Findings)
{
    /// <summary>True when a suicide-risk finding needs a prescriber's acknowledgement.</summary>
    public bool SuicideRiskAlert => Findings.Any(f => f.RequiresAcknowledgement);
}

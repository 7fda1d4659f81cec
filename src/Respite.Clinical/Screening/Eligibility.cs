namespace Respite.Clinical.Screening;

/// <summary>
/// The overall answer for one modality: any exclusion makes it <see cref="NotEligible"/>; otherwise any caution
/// (including incomplete screening) makes it <see cref="EligibleWithCautions"/>.
/// </summary>
public enum Eligibility
{
    Eligible,
    EligibleWithCautions,
    NotEligible,
}

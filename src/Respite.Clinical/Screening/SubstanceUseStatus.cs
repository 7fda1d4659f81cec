namespace Respite.Clinical.Screening;

/// <summary>Substance use as recorded at intake.</summary>
public enum SubstanceUseStatus
{
    None,
    Past,
    Current,
}

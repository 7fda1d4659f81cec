namespace Respite.Clinical.Screening;

/// <summary>How much a finding weighs, in increasing order.</summary>
public enum FindingSeverity
{
    Information,
    Caution,
    Exclusion,
}

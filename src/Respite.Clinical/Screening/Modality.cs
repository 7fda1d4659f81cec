namespace Respite.Clinical.Screening;

/// <summary>The treatments a clinic screens for.</summary>
public enum Modality
{
    IvKetamineDepression,
    IvKetamineChronicPain,
    EsketamineNasalSpray,
}

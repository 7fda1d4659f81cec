namespace Respite.Clinical.Instruments;

/// <summary>A validated questionnaire: its items, codes, licence and the source its scoring follows.</summary>
public sealed record InstrumentDefinition(
    string Code,
    string Name,
    string Description,
    string RecallPeriod,
    IReadOnlyList<InstrumentItem> Items,
    string? PanelLoinc,
    string? TotalLoinc,
    string Licence,
    string Source)
{
    /// <summary>
    /// Severity bands of the total, lowest first. Empty where the band does not follow from the total alone:
    /// AUDIT-C ("positive"/"negative" depends on sex and clinic settings), PHQ-2 ("positive"/"negative" at a clinic-set cut-off) and the C-SSRS screener (risk level from the item pattern).
    /// </summary>
    public IReadOnlyList<InstrumentBand> Bands { get; init; } = [];

    /// <summary>Lowest and highest possible total.</summary>
    public decimal MinTotal { get; init; }

    public decimal MaxTotal { get; init; }

    /// <summary>Rated by a clinician after an interview (MADRS): a prescriber or nurse records it, never the patient.</summary>
    public bool ClinicianRated { get; init; }

    /// <summary>
    /// Whether a patient may answer it alone, e.g. in the portal. False for instruments given as a structured interview
    /// by trained staff, whose answers a clinician must hear and follow up at once.
    /// </summary>
    public bool PatientMaySelfReport { get; init; } = true;
}

using Respite.Clinical.Instruments;

namespace Respite.Fhir.Observations;

/// <summary>A code an Observation is written with, and the category and unit that go with it.</summary>
/// <param name="Unit">The unit as shown (<c>beats/minute</c>); <paramref name="UnitCode"/> is its UCUM code (<c>/min</c>).</param>
/// <param name="Profile">The R4 vital-signs profile the Observation claims, where there is one.</param>
public sealed record ObservationCode(string System, string Code, string Display, string Category, string? Unit, string? UnitCode, string? Profile)
{
    /// <summary>
    /// Whether <see cref="Display"/> is the code system's own display. For LOINC codes of instrument scores it is Respite's
    /// wording, so it is written as the concept's text rather than as the coding's display.
    /// </summary>
    public bool DisplayIsOfficial { get; init; } = true;

    public bool Matches(string? system, string? code) => System == system && Code == code;
}

/// <summary>
/// The codes Respite writes Observations with and accepts back. LOINC codes are those of the FHIR R4 vital-signs profile
/// and of CLINICAL-SOURCES §4; a measure with no LOINC code there (MOAA/S, the C-SSRS screener and MADRS totals) has a
/// code in Respite's own system, <see cref="FhirSystems.RespiteObservation"/>.
/// </summary>
public static class ObservationCodes
{
    public const string VitalSignsCategory = "vital-signs";
    public const string SurveyCategory = "survey";
    public const string ExamCategory = "exam";

    public static ObservationCode BloodPressurePanel { get; } =
        new(FhirSystems.Loinc, "85354-9", "Blood pressure panel with all children optional", VitalSignsCategory, null, null, "http://hl7.org/fhir/StructureDefinition/bp");

    public static ObservationCode Systolic { get; } =
        new(FhirSystems.Loinc, "8480-6", "Systolic blood pressure", VitalSignsCategory, "mmHg", "mm[Hg]", null);

    public static ObservationCode Diastolic { get; } =
        new(FhirSystems.Loinc, "8462-4", "Diastolic blood pressure", VitalSignsCategory, "mmHg", "mm[Hg]", null);

    public static ObservationCode HeartRate { get; } =
        new(FhirSystems.Loinc, "8867-4", "Heart rate", VitalSignsCategory, "beats/minute", "/min", "http://hl7.org/fhir/StructureDefinition/heartrate");

    /// <summary>Oxygen saturation: 2708-6, the code the R4 vital-signs profile requires, with 59408-5 (by pulse oximetry) beside it.</summary>
    public static ObservationCode OxygenSaturation { get; } =
        new(FhirSystems.Loinc, "2708-6", "Oxygen saturation in Arterial blood", VitalSignsCategory, "%", "%", "http://hl7.org/fhir/StructureDefinition/oxygensat");

    public static ObservationCode PulseOximetry { get; } =
        new(FhirSystems.Loinc, "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", VitalSignsCategory, "%", "%", null);

    public static ObservationCode RespiratoryRate { get; } =
        new(FhirSystems.Loinc, "9279-1", "Respiratory rate", VitalSignsCategory, "breaths/minute", "/min", "http://hl7.org/fhir/StructureDefinition/resprate");

    public static ObservationCode BodyWeight { get; } =
        new(FhirSystems.Loinc, "29463-7", "Body weight", VitalSignsCategory, "kg", "kg", "http://hl7.org/fhir/StructureDefinition/bodyweight");

    public static ObservationCode Moaas { get; } =
        new(FhirSystems.RespiteObservation, "moaas", "Modified Observer's Assessment of Alertness/Sedation (MOAA/S)", ExamCategory, "{score}", "{score}", null);

    /// <summary>The code of an instrument's total: its LOINC total code, or <c>{instrument}-total</c> in Respite's system.</summary>
    public static ObservationCode TotalOf(InstrumentDefinition instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return instrument.TotalLoinc is { } loinc
            ? new(FhirSystems.Loinc, loinc, instrument.Name + " total score", SurveyCategory, "{score}", "{score}", null) { DisplayIsOfficial = false }
            : new(FhirSystems.RespiteObservation, instrument.Code + "-total", instrument.Name + " total score", SurveyCategory, "{score}", "{score}", null);
    }

    /// <summary>The code of an item's score, for items with a LOINC code of their own that differs from the total's (PHQ-9 item 9, PHQ-2 items).</summary>
    public static ObservationCode? ItemOf(InstrumentDefinition instrument, InstrumentItem item)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(item);
        return item.Loinc is { } loinc && loinc != instrument.TotalLoinc
            ? new(FhirSystems.Loinc, loinc, FhirFormats.Invariant($"{instrument.Name} item {item.Label}"), SurveyCategory, "{score}", "{score}", null) { DisplayIsOfficial = false }
            : null;
    }

    /// <summary>Every code an Observation may be written in with, for messages and the capability statement.</summary>
    public static IReadOnlyList<ObservationCode> Writable { get; } =
    [
        BloodPressurePanel, HeartRate, OxygenSaturation, PulseOximetry, RespiratoryRate, BodyWeight, Moaas,
        .. InstrumentCatalog.All.Select(TotalOf),
        .. InstrumentCatalog.All.SelectMany(i => i.Items.Select(item => ItemOf(i, item))).OfType<ObservationCode>(),
    ];
}

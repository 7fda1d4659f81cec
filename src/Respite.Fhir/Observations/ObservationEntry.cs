namespace Respite.Fhir.Observations;

/// <summary>
/// What one or more Observations carry, as Respite stores it: a set of vitals, a body weight or a score. Reading an
/// Observation gives one of the three; the web layer decides where it is recorded.
/// </summary>
public abstract record ObservationEntry(Guid PatientId);

/// <summary>
/// One set of vitals charted on a session (Respite.Data's <c>VitalsReading</c>). Each value present becomes one
/// Observation (systolic and diastolic together as the blood pressure panel); an Observation read back fills only its own values.
/// </summary>
/// <param name="Id">The reading's id; null when read from an Observation whose id is not Respite's.</param>
/// <param name="SessionId">The treatment session (the Encounter) it was charted on.</param>
/// <param name="Moaas">Modified Observer's Assessment of Alertness/Sedation, 0 (no response) to 5 (responds readily).</param>
/// <param name="PreDose">Whether it was taken before the session's first dose; null when not known.</param>
/// <param name="PerformerId">The staff account that charted it.</param>
public sealed record VitalSignsReading(
    Guid? Id,
    Guid PatientId,
    Guid? SessionId,
    DateTimeOffset TakenAt,
    int? SystolicMmHg = null,
    int? DiastolicMmHg = null,
    int? HeartRatePerMin = null,
    int? SpO2Percent = null,
    int? RespiratoryRatePerMin = null,
    int? Moaas = null,
    bool? PreDose = null,
    string? PerformerId = null,
    bool EnteredInError = false) : ObservationEntry(PatientId);

/// <summary>A dated body weight (Respite.Data's <c>WeightMeasurement</c>).</summary>
public sealed record BodyWeightMeasurement(
    Guid? Id,
    Guid PatientId,
    decimal WeightKg,
    DateOnly MeasuredOn,
    string? PerformerId = null) : ObservationEntry(PatientId);

/// <summary>
/// A questionnaire's total score, or the score of one item that has its own code (PHQ-9 item 9), derived from the
/// answers of an assessment.
/// </summary>
/// <param name="AssessmentId">The assessment (the QuestionnaireResponse) it is derived from.</param>
/// <param name="InstrumentCode">Respite's instrument code (<c>phq9</c>, <c>gad7</c>, …; see InstrumentCatalog).</param>
/// <param name="ItemLabel">Null for the total; the item's label (<c>9</c>) for an item score.</param>
/// <param name="Band">The total's band as scored (<c>moderate</c>); null for item scores or when not scored.</param>
/// <param name="Flags">Flags scoring raised (<c>suicidal-ideation</c>); empty for item scores.</param>
public sealed record ScoreObservation(
    Guid? AssessmentId,
    Guid PatientId,
    string InstrumentCode,
    string? ItemLabel,
    decimal Value,
    DateTimeOffset EffectiveAt,
    Guid? SessionId = null,
    string? Band = null,
    IReadOnlyList<string>? Flags = null) : ObservationEntry(PatientId);

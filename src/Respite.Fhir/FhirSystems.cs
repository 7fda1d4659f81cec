namespace Respite.Fhir;

/// <summary>
/// The code systems, identifier systems and extensions Respite's FHIR resources use. External systems are the ones the
/// FHIR R4 specification names; everything under <see cref="RespiteBase"/> is Respite's own, used where no standard
/// code is known to us (see docs/fhir.md for each local code and why it is local).
/// </summary>
public static class FhirSystems
{
    public const string Loinc = "http://loinc.org";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string Snomed = "http://snomed.info/sct";
    public const string Icd10Cm = "http://hl7.org/fhir/sid/icd-10-cm";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string ConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";
    public const string ConditionClinicalStatus = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    public const string IdentifierType = "http://terminology.hl7.org/CodeSystem/v2-0203";
    public const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public const string ParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    public const string Dicom = "http://dicom.nema.org/resources/ontology/DCM";
    public const string VitalSignsProfile = "http://hl7.org/fhir/StructureDefinition/vitalsigns";

    /// <summary>The base of every Respite-defined URI (the same base as Respite's problem types).</summary>
    public const string RespiteBase = "https://respite.dev/fhir/";

    /// <summary>The clinic's medical record number, e.g. <c>R-000042</c>.</summary>
    public const string MedicalRecordNumber = RespiteBase + "sid/mrn";

    /// <summary>A staff account's id, for agents that are identified rather than referenced.</summary>
    public const string UserId = RespiteBase + "sid/user";

    /// <summary>Observations with no LOINC code in CLINICAL-SOURCES: MOAA/S and the C-SSRS screener and MADRS totals.</summary>
    public const string RespiteObservation = RespiteBase + "CodeSystem/observation";

    /// <summary>The band a score falls in, as Respite's instrument catalogue names it (<c>moderate</c>, <c>severe</c>, …).</summary>
    public const string RespiteScoreBand = RespiteBase + "CodeSystem/score-band";

    /// <summary>The flags scoring raised (<c>suicidal-ideation</c>, <c>auditc-positive</c>, …).</summary>
    public const string RespiteScoreFlag = RespiteBase + "CodeSystem/score-flag";

    public const string RespiteConditionCategory = RespiteBase + "CodeSystem/condition-category";
    public const string RespiteSessionType = RespiteBase + "CodeSystem/session-type";
    public const string RespiteAppointmentType = RespiteBase + "CodeSystem/appointment-type";
    public const string RespitePlanActivity = RespiteBase + "CodeSystem/plan-activity";
    public const string RespiteModality = RespiteBase + "CodeSystem/modality";
    public const string RespiteAuditAction = RespiteBase + "CodeSystem/audit-action";
    public const string RespiteAuditEntity = RespiteBase + "CodeSystem/audit-entity";
    public const string RespiteRole = RespiteBase + "CodeSystem/role";

    /// <summary>The answer codes of an instrument's choice items: <c>…/CodeSystem/answers-phq9</c>, code = the item's value.</summary>
    public static string InstrumentAnswers(string instrumentCode) => RespiteBase + "CodeSystem/answers-" + instrumentCode;

    /// <summary>The canonical URL of an instrument's Questionnaire: <c>…/Questionnaire/phq9</c>.</summary>
    public static string QuestionnaireCanonical(string instrumentCode) => RespiteBase + "Questionnaire/" + instrumentCode;

    /// <summary>A location's IANA time zone (R4 Location has no element for it).</summary>
    public const string TimeZoneExtension = RespiteBase + "StructureDefinition/time-zone";

    /// <summary>When in the care pathway a questionnaire was answered (intake, pre-session, …).</summary>
    public const string AssessmentContextExtension = RespiteBase + "StructureDefinition/assessment-context";

    /// <summary>Whether a set of vitals was taken before the first dose of the session.</summary>
    public const string PreDoseExtension = RespiteBase + "StructureDefinition/pre-dose";
}

namespace Respite.Fhir.Conditions;

/// <summary>Respite's own grouping of a diagnosis, which decides the outcomes it is followed with.</summary>
public enum DiagnosisCategory
{
    Depression,
    ChronicPain,
    Other,
}

/// <summary>A diagnosis on a patient's record: an ICD-10-CM code with its text.</summary>
public sealed record Diagnosis(Guid Id, Guid PatientId, string Icd10Code, string Text, DiagnosisCategory Category);

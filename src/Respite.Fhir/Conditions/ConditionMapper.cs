using Hl7.Fhir.Model;

namespace Respite.Fhir.Conditions;

/// <summary>Diagnoses → Condition (read-only).</summary>
public static class ConditionMapper
{
    public static Condition ToFhir(Diagnosis source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new Condition
        {
            Id = FhirReferences.Id(source.Id),
            // Why: Respite keeps the current diagnosis list and no status per diagnosis; a diagnosis on the list is active.
            ClinicalStatus = FhirValues.Concept(FhirSystems.ConditionClinicalStatus, "active", "Active"),
            Category =
            [
                new CodeableConcept
                {
                    Coding =
                    [
                        FhirValues.Coding(FhirSystems.ConditionCategory, "problem-list-item", "Problem List Item"),
                        FhirValues.Coding(FhirSystems.RespiteConditionCategory, CategoryCode(source.Category)),
                    ],
                },
            ],
            Code = FhirValues.Concept(FhirSystems.Icd10Cm, source.Icd10Code, source.Text, source.Text),
            Subject = FhirReferences.Patient(source.PatientId),
        };
    }

    public static string CategoryCode(DiagnosisCategory category) => category switch
    {
        DiagnosisCategory.Depression => "depression",
        DiagnosisCategory.ChronicPain => "chronic-pain",
        DiagnosisCategory.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };
}

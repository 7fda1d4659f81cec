namespace Respite.Clinical.Screening;

/// <summary>Medical history that bears on ketamine and esketamine treatment.</summary>
public enum MedicalFlag
{
    Hypertension,
    CardiovascularDisease,
    AneurysmalVascularDiseaseOrAvm,
    IntracerebralHaemorrhage,
    Psychosis,
    Pregnancy,
    LiverDisease,
    RaisedIntracranialOrIntraocularPressure,
    KetamineHypersensitivity,
}

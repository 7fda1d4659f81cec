namespace Respite.Clinical.Patients;

/// <summary>Sex as recorded for clinical purposes (AUDIT-C cut-offs differ by sex).</summary>
public enum Sex
{
    Female,
    Male,
    Other,
    Unknown,
}

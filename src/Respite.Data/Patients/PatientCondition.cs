namespace Respite.Data.Patients;

/// <summary>A diagnosis coded in ICD-10 with its text.</summary>
public sealed class PatientCondition
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    public string Icd10Code { get; set; } = "";

    public string Text { get; set; } = "";

    public ConditionCategory Category { get; set; }
}

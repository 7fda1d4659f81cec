namespace Respite.Data.Patients;

public sealed class PatientMedication
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    public string Name { get; set; } = "";

    public string? Dose { get; set; }

    public string? Frequency { get; set; }

    public MedicationClass Class { get; set; }
}

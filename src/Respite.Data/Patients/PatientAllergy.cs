namespace Respite.Data.Patients;

public sealed class PatientAllergy
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    public string Substance { get; set; } = "";

    public string? Reaction { get; set; }

    /// <summary>True when the allergy is to ketamine, esketamine or an excipient.</summary>
    public bool IsKetamineHypersensitivity { get; set; }
}

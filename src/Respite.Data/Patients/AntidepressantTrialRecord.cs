namespace Respite.Data.Patients;

/// <summary>One antidepressant trial from the patient's history, used for the treatment-resistance check.</summary>
public sealed class AntidepressantTrialRecord
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    public string Drug { get; set; } = "";

    public decimal? DoseMg { get; set; }

    public int? Weeks { get; set; }

    public bool Adequate { get; set; }

    public string? Outcome { get; set; }
}

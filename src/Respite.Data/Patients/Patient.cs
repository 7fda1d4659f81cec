using Respite.Clinical.Patients;
using Respite.Clinical.Screening;

namespace Respite.Data.Patients;

public sealed class Patient
{
    public Guid Id { get; set; }

    /// <summary>The clinic's medical record number, e.g. <c>R-000042</c>.</summary>
    public string RecordNumber { get; set; } = "";

    public string GivenName { get; set; } = "";

    public string FamilyName { get; set; } = "";

    /// <summary>Lower-case "family given record-number" text used for provider-neutral search.</summary>
    public string SearchText { get; set; } = "";

    public DateOnly DateOfBirth { get; set; }

    public Sex Sex { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Address { get; set; }

    public string? EmergencyContact { get; set; }

    public SubstanceUseStatus SubstanceUse { get; set; }

    public string? SubstanceUseNotes { get; set; }

    public List<MedicalFlag> MedicalFlags { get; set; } = [];

    public List<PainSymptom> PainSymptoms { get; set; } = [];

    public string? IntakeNotes { get; set; }

    public List<PatientCondition> Conditions { get; set; } = [];

    public List<PatientAllergy> Allergies { get; set; } = [];

    public List<PatientMedication> Medications { get; set; } = [];

    public List<AntidepressantTrialRecord> AntidepressantTrials { get; set; } = [];

    public List<WeightMeasurement> Weights { get; set; } = [];

    public Guid? ConsultationRequestId { get; set; }

    /// <summary>When the patient (or staff for them) turned e-mail reminders off; null while they are on.</summary>
    public DateTimeOffset? RemindersOptedOutAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token, replaced on every update.</summary>
    public Guid Version { get; set; }

    public string FullName => $"{GivenName} {FamilyName}";

    public void RefreshSearchText() =>
        SearchText = $"{FamilyName} {GivenName} {RecordNumber}".ToLowerInvariant();

    public WeightMeasurement? LatestWeight =>
        Weights.OrderByDescending(w => w.MeasuredOn).ThenByDescending(w => w.RecordedAt).FirstOrDefault();

    public int AgeOn(DateOnly date)
    {
        var age = date.Year - DateOfBirth.Year;
        if (date < DateOfBirth.AddYears(age))
        {
            age--;
        }

        return age;
    }
}

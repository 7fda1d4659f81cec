using Respite.Clinical.Patients;
using Respite.Clinical.Screening;
using Respite.Data.Patients;

namespace Respite.Web.Features.Patients;

public sealed record AllergyInput(string? Substance, string? Reaction, bool KetamineHypersensitivity);

public sealed record ConditionInput(string? Icd10, string? Text, ConditionCategory? Category);

public sealed record MedicationInput(string? Name, string? Dose, string? Frequency, MedicationClass? Class);

public sealed record AntidepressantTrialInput(string? Drug, decimal? DoseMg, int? Weeks, bool Adequate, string? Outcome);

/// <summary>The body of <c>POST /api/patients</c> and <c>PUT /api/patients/{id}</c>.</summary>
public sealed record PatientInput
{
    public string? GivenName { get; init; }

    public string? FamilyName { get; init; }

    public DateOnly? DateOfBirth { get; init; }

    public Sex? Sex { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public string? Address { get; init; }

    public string? EmergencyContact { get; init; }

    /// <summary>The current weight; when it differs from the latest measurement a new dated measurement is added.</summary>
    public decimal? WeightKg { get; init; }

    public DateOnly? WeightMeasuredOn { get; init; }

    public List<AllergyInput>? Allergies { get; init; }

    public List<ConditionInput>? Conditions { get; init; }

    public List<MedicationInput>? Medications { get; init; }

    public List<AntidepressantTrialInput>? AntidepressantTrials { get; init; }

    public SubstanceUseStatus? SubstanceUse { get; init; }

    public string? SubstanceUseNotes { get; init; }

    public List<MedicalFlag>? MedicalFlags { get; init; }

    public List<PainSymptom>? PainSymptoms { get; init; }

    public string? IntakeNotes { get; init; }

    /// <summary>The version last read; required on update so that concurrent edits are detected.</summary>
    public Guid? Version { get; init; }
}

public sealed record WeightDto(Guid Id, decimal WeightKg, DateOnly MeasuredOn, DateTimeOffset RecordedAt);

public sealed record AllergyDto(string Substance, string? Reaction, bool KetamineHypersensitivity);

public sealed record ConditionDto(string Icd10, string Text, ConditionCategory Category);

public sealed record MedicationDto(string Name, string? Dose, string? Frequency, MedicationClass Class);

public sealed record AntidepressantTrialDto(string Drug, decimal? DoseMg, int? Weeks, bool Adequate, string? Outcome);

public sealed record PatientDto(
    Guid Id,
    string RecordNumber,
    string GivenName,
    string FamilyName,
    DateOnly DateOfBirth,
    int Age,
    Sex Sex,
    string? Email,
    string? Phone,
    string? Address,
    string? EmergencyContact,
    decimal? WeightKg,
    IReadOnlyList<WeightDto> Weights,
    IReadOnlyList<AllergyDto> Allergies,
    IReadOnlyList<ConditionDto> Conditions,
    IReadOnlyList<MedicationDto> Medications,
    IReadOnlyList<AntidepressantTrialDto> AntidepressantTrials,
    int AdequateAntidepressantTrials,
    SubstanceUseStatus SubstanceUse,
    string? SubstanceUseNotes,
    IReadOnlyList<MedicalFlag> MedicalFlags,
    IReadOnlyList<PainSymptom> PainSymptoms,
    string? IntakeNotes,
    int OpenAlerts,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Guid Version);

public sealed record PatientSummaryDto(
    Guid Id,
    string RecordNumber,
    string GivenName,
    string FamilyName,
    DateOnly DateOfBirth,
    Sex Sex,
    bool HasDepression,
    bool HasChronicPain,
    int OpenAlerts);

public sealed record PatientPage(IReadOnlyList<PatientSummaryDto> Items, int Total, int Page, int PageSize);

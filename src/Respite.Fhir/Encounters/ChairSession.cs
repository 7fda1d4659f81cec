using Respite.Fhir.Medications;

namespace Respite.Fhir.Encounters;

/// <summary>Where a treatment session stands (Respite.Data's <c>SessionStatus</c>).</summary>
public enum ChairSessionState
{
    CheckedIn,
    InProgress,
    Discharged,
    Cancelled,
}

/// <summary>A treatment session at the chair as an Encounter.</summary>
/// <param name="EndedAt">When it was discharged or cancelled; null while it is open.</param>
/// <param name="LocationId">The location of its appointment, when it was checked in from one.</param>
/// <param name="CheckedInById">The staff account that checked the patient in.</param>
/// <param name="DischargedById">The staff account that discharged the patient.</param>
/// <param name="PrescriberId">The prescriber who co-signed the record.</param>
public sealed record ChairSession(
    Guid Id,
    Guid PatientId,
    SessionTreatment Treatment,
    ChairSessionState State,
    DateTimeOffset CheckedInAt,
    DateTimeOffset? EndedAt,
    Guid? LocationId,
    Guid? AppointmentId,
    string CheckedInById,
    string? DischargedById = null,
    string? PrescriberId = null);

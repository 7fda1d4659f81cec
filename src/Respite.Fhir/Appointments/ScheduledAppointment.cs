using Respite.Clinical.Scheduling;

namespace Respite.Fhir.Appointments;

/// <summary>Where a booking stands (Respite.Data's <c>AppointmentStatus</c>).</summary>
public enum BookingStatus
{
    /// <summary>Held for a consultation requested on the public page until the front desk confirms it.</summary>
    Held,
    Booked,
    CheckedIn,
    Completed,
    Cancelled,
    NoShow,
}

/// <summary>A booked time in a chair or room.</summary>
/// <param name="PatientId">Null only while a public consultation booking is held and not yet linked to a patient.</param>
/// <param name="NurseId">The staff account of the nurse assigned to it.</param>
/// <param name="PlanId">The treatment plan (version) a series booking was made from.</param>
/// <param name="Sequence">The session's number in its plan.</param>
/// <param name="CancelReason">Why it was cancelled, as the front desk wrote it.</param>
public sealed record ScheduledAppointment(
    Guid Id,
    Guid? PatientId,
    Guid LocationId,
    string? NurseId,
    AppointmentKind Kind,
    BookingStatus Status,
    DateTimeOffset Start,
    DateTimeOffset End,
    DateTimeOffset CreatedAt,
    Guid? PlanId = null,
    int? Sequence = null,
    string? CancelReason = null);

using Respite.Clinical.Scheduling;

namespace Respite.Data.Scheduling;

public enum AppointmentStatus
{
    /// <summary>Held for a consultation requested on the public page until the front desk confirms it.</summary>
    Held,
    Booked,
    CheckedIn,
    Completed,
    Cancelled,
    NoShow,
}

/// <summary>
/// A booked time in a chair or room. Sessions booked from a plan share <see cref="SeriesId"/> and point at their
/// planned session. Times are instants (UTC); the location's zone gives the wall clock.
/// </summary>
public sealed class Appointment
{
    public Guid Id { get; set; }

    /// <summary>Null only while a public consultation booking is held and not yet linked to a patient.</summary>
    public Guid? PatientId { get; set; }

    public Guid LocationId { get; set; }

    public Guid? ChairId { get; set; }

    public string? NurseUserId { get; set; }

    public AppointmentKind Kind { get; set; }

    public AppointmentStatus Status { get; set; }

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public Guid? SeriesId { get; set; }

    public Guid? PlanId { get; set; }

    public Guid? PlannedSessionId { get; set; }

    public int? Sequence { get; set; }

    public Guid? ConsultationRequestId { get; set; }

    public DateTimeOffset? HoldExpiresAt { get; set; }

    public string? Notes { get; set; }

    public string? CancelReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string? CreatedByUserId { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public Guid Version { get; set; }

    /// <summary>Statuses that hold the chair (a cancelled or missed appointment frees it).</summary>
    public static IReadOnlyList<AppointmentStatus> Occupying { get; } =
        [AppointmentStatus.Held, AppointmentStatus.Booked, AppointmentStatus.CheckedIn, AppointmentStatus.Completed];
}

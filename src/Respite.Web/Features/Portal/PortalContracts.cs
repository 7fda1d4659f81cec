using Respite.Clinical.Scheduling;
using Respite.Data.Portal;
using Respite.Data.Scheduling;

namespace Respite.Web.Features.Portal;

public enum InvitationStatus
{
    Pending,
    Accepted,
    Expired,
    Revoked,
}

/// <summary>An invitation to the portal; the address defaults to the e-mail on the patient's record (and is saved there when given).</summary>
public sealed record PortalInvitationInput(string? Email);

public sealed record PortalInvitationDto(
    Guid Id,
    Guid PatientId,
    string Email,
    InvitationStatus Status,
    DateTimeOffset CreatedAt,
    string? CreatedBy,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? RevokedAt);

public sealed record PortalAccountDto(string Email, DateTimeOffset CreatedAt, bool Active);

/// <summary>A patient's portal account, if they have one, and their invitations, newest first.</summary>
public sealed record PortalAccessDto(PortalAccountDto? Account, IReadOnlyList<PortalInvitationDto> Invitations);

/// <summary>What the accept page may show: the first name only.</summary>
public sealed record InvitationGreeting(Guid InvitationId, string FirstName, DateTimeOffset ExpiresAt);

/// <summary>A patient's request to move (with the times that suit them) or cancel (with the reason) an appointment.</summary>
public sealed record ChangeRequestInput(ChangeRequestKind? Kind, string? Message);

/// <summary>Withdrawing a request; the version last read.</summary>
public sealed record WithdrawChangeRequestInput(Guid? Version);

/// <summary>Staff's decision: done (after rebooking or cancelling) or declined (with a note for the patient).</summary>
public sealed record ResolveChangeRequestInput(ChangeRequestStatus? Status, string? Note, Guid? Version);

public sealed record ChangeRequestPatientDto(string Name, string RecordNumber);

public sealed record ChangeRequestDto(
    Guid Id,
    Guid AppointmentId,
    Guid PatientId,
    ChangeRequestKind Kind,
    string Message,
    ChangeRequestStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    string? ResolutionNote,
    AppointmentKind AppointmentKind,
    AppointmentStatus AppointmentStatus,
    DateTimeOffset AppointmentStart,
    DateTimeOffset AppointmentLocalStart,
    string LocationName,
    ChangeRequestPatientDto? Patient,
    Guid Version);

/// <summary>One of the patient's own appointments, with the wall-clock time of its location.</summary>
public sealed record PortalAppointmentDto(
    Guid Id,
    AppointmentKind Kind,
    AppointmentStatus Status,
    DateTimeOffset Start,
    DateTimeOffset End,
    DateTimeOffset LocalStart,
    DateTimeOffset LocalEnd,
    string TimeZoneId,
    string LocationName,
    string? LocationAddress,
    string? LocationPhone,
    bool CanRequestChange,
    ChangeRequestDto? OpenRequest);

/// <summary>The portal's appointments: upcoming ones, the last few past ones, and the patient's change requests.</summary>
public sealed record PortalAppointmentsDto(
    IReadOnlyList<PortalAppointmentDto> Upcoming,
    IReadOnlyList<PortalAppointmentDto> Recent,
    IReadOnlyList<ChangeRequestDto> ChangeRequests);

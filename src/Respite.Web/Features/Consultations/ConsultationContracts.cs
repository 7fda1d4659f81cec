using Respite.Data.Consultations;

namespace Respite.Web.Features.Consultations;

/// <summary>The body of the public <c>POST /api/consultation-requests</c>.</summary>
public sealed record ConsultationRequestInput
{
    public string? GivenName { get; init; }

    public string? FamilyName { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public DateOnly? DateOfBirth { get; init; }

    public ConsultationConcern? Concern { get; init; }

    public List<string>? PainConditions { get; init; }

    public string? PreferredTimes { get; init; }

    public string? Message { get; init; }

    /// <summary>With <see cref="SlotStart"/>: hold this free consultation slot (from <c>GET /api/public/consultation-slots</c>).</summary>
    public Guid? LocationId { get; init; }

    public DateTimeOffset? SlotStart { get; init; }

    /// <summary>A field people never see; automated form fillers do. A request with it set is dropped.</summary>
    public string? Website { get; init; }
}

public sealed record ConsultationReceipt(Guid Id, DateTimeOffset ReceivedAt, string Message, DateTimeOffset? HeldStart = null, DateTimeOffset? HeldLocalStart = null);

public sealed record ConsultationRequestDto(
    Guid Id,
    string GivenName,
    string FamilyName,
    string? Email,
    string? Phone,
    DateOnly DateOfBirth,
    ConsultationConcern Concern,
    IReadOnlyList<string> PainConditions,
    string? PreferredTimes,
    string? Message,
    DateTimeOffset ReceivedAt,
    ConsultationStatus Status,
    Guid? PatientId,
    DateTimeOffset? HandledAt,
    HeldSlotDto? HeldSlot = null);

/// <summary>The consultation slot a public request holds (local time of the location).</summary>
public sealed record HeldSlotDto(Guid AppointmentId, string LocationName, DateTimeOffset LocalStart, DateTimeOffset? HoldExpiresAt, Respite.Data.Scheduling.AppointmentStatus Status);

public sealed record ConvertInput(Respite.Clinical.Patients.Sex? Sex);

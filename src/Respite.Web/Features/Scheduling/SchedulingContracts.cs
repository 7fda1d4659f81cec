using Respite.Clinical.Scheduling;
using Respite.Data.Scheduling;

namespace Respite.Web.Features.Scheduling;

public sealed record HoursInput(DayOfWeek? Day, TimeOnly? Opens, TimeOnly? Closes);

public sealed record LocationInput
{
    public string? Name { get; init; }

    /// <summary>An IANA time zone id, e.g. America/New_York.</summary>
    public string? TimeZoneId { get; init; }

    public string? Address { get; init; }

    public string? Phone { get; init; }

    public bool? Active { get; init; }

    public List<HoursInput>? Hours { get; init; }

    public List<DateOnly>? ClosedDates { get; init; }

    /// <summary>Required on update: the version last read.</summary>
    public Guid? Version { get; init; }
}

public sealed record ChairInput(string? Name, ChairKind? Kind, int? SortOrder, bool? Active);

public sealed record HoursDto(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes);

public sealed record ChairDto(Guid Id, string Name, ChairKind Kind, int SortOrder, bool Active);

public sealed record LocationDto(
    Guid Id,
    string Name,
    string TimeZoneId,
    string? Address,
    string? Phone,
    bool Active,
    IReadOnlyList<HoursDto> Hours,
    IReadOnlyList<DateOnly> ClosedDates,
    IReadOnlyList<ChairDto> Chairs,
    Guid Version);

public sealed record AppointmentTypeDto(AppointmentKind Kind, string Name, int DefaultChairMinutes, ChairKind Resource, string Description);

/// <summary>A single appointment at a local date and time of the location.</summary>
public sealed record AppointmentInput
{
    public AppointmentKind? Kind { get; init; }

    public Guid? LocationId { get; init; }

    /// <summary>The chair or room; when omitted the first free one of the right kind is taken.</summary>
    public Guid? ChairId { get; init; }

    public string? NurseUserId { get; init; }

    public DateOnly? Date { get; init; }

    public TimeOnly? StartTime { get; init; }

    /// <summary>IV infusion: minutes of infusion (required); esketamine: minutes of administration (default 15).</summary>
    public int? TreatmentMinutes { get; init; }

    /// <summary>Overrides the computed chair time (longer recovery); an esketamine session never below its observation time.</summary>
    public int? ChairMinutes { get; init; }

    public string? Notes { get; init; }
}

public sealed record RescheduleInput
{
    public DateOnly? Date { get; init; }

    public TimeOnly? StartTime { get; init; }

    public Guid? ChairId { get; init; }

    public string? NurseUserId { get; init; }

    /// <summary>"this" (default) or "rest-of-series": later appointments of the series move by the same number of days, to the same time.</summary>
    public SeriesScope? Scope { get; init; }

    public Guid? Version { get; init; }
}

public sealed record CancelInput(string? Reason, SeriesScope? Scope, Guid? Version);

public enum SeriesScope
{
    This,
    RestOfSeries,
}

public sealed record SeriesBookingInput
{
    public Guid? LocationId { get; init; }

    public TimeOnly? StartTime { get; init; }

    /// <summary>The preferred chair; other chairs of the location are tried when it is taken.</summary>
    public Guid? ChairId { get; init; }

    public string? NurseUserId { get; init; }

    /// <summary>Book from this session on (default: the first not yet booked).</summary>
    public int? FromSequence { get; init; }

    /// <summary>False (default): only propose. True: book every session that has a free time.</summary>
    public bool Confirm { get; init; }
}

public sealed record ConflictDto(ConflictKind Kind, string Message, Guid? AppointmentId, string? RuleId);

public sealed record SeriesSlotDto(
    int Sequence,
    DateOnly PlannedDate,
    DateOnly Date,
    TimeOnly LocalStart,
    DateTimeOffset Start,
    DateTimeOffset End,
    Guid? ChairId,
    string? ChairName,
    SlotStatus Status,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ConflictDto> Conflicts,
    Guid? AppointmentId);

public sealed record SeriesBookingDto(
    Guid PlanId,
    Guid? SeriesId,
    bool Booked,
    AppointmentKind Kind,
    int ChairMinutes,
    IReadOnlyList<SeriesSlotDto> Slots,
    IReadOnlyList<int> AlreadyBooked);

public sealed record AppointmentDto(
    Guid Id,
    Guid? PatientId,
    Guid LocationId,
    string LocationName,
    Guid? ChairId,
    string? ChairName,
    string? NurseUserId,
    string? NurseName,
    AppointmentKind Kind,
    AppointmentStatus Status,
    DateTimeOffset Start,
    DateTimeOffset End,
    DateTimeOffset LocalStart,
    DateTimeOffset LocalEnd,
    Guid? SeriesId,
    Guid? PlanId,
    int? Sequence,
    string? Notes,
    string? CancelReason,
    Guid Version);

public sealed record DayViewDto(
    Guid LocationId,
    string LocationName,
    string TimeZoneId,
    DateOnly Date,
    bool Open,
    IReadOnlyList<HoursDto> Hours,
    IReadOnlyList<ChairDto> Chairs,
    IReadOnlyList<DayAppointmentDto> Appointments,
    IReadOnlyList<DueSessionDto> Due);

public sealed record DayAppointmentDto(
    AppointmentDto Appointment,
    string? PatientName,
    string? RecordNumber);

/// <summary>A session a signed plan puts on this day that has no appointment yet.</summary>
public sealed record DueSessionDto(Guid PatientId, string PatientName, string RecordNumber, Guid PlanId, int Sequence, DateOnly PlannedDate, string ProtocolId);

public sealed record PublicSlotDto(Guid LocationId, DateOnly Date, TimeOnly LocalStart, DateTimeOffset Start, DateTimeOffset End);

public sealed record PublicLocationDto(Guid Id, string Name, string? Address, string TimeZoneId);

public sealed record StaffOptionDto(string UserId, string DisplayName, string Role);

public sealed record CompleteInput(Guid? Version);

public sealed record CompletionDto(AppointmentDto Appointment, Respite.Web.Features.Packages.CreditOutcomeDto Credit);

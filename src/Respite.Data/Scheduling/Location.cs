namespace Respite.Data.Scheduling;

/// <summary>A clinic location with its time zone, weekly opening hours, closed dates and chairs.</summary>
public sealed class Location
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>An IANA time zone id (e.g. America/Denver); every local time of the location is in this zone.</summary>
    public string TimeZoneId { get; set; } = "";

    public string? Address { get; set; }

    public string? Phone { get; set; }

    public bool Active { get; set; } = true;

    public List<LocationHours> Hours { get; set; } = [];

    public List<DateOnly> ClosedDates { get; set; } = [];

    public List<Chair> Chairs { get; set; } = [];

    public Guid Version { get; set; }

    /// <summary>Renewed by every booking at the location, so that two concurrent bookings cannot both take a chair.</summary>
    public Guid BookingStamp { get; set; }
}

public sealed class LocationHours
{
    public Guid Id { get; set; }

    public Guid LocationId { get; set; }

    public DayOfWeek Day { get; set; }

    public TimeOnly Opens { get; set; }

    public TimeOnly Closes { get; set; }
}

public enum ChairKind
{
    /// <summary>A treatment chair (infusions, esketamine sessions).</summary>
    Chair,

    /// <summary>A consultation room (consultations, follow-ups).</summary>
    Room,
}

public sealed class Chair
{
    public Guid Id { get; set; }

    public Guid LocationId { get; set; }

    public string Name { get; set; } = "";

    public ChairKind Kind { get; set; }

    public int SortOrder { get; set; }

    public bool Active { get; set; } = true;
}

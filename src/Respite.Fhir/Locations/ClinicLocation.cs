namespace Respite.Fhir.Locations;

/// <summary>A clinic location with its IANA time zone and weekly opening hours.</summary>
public sealed record ClinicLocation(
    Guid Id,
    string Name,
    string TimeZoneId,
    string? Address,
    string? Phone,
    bool Active,
    IReadOnlyList<OpeningHours> Hours);

/// <summary>One day's opening hours in the location's local time.</summary>
public sealed record OpeningHours(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes);

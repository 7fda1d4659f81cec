using Respite.Clinical.Scheduling;

namespace Respite.Fhir.Locations;

/// <summary>A clinic location with its IANA time zone and weekly opening hours (in the location's local time).</summary>
public sealed record ClinicLocation(
    Guid Id,
    string Name,
    string TimeZoneId,
    string? Address,
    string? Phone,
    bool Active,
    IReadOnlyList<OpeningInterval> Hours);

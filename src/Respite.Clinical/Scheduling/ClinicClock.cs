namespace Respite.Clinical.Scheduling;

/// <summary>How a local wall-clock time was placed on the timeline.</summary>
public enum LocalTimeResolution
{
    /// <summary>The local time exists exactly once.</summary>
    Exact,

    /// <summary>The local time fell in a spring-forward gap and was moved later by the gap (02:30 → 03:30).</summary>
    ShiftedOutOfGap,

    /// <summary>The local time occurs twice (fall back); the first occurrence (daylight time) was taken.</summary>
    FirstOfAmbiguous,
}

public readonly record struct ResolvedTime(DateTimeOffset Instant, LocalTimeResolution Resolution);

/// <summary>Converts between a location's wall clock and instants, across daylight-saving changes.</summary>
public static class ClinicClock
{
    public static ResolvedTime ToInstant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // The gap is the difference between the offsets just before and just after it.
            var before = zone.GetUtcOffset(local.AddHours(-3));
            var after = zone.GetUtcOffset(local.AddHours(3));
            var shifted = local + (after - before).Duration();
            return new ResolvedTime(new DateTimeOffset(shifted, zone.GetUtcOffset(shifted)), LocalTimeResolution.ShiftedOutOfGap);
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var daylight = offsets.Max();
            return new ResolvedTime(new DateTimeOffset(local, daylight), LocalTimeResolution.FirstOfAmbiguous);
        }

        return new ResolvedTime(new DateTimeOffset(local, zone.GetUtcOffset(local)), LocalTimeResolution.Exact);
    }

    public static DateTimeOffset ToLocal(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return TimeZoneInfo.ConvertTime(instant, zone);
    }
}

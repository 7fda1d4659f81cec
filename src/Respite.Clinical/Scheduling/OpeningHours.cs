namespace Respite.Clinical.Scheduling;

/// <summary>One opening interval of a weekday, in the location's local time (e.g. Monday 08:00–18:00).</summary>
public sealed record OpeningInterval(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes)
{
    public bool Contains(TimeOnly start, TimeOnly end) => start >= Opens && end <= Closes && start < end;
}

/// <summary>
/// When a location is open: weekly intervals in local time and dates it is closed (holidays). A day may have
/// several intervals (e.g. a lunch break); an appointment must fit inside one of them.
/// </summary>
public sealed class OpeningHours
{
    public OpeningHours(IEnumerable<OpeningInterval> intervals, IEnumerable<DateOnly>? closedDates = null)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        Intervals = intervals.OrderBy(i => i.Day).ThenBy(i => i.Opens).ToArray();
        ClosedDates = (closedDates ?? []).ToHashSet();
        foreach (var interval in Intervals)
        {
            if (interval.Closes <= interval.Opens)
            {
                throw new ArgumentException($"An opening interval must close after it opens ({interval.Day} {interval.Opens}–{interval.Closes}).", nameof(intervals));
            }
        }
    }

    public IReadOnlyList<OpeningInterval> Intervals { get; }

    public IReadOnlySet<DateOnly> ClosedDates { get; }

    /// <summary>Monday to Friday 08:00–18:00, the default of a new location [U: practice convention].</summary>
    public static OpeningHours Weekdays(TimeOnly opens, TimeOnly closes) =>
        new([.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new OpeningInterval(d, opens, closes))]);

    public IEnumerable<OpeningInterval> On(DateOnly date) =>
        ClosedDates.Contains(date) ? [] : Intervals.Where(i => i.Day == date.DayOfWeek);

    public bool IsOpen(DateOnly date) => On(date).Any();

    /// <summary>Whether [start, start + minutes) lies inside one opening interval of the date.</summary>
    public bool Covers(DateOnly date, TimeOnly start, int minutes)
    {
        var end = start.ToTimeSpan() + TimeSpan.FromMinutes(minutes);
        return minutes > 0 && end < TimeSpan.FromDays(1) && On(date).Any(i => i.Contains(start, TimeOnly.FromTimeSpan(end)));
    }

    /// <summary>The first open date on or after <paramref name="date"/> within <paramref name="maxDays"/>, or null.</summary>
    public DateOnly? NextOpenDay(DateOnly date, int maxDays = 60)
    {
        for (var i = 0; i <= maxDays; i++)
        {
            var candidate = date.AddDays(i);
            if (IsOpen(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

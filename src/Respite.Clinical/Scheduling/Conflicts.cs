namespace Respite.Clinical.Scheduling;

public enum ConflictKind
{
    /// <summary>The chair or room is taken for part of the time.</summary>
    ChairTaken,

    /// <summary>The patient has another appointment at an overlapping time.</summary>
    PatientBusy,

    /// <summary>The nurse already has the maximum number of patients in chairs (SAF-SCHED-002).</summary>
    NurseAtCapacity,

    /// <summary>The time is outside the location's opening hours.</summary>
    OutsideOpeningHours,

    /// <summary>The location is closed that day (weekly hours or a closed date).</summary>
    ClosedDay,
}

/// <summary>An appointment already on the books, as the conflict check sees it.</summary>
public sealed record Booking(Guid Id, Guid? ChairId, Guid? PatientId, string? NurseUserId, DateTimeOffset Start, DateTimeOffset End)
{
    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => Start < end && start < End;
}

/// <summary>Why a time cannot be booked. <see cref="AppointmentId"/> names the appointment in the way, if one is.</summary>
public sealed record Conflict(ConflictKind Kind, string Message, Guid? AppointmentId = null, string? RuleId = null);

/// <summary>The time a new or moved appointment would take.</summary>
public sealed record Candidate(Guid? ChairId, Guid? PatientId, string? NurseUserId, DateTimeOffset Start, DateTimeOffset End, Guid? Ignore = null);

/// <summary>Finds what stands in the way of a candidate: a taken chair, a busy patient, a nurse at capacity.</summary>
public static class ConflictDetector
{
    public static IReadOnlyList<Conflict> Find(Candidate candidate, IEnumerable<Booking> existing, int nurseCapacity)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(existing);
        if (candidate.End <= candidate.Start)
        {
            throw new ArgumentException("An appointment must end after it starts.", nameof(candidate));
        }

        var overlapping = existing
            .Where(b => b.Id != candidate.Ignore && b.Overlaps(candidate.Start, candidate.End))
            .ToList();
        var conflicts = new List<Conflict>();
        foreach (var booking in overlapping)
        {
            if (candidate.ChairId is { } chair && booking.ChairId == chair)
            {
                conflicts.Add(new Conflict(ConflictKind.ChairTaken, $"The chair is booked {Span(booking)}.", booking.Id));
            }

            if (candidate.PatientId is { } patient && booking.PatientId == patient)
            {
                conflicts.Add(new Conflict(ConflictKind.PatientBusy, $"The patient has another appointment {Span(booking)}.", booking.Id));
            }
        }

        if (candidate.NurseUserId is { } nurse)
        {
            var nurseBookings = overlapping.Where(b => b.NurseUserId == nurse).ToList();
            var peak = PeakConcurrency(nurseBookings, candidate.Start, candidate.End);
            if (peak >= nurseCapacity)
            {
                conflicts.Add(new Conflict(
                    ConflictKind.NurseAtCapacity,
                    $"The nurse already has {peak} patient(s) in chairs at that time (clinic limit {nurseCapacity}).",
                    nurseBookings.FirstOrDefault()?.Id,
                    SchedulingRules.NurseCapacity));
            }
        }

        return conflicts;
    }

    /// <summary>The largest number of the bookings running at the same instant within [start, end).</summary>
    public static int PeakConcurrency(IReadOnlyCollection<Booking> bookings, DateTimeOffset start, DateTimeOffset end)
    {
        var events = new List<(DateTimeOffset At, int Delta)>(bookings.Count * 2);
        foreach (var booking in bookings)
        {
            var from = booking.Start > start ? booking.Start : start;
            var to = booking.End < end ? booking.End : end;
            if (from < to)
            {
                events.Add((from, +1));
                events.Add((to, -1));
            }
        }

        // An appointment ending exactly when another starts does not overlap it: ends sort before starts.
        events.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Delta.CompareTo(b.Delta));
        int running = 0, peak = 0;
        foreach (var (_, delta) in events)
        {
            running += delta;
            peak = Math.Max(peak, running);
        }

        return peak;
    }

    private static string Span(Booking booking) => $"{booking.Start:yyyy-MM-dd HH:mm}–{booking.End:HH:mm} UTC";
}

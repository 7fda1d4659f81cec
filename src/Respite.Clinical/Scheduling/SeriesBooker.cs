namespace Respite.Clinical.Scheduling;

public enum SlotStatus
{
    /// <summary>On the planned date at the preferred time.</summary>
    AsPlanned,

    /// <summary>Moved to another day, time or chair; <see cref="ProposedSlot.Notes"/> says why.</summary>
    Moved,

    /// <summary>No free time found that day; <see cref="ProposedSlot.Conflicts"/> says what is in the way.</summary>
    Unresolved,
}

/// <summary>Where a location's series is booked: its hours and zone, chairs in order of preference.</summary>
public sealed record SeriesPlace(OpeningHours Hours, TimeZoneInfo Zone, IReadOnlyList<Guid> Chairs);

/// <summary>What to book: the plan's sessions (sequence, planned date) at a preferred local start time.</summary>
public sealed record SeriesRequest(
    IReadOnlyList<(int Sequence, DateOnly Date)> Sessions,
    TimeOnly PreferredStart,
    int ChairMinutes,
    Guid PatientId,
    string? NurseUserId);

public sealed record ProposedSlot(
    int Sequence,
    DateOnly PlannedDate,
    DateOnly Date,
    TimeOnly LocalStart,
    DateTimeOffset Start,
    DateTimeOffset End,
    Guid? ChairId,
    SlotStatus Status,
    IReadOnlyList<string> Notes,
    IReadOnlyList<Conflict> Conflicts);

/// <summary>
/// Places a plan's sessions on a location's calendar. A session on a closed day moves to the next open day (never onto
/// a day the series already uses). On its day it takes the preferred time in the first free chair; if none is free it
/// tries later step times, then earlier ones. When nothing fits, the session is left unresolved with its conflicts
/// (at the preferred time) so that staff can decide: nothing is ever double-booked.
/// </summary>
public static class SeriesBooker
{
    public const int MaxDaysToNextOpenDay = 60;

    public static IReadOnlyList<ProposedSlot> Propose(
        SeriesRequest request, SeriesPlace place, IEnumerable<Booking> existing, SchedulingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(place);
        ArgumentNullException.ThrowIfNull(settings);
        if (request.ChairMinutes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "Chair minutes must be positive.");
        }

        var booked = existing.ToList();
        var slots = new List<ProposedSlot>(request.Sessions.Count);
        DateOnly? previous = null;
        foreach (var (sequence, planned) in request.Sessions.OrderBy(s => s.Sequence))
        {
            var notes = new List<string>();
            var date = planned;
            if (previous is { } used && date <= used)
            {
                date = used.AddDays(1);
                notes.Add($"The planned date {Day(planned)} is already used by the series.");
            }

            var open = place.Hours.NextOpenDay(date, MaxDaysToNextOpenDay);
            if (open is null)
            {
                var closed = new Conflict(ConflictKind.ClosedDay, $"The location is closed from {Day(date)} for more than {MaxDaysToNextOpenDay} days.");
                var instant = ClinicClock.ToInstant(date, request.PreferredStart, place.Zone).Instant;
                slots.Add(new ProposedSlot(sequence, planned, date, request.PreferredStart, instant, instant.AddMinutes(request.ChairMinutes),
                    null, SlotStatus.Unresolved, notes, [closed]));
                continue;
            }

            if (open.Value != date)
            {
                notes.Add($"Closed on {Day(date)}: moved to {Day(open.Value)}.");
                date = open.Value;
            }

            var slot = PlaceOnDay(sequence, planned, date, request, place, booked, settings, notes);
            slots.Add(slot);
            if (slot.Status != SlotStatus.Unresolved)
            {
                booked.Add(new Booking(Guid.Empty, slot.ChairId, request.PatientId, request.NurseUserId, slot.Start, slot.End));
                previous = slot.Date;
            }
            else
            {
                previous = date;
            }
        }

        return slots;
    }

    /// <summary>The local start times of a day to try: the preferred one, then later, then earlier, on the step grid.</summary>
    public static IEnumerable<TimeOnly> CandidateTimes(TimeOnly preferred, int stepMinutes)
    {
        yield return preferred;
        var step = TimeSpan.FromMinutes(stepMinutes);
        for (var t = preferred.ToTimeSpan() + step; t < TimeSpan.FromDays(1); t += step)
        {
            yield return TimeOnly.FromTimeSpan(t);
        }

        for (var t = preferred.ToTimeSpan() - step; t >= TimeSpan.Zero; t -= step)
        {
            yield return TimeOnly.FromTimeSpan(t);
        }
    }

    private static ProposedSlot PlaceOnDay(
        int sequence, DateOnly planned, DateOnly date, SeriesRequest request, SeriesPlace place, List<Booking> booked,
        SchedulingSettings settings, List<string> notes)
    {
        IReadOnlyList<Conflict>? firstConflicts = null;
        foreach (var time in CandidateTimes(request.PreferredStart, settings.SlotStepMinutes))
        {
            if (!place.Hours.Covers(date, time, request.ChairMinutes))
            {
                if (time == request.PreferredStart)
                {
                    firstConflicts = [new Conflict(ConflictKind.OutsideOpeningHours,
                        $"{time:HH:mm} + {request.ChairMinutes} min is outside the opening hours of {Day(date)}.")];
                }

                continue;
            }

            var resolved = ClinicClock.ToInstant(date, time, place.Zone);
            var end = resolved.Instant.AddMinutes(request.ChairMinutes);
            foreach (var chair in place.Chairs)
            {
                var conflicts = ConflictDetector.Find(
                    new Candidate(chair, request.PatientId, request.NurseUserId, resolved.Instant, end), booked, settings.MaxConcurrentPatientsPerNurse);
                if (conflicts.Count == 0)
                {
                    var moved = date != planned || time != request.PreferredStart || chair != place.Chairs[0] || notes.Count > 0;
                    if (time != request.PreferredStart)
                    {
                        notes.Add($"Starts at {time:HH:mm} instead of {request.PreferredStart:HH:mm}.");
                    }

                    if (chair != place.Chairs[0])
                    {
                        notes.Add("The preferred chair is taken: booked in another chair.");
                    }

                    if (resolved.Resolution == LocalTimeResolution.ShiftedOutOfGap)
                    {
                        notes.Add("The local time does not exist on this day (clocks go forward); moved past the gap.");
                    }

                    return new ProposedSlot(sequence, planned, date, time, resolved.Instant, end, chair,
                        moved ? SlotStatus.Moved : SlotStatus.AsPlanned, notes, []);
                }

                if (time == request.PreferredStart && (firstConflicts is null || conflicts.Count < firstConflicts.Count))
                {
                    // At the preferred time, report the chair that came closest (e.g. only the nurse's capacity in the way).
                    firstConflicts = conflicts;
                }
            }
        }

        var start = ClinicClock.ToInstant(date, request.PreferredStart, place.Zone).Instant;
        return new ProposedSlot(sequence, planned, date, request.PreferredStart, start, start.AddMinutes(request.ChairMinutes), null,
            SlotStatus.Unresolved, notes, firstConflicts ?? [new Conflict(ConflictKind.ChairTaken, "The location has no chair for this appointment.")]);
    }

    private static string Day(DateOnly date) => date.ToString("ddd d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
}

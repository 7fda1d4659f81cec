namespace Respite.Clinical.Scheduling;

/// <summary>A start time at which at least one of the rooms is free for the whole appointment.</summary>
public sealed record FreeSlot(DateOnly Date, TimeOnly LocalStart, DateTimeOffset Start, DateTimeOffset End, Guid RoomId);

/// <summary>Finds bookable times (e.g. free consultations offered on the public page).</summary>
public static class FreeSlots
{
    public static IReadOnlyList<FreeSlot> Find(
        DateOnly from, int days, int minutes, SeriesPlace place, IEnumerable<Booking> existing, DateTimeOffset notBefore, int stepMinutes)
    {
        ArgumentNullException.ThrowIfNull(place);
        var booked = existing.ToList();
        var slots = new List<FreeSlot>();
        for (var d = 0; d < days; d++)
        {
            var date = from.AddDays(d);
            foreach (var interval in place.Hours.On(date))
            {
                for (var t = interval.Opens.ToTimeSpan(); t + TimeSpan.FromMinutes(minutes) <= interval.Closes.ToTimeSpan(); t += TimeSpan.FromMinutes(stepMinutes))
                {
                    var time = TimeOnly.FromTimeSpan(t);
                    var resolved = ClinicClock.ToInstant(date, time, place.Zone);
                    if (resolved.Resolution == LocalTimeResolution.ShiftedOutOfGap || resolved.Instant < notBefore)
                    {
                        continue;
                    }

                    var end = resolved.Instant.AddMinutes(minutes);
                    var room = place.Chairs.FirstOrDefault(r => !booked.Any(b => b.ChairId == r && b.Overlaps(resolved.Instant, end)));
                    if (room != Guid.Empty)
                    {
                        slots.Add(new FreeSlot(date, time, resolved.Instant, end, room));
                    }
                }
            }
        }

        return slots;
    }
}

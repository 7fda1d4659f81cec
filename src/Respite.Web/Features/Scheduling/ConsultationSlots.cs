using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Scheduling;
using Respite.Data;
using Respite.Data.Scheduling;
using Respite.Web.Features.Settings;
using Respite.Web.Features.Shared;

namespace Respite.Web.Features.Scheduling;

/// <summary>
/// Free consultation slots offered on the public page, and holding one for a consultation request. A held slot keeps
/// its room until the front desk confirms it (creating the patient) or the hold expires.
/// </summary>
public sealed class ConsultationSlots(
    RespiteDbContext db, LocationService locations, AppointmentService appointments, ClinicSettingsService settings, TimeProvider clock)
{
    public async Task<IReadOnlyList<PublicLocationDto>> LocationsAsync(CancellationToken cancellationToken = default)
    {
        var all = await locations.ListAsync(cancellationToken: cancellationToken);
        return [.. all.Where(l => l.Chairs.Any(c => c.Active && c.Kind == ChairKind.Room)).Select(l => new PublicLocationDto(l.Id, l.Name, l.Address, l.TimeZoneId))];
    }

    public async Task<Outcome<IReadOnlyList<PublicSlotDto>>> FindAsync(Guid locationId, DateOnly? from, int? days, CancellationToken cancellationToken = default)
    {
        var location = await locations.LoadAsync(locationId, tracking: false, cancellationToken);
        if (location is null || !location.Active)
        {
            return Outcome<IReadOnlyList<PublicSlotDto>>.NotFound("The location");
        }

        var s = await settings.GetSchedulingSettingsAsync(cancellationToken);
        if (days is < 1 || days > s.PublicBookingDays)
        {
            return Outcome<IReadOnlyList<PublicSlotDto>>.Invalid("days", $"Must be between 1 and {s.PublicBookingDays}.");
        }

        var slots = await FreeAsync(location, from, days ?? 7, s, cancellationToken);
        return Outcome<IReadOnlyList<PublicSlotDto>>.Success([.. slots.Select(x => new PublicSlotDto(locationId, x.Date, x.LocalStart, x.Start, x.End))]);
    }

    /// <summary>Adds a held consultation for the request if the slot is still free; the caller saves.</summary>
    public async Task<Appointment?> PrepareHoldAsync(
        ErrorBag errors, Guid? locationId, DateTimeOffset? slotStart, Guid requestId, CancellationToken cancellationToken = default)
    {
        if (locationId is null && slotStart is null)
        {
            return null;
        }

        if (locationId is null)
        {
            errors.Add("locationId", "Choose the location of the consultation.");
            return null;
        }

        if (slotStart is null)
        {
            errors.Add("slotStart", "Choose a time.");
            return null;
        }

        var location = await locations.LoadAsync(locationId.Value, tracking: false, cancellationToken);
        if (location is null || !location.Active)
        {
            errors.Add("locationId", "Unknown location.");
            return null;
        }

        var s = await settings.GetSchedulingSettingsAsync(cancellationToken);
        var slot = (await FreeAsync(location, null, s.PublicBookingDays, s, cancellationToken)).FirstOrDefault(x => x.Start == slotStart.Value);
        if (slot is null)
        {
            errors.Add("slotStart", "This time is no longer free. Please choose another.");
            return null;
        }

        var now = clock.GetUtcNow();
        var appointment = new Appointment
        {
            Id = Guid.CreateVersion7(now),
            LocationId = location.Id,
            ChairId = slot.RoomId,
            Kind = AppointmentKind.Consultation,
            Status = AppointmentStatus.Held,
            Start = slot.Start,
            End = slot.End,
            ConsultationRequestId = requestId,
            HoldExpiresAt = now.AddHours(s.ConsultationHoldHours) < slot.Start ? now.AddHours(s.ConsultationHoldHours) : slot.Start,
            Notes = "Free consultation booked on the public page.",
            CreatedAt = now,
            Version = Guid.NewGuid(),
        };
        db.Appointments.Add(appointment);

        // Renew the stamp read with the bookings the free slots came from: a booking saved since then makes this save fail.
        var stamp = db.Locations.Local.First(l => l.Id == location.Id);
        stamp.BookingStamp = Guid.NewGuid();
        return appointment;
    }

    /// <summary>Free consultation times from <paramref name="from"/> (not before today) within the public booking window, each with a free room.</summary>
    private async Task<IReadOnlyList<FreeSlot>> FreeAsync(Location location, DateOnly? from, int days, SchedulingSettings s, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var place = AppointmentService.PlaceFor(location, AppointmentKind.Consultation, null);
        var today = DateOnly.FromDateTime(ClinicClock.ToLocal(now, place.Zone).DateTime);
        var start = from is { } f && f > today ? f : today;
        var last = today.AddDays(s.PublicBookingDays);
        var count = Math.Min(days, Math.Max(0, last.DayNumber - start.DayNumber + 1));
        var existing = await appointments.LoadBookingsAsync(location.Id, null, null, now.AddDays(-1), now.AddDays(s.PublicBookingDays + 2), cancellationToken);

        // A consultation offered to the public starts at least two hours from now.
        return FreeSlots.Find(start, count, s.ConsultationMinutes, place, existing, now.AddHours(2), Math.Max(s.SlotStepMinutes, 15));
    }
}

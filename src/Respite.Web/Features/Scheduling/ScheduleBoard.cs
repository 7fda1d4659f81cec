using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Scheduling;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Plans;
using Respite.Data.Scheduling;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Scheduling;

/// <summary>A location's day: chairs × time with who is where, and the planned sessions not yet booked.</summary>
public sealed class ScheduleBoard(RespiteDbContext db, AuditTrail audit, LocationService locations)
{
    public async Task<Outcome<DayViewDto>> DayAsync(Guid locationId, DateOnly date, CancellationToken cancellationToken = default)
    {
        var location = await locations.LoadAsync(locationId, tracking: false, cancellationToken);
        if (location is null)
        {
            return Outcome<DayViewDto>.NotFound("The location");
        }

        var zone = LocationService.ZoneOf(location);
        var hours = LocationService.HoursOf(location);
        var from = ClinicClock.ToInstant(date, TimeOnly.MinValue, zone).Instant;
        var to = ClinicClock.ToInstant(date.AddDays(1), TimeOnly.MinValue, zone).Instant;
        var appointments = await db.Appointments.AsNoTracking()
            .Where(a => a.LocationId == locationId && a.Start < to && a.End > from && a.Status != AppointmentStatus.Cancelled)
            .OrderBy(a => a.Start)
            .ToListAsync(cancellationToken);
        var patientIds = appointments.Select(a => a.PatientId).OfType<Guid>().Distinct().ToList();
        var nurses = await db.DisplayNamesAsync(appointments.Select(a => a.NurseUserId), cancellationToken);

        var due = await (from session in db.Set<PlannedSession>().AsNoTracking()
                         join plan in db.TreatmentPlans.AsNoTracking() on session.PlanId equals plan.Id
                         where plan.Status == PlanStatus.Signed && session.PlannedDate == date
                               && !db.Appointments.Any(a => a.PlannedSessionId == session.Id && a.Status != AppointmentStatus.Cancelled)
                         select new { plan.PatientId, PlanId = plan.Id, session.Sequence, session.PlannedDate, plan.ProtocolId })
            .ToListAsync(cancellationToken);
        patientIds.AddRange(due.Select(d => d.PatientId));
        var people = await db.Patients.AsNoTracking().Where(p => patientIds.Contains(p.Id))
            .Select(p => new { p.Id, p.GivenName, p.FamilyName, p.RecordNumber })
            .ToDictionaryAsync(p => p.Id, cancellationToken);

        await audit.RecordEachAsync(AuditAction.Read, "Appointment", patientIds, $"day view {date:yyyy-MM-dd}", cancellationToken);
        var items = appointments.Select(a =>
        {
            var person = a.PatientId is { } id && people.TryGetValue(id, out var p) ? p : null;
            return new DayAppointmentDto(AppointmentService.ToDto(a, location, nurses),
                person is null ? null : $"{person.GivenName} {person.FamilyName}", person?.RecordNumber);
        }).ToList();
        var dueItems = due.Where(d => people.ContainsKey(d.PatientId)).Select(d =>
        {
            var p = people[d.PatientId];
            return new DueSessionDto(d.PatientId, $"{p.GivenName} {p.FamilyName}", p.RecordNumber, d.PlanId, d.Sequence, d.PlannedDate, d.ProtocolId);
        }).OrderBy(d => d.PatientName).ToList();
        var dto = LocationService.ToDto(location);
        return Outcome<DayViewDto>.Success(new DayViewDto(
            location.Id, location.Name, location.TimeZoneId, date, hours.IsOpen(date),
            [.. hours.On(date).Select(h => new HoursDto(h.Day, h.Opens, h.Closes))],
            [.. dto.Chairs.Where(c => c.Active)], items, dueItems));
    }
}

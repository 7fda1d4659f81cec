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
    // Four or five round trips: the location with its hours and chairs (LocationService.LoadAsync), the
    // appointments with their patients' names, the nurses' names when any is assigned, the planned sessions due with
    // their patients' names, and the audit rows.
    public async Task<Outcome<DayViewDto>> DayAsync(Guid locationId, DateOnly date, CancellationToken cancellationToken = default)
    {
        var location = await locations.LoadAsync(locationId, tracking: false, cancellationToken);
        if (location is null)
        {
            return Outcome<DayViewDto>.NotFound("The location");
        }

        var zone = LocationService.ZoneOf(location);
        var hours = LocationService.HoursOf(location);
        var dayStart = ClinicClock.ToInstant(date, TimeOnly.MinValue, zone).Instant;
        var dayEnd = ClinicClock.ToInstant(date.AddDays(1), TimeOnly.MinValue, zone).Instant;
        var appointments = await DayAppointments.For(db)(db, locationId, dayStart, dayEnd).ToListAsync(cancellationToken);
        var nurses = await db.DisplayNamesAsync(appointments.Select(a => a.Appointment.NurseUserId), cancellationToken);
        var due = await DueOn.For(db)(db, date).ToListAsync(cancellationToken);

        var patientIds = appointments.Select(a => a.Appointment.PatientId).OfType<Guid>().Concat(due.Select(d => d.PatientId));
        await audit.RecordEachAsync(AuditAction.Read, "Appointment", patientIds, $"day view {date:yyyy-MM-dd}", cancellationToken);
        var items = appointments.Select(row => new DayAppointmentDto(AppointmentService.ToDto(row.Appointment, location, nurses),
            row.Patient is { } p ? $"{p.GivenName} {p.FamilyName}" : null, row.Patient?.RecordNumber)).ToList();
        var dueItems = due.Select(d => new DueSessionDto(d.PatientId, $"{d.GivenName} {d.FamilyName}", d.RecordNumber, d.PlanId, d.Sequence, d.PlannedDate, d.ProtocolId))
            .OrderBy(d => d.PatientName).ToList();
        var dto = LocationService.ToDto(location);
        return Outcome<DayViewDto>.Success(new DayViewDto(
            location.Id, location.Name, location.TimeZoneId, date, hours.IsOpen(date),
            [.. hours.On(date).Select(h => new HoursDto(h.Day, h.Opens, h.Closes))],
            [.. dto.Chairs.Where(c => c.Active)], items, dueItems));
    }

    // The day's two queries, compiled once: EF Core otherwise builds each query's expression tree and looks it up in
    // its query cache on every call (docs/benchmarks.md, change 13).
    private static readonly PerModel<Func<RespiteDbContext, Guid, DateTimeOffset, DateTimeOffset, IAsyncEnumerable<AppointmentRow>>> DayAppointments =
        new(() => EF.CompileAsyncQuery((RespiteDbContext db, Guid locationId, DateTimeOffset dayStart, DateTimeOffset dayEnd) =>
            from a in db.Appointments.AsNoTracking()
            where a.LocationId == locationId && a.Start < dayEnd && a.End > dayStart && a.Status != AppointmentStatus.Cancelled
            join p in db.Patients on a.PatientId equals (Guid?)p.Id into patients
            from p in patients.DefaultIfEmpty()
            orderby a.Start
            select new AppointmentRow(a, p == null ? null : new PersonRow(p.GivenName, p.FamilyName, p.RecordNumber))));

    private static readonly PerModel<Func<RespiteDbContext, DateOnly, IAsyncEnumerable<DueRow>>> DueOn =
        new(() => EF.CompileAsyncQuery((RespiteDbContext db, DateOnly date) =>
            from session in db.Set<PlannedSession>().AsNoTracking()
            join plan in db.TreatmentPlans.AsNoTracking() on session.PlanId equals plan.Id
            join p in db.Patients on plan.PatientId equals p.Id
            where plan.Status == PlanStatus.Signed && session.PlannedDate == date
                  && !db.Appointments.Any(a => a.PlannedSessionId == session.Id && a.Status != AppointmentStatus.Cancelled)
            select new DueRow(plan.PatientId, plan.Id, session.Sequence, session.PlannedDate, plan.ProtocolId, p.GivenName, p.FamilyName, p.RecordNumber)));

    private sealed record PersonRow(string GivenName, string FamilyName, string RecordNumber);

    private sealed record AppointmentRow(Appointment Appointment, PersonRow? Patient);

    private sealed record DueRow(Guid PatientId, Guid PlanId, int Sequence, DateOnly PlannedDate, string ProtocolId, string GivenName, string FamilyName, string RecordNumber);
}

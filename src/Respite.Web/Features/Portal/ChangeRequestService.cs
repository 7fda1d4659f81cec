using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Scheduling;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Data.Portal;
using Respite.Data.Scheduling;
using Respite.Web.Features.Patients;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Portal;

/// <summary>
/// The portal's appointments and the patient's requests to change them. A patient asks (reschedule with the times that
/// suit them, or cancel with a reason); the front desk makes the change with the appointments page and closes the
/// request as done, or declines it with a note. A patient only ever sees their own; anything else answers 404.
/// </summary>
public sealed class ChangeRequestService(RespiteDbContext db, AuditTrail audit, TimeProvider clock)
{
    public const int MaxMessageLength = 1000;

    /// <summary>How many past appointments the portal shows.</summary>
    public const int RecentCount = 5;

    private const string Entity = "AppointmentChangeRequest";

    private static readonly AppointmentStatus[] Changeable = [AppointmentStatus.Booked, AppointmentStatus.Held];

    public async Task<Outcome<PortalAppointmentsDto>> PortalAppointmentsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (OwnPatient(user) is not { } patientId)
        {
            return Outcome<PortalAppointmentsDto>.NotFound("The patient");
        }

        var now = clock.GetUtcNow();
        var upcoming = await db.Appointments.AsNoTracking()
            .Where(a => a.PatientId == patientId && a.End > now && a.Status != AppointmentStatus.Cancelled && a.Status != AppointmentStatus.NoShow)
            .OrderBy(a => a.Start).Take(100).ToListAsync(cancellationToken);
        var recent = await db.Appointments.AsNoTracking()
            .Where(a => a.PatientId == patientId && (a.End <= now || a.Status == AppointmentStatus.Cancelled || a.Status == AppointmentStatus.NoShow))
            .OrderByDescending(a => a.Start).Take(RecentCount).ToListAsync(cancellationToken);
        var requests = await db.AppointmentChangeRequests.AsNoTracking().Where(r => r.PatientId == patientId)
            .OrderByDescending(r => r.CreatedAt).Take(20).ToListAsync(cancellationToken);
        var requestDtos = await ToDtosAsync(requests, withPatient: false, cancellationToken);
        var places = await PlacesAsync([.. upcoming.Concat(recent).Select(a => a.LocationId)], cancellationToken);

        PortalAppointmentDto ToPortal(Appointment a)
        {
            var place = places[a.LocationId];
            var open = requestDtos.FirstOrDefault(r => r.AppointmentId == a.Id && r.Status == ChangeRequestStatus.Open);
            return new PortalAppointmentDto(
                a.Id, a.Kind, a.Status, a.Start, a.End, ClinicClock.ToLocal(a.Start, place.Zone), ClinicClock.ToLocal(a.End, place.Zone),
                place.Location.TimeZoneId, place.Location.Name, place.Location.Address, place.Location.Phone,
                open is null && IsChangeable(a, now), open);
        }

        var result = new PortalAppointmentsDto([.. upcoming.Select(ToPortal)], [.. recent.Select(ToPortal)], requestDtos);
        await audit.RecordAsync(AuditAction.Read, "Appointment", null, patientId, detail: $"portal count={upcoming.Count + recent.Count}", cancellationToken: cancellationToken);
        return Outcome<PortalAppointmentsDto>.Success(result);
    }

    public async Task<Outcome<ChangeRequestDto>> CreateAsync(
        ClaimsPrincipal user, Guid appointmentId, ChangeRequestInput? input, CancellationToken cancellationToken = default)
    {
        var patientId = OwnPatient(user);
        var appointment = patientId is null
            ? null
            : await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId && a.PatientId == patientId, cancellationToken);
        if (appointment is null)
        {
            await audit.RecordAsync(AuditAction.Create, Entity, null, patientId, AuditOutcome.NotFound, $"appointment {appointmentId}", cancellationToken);
            return Outcome<ChangeRequestDto>.NotFound("The appointment");
        }

        var errors = new ErrorBag();
        if (input?.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add("kind", "Say what you would like: reschedule or cancel.");
            kind = default;
        }

        var message = errors.Required("message", input?.Message, MaxMessageLength);
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<ChangeRequestDto>();
        }

        var now = clock.GetUtcNow();
        if (!IsChangeable(appointment, now))
        {
            await audit.RecordAsync(AuditAction.Create, Entity, null, patientId, AuditOutcome.Denied, "appointment not upcoming", cancellationToken);
            return Outcome<ChangeRequestDto>.Conflict("Only an upcoming booked appointment can be changed from the portal: call the clinic.");
        }

        if (await db.AppointmentChangeRequests.AnyAsync(r => r.AppointmentId == appointmentId && r.Status == ChangeRequestStatus.Open, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Create, Entity, null, patientId, AuditOutcome.Denied, "open request exists", cancellationToken);
            return Outcome<ChangeRequestDto>.Conflict("This appointment already has an open request: withdraw it first or wait for the clinic's answer.");
        }

        var request = new AppointmentChangeRequest
        {
            Id = Guid.CreateVersion7(now),
            AppointmentId = appointmentId,
            PatientId = patientId!.Value,
            Kind = kind,
            Message = message!,
            Status = ChangeRequestStatus.Open,
            CreatedAt = now,
            CreatedByUserId = user.UserId() ?? "",
            Version = Guid.NewGuid(),
        };
        db.AppointmentChangeRequests.Add(request);
        audit.Add(AuditAction.Create, Entity, request.Id.ToString(), patientId, detail: JsonDefaults.Kebab(kind));
        await db.SaveChangesAsync(cancellationToken);

        // Two submissions at the same moment can both pass the check above: the earlier one stands, the later is undone.
        var earliest = await db.AppointmentChangeRequests.AsNoTracking()
            .Where(r => r.AppointmentId == appointmentId && r.Status == ChangeRequestStatus.Open)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Select(r => r.Id).FirstAsync(cancellationToken);
        if (earliest != request.Id)
        {
            db.AppointmentChangeRequests.Remove(request);
            audit.Add(AuditAction.Delete, Entity, request.Id.ToString(), patientId, AuditOutcome.Denied, "duplicate open request");
            await db.SaveChangesAsync(cancellationToken);
            return Outcome<ChangeRequestDto>.Conflict("This appointment already has an open request: withdraw it first or wait for the clinic's answer.");
        }

        return Outcome<ChangeRequestDto>.Success((await ToDtosAsync([request], withPatient: false, cancellationToken))[0]);
    }

    public async Task<Outcome<ChangeRequestDto>> WithdrawAsync(
        ClaimsPrincipal user, Guid requestId, WithdrawChangeRequestInput? input, CancellationToken cancellationToken = default)
    {
        var patientId = OwnPatient(user);
        var request = patientId is null
            ? null
            : await db.AppointmentChangeRequests.FirstOrDefaultAsync(r => r.Id == requestId && r.PatientId == patientId, cancellationToken);
        if (request is null)
        {
            await audit.RecordAsync(AuditAction.Update, Entity, requestId.ToString(), patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<ChangeRequestDto>.NotFound("The request");
        }

        if (input?.Version is null)
        {
            return Outcome<ChangeRequestDto>.Invalid("version", "The version last read is required.");
        }

        return await CloseAsync(user, request, input.Version.Value, ChangeRequestStatus.Withdrawn, null, withPatient: false, cancellationToken);
    }

    /// <summary>The change requests for staff, oldest first; <paramref name="status"/> is open (default), done, declined, withdrawn or all.</summary>
    public async Task<Outcome<IReadOnlyList<ChangeRequestDto>>> ListAsync(ClaimsPrincipal user, string? status, CancellationToken cancellationToken = default)
    {
        if (!PatientAccess.IsCareTeam(user))
        {
            return Outcome<IReadOnlyList<ChangeRequestDto>>.NotFound("The requests");
        }

        ChangeRequestStatus? wanted = ChangeRequestStatus.Open;
        if (!string.IsNullOrWhiteSpace(status))
        {
            var match = Enum.GetValues<ChangeRequestStatus>().Where(s => JsonDefaults.Kebab(s) == status.Trim()).Select(s => (ChangeRequestStatus?)s).FirstOrDefault();
            if (match is null && status.Trim() != "all")
            {
                return Outcome<IReadOnlyList<ChangeRequestDto>>.Invalid("status", "Use open, done, declined, withdrawn or all.");
            }

            wanted = match;
        }

        var query = db.AppointmentChangeRequests.AsNoTracking();
        if (wanted is { } only)
        {
            query = query.Where(r => r.Status == only);
        }

        var rows = wanted == ChangeRequestStatus.Open
            ? await query.OrderBy(r => r.CreatedAt).Take(200).ToListAsync(cancellationToken)
            : await query.OrderByDescending(r => r.CreatedAt).Take(200).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            audit.Add(AuditAction.Read, Entity, row.Id.ToString(), row.PatientId);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Outcome<IReadOnlyList<ChangeRequestDto>>.Success(await ToDtosAsync(rows, withPatient: true, cancellationToken));
    }

    public Task<int> CountOpenAsync(CancellationToken cancellationToken = default) =>
        db.AppointmentChangeRequests.CountAsync(r => r.Status == ChangeRequestStatus.Open, cancellationToken);

    public async Task<Outcome<ChangeRequestDto>> ResolveAsync(
        ClaimsPrincipal user, Guid requestId, ResolveChangeRequestInput? input, CancellationToken cancellationToken = default)
    {
        var request = PatientAccess.IsCareTeam(user)
            ? await db.AppointmentChangeRequests.FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken)
            : null;
        if (request is null)
        {
            await audit.RecordAsync(AuditAction.Update, Entity, requestId.ToString(), null, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<ChangeRequestDto>.NotFound("The request");
        }

        var errors = new ErrorBag();
        if (input?.Status is not ({ } status and (ChangeRequestStatus.Done or ChangeRequestStatus.Declined)))
        {
            errors.Add("status", "Use done (the change was made) or declined.");
            status = default;
        }

        var note = status == ChangeRequestStatus.Declined
            ? errors.Required("note", input?.Note, MaxMessageLength)
            : errors.Optional("note", input?.Note, MaxMessageLength);
        if (input?.Version is null)
        {
            errors.Add("version", "The version last read is required.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<ChangeRequestDto>();
        }

        return await CloseAsync(user, request, input!.Version!.Value, status, note, withPatient: true, cancellationToken);
    }

    private async Task<Outcome<ChangeRequestDto>> CloseAsync(
        ClaimsPrincipal user, AppointmentChangeRequest request, Guid version, ChangeRequestStatus status, string? note, bool withPatient,
        CancellationToken cancellationToken)
    {
        if (request.Version != version)
        {
            return Outcome<ChangeRequestDto>.Conflict("The request was changed meanwhile: reload it.");
        }

        if (request.Status != ChangeRequestStatus.Open)
        {
            return Outcome<ChangeRequestDto>.Conflict($"The request is already {JsonDefaults.Kebab(request.Status)}.");
        }

        request.Status = status;
        request.ResolvedAt = clock.GetUtcNow();
        request.ResolvedByUserId = user.UserId();
        request.ResolutionNote = note;
        request.Version = Guid.NewGuid();
        audit.Add(AuditAction.Update, Entity, request.Id.ToString(), request.PatientId, detail: JsonDefaults.Kebab(status));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Outcome<ChangeRequestDto>.Conflict("The request was changed meanwhile: reload it.");
        }

        return Outcome<ChangeRequestDto>.Success((await ToDtosAsync([request], withPatient, cancellationToken))[0]);
    }

    private static Guid? OwnPatient(ClaimsPrincipal user) => user.IsInRole(Roles.Patient) ? user.OwnPatientId() : null;

    private static bool IsChangeable(Appointment a, DateTimeOffset now) => Changeable.Contains(a.Status) && a.Start > now;

    private async Task<IReadOnlyList<ChangeRequestDto>> ToDtosAsync(IReadOnlyList<AppointmentChangeRequest> rows, bool withPatient, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var appointmentIds = rows.Select(r => r.AppointmentId).Distinct().ToList();
        var appointments = await db.Appointments.AsNoTracking().Where(a => appointmentIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var places = await PlacesAsync([.. appointments.Values.Select(a => a.LocationId)], cancellationToken);
        var names = await db.DisplayNamesAsync(rows.Select(r => r.ResolvedByUserId), cancellationToken);
        var patients = new Dictionary<Guid, ChangeRequestPatientDto>();
        if (withPatient)
        {
            var patientIds = rows.Select(r => r.PatientId).Distinct().ToList();
            patients = await db.Patients.AsNoTracking().Where(p => patientIds.Contains(p.Id))
                .ToDictionaryAsync(p => p.Id, p => new ChangeRequestPatientDto(p.GivenName + " " + p.FamilyName, p.RecordNumber), cancellationToken);
        }

        return [.. rows.Select(r =>
        {
            var a = appointments[r.AppointmentId];
            var place = places[a.LocationId];
            return new ChangeRequestDto(
                r.Id, r.AppointmentId, r.PatientId, r.Kind, r.Message, r.Status, r.CreatedAt, r.ResolvedAt,
                r.ResolvedByUserId is { } by ? names.GetValueOrDefault(by) : null, r.ResolutionNote,
                a.Kind, a.Status, a.Start, ClinicClock.ToLocal(a.Start, place.Zone), place.Location.Name,
                withPatient ? patients.GetValueOrDefault(r.PatientId) : null, r.Version);
        })];
    }

    private async Task<Dictionary<Guid, (Location Location, TimeZoneInfo Zone)>> PlacesAsync(IReadOnlyCollection<Guid> locationIds, CancellationToken cancellationToken)
    {
        var ids = locationIds.Distinct().ToList();
        var rows = await db.Locations.AsNoTracking().Where(l => ids.Contains(l.Id)).ToListAsync(cancellationToken);
        return rows.ToDictionary(l => l.Id, l => (l, TimeZoneInfo.TryFindSystemTimeZoneById(l.TimeZoneId, out var zone) ? zone : TimeZoneInfo.Utc));
    }
}

using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Dosing;
using Respite.Clinical.Scheduling;
using Respite.Clinical.Screening;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Data.Plans;
using Respite.Data.Scheduling;
using Respite.Pharmacokinetics.Quantities;
using Respite.Web.Features.Packages;
using Respite.Web.Features.Patients;
using Respite.Web.Features.Settings;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Scheduling;

/// <summary>
/// Booking: single appointments, a signed plan's series in one step, rescheduling and cancelling one appointment or the
/// rest of its series. Every write re-checks chairs, the patient and the nurse's capacity, so nothing is double-booked;
/// concurrent bookings at one location are serialised through the location's booking stamp.
/// </summary>
public sealed class AppointmentService(
    RespiteDbContext db,
    AuditTrail audit,
    LocationService locations,
    ClinicSettingsService settings,
    PatientAccess access,
    PackageService packages,
    TimeProvider clock)
{
    /// <summary>Default esketamine administration time when none is given: devices 5 min apart plus settling [U].</summary>
    public const int DefaultEsketamineAdministrationMinutes = 15;

    private const int MaxBookingAttempts = 3;

    public static IReadOnlyList<AppointmentTypeDto> Types(SchedulingSettings s) =>
    [
        new(AppointmentKind.Consultation, "Consultation", s.ChairMinutes(AppointmentKind.Consultation, 0), ChairKind.Room,
            "Free first consultation or a prescriber review, in a consultation room."),
        new(AppointmentKind.IvInfusion, "IV ketamine infusion", s.ChairMinutes(AppointmentKind.IvInfusion, 40), ChairKind.Chair,
            $"Pre-checks ({s.PreTreatmentMinutes} min) + the protocol's infusion time + recovery ({s.InfusionRecoveryMinutes} min); shown for a 40-min infusion."),
        new(AppointmentKind.EsketamineSession, "Esketamine (Spravato) session", s.ChairMinutes(AppointmentKind.EsketamineSession, DefaultEsketamineAdministrationMinutes), ChairKind.Chair,
            $"Pre-checks + administration + at least {s.EsketamineObservationMinutes} min observation (label: ≥ 2 h, {SchedulingRules.EsketamineObservation})."),
        new(AppointmentKind.FollowUp, "Follow-up", s.ChairMinutes(AppointmentKind.FollowUp, 0), ChairKind.Room, "Review of progress and outcomes."),
    ];

    public async Task<Outcome<IReadOnlyList<AppointmentDto>>> ListForPatientAsync(ClaimsPrincipal user, Guid patientId, CancellationToken cancellationToken = default)
    {
        if (!access.CanRead(user, patientId))
        {
            await audit.RecordAsync(AuditAction.Read, "Appointment", null, patientId, AuditOutcome.Denied, cancellationToken: cancellationToken);
            return Outcome<IReadOnlyList<AppointmentDto>>.NotFound("The patient");
        }

        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Read, "Appointment", null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<IReadOnlyList<AppointmentDto>>.NotFound("The patient");
        }

        var appointments = await db.Appointments.AsNoTracking().Where(a => a.PatientId == patientId)
            .OrderBy(a => a.Start).Take(500).ToListAsync(cancellationToken);
        await audit.RecordAsync(AuditAction.Read, "Appointment", null, patientId, detail: $"count={appointments.Count}", cancellationToken: cancellationToken);
        return Outcome<IReadOnlyList<AppointmentDto>>.Success(await ToDtosAsync(appointments, cancellationToken));
    }

    public async Task<Outcome<AppointmentDto>> BookAsync(ClaimsPrincipal user, Guid patientId, AppointmentInput input, CancellationToken cancellationToken = default)
    {
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Create, "Appointment", null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<AppointmentDto>.NotFound("The patient");
        }

        var s = await settings.GetSchedulingSettingsAsync(cancellationToken);
        var errors = new ErrorBag();
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add("kind", "The appointment type is required: consultation, iv-infusion, esketamine-session or follow-up.");
            kind = default;
        }

        var location = input.LocationId is { } locationId ? await locations.LoadAsync(locationId, tracking: false, cancellationToken) : null;
        if (location is null)
        {
            errors.Add("locationId", input.LocationId is null ? "The location is required." : "Unknown location.");
        }

        if (input.Date is null)
        {
            errors.Add("date", "The date is required (the location's local date).");
        }

        if (input.StartTime is null)
        {
            errors.Add("startTime", "The start time is required (the location's local time).");
        }

        var treatment = input.TreatmentMinutes;
        if (kind == AppointmentKind.IvInfusion && treatment is null)
        {
            errors.Add("treatmentMinutes", "The infusion's minutes are required for an IV infusion.");
        }

        if (treatment is < 1 or > 720)
        {
            errors.Add("treatmentMinutes", "Must be between 1 and 720 minutes.");
        }

        if (input.ChairMinutes is < 5 or > 720)
        {
            errors.Add("chairMinutes", "Must be between 5 and 720 minutes.");
        }

        var notes = errors.Optional("notes", input.Notes, 2000);
        await ValidateNurseAsync(errors, "nurseUserId", input.NurseUserId, cancellationToken);
        if (location is not null && input.ChairId is { } chairId && location.Chairs.All(c => c.Id != chairId || !c.Active))
        {
            errors.Add("chairId", "Not an active chair or room of this location.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<AppointmentDto>();
        }

        var computed = s.ChairMinutes(kind, treatment ?? DefaultEsketamineAdministrationMinutes);
        if (kind == AppointmentKind.EsketamineSession && input.ChairMinutes < computed)
        {
            await audit.RecordAsync(AuditAction.Create, "Appointment", null, patientId, AuditOutcome.Denied, SchedulingRules.EsketamineObservation, cancellationToken);
            return Outcome<AppointmentDto>.Blocked(SchedulingRules.EsketamineObservation,
                $"An esketamine session holds its chair for at least {computed} min: pre-checks, administration and {s.EsketamineObservationMinutes} min observation (label: at least 2 hours).");
        }

        var minutes = input.ChairMinutes ?? computed;
        var place = PlaceFor(location!, kind, input.ChairId);
        var hours = LocationService.HoursOf(location!);
        if (!hours.IsOpen(input.Date!.Value))
        {
            return ScheduleConflict<AppointmentDto>("The location is closed that day.",
                [new Conflict(ConflictKind.ClosedDay, $"{location!.Name} is closed on {input.Date:yyyy-MM-dd}.")]);
        }

        if (!hours.Covers(input.Date.Value, input.StartTime!.Value, minutes))
        {
            return ScheduleConflict<AppointmentDto>("The appointment does not fit the opening hours.",
                [new Conflict(ConflictKind.OutsideOpeningHours, $"{input.StartTime:HH:mm} + {minutes} min is outside the opening hours.")]);
        }

        var start = ClinicClock.ToInstant(input.Date.Value, input.StartTime.Value, place.Zone).Instant;
        var appointment = new Appointment
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            PatientId = patientId,
            LocationId = location!.Id,
            NurseUserId = input.NurseUserId,
            Kind = kind,
            Status = AppointmentStatus.Booked,
            Start = start,
            End = start.AddMinutes(minutes),
            Notes = notes,
            CreatedAt = clock.GetUtcNow(),
            CreatedByUserId = user.UserId(),
            Version = Guid.NewGuid(),
        };
        return await SaveWithCheckAsync(appointment, input.ChairId is { } only ? [only] : place.Chairs, s, cancellationToken);
    }

    /// <summary>Proposes (and with <c>confirm</c> books) the not-yet-booked sessions of a signed plan.</summary>
    public async Task<Outcome<SeriesBookingDto>> BookSeriesAsync(
        ClaimsPrincipal user, Guid patientId, Guid planId, SeriesBookingInput input, CancellationToken cancellationToken = default)
    {
        var plan = await db.TreatmentPlans.AsNoTracking().Include(p => p.Sessions)
            .FirstOrDefaultAsync(p => p.Id == planId && p.PatientId == patientId, cancellationToken);
        if (plan is null)
        {
            await audit.RecordAsync(AuditAction.Create, "Appointment", null, patientId, AuditOutcome.NotFound, "series", cancellationToken);
            return Outcome<SeriesBookingDto>.NotFound("The plan");
        }

        if (plan.Status != PlanStatus.Signed)
        {
            await audit.RecordAsync(AuditAction.Create, "Appointment", null, patientId, AuditOutcome.Denied, SchedulingRules.UnsignedPlan, cancellationToken);
            return Outcome<SeriesBookingDto>.Blocked(SchedulingRules.UnsignedPlan,
                plan.Status == PlanStatus.Draft ? "Only a signed plan can be booked: the prescriber signs it first." : "This plan version is superseded: book the current version.");
        }

        var errors = new ErrorBag();
        var location = input.LocationId is { } locationId ? await locations.LoadAsync(locationId, tracking: false, cancellationToken) : null;
        if (location is null)
        {
            errors.Add("locationId", input.LocationId is null ? "The location is required." : "Unknown location.");
        }

        if (input.StartTime is null)
        {
            errors.Add("startTime", "The preferred start time is required (the location's local time).");
        }

        if (location is not null && input.ChairId is { } chairId && location.Chairs.All(c => c.Id != chairId || !c.Active || c.Kind != ChairKind.Chair))
        {
            errors.Add("chairId", "Not an active treatment chair of this location.");
        }

        if (input.FromSequence is { } from && plan.Sessions.All(ps => ps.Sequence != from))
        {
            errors.Add("fromSequence", $"The plan has sessions 1 to {plan.Sessions.Count}.");
        }

        await ValidateNurseAsync(errors, "nurseUserId", input.NurseUserId, cancellationToken);
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<SeriesBookingDto>();
        }

        var s = await settings.GetSchedulingSettingsAsync(cancellationToken);
        var kind = plan.Modality == Modality.EsketamineNasalSpray ? AppointmentKind.EsketamineSession : AppointmentKind.IvInfusion;
        var sessionIds = plan.Sessions.Select(ps => ps.Id).ToList();
        var booked = await db.Appointments.AsNoTracking()
            .Where(a => a.PlannedSessionId != null && sessionIds.Contains(a.PlannedSessionId.Value) && a.Status != AppointmentStatus.Cancelled)
            .Select(a => a.PlannedSessionId!.Value)
            .ToListAsync(cancellationToken);
        var alreadyBooked = plan.Sessions.Where(ps => booked.Contains(ps.Id)).Select(ps => ps.Sequence).Order().ToList();
        var toBook = plan.Sessions
            .Where(ps => !booked.Contains(ps.Id) && ps.Sequence >= (input.FromSequence ?? 1))
            .OrderBy(ps => ps.Sequence)
            .ToList();
        var chairMinutes = toBook.Count == 0 ? s.ChairMinutes(kind, plan.DurationMinutes ?? 40) : toBook.Max(ps => s.ChairMinutes(kind, TreatmentMinutes(kind, ps)));
        var place = PlaceFor(location!, kind, input.ChairId);
        if (place.Chairs.Count == 0)
        {
            return Outcome<SeriesBookingDto>.Invalid("locationId", "The location has no active treatment chair.");
        }

        for (var attempt = 1; ; attempt++)
        {
            var window = WindowOf(toBook.Select(ps => ps.PlannedDate));
            var existing = await LoadBookingsAsync(location!.Id, patientId, input.NurseUserId, window.From, window.To, cancellationToken);
            var slots = SeriesBooker.Propose(
                new SeriesRequest([.. toBook.Select(ps => (ps.Sequence, ps.PlannedDate))], input.StartTime!.Value, chairMinutes, patientId, input.NurseUserId),
                place, existing, s);
            var chairNames = location.Chairs.ToDictionary(c => c.Id, c => c.Name);
            if (!input.Confirm)
            {
                await audit.RecordAsync(AuditAction.Read, "Appointment", plan.Id.ToString(), patientId, detail: "series proposal", cancellationToken: cancellationToken);
                return Outcome<SeriesBookingDto>.Success(new SeriesBookingDto(plan.Id, null, false, kind, chairMinutes,
                    [.. slots.Select(slot => ToDto(slot, chairNames, null))], alreadyBooked));
            }

            var now = clock.GetUtcNow();
            var seriesId = Guid.CreateVersion7(now);
            var ids = new Dictionary<int, Guid>();
            foreach (var slot in slots.Where(slot => slot.Status != SlotStatus.Unresolved))
            {
                var session = toBook.First(ps => ps.Sequence == slot.Sequence);
                var appointment = new Appointment
                {
                    Id = Guid.CreateVersion7(now),
                    PatientId = patientId,
                    LocationId = location.Id,
                    ChairId = slot.ChairId,
                    NurseUserId = input.NurseUserId,
                    Kind = kind,
                    Status = AppointmentStatus.Booked,
                    Start = slot.Start,
                    End = slot.End,
                    SeriesId = seriesId,
                    PlanId = plan.Id,
                    PlannedSessionId = session.Id,
                    Sequence = slot.Sequence,
                    CreatedAt = now,
                    CreatedByUserId = user.UserId(),
                    Version = Guid.NewGuid(),
                };
                db.Appointments.Add(appointment);
                ids[slot.Sequence] = appointment.Id;
                audit.Add(AuditAction.Create, "Appointment", appointment.Id.ToString(), patientId, detail: $"series {seriesId} session {slot.Sequence}");
            }

            if (await TryStampAndSaveAsync(location.Id, cancellationToken))
            {
                return Outcome<SeriesBookingDto>.Success(new SeriesBookingDto(plan.Id, ids.Count > 0 ? seriesId : null, ids.Count > 0, kind, chairMinutes,
                    [.. slots.Select(slot => ToDto(slot, chairNames, ids.TryGetValue(slot.Sequence, out var id) ? id : null))], alreadyBooked));
            }

            if (attempt >= MaxBookingAttempts)
            {
                return Outcome<SeriesBookingDto>.Conflict("The location's calendar is busy; try again.");
            }
        }
    }

    public async Task<Outcome<IReadOnlyList<AppointmentDto>>> RescheduleAsync(
        ClaimsPrincipal user, Guid patientId, Guid appointmentId, RescheduleInput input, CancellationToken cancellationToken = default)
    {
        var appointment = await db.Appointments.FirstOrDefaultAsync(a => a.Id == appointmentId && a.PatientId == patientId, cancellationToken);
        if (appointment is null)
        {
            await audit.RecordAsync(AuditAction.Update, "Appointment", appointmentId.ToString(), patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<IReadOnlyList<AppointmentDto>>.NotFound("The appointment");
        }

        var errors = new ErrorBag();
        if (input.Version is null)
        {
            errors.Add("version", "The version last read is required.");
        }

        if (input.Date is null && input.StartTime is null && input.ChairId is null && input.NurseUserId is null)
        {
            errors.Add("date", "Give a new date, start time, chair or nurse.");
        }

        if (input.Scope is { } scope && !Enum.IsDefined(scope))
        {
            errors.Add("scope", "Use this or rest-of-series.");
        }

        await ValidateNurseAsync(errors, "nurseUserId", input.NurseUserId, cancellationToken);
        var location = await locations.LoadAsync(appointment.LocationId, tracking: false, cancellationToken);
        if (input.ChairId is { } chairId && location!.Chairs.All(c => c.Id != chairId || !c.Active))
        {
            errors.Add("chairId", "Not an active chair or room of this location.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<IReadOnlyList<AppointmentDto>>();
        }

        if (input.Version != appointment.Version)
        {
            return Outcome<IReadOnlyList<AppointmentDto>>.Conflict("The appointment was changed by someone else. Reload it and apply your change again.");
        }

        if (appointment.Status is not (AppointmentStatus.Booked or AppointmentStatus.Held))
        {
            return Outcome<IReadOnlyList<AppointmentDto>>.Conflict($"A {JsonDefaults.Kebab(appointment.Status)} appointment cannot be moved.");
        }

        var zone = LocationService.ZoneOf(location!);
        var hours = LocationService.HoursOf(location!);
        var localStart = ClinicClock.ToLocal(appointment.Start, zone);
        var oldDate = DateOnly.FromDateTime(localStart.DateTime);
        var newDate = input.Date ?? oldDate;
        var newTime = input.StartTime ?? TimeOnly.FromDateTime(localStart.DateTime);
        var dayShift = newDate.DayNumber - oldDate.DayNumber;
        var moving = new List<Appointment> { appointment };
        if (input.Scope == SeriesScope.RestOfSeries && appointment.SeriesId is { } seriesId)
        {
            moving.AddRange(await db.Appointments
                .Where(a => a.SeriesId == seriesId && a.Id != appointment.Id && a.Start > appointment.Start && a.Status == AppointmentStatus.Booked)
                .OrderBy(a => a.Start)
                .ToListAsync(cancellationToken));
        }

        var s = await settings.GetSchedulingSettingsAsync(cancellationToken);
        var window = (From: moving.Min(a => a.Start).AddDays(-Math.Abs(dayShift) - 2), To: moving.Max(a => a.End).AddDays(Math.Abs(dayShift) + 2));
        var existing = (await LoadBookingsAsync(location!.Id, patientId, input.NurseUserId ?? appointment.NurseUserId, window.From, window.To, cancellationToken))
            .Where(b => moving.All(m => m.Id != b.Id))
            .ToList();
        var conflicts = new List<Conflict>();
        var planned = new List<(Appointment Appointment, DateTimeOffset Start, DateTimeOffset End, Guid? Chair, string? Nurse)>();
        foreach (var item in moving)
        {
            var itemLocal = ClinicClock.ToLocal(item.Start, zone);
            var date = item == appointment ? newDate : DateOnly.FromDateTime(itemLocal.DateTime).AddDays(dayShift);
            var minutes = (int)Math.Round((item.End - item.Start).TotalMinutes);
            var chair = input.ChairId ?? item.ChairId;
            var nurse = input.NurseUserId ?? item.NurseUserId;
            if (!hours.IsOpen(date))
            {
                conflicts.Add(new Conflict(ConflictKind.ClosedDay, $"Closed on {date:yyyy-MM-dd}.", item.Id));
                continue;
            }

            if (!hours.Covers(date, newTime, minutes))
            {
                conflicts.Add(new Conflict(ConflictKind.OutsideOpeningHours, $"{date:yyyy-MM-dd} {newTime:HH:mm} + {minutes} min is outside the opening hours.", item.Id));
                continue;
            }

            var start = ClinicClock.ToInstant(date, newTime, zone).Instant;
            var found = ConflictDetector.Find(new Candidate(chair, patientId, nurse, start, start.AddMinutes(minutes), item.Id), existing, s.MaxConcurrentPatientsPerNurse);
            conflicts.AddRange(found);
            planned.Add((item, start, start.AddMinutes(minutes), chair, nurse));
            existing.Add(new Booking(item.Id, chair, patientId, nurse, start, start.AddMinutes(minutes)));
        }

        if (conflicts.Count > 0)
        {
            return ScheduleConflict<IReadOnlyList<AppointmentDto>>(
                moving.Count == 1 ? "The new time is not free." : "Some appointments of the series cannot move: nothing was changed.", conflicts);
        }

        var now = clock.GetUtcNow();
        foreach (var (item, start, end, chair, nurse) in planned)
        {
            item.Start = start;
            item.End = end;
            item.ChairId = chair;
            item.NurseUserId = nurse;
            item.UpdatedAt = now;
            item.Version = Guid.NewGuid();
            audit.Add(AuditAction.Update, "Appointment", item.Id.ToString(), patientId, detail: "rescheduled");
        }

        return await TryStampAndSaveAsync(location.Id, cancellationToken)
            ? Outcome<IReadOnlyList<AppointmentDto>>.Success(await ToDtosAsync(moving, cancellationToken))
            : Outcome<IReadOnlyList<AppointmentDto>>.Conflict("Another booking at this location was saved at the same time; reload and try again.");
    }

    public async Task<Outcome<IReadOnlyList<AppointmentDto>>> CancelAsync(
        ClaimsPrincipal user, Guid patientId, Guid appointmentId, CancelInput input, CancellationToken cancellationToken = default)
    {
        var appointment = await db.Appointments.FirstOrDefaultAsync(a => a.Id == appointmentId && a.PatientId == patientId, cancellationToken);
        if (appointment is null)
        {
            await audit.RecordAsync(AuditAction.Update, "Appointment", appointmentId.ToString(), patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<IReadOnlyList<AppointmentDto>>.NotFound("The appointment");
        }

        var errors = new ErrorBag();
        var reason = errors.Required("reason", input.Reason, 1000);
        if (input.Version is null)
        {
            errors.Add("version", "The version last read is required.");
        }

        if (input.Scope is { } scope && !Enum.IsDefined(scope))
        {
            errors.Add("scope", "Use this or rest-of-series.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<IReadOnlyList<AppointmentDto>>();
        }

        if (input.Version != appointment.Version)
        {
            return Outcome<IReadOnlyList<AppointmentDto>>.Conflict("The appointment was changed by someone else. Reload it and apply your change again.");
        }

        if (appointment.Status is not (AppointmentStatus.Booked or AppointmentStatus.Held))
        {
            return Outcome<IReadOnlyList<AppointmentDto>>.Conflict($"A {JsonDefaults.Kebab(appointment.Status)} appointment cannot be cancelled.");
        }

        var cancelling = new List<Appointment> { appointment };
        if (input.Scope == SeriesScope.RestOfSeries && appointment.SeriesId is { } seriesId)
        {
            cancelling.AddRange(await db.Appointments
                .Where(a => a.SeriesId == seriesId && a.Id != appointment.Id && a.Start > appointment.Start && a.Status == AppointmentStatus.Booked)
                .ToListAsync(cancellationToken));
        }

        var now = clock.GetUtcNow();
        foreach (var item in cancelling)
        {
            item.Status = AppointmentStatus.Cancelled;
            item.CancelReason = reason;
            item.UpdatedAt = now;
            item.Version = Guid.NewGuid();
            audit.Add(AuditAction.Update, "Appointment", item.Id.ToString(), patientId, detail: "cancelled");
        }

        await db.SaveChangesAsync(cancellationToken);
        return Outcome<IReadOnlyList<AppointmentDto>>.Success(await ToDtosAsync([.. cancelling.OrderBy(a => a.Start)], cancellationToken));
    }

    /// <summary>
    /// Marks a treatment session completed and takes one package credit for it (idempotent: completing twice never
    /// takes two credits). A session without a package credit is completed all the same and reported as billable.
    /// </summary>
    public async Task<Outcome<CompletionDto>> CompleteAsync(ClaimsPrincipal user, Guid patientId, Guid appointmentId, Guid? version, CancellationToken cancellationToken = default)
    {
        var appointment = await db.Appointments.FirstOrDefaultAsync(a => a.Id == appointmentId && a.PatientId == patientId, cancellationToken);
        if (appointment is null)
        {
            await audit.RecordAsync(AuditAction.Update, "Appointment", appointmentId.ToString(), patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<CompletionDto>.NotFound("The appointment");
        }

        if (version is null)
        {
            return Outcome<CompletionDto>.Invalid("version", "The version last read is required.");
        }

        if (version != appointment.Version)
        {
            return Outcome<CompletionDto>.Conflict("The appointment was changed by someone else. Reload it.");
        }

        if (appointment.Status is not (AppointmentStatus.Booked or AppointmentStatus.CheckedIn))
        {
            return Outcome<CompletionDto>.Conflict($"A {JsonDefaults.Kebab(appointment.Status)} appointment cannot be completed.");
        }

        var credit = await PrepareCompletionAsync(user, appointment, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<CompletionDto>.Success(new CompletionDto((await ToDtosAsync([appointment], cancellationToken))[0], credit));
    }

    /// <summary>
    /// Marks a tracked appointment completed and takes one package credit for it (once per appointment). Used when
    /// staff complete an appointment and when a session at the chair is discharged. The caller saves.
    /// </summary>
    internal async Task<CreditOutcomeDto> PrepareCompletionAsync(ClaimsPrincipal user, Appointment appointment, CancellationToken cancellationToken)
    {
        appointment.Status = AppointmentStatus.Completed;
        appointment.UpdatedAt = clock.GetUtcNow();
        appointment.Version = Guid.NewGuid();
        var credit = await packages.PrepareCreditForCompletedSessionAsync(user, appointment, cancellationToken);
        audit.Add(AuditAction.Update, "Appointment", appointment.Id.ToString(), appointment.PatientId, detail: credit.Consumed ? "completed; credit used" : "completed");
        return credit;
    }

    /// <summary>
    /// The appointments that hold chairs, patients or nurses in [from, to): everything at the location plus the
    /// patient's and the nurse's appointments elsewhere. Expired holds are free.
    /// </summary>
    internal async Task<List<Booking>> LoadBookingsAsync(
        Guid locationId, Guid? patientId, string? nurseUserId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        // The location's booking stamp is read before the bookings: a booking saved after this read changes the stamp,
        // so the save below fails and the check runs again on the new bookings.
        foreach (var entry in db.ChangeTracker.Entries<Location>().Where(e => e.Entity.Id == locationId).ToList())
        {
            entry.State = EntityState.Detached;
        }

        await db.Locations.FirstAsync(l => l.Id == locationId, cancellationToken);
        var now = clock.GetUtcNow();
        var occupying = Appointment.Occupying;
        var rows = await db.Appointments.AsNoTracking()
            .Where(a => occupying.Contains(a.Status) && a.Start < to && a.End > from)
            .Where(a => a.LocationId == locationId || (patientId != null && a.PatientId == patientId) || (nurseUserId != null && a.NurseUserId == nurseUserId))
            .Select(a => new { a.Id, a.ChairId, a.PatientId, a.NurseUserId, a.Start, a.End, a.Status, a.HoldExpiresAt })
            .ToListAsync(cancellationToken);
        return [.. rows
            .Where(a => a.Status != AppointmentStatus.Held || a.HoldExpiresAt is null || a.HoldExpiresAt > now)
            .Select(a => new Booking(a.Id, a.ChairId, a.PatientId, a.NurseUserId, a.Start, a.End))];
    }

    /// <summary>
    /// Saves pending changes and renews the location's booking stamp as read by <see cref="LoadBookingsAsync"/>; false when
    /// another booking at the location was saved in between.
    /// </summary>
    internal async Task<bool> TryStampAndSaveAsync(Guid locationId, CancellationToken cancellationToken)
    {
        var location = db.Locations.Local.FirstOrDefault(l => l.Id == locationId) ?? await db.Locations.FirstAsync(l => l.Id == locationId, cancellationToken);
        location.BookingStamp = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            foreach (var entry in db.ChangeTracker.Entries().ToList())
            {
                if (entry.Entity is Appointment or AuditEvent)
                {
                    entry.State = entry.State == EntityState.Added ? EntityState.Detached : entry.State;
                }

                if (entry.Entity is Location)
                {
                    entry.State = EntityState.Detached;
                }
            }

            return false;
        }
    }

    internal static SeriesPlace PlaceFor(Location location, AppointmentKind kind, Guid? preferredChair)
    {
        var resource = kind is AppointmentKind.Consultation or AppointmentKind.FollowUp ? ChairKind.Room : ChairKind.Chair;
        var chairs = location.Chairs.Where(c => c.Active && c.Kind == resource).OrderBy(c => c.SortOrder).ThenBy(c => c.Name).Select(c => c.Id).ToList();
        if (preferredChair is { } preferred)
        {
            chairs.Remove(preferred);
            chairs.Insert(0, preferred);
        }

        return new SeriesPlace(LocationService.HoursOf(location), LocationService.ZoneOf(location), chairs);
    }

    internal static Outcome<T> ScheduleConflict<T>(string detail, IReadOnlyList<Conflict> conflicts) =>
        Outcome<T>.Conflict(detail, new ProblemExtras(Problems.ScheduleConflictType, "The time is not free.", new Dictionary<string, object?>
        {
            ["conflicts"] = conflicts.Select(c => new ConflictDto(c.Kind, c.Message, c.AppointmentId, c.RuleId)).ToList(),
        }));

    internal async Task<IReadOnlyList<AppointmentDto>> ToDtosAsync(IReadOnlyList<Appointment> appointments, CancellationToken cancellationToken)
    {
        var locationIds = appointments.Select(a => a.LocationId).Distinct().ToList();
        var places = await db.Locations.AsNoTracking().Include(l => l.Chairs).Where(l => locationIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, cancellationToken);
        var nurses = await db.DisplayNamesAsync(appointments.Select(a => a.NurseUserId), cancellationToken);
        return [.. appointments.Select(a => ToDto(a, places[a.LocationId], nurses))];
    }

    internal static AppointmentDto ToDto(Appointment a, Location location, IReadOnlyDictionary<string, string> nurses)
    {
        var zone = LocationService.ZoneOf(location);
        return new AppointmentDto(
            a.Id, a.PatientId, a.LocationId, location.Name, a.ChairId, location.Chairs.FirstOrDefault(c => c.Id == a.ChairId)?.Name,
            a.NurseUserId, a.NurseUserId is { } n && nurses.TryGetValue(n, out var name) ? name : null,
            a.Kind, a.Status, a.Start, a.End, ClinicClock.ToLocal(a.Start, zone), ClinicClock.ToLocal(a.End, zone),
            a.SeriesId, a.PlanId, a.Sequence, a.Notes, a.CancelReason, a.Version);
    }

    private static SeriesSlotDto ToDto(ProposedSlot slot, IReadOnlyDictionary<Guid, string> chairNames, Guid? appointmentId) => new(
        slot.Sequence, slot.PlannedDate, slot.Date, slot.LocalStart, slot.Start, slot.End, slot.ChairId,
        slot.ChairId is { } c && chairNames.TryGetValue(c, out var name) ? name : null,
        slot.Status, slot.Notes, [.. slot.Conflicts.Select(x => new ConflictDto(x.Kind, x.Message, x.AppointmentId, x.RuleId))], appointmentId);

    private static int TreatmentMinutes(AppointmentKind kind, PlannedSession session) =>
        kind == AppointmentKind.EsketamineSession
            ? Math.Max(DefaultEsketamineAdministrationMinutes, EsketamineCalculator.Calculate(Mass.FromMilligrams(session.DoseMg)).AdministrationMinutes)
            : session.DurationMinutes;

    private static (DateTimeOffset From, DateTimeOffset To) WindowOf(IEnumerable<DateOnly> dates)
    {
        var list = dates.ToList();
        if (list.Count == 0)
        {
            return (DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1));
        }

        var from = new DateTimeOffset(list.Min().ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-2);
        var to = new DateTimeOffset(list.Max().ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(SeriesBooker.MaxDaysToNextOpenDay + list.Count + 2);
        return (from, to);
    }

    /// <summary>The nurses and prescribers who can be assigned to appointments.</summary>
    public async Task<IReadOnlyList<StaffOptionDto>> ClinicalStaffAsync(CancellationToken cancellationToken = default) =>
        await (from u in db.Users.AsNoTracking()
               join ur in db.UserRoles on u.Id equals ur.UserId
               join r in db.Roles on ur.RoleId equals r.Id
               where r.Name == Roles.Nurse || r.Name == Roles.Prescriber
               orderby u.DisplayName
               select new StaffOptionDto(u.Id, u.DisplayName, r.Name!))
            .ToListAsync(cancellationToken);

    private async Task ValidateNurseAsync(ErrorBag errors, string field, string? nurseUserId, CancellationToken cancellationToken)
    {
        if (nurseUserId is null)
        {
            return;
        }

        var clinical = await (from ur in db.UserRoles
                              join r in db.Roles on ur.RoleId equals r.Id
                              where ur.UserId == nurseUserId && (r.Name == Roles.Nurse || r.Name == Roles.Prescriber)
                              select ur.UserId).AnyAsync(cancellationToken);
        if (!clinical)
        {
            errors.Add(field, "Not a nurse or prescriber of the clinic.");
        }
    }

    private async Task<Outcome<AppointmentDto>> SaveWithCheckAsync(Appointment appointment, IReadOnlyList<Guid> chairs, SchedulingSettings s, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await LoadBookingsAsync(appointment.LocationId, appointment.PatientId, appointment.NurseUserId,
                appointment.Start.AddHours(-12), appointment.End.AddHours(12), cancellationToken);
            IReadOnlyList<Conflict>? firstConflicts = null;
            Guid? freeChair = null;
            foreach (var chair in chairs)
            {
                var conflicts = ConflictDetector.Find(
                    new Candidate(chair, appointment.PatientId, appointment.NurseUserId, appointment.Start, appointment.End), existing, s.MaxConcurrentPatientsPerNurse);
                if (conflicts.Count == 0)
                {
                    freeChair = chair;
                    break;
                }

                // Report the chair that came closest (e.g. only the nurse's capacity in the way).
                firstConflicts = firstConflicts is null || conflicts.Count < firstConflicts.Count ? conflicts : firstConflicts;
            }

            if (freeChair is null)
            {
                return ScheduleConflict<AppointmentDto>("The time is not free.",
                    firstConflicts ?? [new Conflict(ConflictKind.ChairTaken, "The location has no chair or room of this kind.")]);
            }

            appointment.ChairId = freeChair;
            db.Appointments.Add(appointment);
            audit.Add(AuditAction.Create, "Appointment", appointment.Id.ToString(), appointment.PatientId);
            if (await TryStampAndSaveAsync(appointment.LocationId, cancellationToken))
            {
                return Outcome<AppointmentDto>.Success((await ToDtosAsync([appointment], cancellationToken))[0]);
            }

            if (attempt >= MaxBookingAttempts)
            {
                return Outcome<AppointmentDto>.Conflict("The location's calendar is busy; try again.");
            }
        }
    }

}

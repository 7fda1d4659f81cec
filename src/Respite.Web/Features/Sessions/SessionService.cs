using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Dosing;
using Respite.Clinical.Scheduling;
using Respite.Clinical.Sessions;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Data.Patients;
using Respite.Data.Scheduling;
using Respite.Data.Sessions;
using Respite.Web.Features.Outcomes;
using Respite.Web.Features.Protocols;
using Respite.Web.Features.Scheduling;
using Respite.Web.Features.Settings;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Sessions;

/// <summary>
/// Sessions at the chair: check-in with pre-checks, timed vitals with alerts that must be acknowledged, and the
/// prescriber's override of a blocking pre-check. Every charted value has an author and a time; nothing is deleted.
/// </summary>
public sealed partial class SessionService(
    RespiteDbContext db, AuditTrail audit, ClinicSettingsService settings, ProtocolCatalog catalog, AppointmentService appointments, OutcomeSnapshotService snapshots,
    ChartedSessionFacts chartedSessions, TimeProvider clock)
{
    /// <summary>Pre-check rules a prescriber may override with a written reason; the others must be fixed (e.g. arrange a ride).</summary>
    public static IReadOnlySet<string> OverridablePreChecks { get; } =
        new HashSet<string>(StringComparer.Ordinal) { SessionRules.PreDoseBpHold, SessionRules.Pregnancy };

    public async Task<Outcome<SessionDto>> CheckInAsync(ClaimsPrincipal user, Guid patientId, CheckInInput input, CancellationToken cancellationToken = default)
    {
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Create, "TreatmentSession", null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<SessionDto>.NotFound("The patient");
        }

        var clockNow = clock.GetUtcNow();
        var errors = new ErrorBag();
        var now = input.CheckedInAt ?? clockNow;
        if (now > clockNow.AddMinutes(2) || now < clockNow.AddHours(-12))
        {
            errors.Add("checkedInAt", "Give a time within the last 12 hours.");
            now = clockNow;
        }

        Appointment? appointment = null;
        if (input.AppointmentId is { } appointmentId)
        {
            appointment = await db.Appointments.FirstOrDefaultAsync(a => a.Id == appointmentId && a.PatientId == patientId, cancellationToken);
            if (appointment is null || appointment.Kind is not (AppointmentKind.IvInfusion or AppointmentKind.EsketamineSession))
            {
                errors.Add("appointmentId", "Not a treatment appointment of this patient.");
            }
            else if (appointment.Status != AppointmentStatus.Booked)
            {
                errors.Add("appointmentId", $"The appointment is {JsonDefaults.Kebab(appointment.Status)}.");
            }
            else if (await db.TreatmentSessions.AnyAsync(s => s.AppointmentId == appointmentId && s.Status != SessionStatus.Cancelled, cancellationToken))
            {
                errors.Add("appointmentId", "The patient is already checked in for this appointment.");
            }
        }

        var kind = input.Kind ?? (appointment?.Kind == AppointmentKind.EsketamineSession ? SessionKind.Esketamine : appointment is not null ? SessionKind.IvInfusion : null);
        if (kind is not { } sessionKind || !Enum.IsDefined(sessionKind))
        {
            errors.Add("kind", "The session kind is required: iv-infusion or esketamine.");
            sessionKind = default;
        }

        if (input.WeightKg is { } kg && (kg < 20m || kg > 350m))
        {
            errors.Add("weightKg", "Must be between 20 and 350 kg.");
        }

        if (input.RideHomeArranged is null)
        {
            errors.Add("rideHomeArranged", "Ask whether a ride home is arranged.");
        }

        var note = errors.Optional("newMedicationNote", input.NewMedicationNote, 1000);
        var baseline = input.Baseline is null ? null : Reading(errors, "baseline.", input.Baseline with { TakenAt = input.Baseline.TakenAt ?? now }, clockNow);
        if (input.Baseline is null || baseline?.Systolic is null)
        {
            errors.Add("baseline.systolic", "A baseline blood pressure is required before dosing.");
        }

        foreach (var (field, value) in new[] { ("lastFood", input.LastFood), ("lastLiquid", input.LastLiquid) })
        {
            if (value is { } at && (at > clockNow.AddMinutes(5) || at < clockNow.AddDays(-7)))
            {
                errors.Add(field, "Give a time within the last 7 days.");
            }
        }

        if (input.ConcentrationMgPerMl is { } mgPerMl && (mgPerMl <= 0m || mgPerMl > 100m))
        {
            errors.Add("concentrationMgPerMl", "Must be more than 0 and at most 100 mg/mL.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<SessionDto>();
        }

        var planned = appointment?.PlannedSessionId is { } plannedId
            ? await (from ps in db.Set<Data.Plans.PlannedSession>().AsNoTracking()
                     join plan in db.TreatmentPlans.AsNoTracking() on ps.PlanId equals plan.Id
                     where ps.Id == plannedId
                     select new { ps.DoseMg, plan.ConcentrationMgPerMl, plan.ProtocolId, plan.ProtocolRevision }).FirstOrDefaultAsync(cancellationToken)
            : null;
        var protocol = planned is null ? null : await catalog.RevisionAsync(planned.ProtocolId, planned.ProtocolRevision, cancellationToken);
        var monitoring = await settings.GetMonitoringSettingsAsync(cancellationToken);
        var session = new TreatmentSession
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patientId,
            AppointmentId = appointment?.Id,
            Kind = sessionKind,
            Status = SessionStatus.CheckedIn,
            CheckedInAt = now,
            CheckedInByUserId = user.UserId() ?? "",
            WeightKg = input.WeightKg,
            LastFood = input.LastFood,
            LastLiquid = input.LastLiquid,
            RideHomeArranged = input.RideHomeArranged!.Value,
            RemsEnrolled = input.RemsEnrolled,
            NewInteractingMedication = input.NewInteractingMedication ?? false,
            NewMedicationNote = note,
            PossiblyPregnant = input.PossiblyPregnant,
            ConcentrationMgPerMl = input.ConcentrationMgPerMl ?? planned?.ConcentrationMgPerMl,
            PlannedDoseMg = planned?.DoseMg,
            MaxMgPerSession = protocol?.Limits.MaxMgPerSession,
            Version = Guid.NewGuid(),
        };
        var reading = Stored(session.Id, baseline!, preDose: true, user, now);
        session.Vitals.Add(reading);
        var alerts = PreCheckEvaluator.Evaluate(
            new PreCheckInput(sessionKind == SessionKind.Esketamine, baseline!, now, input.LastFood, input.LastLiquid, session.RideHomeArranged,
                input.RemsEnrolled, session.NewInteractingMedication, input.PossiblyPregnant),
            monitoring);
        foreach (var alert in alerts)
        {
            session.Alerts.Add(NewAlert(session.Id, alert, reading.Id, now));
        }

        if (input.WeightKg is { } weight)
        {
            db.WeightMeasurements.Add(new WeightMeasurement
            {
                PatientId = patientId, WeightKg = weight, MeasuredOn = DateOnly.FromDateTime(now.UtcDateTime), RecordedAt = now,
            });
        }

        if (appointment is not null)
        {
            appointment.Status = AppointmentStatus.CheckedIn;
            appointment.Version = Guid.NewGuid();
            appointment.UpdatedAt = now;
        }

        db.TreatmentSessions.Add(session);
        audit.Add(AuditAction.Create, "TreatmentSession", session.Id.ToString(), patientId,
            detail: alerts.Count == 0 ? "checked in" : $"checked in; {string.Join(",", alerts.Select(a => a.RuleId))}");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<SessionDto>.Success(await ToDtoAsync(session, cancellationToken));
    }

    public async Task<Outcome<SessionDto>> GetAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        var session = await LoadAsync(sessionId, tracking: false, cancellationToken);
        await audit.RecordAsync(AuditAction.Read, "TreatmentSession", sessionId.ToString(), session?.PatientId,
            session is null ? AuditOutcome.NotFound : AuditOutcome.Success, cancellationToken: cancellationToken);
        return session is null ? Outcome<SessionDto>.NotFound("The session") : Outcome<SessionDto>.Success(await ToDtoAsync(session, cancellationToken));
    }

    // Charting's two reads, compiled once: EF Core otherwise builds each query's expression tree and looks it up in
    // its query cache on every call (docs/benchmarks.md, change 13).
    private static readonly PerModel<Func<RespiteDbContext, Guid, CancellationToken, Task<ChartedSession?>>> SessionRow =
        new(() => EF.CompileAsyncQuery((RespiteDbContext db, Guid id, CancellationToken _) => db.TreatmentSessions
            .Where(s => s.Id == id).Select(s => new ChartedSession(new SessionFacts(s.PatientId, s.CheckedInAt), s.Status)).FirstOrDefault()));

    private static readonly PerModel<Func<RespiteDbContext, Guid, IAsyncEnumerable<VitalSigns>>> ChartedSigns =
        new(() => EF.CompileAsyncQuery((RespiteDbContext db, Guid sessionId) => db.Set<VitalsReading>()
            .Where(v => v.SessionId == sessionId && v.EnteredInErrorAt == null)
            .Select(r => new VitalSigns(r.TakenAt, r.Systolic, r.Diastolic, r.HeartRate, r.SpO2, r.RespiratoryRate, r.Moaas))));

    /// <summary>What charting needs of a session: what never changes after check-in, and whether it is still open.</summary>
    private sealed record ChartedSession(SessionFacts Facts, SessionStatus Status);

    private static Outcome<VitalsResultDto> SessionClosed => Outcome<VitalsResultDto>.Conflict("The session is closed; add an addendum instead.");

    public async Task<Outcome<VitalsResultDto>> RecordVitalsAsync(ClaimsPrincipal user, Guid sessionId, VitalsInput input, CancellationToken cancellationToken = default)
    {
        // Charting is the busiest write at the chair. It reads what it needs of the session row once per session (later
        // readings of an open session use what never changes: whose it is, when the patient checked in), the session's
        // earlier readings only when the new one could complete a sustained-threshold rule, and then adds the new rows.
        // Whether the session has closed since is the database's to check, in the same statement as the insert.
        var closed = false;
        if (!chartedSessions.TryGet(sessionId, out var session))
        {
            var row = await SessionRow.For(db)(db, sessionId, cancellationToken);
            if (row is null)
            {
                await audit.RecordAsync(AuditAction.Create, "VitalsReading", null, null, AuditOutcome.NotFound, cancellationToken: cancellationToken);
                return Outcome<VitalsResultDto>.NotFound("The session");
            }

            session = row.Facts;
            closed = row.Status is SessionStatus.Discharged or SessionStatus.Cancelled;
            if (!closed)
            {
                chartedSessions.Remember(sessionId, session);
            }
        }

        var now = clock.GetUtcNow();
        var errors = new ErrorBag();
        var vitals = Reading(errors, "", input, now);
        if (input.TakenAt is { } takenAt && takenAt < session.CheckedInAt.AddMinutes(-30))
        {
            errors.Add("takenAt", "Before the patient checked in.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<VitalsResultDto>();
        }

        if (closed)
        {
            return SessionClosed;
        }

        var monitoring = await settings.GetMonitoringSettingsAsync(cancellationToken);
        List<VitalSigns> earlier = [];
        if (VitalsEvaluator.NeedsEarlierReadings(vitals!, monitoring))
        {
            var charted = await ChartedSigns.For(db)(db, sessionId).ToListAsync(cancellationToken);
            earlier = [.. charted.Where(v => v.TakenAt <= vitals!.TakenAt).OrderBy(v => v.TakenAt)];
        }

        var reading = Stored(sessionId, vitals!, preDose: false, user, now);
        var raised = VitalsEvaluator.Evaluate(vitals!, earlier, monitoring).Select(alert => NewAlert(sessionId, alert, reading.Id, now)).ToList();
        try
        {
            // The reading, its alerts and the audit event as one unit, without the change tracker (docs/benchmarks.md, change 15).
            await audit.InsertAsync([reading, .. raised], AuditAction.Create, "VitalsReading", reading.Id.ToString(), session.PatientId,
                detail: raised.Count == 0 ? null : string.Join(",", raised.Select(a => a.RuleId)), cancellationToken);
        }
        catch (DbUpdateException refused) when (VitalsAfterClose.Is(refused))
        {
            // Closed since it was last charted: nothing of this write was saved.
            return SessionClosed;
        }

        var names = user.DisplayName() is { } name
            ? new Dictionary<string, string> { [reading.RecordedByUserId] = name }
            : await NamesAsync([reading.RecordedByUserId], cancellationToken);
        return Outcome<VitalsResultDto>.Success(new VitalsResultDto(ToDto(reading, names), [.. raised.Select(a => ToDto(a, names))]));
    }

    public async Task<Outcome<SessionDto>> AcknowledgeAsync(ClaimsPrincipal user, Guid sessionId, Guid alertId, AcknowledgeInput input, CancellationToken cancellationToken = default)
    {
        var session = await LoadAsync(sessionId, tracking: true, cancellationToken);
        var alert = session?.Alerts.FirstOrDefault(a => a.Id == alertId);
        if (session is null || alert is null)
        {
            await audit.RecordAsync(AuditAction.Acknowledge, "SessionAlert", alertId.ToString(), session?.PatientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<SessionDto>.NotFound("The alert");
        }

        var errors = new ErrorBag();
        var note = errors.Required("note", input.Note, 1000);
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<SessionDto>();
        }

        if (alert.AcknowledgedAt is not null)
        {
            return Outcome<SessionDto>.Conflict("The alert was already acknowledged.");
        }

        alert.AcknowledgedAt = clock.GetUtcNow();
        alert.AcknowledgedByUserId = user.UserId();
        alert.AcknowledgeNote = note;
        session.Version = Guid.NewGuid();
        audit.Add(AuditAction.Acknowledge, "SessionAlert", alert.Id.ToString(), session.PatientId, detail: alert.RuleId);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<SessionDto>.Success(await ToDtoAsync(session, cancellationToken));
    }

    /// <summary>A prescriber lets dosing go ahead despite a blocking pre-check that may be overridden (e.g. BP hold), with a reason.</summary>
    public async Task<Outcome<SessionDto>> OverrideAsync(ClaimsPrincipal user, Guid sessionId, OverrideInput input, CancellationToken cancellationToken = default)
    {
        var session = await LoadAsync(sessionId, tracking: true, cancellationToken);
        if (session is null)
        {
            await audit.RecordAsync(AuditAction.Update, "TreatmentSession", sessionId.ToString(), null, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<SessionDto>.NotFound("The session");
        }

        var errors = new ErrorBag();
        var reason = errors.Required("reason", input.Reason, 2000);
        var rules = (input.RuleIds ?? []).Distinct().ToList();
        if (rules.Count == 0)
        {
            errors.Add("ruleIds", "Name the rule(s) overridden.");
        }

        foreach (var rule in rules.Where(r => !OverridablePreChecks.Contains(r)))
        {
            errors.Add("ruleIds", $"{rule} cannot be overridden.");
        }

        if (input.Version is null)
        {
            errors.Add("version", "The version last read is required.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<SessionDto>();
        }

        if (input.Version != session.Version)
        {
            return Outcome<SessionDto>.Conflict("The session was changed by someone else; reload it.");
        }

        if (session.Status != SessionStatus.CheckedIn)
        {
            return Outcome<SessionDto>.Conflict("Pre-checks can be overridden only before dosing.");
        }

        session.OverriddenRules = [.. session.OverriddenRules.Union(rules)];
        session.OverrideReason = reason;
        session.OverriddenByUserId = user.UserId();
        session.OverriddenAt = clock.GetUtcNow();
        session.Version = Guid.NewGuid();
        audit.Add(AuditAction.Update, "TreatmentSession", session.Id.ToString(), session.PatientId, detail: $"override:{string.Join(",", rules)}");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<SessionDto>.Success(await ToDtoAsync(session, cancellationToken));
    }

    public async Task<Outcome<DoseResultDto>> RecordDoseAsync(ClaimsPrincipal user, Guid sessionId, DoseInput input, CancellationToken cancellationToken = default)
    {
        var session = await LoadAsync(sessionId, tracking: true, cancellationToken);
        if (session is null)
        {
            await audit.RecordAsync(AuditAction.Create, "DoseEvent", null, null, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<DoseResultDto>.NotFound("The session");
        }

        var now = clock.GetUtcNow();
        var errors = new ErrorBag();
        var at = input.At ?? now;
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add("kind", "The event is required: start, rate-change, pause, resume, stop, bolus or esketamine-device.");
            kind = default;
        }
        else if ((kind == DoseEventKind.EsketamineDevice) != (session.Kind == SessionKind.Esketamine))
        {
            errors.Add("kind", session.Kind == SessionKind.Esketamine ? "An esketamine session charts devices." : "An infusion charts start, rate changes, pauses, boluses and stop.");
        }

        if (at > now.AddMinutes(2))
        {
            errors.Add("at", "A dose cannot be charted in the future.");
        }
        else if (at < session.CheckedInAt || (Charted(session.Doses).Any() && at < Charted(session.Doses).Max(d => d.At)))
        {
            errors.Add("at", "Doses are charted in time order, after check-in.");
        }

        if (kind is DoseEventKind.Start or DoseEventKind.RateChange or DoseEventKind.Resume && input.RateMgPerHour is not (> 0m and <= 1000m))
        {
            errors.Add("rateMgPerHour", "A running rate above 0 and at most 1000 mg/h is required.");
        }

        if (kind == DoseEventKind.Bolus && input.AmountMg is not (> 0m and <= 200m))
        {
            errors.Add("amountMg", "A bolus above 0 and at most 200 mg is required.");
        }

        var lot = errors.Optional("lotNumber", input.LotNumber, 40);
        if (kind == DoseEventKind.EsketamineDevice && lot is null)
        {
            errors.Add("lotNumber", "The device's lot number is required (REMS monitoring form).");
        }

        var reason = errors.Optional("reason", input.Reason, 500);
        if (kind == DoseEventKind.RateChange && reason is null)
        {
            errors.Add("reason", "A rate change needs a reason (titration).");
        }

        var limitOverride = errors.Optional("limitOverrideReason", input.LimitOverrideReason, 1000);

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<DoseResultDto>();
        }

        if (session.Status is SessionStatus.Discharged or SessionStatus.Cancelled)
        {
            return Outcome<DoseResultDto>.Conflict("The session is closed.");
        }

        if (!Charted(session.Doses).Any() && BlockingRules(session) is { Count: > 0 } blocking)
        {
            await audit.RecordAsync(AuditAction.Create, "DoseEvent", null, session.PatientId, AuditOutcome.Denied, string.Join(",", blocking), cancellationToken);
            return Outcome<DoseResultDto>.Blocked(blocking[0], $"Dosing is stopped by the check-in: {string.Join(", ", blocking)}. Fix it, or a prescriber overrides where allowed.");
        }

        var dose = new DoseEvent
        {
            Id = Guid.CreateVersion7(now),
            SessionId = session.Id,
            At = at,
            Kind = kind,
            RateMgPerHour = kind is DoseEventKind.Start or DoseEventKind.RateChange or DoseEventKind.Resume ? input.RateMgPerHour : null,
            AmountMg = kind == DoseEventKind.Bolus ? input.AmountMg : kind == DoseEventKind.EsketamineDevice ? EsketamineCalculator.MgPerDevice : null,
            LotNumber = lot,
            Reason = reason,
            RecordedAt = now,
            RecordedByUserId = user.UserId() ?? "",
        };
        var monitoring = await settings.GetMonitoringSettingsAsync(cancellationToken);
        var alerts = new List<MonitoringAlert>();
        var ledger = LedgerOf(session);
        if (kind == DoseEventKind.EsketamineDevice)
        {
            if (DeviceSpacing.Check([.. Charted(session.Doses).Where(d => d.Kind == DoseEventKind.EsketamineDevice).Select(d => d.At)], at, monitoring) is { } spacing)
            {
                alerts.Add(spacing);
            }
        }
        else
        {
            try
            {
                ledger!.Add(ToLedgerEvent(dose));
            }
            catch (InvalidOperationException exception)
            {
                return Outcome<DoseResultDto>.Conflict(exception.Message);
            }
        }

        var given = Cumulative(session, ledger, at) + (kind == DoseEventKind.EsketamineDevice ? dose.AmountMg!.Value : 0m);
        var overridden = false;
        if (session.MaxMgPerSession is { } max && BeyondLimit(kind, given, max))
        {
            // A dose that adds drug beyond the protocol's hard limit is refused unless a prescriber overrides it with a
            // reason; a pause or stop is always charted (the drug is already given) and raises the alert.
            if (limitOverride is null)
            {
                await audit.RecordAsync(AuditAction.Create, "DoseEvent", null, session.PatientId, AuditOutcome.Denied, SessionRules.BeyondSessionLimit, cancellationToken);
                return Outcome<DoseResultDto>.Blocked(SessionRules.BeyondSessionLimit,
                    $"{given:0.#} mg would be given: beyond the protocol's {max:0.#} mg per session. Stop and call the prescriber; only a prescriber may override, with a reason (limitOverrideReason).");
            }

            if (!user.IsInRole(Roles.Prescriber))
            {
                await audit.RecordAsync(AuditAction.Create, "DoseEvent", null, session.PatientId, AuditOutcome.Denied, SessionRules.BeyondSessionLimit, cancellationToken);
                return Outcome<DoseResultDto>.Forbidden($"Only a prescriber may override {SessionRules.BeyondSessionLimit}.");
            }

            overridden = true;
        }

        db.Add(dose);
        if (session.MaxMgPerSession is { } limit && given > limit)
        {
            alerts.Add(new MonitoringAlert(SessionRules.BeyondSessionLimit, CheckOutcome.Block, $"{given:0.#} mg given: beyond the protocol's {limit:0.#} mg per session. Stop and call the prescriber."));
        }
        else if (session.PlannedDoseMg is { } planned && given > planned + 0.5m)
        {
            alerts.Add(new MonitoringAlert(SessionRules.BeyondPlannedDose, CheckOutcome.Warn, $"{given:0.#} mg given: beyond the planned {planned:0.#} mg."));
        }

        var raised = alerts.Select(a => NewAlert(session.Id, a, null, now)).ToList();
        foreach (var alert in raised)
        {
            if (overridden && alert.RuleId == SessionRules.BeyondSessionLimit)
            {
                // The prescriber's override is the acknowledgement.
                alert.AcknowledgedAt = now;
                alert.AcknowledgedByUserId = user.UserId();
                alert.AcknowledgeNote = $"Override: {limitOverride}";
            }

            db.Add(alert);
        }

        var firstDose = session.Status == SessionStatus.CheckedIn;
        if (firstDose)
        {
            session.Status = SessionStatus.InProgress;
        }

        session.Version = Guid.NewGuid();
        audit.Add(AuditAction.Create, "DoseEvent", dose.Id.ToString(), session.PatientId,
            detail: overridden ? $"{JsonDefaults.Kebab(kind)}; override:{SessionRules.BeyondSessionLimit}" : JsonDefaults.Kebab(kind));
        await db.SaveChangesAsync(cancellationToken);
        if (firstDose)
        {
            await snapshots.RecomputeAsync(session.PatientId, cancellationToken);
        }

        var names = await NamesAsync(session.Doses.Select(d => d.RecordedByUserId), cancellationToken);
        return Outcome<DoseResultDto>.Success(new DoseResultDto(Dosing(session, names, now), [.. raised.Select(a => ToDto(a, names))]));
    }

    public async Task<Outcome<SessionDto>> RecordSideEffectAsync(ClaimsPrincipal user, Guid sessionId, SideEffectInput input, CancellationToken cancellationToken = default)
    {
        var session = await LoadAsync(sessionId, tracking: true, cancellationToken);
        if (session is null)
        {
            await audit.RecordAsync(AuditAction.Create, "SideEffect", null, null, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<SessionDto>.NotFound("The session");
        }

        var now = clock.GetUtcNow();
        var errors = new ErrorBag();
        if (input.Effect is not { } effect || !Enum.IsDefined(effect))
        {
            errors.Add("effect", "The side effect is required (nausea, vomiting, dizziness, headache, anxiety, dissociation, sedation, respiratory-depression, blood-pressure-rise, other).");
            effect = default;
        }

        if (input.Severity is not { } severity || !Enum.IsDefined(severity))
        {
            errors.Add("severity", "The severity is required: none, mild, moderate or severe.");
            severity = default;
        }

        if (input.CadssTotal is < 0 or > 92)
        {
            errors.Add("cadssTotal", "A CADSS total is between 0 and 92.");
        }

        var at = input.At ?? now;
        if (at > now.AddMinutes(2) || at < session.CheckedInAt)
        {
            errors.Add("at", "Between check-in and now.");
        }

        var intervention = errors.Optional("intervention", input.Intervention, 500);
        var note = errors.Optional("note", input.Note, 1000);
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<SessionDto>();
        }

        if (session.Status is SessionStatus.Discharged or SessionStatus.Cancelled)
        {
            return Outcome<SessionDto>.Conflict("The session is closed.");
        }

        var entry = new SideEffectEntry
        {
            Id = Guid.CreateVersion7(now), SessionId = session.Id, At = at, Effect = effect, Severity = severity, CadssTotal = input.CadssTotal,
            Intervention = intervention, Note = note, RecordedAt = now, RecordedByUserId = user.UserId() ?? "",
        };
        db.Add(entry);

        session.Version = Guid.NewGuid();
        audit.Add(AuditAction.Create, "SideEffect", entry.Id.ToString(), session.PatientId, detail: JsonDefaults.Kebab(effect));
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<SessionDto>.Success(await ToDtoAsync(session, cancellationToken));
    }

    /// <summary>
    /// Discharges the patient when every criterion holds (SAF-DIS-*), every alert is acknowledged, and — for esketamine —
    /// 2 hours have passed since the last device. The nurse's discharge signs the session; the record is then locked.
    /// </summary>
    public async Task<Outcome<SessionDto>> DischargeAsync(ClaimsPrincipal user, Guid sessionId, DischargeRequest input, CancellationToken cancellationToken = default)
    {
        var session = await LoadAsync(sessionId, tracking: true, cancellationToken);
        if (session is null)
        {
            await audit.RecordAsync(AuditAction.Sign, "TreatmentSession", sessionId.ToString(), null, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<SessionDto>.NotFound("The session");
        }

        var now = clock.GetUtcNow();
        var errors = new ErrorBag();
        var at = input.At ?? now;
        if (at > now.AddMinutes(2) || at < session.CheckedInAt)
        {
            errors.Add("at", "Between check-in and now.");
        }

        if (input.Ambulating is null)
        {
            errors.Add("ambulating", "Is the patient walking steadily?");
        }

        if (input.EscortPresent is null)
        {
            errors.Add("escortPresent", "Is an escort present?");
        }

        var note = errors.Optional("note", input.Note, 2000);
        if (input.Version is null)
        {
            errors.Add("version", "The version last read is required.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<SessionDto>();
        }

        if (input.Version != session.Version)
        {
            return Outcome<SessionDto>.Conflict("The session was changed by someone else; reload it and check the criteria again.");
        }

        if (session.Status != SessionStatus.InProgress)
        {
            return Outcome<SessionDto>.Conflict(session.Status == SessionStatus.CheckedIn ? "No dose was charted; cancel the session instead." : "The session is already closed.");
        }

        if (session.Alerts.FirstOrDefault(a => a.AcknowledgedAt is null) is { } open)
        {
            return Outcome<SessionDto>.Blocked(open.RuleId, $"Acknowledge the open alert {open.RuleId} ({open.Message}) before discharge.");
        }

        if (LedgerOf(session) is { State: not InfusionState.Stopped })
        {
            // Observation starts when the infusion stops; a running or paused pump is never discharged.
            return Outcome<SessionDto>.Blocked(SessionRules.ObservationTime, $"{SessionRules.ObservationTime}: stop the infusion before discharge; the observation time starts when it stops.");
        }

        var monitoring = await settings.GetMonitoringSettingsAsync(cancellationToken);
        var criteria = DischargeCriteria(session, at, input.Ambulating!.Value, input.EscortPresent!.Value, input.DissociationResolved ?? false);
        var alerts = DischargeEvaluator.Evaluate(criteria, monitoring);
        session.ClinicallyReadyAt ??= alerts.All(a => a.RuleId == SessionRules.ObservationTime) ? at : null;
        if (alerts.Count > 0)
        {
            session.Version = Guid.NewGuid();
            audit.Add(AuditAction.Sign, "TreatmentSession", session.Id.ToString(), session.PatientId, AuditOutcome.Denied, string.Join(",", alerts.Select(a => a.RuleId)));
            await db.SaveChangesAsync(cancellationToken);
            return Outcome<SessionDto>.Blocked(alerts[0].RuleId, string.Join(" ", alerts.Select(a => $"{a.RuleId}: {a.Message}")));
        }

        session.Status = SessionStatus.Discharged;
        session.DischargedAt = at;
        session.DischargedByUserId = user.UserId();
        session.Ambulating = input.Ambulating;
        session.EscortPresent = input.EscortPresent;
        session.DischargeNote = note;
        session.Version = Guid.NewGuid();
        if (session.AppointmentId is { } appointmentId
            && await db.Appointments.FirstOrDefaultAsync(a => a.Id == appointmentId, cancellationToken) is { Status: AppointmentStatus.CheckedIn or AppointmentStatus.Booked } appointment)
        {
            // The booked appointment is completed and, if the patient has a package, one credit is used for it.
            await appointments.PrepareCompletionAsync(user, appointment, cancellationToken);
        }

        audit.Add(AuditAction.Sign, "TreatmentSession", session.Id.ToString(), session.PatientId, detail: "discharged");
        await db.SaveChangesAsync(cancellationToken);
        await snapshots.RecomputeAsync(session.PatientId, cancellationToken);
        return Outcome<SessionDto>.Success(await ToDtoAsync(session, cancellationToken));
    }

    /// <summary>
    /// Adds a note to the record at any status: the way to correct a discharged or signed session, whose charted
    /// entries can no longer be changed. The text is not written to the audit trail (free text).
    /// </summary>
    public async Task<Outcome<SessionDto>> AddAddendumAsync(ClaimsPrincipal user, Guid sessionId, AddendumInput input, CancellationToken cancellationToken = default)
    {
        var session = await LoadAsync(sessionId, tracking: true, cancellationToken);
        if (session is null)
        {
            await audit.RecordAsync(AuditAction.Create, "SessionAddendum", null, null, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<SessionDto>.NotFound("The session");
        }

        var errors = new ErrorBag();
        var text = errors.Required("text", input.Text, 4000);
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<SessionDto>();
        }

        var now = clock.GetUtcNow();
        var addendum = new SessionAddendum { Id = Guid.CreateVersion7(now), SessionId = session.Id, At = now, Text = text!, AuthorUserId = user.UserId() ?? "" };
        db.Add(addendum);
        session.Version = Guid.NewGuid();
        audit.Add(AuditAction.Create, "SessionAddendum", addendum.Id.ToString(), session.PatientId, detail: JsonDefaults.Kebab(session.Status));
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<SessionDto>.Success(await ToDtoAsync(session, cancellationToken));
    }

    /// <summary>
    /// Marks one reading, dose event or side effect as entered in error, with a reason. The entry stays on the record
    /// (flagged, with who, when and why) and the rules stop counting it: alerts on later readings, the infusion ledger,
    /// device count and spacing, discharge, the REMS form and the vitals schedule. Alerts it already raised stay and
    /// still need acknowledging. Refused once the session is closed (add an addendum instead), for the only pre-dose
    /// baseline, and for an infusion event whose removal would leave the infusion charted out of order.
    /// </summary>
    public async Task<Outcome<SessionDto>> MarkEnteredInErrorAsync(
        ClaimsPrincipal user, Guid sessionId, Guid entryId, EnteredInErrorInput input, CancellationToken cancellationToken = default)
    {
        var session = await LoadAsync(sessionId, tracking: true, cancellationToken);
        if (session is null)
        {
            await audit.RecordAsync(AuditAction.Update, "TreatmentSession", sessionId.ToString(), null, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<SessionDto>.NotFound("The session");
        }

        var errors = new ErrorBag();
        var reason = ReasonAndVersion(errors, input.Reason, input.Version);

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<SessionDto>();
        }

        (IChartedEntry Entry, string Kind)? found =
            session.Vitals.FirstOrDefault(v => v.Id == entryId) is { } reading ? (reading, "VitalsReading")
            : session.Doses.FirstOrDefault(d => d.Id == entryId) is { } dose ? (dose, "DoseEvent")
            : session.SideEffects.FirstOrDefault(e => e.Id == entryId) is { } effect ? (effect, "SideEffect")
            : null;
        if (found is not { } target)
        {
            await audit.RecordAsync(AuditAction.Update, "SessionEntry", entryId.ToString(), session.PatientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<SessionDto>.NotFound("The entry");
        }

        if (session.Status is SessionStatus.Discharged or SessionStatus.Cancelled)
        {
            return Outcome<SessionDto>.Conflict(session.Status == SessionStatus.Cancelled
                ? "The session is cancelled and its record locked; add an addendum instead."
                : "The session is signed/discharged and its record locked; add an addendum instead.");
        }

        if (input.Version != session.Version)
        {
            return Outcome<SessionDto>.Conflict("The session was changed by someone else; reload it.", new ProblemExtras(
                Problems.ConflictType, "The record was changed by someone else.",
                new Dictionary<string, object?> { ["currentVersion"] = session.Version, ["current"] = await ToDtoAsync(session, cancellationToken) }));
        }

        if (target.Entry.EnteredInErrorAt is not null)
        {
            return Outcome<SessionDto>.Conflict("The entry is already marked entered in error.");
        }

        if (target.Entry is VitalsReading { PreDose: true } baseline
            && !Charted(session.Vitals).Any(v => v.PreDose && v.Id != baseline.Id && v.Systolic is not null))
        {
            // The pre-dose checks (SAF-BP-001/002) and the REMS form rest on the baseline; without another one the
            // session would have none. A wrong baseline is corrected by a repeat reading and an addendum.
            return Outcome<SessionDto>.Conflict("The pre-dose baseline is the only blood pressure taken before dosing and cannot be entered in error; chart a repeat reading and explain in an addendum.");
        }

        if (target.Entry is DoseEvent { Kind: not DoseEventKind.EsketamineDevice } infusionEvent)
        {
            try
            {
                Ledger(Charted(session.Doses).Where(d => d.Id != infusionEvent.Id));
            }
            catch (InvalidOperationException exception)
            {
                return Outcome<SessionDto>.Conflict($"Without this event the infusion would not make sense ({exception.Message}); mark the later events in error first.");
            }
        }

        target.Entry.EnteredInErrorAt = clock.GetUtcNow();
        target.Entry.EnteredInErrorByUserId = user.UserId();
        target.Entry.EnteredInErrorReason = reason;
        session.Version = Guid.NewGuid();
        audit.Add(AuditAction.Update, target.Kind, entryId.ToString(), session.PatientId, detail: "entered-in-error");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<SessionDto>.Success(await ToDtoAsync(session, cancellationToken));
    }

    /// <summary>The supervising prescriber co-signs a discharged session.</summary>
    public async Task<Outcome<SessionDto>> SignAsync(ClaimsPrincipal user, Guid sessionId, SignInput input, CancellationToken cancellationToken = default)
    {
        var session = await LoadAsync(sessionId, tracking: true, cancellationToken);
        if (session is null)
        {
            await audit.RecordAsync(AuditAction.Sign, "TreatmentSession", sessionId.ToString(), null, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<SessionDto>.NotFound("The session");
        }

        if (input.Version is null)
        {
            return Outcome<SessionDto>.Invalid("version", "The version last read is required.");
        }

        if (input.Version != session.Version)
        {
            return Outcome<SessionDto>.Conflict("The session was changed by someone else; reload it.");
        }

        if (session.Status != SessionStatus.Discharged || session.PrescriberSignedAt is not null)
        {
            return Outcome<SessionDto>.Conflict(session.PrescriberSignedAt is null ? "The nurse discharges the session before the prescriber signs." : "Already signed.");
        }

        session.PrescriberSignedAt = clock.GetUtcNow();
        session.PrescriberSignedByUserId = user.UserId();
        session.Version = Guid.NewGuid();
        audit.Add(AuditAction.Sign, "TreatmentSession", session.Id.ToString(), session.PatientId, detail: "prescriber signed");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<SessionDto>.Success(await ToDtoAsync(session, cancellationToken));
    }

    /// <summary>The REMS Patient Monitoring Form answered from the chart, with what is still missing.</summary>
    public async Task<Outcome<RemsFormDto>> RemsFormAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        var built = await BuildRemsFormAsync(sessionId, cancellationToken);
        if (!built.Succeeded)
        {
            return built.Cast<RemsFormDto>();
        }

        var form = built.Value!;
        var submission = await db.RemsSubmissions.AsNoTracking().FirstOrDefaultAsync(r => r.SessionId == sessionId, cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return Outcome<RemsFormDto>.Success(new RemsFormDto(
            form,
            submission is not null ? RemsFormStatus.Submitted : form.Complete ? RemsFormStatus.Complete : RemsFormStatus.Draft,
            form.DueOn, submission is null && today > form.DueOn, form.DoseCategory, submission?.SubmittedOn, submission?.ConfirmationNumber));
    }

    /// <summary>Records that staff submitted the form to the REMS; only a complete form, once.</summary>
    public async Task<Outcome<RemsFormDto>> SubmitRemsFormAsync(ClaimsPrincipal user, Guid sessionId, RemsSubmissionInput input, CancellationToken cancellationToken = default)
    {
        var errors = new ErrorBag();
        var confirmation = errors.Required("confirmationNumber", input.ConfirmationNumber, 60);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (input.SubmittedOn is not { } submittedOn || submittedOn > today || submittedOn < today.AddYears(-1))
        {
            errors.Add("submittedOn", "The date the form was submitted (not in the future).");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<RemsFormDto>();
        }

        var current = await RemsFormAsync(sessionId, cancellationToken);
        if (!current.Succeeded)
        {
            return current;
        }

        if (current.Value!.Status == RemsFormStatus.Submitted)
        {
            return Outcome<RemsFormDto>.Conflict("The form was already submitted.");
        }

        if (!current.Value.Form.Complete)
        {
            return Outcome<RemsFormDto>.Conflict("The form is not complete: " + string.Join(" ", current.Value.Form.Missing));
        }

        var session = await db.TreatmentSessions.AsNoTracking().FirstAsync(s => s.Id == sessionId, cancellationToken);
        db.RemsSubmissions.Add(new RemsSubmission
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()), SessionId = sessionId, SubmittedOn = input.SubmittedOn!.Value, ConfirmationNumber = confirmation!,
            RecordedAt = clock.GetUtcNow(), RecordedByUserId = user.UserId() ?? "",
        });
        audit.Add(AuditAction.Update, "RemsForm", sessionId.ToString(), session.PatientId, detail: "submitted");
        await db.SaveChangesAsync(cancellationToken);
        return await RemsFormAsync(sessionId, cancellationToken);
    }

    /// <summary>Esketamine sessions whose form is not yet submitted, oldest first; optionally one location's and only the overdue.</summary>
    public async Task<IReadOnlyList<RemsDueDto>> RemsDueAsync(Guid? locationId, bool overdueOnly, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var rows = await (from s in db.TreatmentSessions.AsNoTracking()
                          join p in db.Patients.AsNoTracking() on s.PatientId equals p.Id
                          join a in db.Appointments.AsNoTracking() on s.AppointmentId equals a.Id into appointments
                          from a in appointments.DefaultIfEmpty()
                          join l in db.Locations.AsNoTracking() on a.LocationId equals l.Id into places
                          from l in places.DefaultIfEmpty()
                          where s.Kind == SessionKind.Esketamine && s.Status != SessionStatus.Cancelled
                                && !db.RemsSubmissions.Any(r => r.SessionId == s.Id)
                                && (locationId == null || (a != null && a.LocationId == locationId))
                          select new { s.Id, s.PatientId, p.GivenName, p.FamilyName, p.RecordNumber, s.CheckedInAt, Location = l == null ? null : l.Name })
            .ToListAsync(cancellationToken);
        await audit.RecordEachAsync(AuditAction.Read, "RemsForm", rows.Select(r => r.PatientId), "due list", cancellationToken);
        return [.. rows
            .Select(r =>
            {
                var date = DateOnly.FromDateTime(r.CheckedInAt.UtcDateTime);
                return new RemsDueDto(r.Id, r.PatientId, $"{r.GivenName} {r.FamilyName}", r.RecordNumber, date, date.AddDays(7), today > date.AddDays(7), r.Location);
            })
            .Where(r => !overdueOnly || r.Overdue)
            .OrderBy(r => r.DueOn)];
    }

    private async Task<Outcome<RemsMonitoringForm>> BuildRemsFormAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var session = await LoadAsync(sessionId, tracking: false, cancellationToken);
        if (session is null || session.Kind != SessionKind.Esketamine)
        {
            await audit.RecordAsync(AuditAction.Read, "RemsForm", sessionId.ToString(), session?.PatientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<RemsMonitoringForm>.NotFound(session is null ? "The session" : "A REMS form (only esketamine sessions have one)");
        }

        var patient = await db.Patients.AsNoTracking().Include(p => p.Medications).FirstAsync(p => p.Id == session.PatientId, cancellationToken);
        var setting = session.AppointmentId is { } appointmentId
            ? await (from a in db.Appointments.AsNoTracking() join l in db.Locations.AsNoTracking() on a.LocationId equals l.Id where a.Id == appointmentId select l.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        var names = await NamesAsync([session.DischargedByUserId], cancellationToken);
        var watched = new[] { MedicationClass.Benzodiazepine, MedicationClass.SedativeHypnotic, MedicationClass.Psychostimulant, MedicationClass.Maoi, MedicationClass.Opioid };
        var monitoring = await settings.GetMonitoringSettingsAsync(cancellationToken);
        var vitals = Charted(session.Vitals).ToList();
        var preDose = vitals.Where(v => v.PreDose).OrderBy(v => v.TakenAt).Select(ToVitals).FirstOrDefault();
        var readingsInError = session.Vitals.Where(v => v.EnteredInErrorAt is not null).Select(v => v.Id).ToHashSet();
        var facts = new RemsFacts(
            $"{patient.GivenName} {patient.FamilyName}",
            patient.DateOfBirth,
            setting ?? "Respite clinic",
            session.DischargedByUserId is { } by ? names.GetValueOrDefault(by) : null,
            [.. patient.Medications.Where(m => watched.Contains(m.Class)).Select(m => $"{m.Name} ({JsonDefaults.Kebab(m.Class)})")],
            [.. Charted(session.Doses).Where(d => d.Kind == DoseEventKind.EsketamineDevice).OrderBy(d => d.At).Select(d => (d.At, d.LotNumber ?? ""))],
            preDose,
            [.. vitals.OrderBy(v => v.TakenAt).Select(ToVitals)],
            session.DischargedAt,
            session.ClinicallyReadyAt,
            session.OverriddenRules.Contains(SessionRules.PreDoseBpHold),
            [.. Charted(session.SideEffects).Select(e => (JsonDefaults.Kebab(e.Effect), JsonDefaults.Kebab(e.Severity)))],
            [.. session.Alerts.Where(a => a.ReadingId is not { } r || !readingsInError.Contains(r)).Select(a => a.RuleId)],
            DateOnly.FromDateTime(session.CheckedInAt.UtcDateTime));
        await audit.RecordAsync(AuditAction.Read, "RemsForm", session.Id.ToString(), session.PatientId, cancellationToken: cancellationToken);
        return Outcome<RemsMonitoringForm>.Success(RemsFormBuilder.Build(facts, monitoring));
    }

    private static DischargeInput DischargeCriteria(TreatmentSession s, DateTimeOffset at, bool ambulating, bool escort, bool dissociationResolved)
    {
        var doses = Charted(s.Doses).ToList();
        var lastDose = s.Kind == SessionKind.Esketamine
            ? doses.Where(d => d.Kind == DoseEventKind.EsketamineDevice).Select(d => (DateTimeOffset?)d.At).Max()
            : doses.Where(d => d.Kind == DoseEventKind.Stop).Select(d => (DateTimeOffset?)d.At).Max();
        var vitals = Charted(s.Vitals).Where(v => v.TakenAt <= at).OrderBy(v => v.TakenAt).ToList();
        var lastBp = vitals.LastOrDefault(v => v.Systolic is not null);
        var lastMoaas = vitals.LastOrDefault(v => v.Moaas is not null)?.Moaas;
        var firstDose = doses.Count == 0 ? (DateTimeOffset?)null : doses.Min(d => d.At);
        var dissociation = Charted(s.SideEffects).Where(e => e.Effect == SideEffect.Dissociation && e.At <= at).OrderBy(e => e.At).ToList();
        var cadssBefore = dissociation.LastOrDefault(e => e.At <= firstDose && e.CadssTotal is not null)?.CadssTotal;
        var cadssNow = dissociation.LastOrDefault(e => e.CadssTotal is not null && e.At > firstDose)?.CadssTotal;
        var clinicallyResolved = dissociationResolved || dissociation.Count == 0 || dissociation[^1].Severity == EffectSeverity.None;
        return new DischargeInput(
            s.Kind == SessionKind.Esketamine, at, lastDose,
            lastBp is null ? null : ToVitals(lastBp),
            lastMoaas, cadssBefore, cadssNow, clinicallyResolved, ambulating, escort);
    }

    /// <summary>The infusion as charted (null for an esketamine session).</summary>
    private static InfusionLedger? LedgerOf(TreatmentSession session) =>
        session.Kind == SessionKind.IvInfusion ? Ledger(Charted(session.Doses)) : null;

    /// <summary>Replays infusion events in charted order; throws <see cref="InvalidOperationException"/> when they make no sense.</summary>
    private static InfusionLedger Ledger(IEnumerable<DoseEvent> doses)
    {
        var ledger = new InfusionLedger();
        foreach (var d in doses.Where(d => d.Kind != DoseEventKind.EsketamineDevice).OrderBy(d => d.At).ThenBy(d => d.RecordedAt))
        {
            ledger.Add(ToLedgerEvent(d));
        }

        return ledger;
    }

    private static InfusionEvent ToLedgerEvent(DoseEvent d) => new(d.At, d.Kind switch
    {
        DoseEventKind.Start => InfusionEventKind.Start,
        DoseEventKind.RateChange => InfusionEventKind.RateChange,
        DoseEventKind.Pause => InfusionEventKind.Pause,
        DoseEventKind.Resume => InfusionEventKind.Resume,
        DoseEventKind.Stop => InfusionEventKind.Stop,
        DoseEventKind.Bolus => InfusionEventKind.Bolus,
        _ => throw new ArgumentOutOfRangeException(nameof(d)),
    }, d.RateMgPerHour, d.AmountMg, d.Reason);

    /// <summary>The drug given in a session up to <paramref name="at"/>, from the charted events (entries in error left out).</summary>
    internal static decimal DeliveredMg(TreatmentSession session, DateTimeOffset at) => Cumulative(session, LedgerOf(session), at);

    private static decimal Cumulative(TreatmentSession session, InfusionLedger? ledger, DateTimeOffset at) =>
        ledger?.CumulativeDose(at).Milligrams
        ?? Charted(session.Doses).Where(d => d.Kind == DoseEventKind.EsketamineDevice && d.At <= at).Sum(d => d.AmountMg ?? 0m);

    /// <summary>SAF-SES-002: would this event add drug beyond the limit? A running rate adds more from the limit on; a pause or stop never does.</summary>
    private static bool BeyondLimit(DoseEventKind kind, decimal given, decimal max) => kind switch
    {
        DoseEventKind.Bolus or DoseEventKind.EsketamineDevice => given > max,
        DoseEventKind.Start or DoseEventKind.Resume or DoseEventKind.RateChange => given >= max,
        DoseEventKind.Pause or DoseEventKind.Stop => false,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The entries that count: everything charted except what was marked entered in error.</summary>
    private static IEnumerable<T> Charted<T>(IEnumerable<T> entries)
        where T : IChartedEntry => entries.Where(e => e.EnteredInErrorAt is null);

    private static DosingDto Dosing(TreatmentSession s, IReadOnlyDictionary<string, string> names, DateTimeOffset now)
    {
        var ledger = LedgerOf(s);
        var charted = Charted(s.Doses).ToList();
        var state = ledger is null
            ? (charted.Count == 0 ? "not-started" : "devices-given")
            : JsonDefaults.Kebab(ledger.State);
        var rate = ledger is { State: InfusionState.Running } ? ledger.CurrentRateMgPerHour : (decimal?)null;
        return new DosingDto(
            state, rate, rate is { } r && s.ConcentrationMgPerMl is { } c ? Math.Round(r / c, 1, MidpointRounding.AwayFromZero) : null,
            Math.Round(Cumulative(s, ledger, now), 1, MidpointRounding.AwayFromZero),
            charted.Count(d => d.Kind == DoseEventKind.EsketamineDevice), s.PlannedDoseMg, s.MaxMgPerSession,
            charted.Count == 0 ? null : charted.Max(d => d.At),
            [.. s.Doses.OrderBy(d => d.At).ThenBy(d => d.RecordedAt).Select(d => new DoseEventDto(
                d.Id, d.At, d.Kind, d.RateMgPerHour, d.AmountMg, d.LotNumber, d.Reason, names.GetValueOrDefault(d.RecordedByUserId) ?? "",
                d.EnteredInErrorAt is not null, d.EnteredInErrorAt, ErrorBy(d, names), d.EnteredInErrorReason))]);
    }


    /// <summary>The rules that still stop the first dose: blocking pre-check alerts not overridden.</summary>
    public static IReadOnlyList<string> BlockingRules(TreatmentSession session)
    {
        var preDose = session.Vitals.Where(v => v.PreDose).Select(v => v.Id).ToHashSet();
        return [.. session.Alerts
            .Where(a => a.Severity == CheckOutcome.Block && a.ReadingId is { } reading && preDose.Contains(reading) && !session.OverriddenRules.Contains(a.RuleId))
            .Select(a => a.RuleId)
            .Distinct()];
    }

    private static VitalSigns? Reading(ErrorBag errors, string prefix, VitalsInput input, DateTimeOffset now)
    {
        var takenAt = input.TakenAt ?? now;
        if (takenAt > now.AddMinutes(2))
        {
            errors.Add(prefix + "takenAt", "A reading cannot be in the future.");
        }

        var vitals = new VitalSigns(takenAt, input.Systolic, input.Diastolic, input.HeartRate, input.Spo2, input.RespiratoryRate, input.Moaas);
        var problems = VitalSigns.Validate(vitals);
        foreach (var (field, message) in problems)
        {
            errors.Add(prefix + field, message);
        }

        return problems.Count == 0 ? vitals : null;
    }

    private static VitalsReading Stored(Guid sessionId, VitalSigns v, bool preDose, ClaimsPrincipal user, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            SessionId = sessionId,
            TakenAt = v.TakenAt,
            PreDose = preDose,
            Systolic = v.Systolic,
            Diastolic = v.Diastolic,
            HeartRate = v.HeartRate,
            SpO2 = v.SpO2,
            RespiratoryRate = v.RespiratoryRate,
            Moaas = v.Moaas,
            RecordedAt = now,
            RecordedByUserId = user.UserId() ?? "",
        };

    private static SessionAlert NewAlert(Guid sessionId, MonitoringAlert alert, Guid? readingId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        SessionId = sessionId,
        RuleId = alert.RuleId,
        Severity = alert.Severity,
        Message = alert.Message,
        ReadingId = readingId,
        RaisedAt = now,
    };

    private static VitalSigns ToVitals(VitalsReading r) => new(r.TakenAt, r.Systolic, r.Diastolic, r.HeartRate, r.SpO2, r.RespiratoryRate, r.Moaas);

    private Task<TreatmentSession?> LoadAsync(Guid id, bool tracking, CancellationToken cancellationToken)
    {
        var query = db.TreatmentSessions.Include(s => s.Vitals).Include(s => s.Alerts).Include(s => s.Doses).Include(s => s.SideEffects).Include(s => s.Addenda).AsSplitQuery();
        return (tracking ? query : query.AsNoTracking()).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
    }

    private Task<Dictionary<string, string>> NamesAsync(IEnumerable<string?> ids, CancellationToken cancellationToken) =>
        db.DisplayNamesAsync(ids, cancellationToken);

    private async Task<SessionDto> ToDtoAsync(TreatmentSession s, CancellationToken cancellationToken)
    {
        var names = await NamesAsync(
            s.Vitals.Select(v => v.RecordedByUserId).Concat(s.Alerts.Select(a => a.AcknowledgedByUserId)).Concat(s.Doses.Select(d => d.RecordedByUserId))
                .Concat(s.SideEffects.Select(e => e.RecordedByUserId)).Append(s.DischargedByUserId).Append(s.PrescriberSignedByUserId)
                .Concat(s.Vitals.Select(v => v.EnteredInErrorByUserId)).Concat(s.Doses.Select(d => d.EnteredInErrorByUserId))
                .Concat(s.SideEffects.Select(e => e.EnteredInErrorByUserId)).Concat(s.Addenda.Select(a => a.AuthorUserId)).Append(s.CancelledByUserId), cancellationToken);
        var blocking = BlockingRules(s);
        var now = clock.GetUtcNow();
        var monitoring = await settings.GetMonitoringSettingsAsync(cancellationToken);
        var due = VitalsSchedule.Evaluate(ScheduleInput(s), monitoring, now);
        return new SessionDto(
            s.Id, s.PatientId, s.AppointmentId, s.Kind, s.Status, s.CheckedInAt, s.WeightKg, s.RideHomeArranged, s.RemsEnrolled,
            s.OverriddenRules, s.OverrideReason, blocking, blocking.Count == 0 && s.Status is SessionStatus.CheckedIn or SessionStatus.InProgress,
            [.. s.Vitals.OrderBy(v => v.TakenAt).Select(v => ToDto(v, names))],
            [.. s.Alerts.OrderBy(a => a.RaisedAt).Select(a => ToDto(a, names))],
            Dosing(s, names, now),
            [.. s.SideEffects.OrderBy(e => e.At).Select(e => new SideEffectDto(
                e.Id, e.At, e.Effect, e.Severity, e.CadssTotal, e.Intervention, e.Note, names.GetValueOrDefault(e.RecordedByUserId) ?? "",
                e.EnteredInErrorAt is not null, e.EnteredInErrorAt, ErrorBy(e, names), e.EnteredInErrorReason))],
            s.DischargedAt, s.DischargedByUserId is { } d ? names.GetValueOrDefault(d) : null, s.ClinicallyReadyAt,
            s.PrescriberSignedAt, s.PrescriberSignedByUserId is { } p ? names.GetValueOrDefault(p) : null,
            s.Version,
            [.. s.Addenda.OrderBy(a => a.At).Select(a => new AddendumDto(a.Id, a.At, a.Text, names.GetValueOrDefault(a.AuthorUserId) ?? ""))],
            due.DueAt, due.Overdue,
            s.CancelledAt, s.CancelledByUserId is { } c ? names.GetValueOrDefault(c) : null, s.CancelReason);
    }

    /// <summary>The chart as the vitals schedule sees it: entries in error left out.</summary>
    private static VitalsScheduleInput ScheduleInput(TreatmentSession s) => new(
        s.Kind == SessionKind.Esketamine,
        s.Status is SessionStatus.Discharged or SessionStatus.Cancelled,
        [.. Charted(s.Vitals).OrderBy(v => v.TakenAt).Select(ToVitals)],
        [.. Charted(s.Doses).Where(d => d.Kind != DoseEventKind.EsketamineDevice).OrderBy(d => d.At).ThenBy(d => d.RecordedAt).Select(ToLedgerEvent)],
        [.. Charted(s.Doses).Where(d => d.Kind == DoseEventKind.EsketamineDevice).Select(d => d.At)]);

    private static string? ErrorBy(IChartedEntry e, IReadOnlyDictionary<string, string> names) =>
        e.EnteredInErrorByUserId is { } by ? names.GetValueOrDefault(by) ?? "" : null;

    private static VitalsDto ToDto(VitalsReading v, IReadOnlyDictionary<string, string> names) => new(
        v.Id, v.TakenAt, v.PreDose, v.Systolic, v.Diastolic, v.HeartRate, v.SpO2, v.RespiratoryRate, v.Moaas,
        names.GetValueOrDefault(v.RecordedByUserId) ?? "", v.RecordedAt,
        v.EnteredInErrorAt is not null, v.EnteredInErrorAt, ErrorBy(v, names), v.EnteredInErrorReason);

    private static SessionAlertDto ToDto(SessionAlert a, IReadOnlyDictionary<string, string> names) => new(
        a.Id, a.RuleId, a.Severity.ToString().ToLowerInvariant(), a.Message, a.RaisedAt, a.AcknowledgedAt,
        a.AcknowledgedByUserId is { } by ? names.GetValueOrDefault(by) : null, a.AcknowledgeNote);
}

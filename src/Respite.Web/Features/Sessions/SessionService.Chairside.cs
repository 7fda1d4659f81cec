using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Sessions;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Scheduling;
using Respite.Web.Hosting;
using System.Security.Claims;
using Respite.Data.Sessions;
using Respite.Web.Features.Shared;

namespace Respite.Web.Features.Sessions;

/// <summary>A session in a patient's list.</summary>
public sealed record SessionSummaryDto(
    Guid Id, Guid? AppointmentId, SessionKind Kind, SessionStatus Status, DateTimeOffset CheckedInAt, decimal? CumulativeMg, int Devices,
    DateTimeOffset? DischargedAt, bool PrescriberSigned);

/// <summary>One discharge criterion as the chart stands now.</summary>
public sealed record DischargeCriterionDto(string RuleId, string Label, bool Met, string? Detail);

/// <summary>
/// How close the patient is to discharge: the criteria the chart decides (observation time, vitals, sedation,
/// dissociation) and the open alerts; walking steadily and the escort are the nurse's answers at discharge.
/// </summary>
public sealed record DischargeReadinessDto(
    DateTimeOffset AssessedAt, DateTimeOffset? EarliestAt, int ObservationMinutes, IReadOnlyList<DischargeCriterionDto> Criteria, int OpenAlerts, bool Ready);

/// <summary>Cancelling a check-in before any dose, with the reason.</summary>
public sealed record CancelSessionInput(string? Reason, Guid? Version);

/// <summary>Who and where: what the chair page shows above the chart.</summary>
public sealed record SessionContextDto(Guid PatientId, string PatientName, string RecordNumber, string TimeZoneId, string? LocationName, string? ChairName);

public sealed partial class SessionService
{
    private static readonly (string RuleId, string Label)[] ChartedCriteria =
    [
        (SessionRules.ObservationTime, "Observation time after the last dose"),
        (SessionRules.DischargeVitals, "Vitals back within the clinic's limits"),
        (SessionRules.DischargeSedation, "Sedation resolved (MOAA/S 5)"),
        (SessionRules.DischargeDissociation, "Dissociation back to its pre-dose level"),
    ];

    /// <summary>The patient's sessions, newest first.</summary>
    public async Task<Outcome<IReadOnlyList<SessionSummaryDto>>> ListForPatientAsync(Guid patientId, CancellationToken cancellationToken = default)
    {
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Read, "TreatmentSession", null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<IReadOnlyList<SessionSummaryDto>>.NotFound("The patient");
        }

        var sessions = await db.TreatmentSessions.AsNoTracking().Include(s => s.Doses)
            .Where(s => s.PatientId == patientId)
            .OrderByDescending(s => s.CheckedInAt)
            .Take(200)
            .ToListAsync(cancellationToken);
        await audit.RecordAsync(AuditAction.Read, "TreatmentSession", null, patientId, detail: $"count={sessions.Count}", cancellationToken: cancellationToken);
        var now = clock.GetUtcNow();
        return Outcome<IReadOnlyList<SessionSummaryDto>>.Success([.. sessions.Select(s => new SessionSummaryDto(
            s.Id, s.AppointmentId, s.Kind, s.Status, s.CheckedInAt,
            s.Doses.Count == 0 ? null : Math.Round(Cumulative(s, LedgerOf(s), s.DischargedAt ?? now), 1, MidpointRounding.AwayFromZero),
            s.Doses.Count(d => d.Kind == DoseEventKind.EsketamineDevice), s.DischargedAt, s.PrescriberSignedAt is not null))]);
    }

    /// <summary>The live session of an appointment, if the patient was checked in for it.</summary>
    public Task<Guid?> SessionOfAppointmentAsync(Guid appointmentId, CancellationToken cancellationToken = default) =>
        db.TreatmentSessions.AsNoTracking()
            .Where(s => s.AppointmentId == appointmentId && s.Status != SessionStatus.Cancelled)
            .Select(s => (Guid?)s.Id)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The patient, the place and its time zone (the appointment's location, else the clinic's first location, else UTC).</summary>
    public async Task<SessionContextDto?> ContextAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        var row = await (from s in db.TreatmentSessions.AsNoTracking()
                         join p in db.Patients.AsNoTracking() on s.PatientId equals p.Id
                         where s.Id == sessionId
                         select new { s.PatientId, s.AppointmentId, p.GivenName, p.FamilyName, p.RecordNumber }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var place = row.AppointmentId is { } appointmentId
            ? await (from a in db.Appointments.AsNoTracking()
                     join l in db.Locations.AsNoTracking() on a.LocationId equals l.Id
                     where a.Id == appointmentId
                     select new { l.Name, l.TimeZoneId, Chair = l.Chairs.Where(c => c.Id == a.ChairId).Select(c => c.Name).FirstOrDefault() }).FirstOrDefaultAsync(cancellationToken)
            : null;
        var zone = place?.TimeZoneId
            ?? await db.Locations.AsNoTracking().OrderBy(l => l.Name).Select(l => l.TimeZoneId).FirstOrDefaultAsync(cancellationToken)
            ?? "UTC";
        return new SessionContextDto(row.PatientId, $"{row.GivenName} {row.FamilyName}", row.RecordNumber, zone, place?.Name, place?.Chair);
    }

    /// <summary>The discharge criteria the chart decides, assessed now, and when the observation rule allows discharge.</summary>
    public async Task<Outcome<DischargeReadinessDto>> DischargeReadinessAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        var session = await LoadAsync(sessionId, tracking: false, cancellationToken);
        await audit.RecordAsync(AuditAction.Read, "TreatmentSession", sessionId.ToString(), session?.PatientId,
            session is null ? AuditOutcome.NotFound : AuditOutcome.Success, detail: "discharge readiness", cancellationToken: cancellationToken);
        return session is null
            ? Outcome<DischargeReadinessDto>.NotFound("The session")
            : Outcome<DischargeReadinessDto>.Success(Readiness(session, await settings.GetMonitoringSettingsAsync(cancellationToken)));
    }

    /// <summary>What the chair page shows of a session: the session and its discharge readiness, from one read (one audit event).</summary>
    public async Task<(SessionDto Session, DischargeReadinessDto Readiness)?> ChairViewAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        var session = await LoadAsync(sessionId, tracking: false, cancellationToken);
        await audit.RecordAsync(AuditAction.Read, "TreatmentSession", sessionId.ToString(), session?.PatientId,
            session is null ? AuditOutcome.NotFound : AuditOutcome.Success, cancellationToken: cancellationToken);
        return session is null
            ? null
            : (await ToDtoAsync(session, cancellationToken), Readiness(session, await settings.GetMonitoringSettingsAsync(cancellationToken)));
    }

    private DischargeReadinessDto Readiness(TreatmentSession session, MonitoringSettings monitoring)
    {
        var now = session.DischargedAt ?? clock.GetUtcNow();
        var criteria = DischargeCriteria(session, now, ambulating: true, escort: true, dissociationResolved: false);
        var failing = DischargeEvaluator.Evaluate(criteria, monitoring).ToDictionary(a => a.RuleId, a => a.Message, StringComparer.Ordinal);
        var esketamine = session.Kind == SessionKind.Esketamine;
        var items = ChartedCriteria
            .Select(c => new DischargeCriterionDto(c.RuleId, c.Label, !failing.ContainsKey(c.RuleId) && (c.RuleId != SessionRules.ObservationTime || criteria.LastDoseAt is not null),
                failing.GetValueOrDefault(c.RuleId) ?? (c.RuleId == SessionRules.ObservationTime && criteria.LastDoseAt is null
                    ? esketamine ? "No device given yet." : "The infusion has not been stopped yet."
                    : null)))
            .ToList();
        var open = session.Alerts.Count(a => a.AcknowledgedAt is null);
        return new DischargeReadinessDto(
            now, DischargeEvaluator.EarliestDischargeAt(esketamine, criteria.LastDoseAt, monitoring), DischargeEvaluator.ObservationMinutes(esketamine, monitoring),
            items, open, session.Status == SessionStatus.InProgress && open == 0 && items.All(i => i.Met));
    }

    /// <summary>
    /// Cancels a check-in before any dose was given (held for blood pressure, no ride home, the patient changed their
    /// mind). The session is kept, with the reason; its appointment goes back to booked so that the patient can be
    /// checked in again once the hold is fixed, or the front desk cancels or moves it.
    /// </summary>
    public async Task<Outcome<SessionDto>> CancelAsync(ClaimsPrincipal user, Guid sessionId, CancelSessionInput input, CancellationToken cancellationToken = default)
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

        if (input.Version != session.Version)
        {
            return Outcome<SessionDto>.Conflict("The session was changed by someone else; reload it.");
        }

        if (session.Status != SessionStatus.CheckedIn || session.Doses.Any(d => d.EnteredInErrorAt is null))
        {
            return Outcome<SessionDto>.Conflict(session.Status is SessionStatus.Cancelled or SessionStatus.Discharged
                ? "The session is already closed."
                : "A dose was charted: the session is discharged, not cancelled.");
        }

        var now = clock.GetUtcNow();
        session.Status = SessionStatus.Cancelled;
        session.CancelledAt = now;
        session.CancelledByUserId = user.UserId();
        session.CancelReason = reason;
        session.Version = Guid.NewGuid();
        if (session.AppointmentId is { } appointmentId
            && await db.Appointments.FirstOrDefaultAsync(a => a.Id == appointmentId, cancellationToken) is { Status: AppointmentStatus.CheckedIn } appointment)
        {
            appointment.Status = AppointmentStatus.Booked;
            appointment.Version = Guid.NewGuid();
            appointment.UpdatedAt = now;
        }

        audit.Add(AuditAction.Update, "TreatmentSession", session.Id.ToString(), session.PatientId, detail: "check-in cancelled");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<SessionDto>.Success(await ToDtoAsync(session, cancellationToken));
    }

    /// <summary>The written reason (at most 1000 characters) and the version last read that a change of a charted session carries.</summary>
    private static string? ReasonAndVersion(ErrorBag errors, string? reason, Guid? version)
    {
        var text = errors.Required("reason", reason, 1000);
        if (version is null)
        {
            errors.Add("version", "The version last read is required.");
        }

        return text;
    }
}

using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Web.Features.Patients;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Reminders;

/// <param name="OptedOut">True when the patient has asked for no e-mail reminders.</param>
/// <param name="OptedOutAt">When they asked.</param>
/// <param name="HasEmail">Whether the record has an address to remind at all.</param>
public sealed record ReminderPreferenceDto(bool OptedOut, DateTimeOffset? OptedOutAt, bool HasEmail);

public sealed record ReminderPreferenceRequest(bool? OptedOut);

/// <summary>
/// A patient's choice about e-mail reminders: set by the patient in the portal, by the care team on the chart, or by the
/// opt-out link in a reminder. Portal invitations are not reminders and are not affected.
/// </summary>
public sealed class ReminderPreferenceService(RespiteDbContext db, AuditTrail audit, PatientAccess access, ReminderLinks links, TimeProvider clock)
{
    public const string Entity = "ReminderPreference";

    public async Task<Outcome<ReminderPreferenceDto>> GetAsync(ClaimsPrincipal user, Guid patientId, CancellationToken cancellationToken = default)
    {
        var patient = access.CanRead(user, patientId)
            ? await db.Patients.AsNoTracking().Where(p => p.Id == patientId).Select(p => new { p.RemindersOptedOutAt, p.Email }).SingleOrDefaultAsync(cancellationToken)
            : null;
        await audit.RecordAsync(AuditAction.Read, Entity, null, patientId, patient is null ? AuditOutcome.NotFound : AuditOutcome.Success, cancellationToken: cancellationToken);
        return patient is null
            ? Outcome<ReminderPreferenceDto>.NotFound("The patient")
            : Outcome<ReminderPreferenceDto>.Success(new ReminderPreferenceDto(patient.RemindersOptedOutAt is not null, patient.RemindersOptedOutAt, !string.IsNullOrEmpty(patient.Email)));
    }

    public async Task<Outcome<ReminderPreferenceDto>> SetAsync(ClaimsPrincipal user, Guid patientId, ReminderPreferenceRequest? request, CancellationToken cancellationToken = default)
    {
        var patient = access.CanRead(user, patientId) ? await db.Patients.SingleOrDefaultAsync(p => p.Id == patientId, cancellationToken) : null;
        if (patient is null)
        {
            await audit.RecordAsync(AuditAction.Update, Entity, null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<ReminderPreferenceDto>.NotFound("The patient");
        }

        if (request?.OptedOut is not { } optedOut)
        {
            return Outcome<ReminderPreferenceDto>.Invalid("optedOut", "Say whether the patient wants e-mail reminders (true to stop them, false to receive them).");
        }

        Apply(patient, optedOut, user.IsInRole(Respite.Data.Identity.Roles.Patient) ? "by the patient in the portal" : "by the care team");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<ReminderPreferenceDto>.Success(new ReminderPreferenceDto(optedOut, patient.RemindersOptedOutAt, !string.IsNullOrEmpty(patient.Email)));
    }

    /// <summary>Whether the opt-out link's token is valid (the page shows its question only then).</summary>
    public bool IsValidToken(string? token) => links.PatientFrom(token) is not null;

    /// <summary>Opts out the patient the link was made for; false for a bad token or a patient no longer on record.</summary>
    public async Task<bool> OptOutByTokenAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (links.PatientFrom(token) is not { } patientId)
        {
            return false;
        }

        var patient = await db.Patients.SingleOrDefaultAsync(p => p.Id == patientId, cancellationToken);
        if (patient is null)
        {
            return false;
        }

        if (patient.RemindersOptedOutAt is null)
        {
            Apply(patient, true, "by the link in a reminder");
        }
        else
        {
            audit.Add(AuditAction.Update, Entity, null, patientId, detail: "opt-out link used again; already opted out");
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private void Apply(Respite.Data.Patients.Patient patient, bool optedOut, string how)
    {
        var now = clock.GetUtcNow();
        if (optedOut != patient.RemindersOptedOutAt is not null)
        {
            patient.RemindersOptedOutAt = optedOut ? now : null;
            patient.UpdatedAt = now;
            patient.Version = Guid.NewGuid();
        }

        audit.Add(AuditAction.Update, Entity, null, patient.Id, detail: (optedOut ? "e-mail reminders stopped " : "e-mail reminders turned on ") + how);
    }
}

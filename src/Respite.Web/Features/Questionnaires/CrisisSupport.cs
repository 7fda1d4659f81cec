using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Instruments;
using Respite.Data;
using Respite.Data.Scheduling;
using Respite.Web.Features.Settings;

namespace Respite.Web.Features.Questionnaires;

/// <summary>The crisis message shown to a patient whose own answers suggest suicidal thoughts, with the clinic to call.</summary>
public sealed class CrisisSupport(RespiteDbContext db, ClinicSettingsService settings, TimeProvider clock)
{
    /// <summary>Whether answers call for the crisis message: suicidal ideation flagged, or a safety alert raised.</summary>
    public static bool Needed(IEnumerable<string> flags, bool alertRaised) =>
        alertRaised || flags.Contains(InstrumentFlags.SuicidalIdeation, StringComparer.Ordinal);

    /// <summary>
    /// The clinic's crisis message and phone: the location of the patient's next appointment, else their latest, else the
    /// first active location with a phone number.
    /// </summary>
    public async Task<CrisisDto> ForPatientAsync(Guid patientId, CancellationToken cancellationToken = default)
    {
        var portal = await settings.GetPortalSettingsAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var visits = db.Appointments.AsNoTracking()
            .Where(a => a.PatientId == patientId && a.Status != AppointmentStatus.Cancelled)
            .Join(db.Locations.Where(l => l.Phone != null), a => a.LocationId, l => l.Id, (a, l) => new { a.Start, l.Name, l.Phone });
        var location = await visits.Where(v => v.Start >= now.AddDays(-1)).OrderBy(v => v.Start).Select(v => new { v.Name, v.Phone }).FirstOrDefaultAsync(cancellationToken)
            ?? await visits.OrderByDescending(v => v.Start).Select(v => new { v.Name, v.Phone }).FirstOrDefaultAsync(cancellationToken)
            ?? await db.Locations.AsNoTracking().Where(l => l.Active && l.Phone != null).OrderBy(l => l.Name)
                .Select(l => new { l.Name, l.Phone }).FirstOrDefaultAsync(cancellationToken);
        return new CrisisDto(portal.CrisisMessage, portal.CrisisLineNumber, portal.EmergencyNumber, location?.Name, location?.Phone);
    }
}

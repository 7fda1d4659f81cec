using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Scheduling;
using Respite.Web.Features.Patients;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Scheduling;

public sealed record CalendarFeedDto(string Url, DateTimeOffset CreatedAt, string Note);

/// <summary>
/// iCalendar files of a patient's appointments: downloaded by a signed-in user, or fetched by a calendar app through a
/// secret feed link (one per patient; a new link revokes the old one; every fetch is audited).
/// </summary>
public sealed class CalendarFeedService(
    RespiteDbContext db, AuditTrail audit, AppointmentService appointments, LocationService locations, PatientAccess access,
    IConfiguration configuration, TimeProvider clock)
{
    public const string FeedPath = "/api/calendar-feeds/";

    public async Task<Outcome<CalendarFeedDto>> CreateAsync(ClaimsPrincipal user, Guid patientId, CancellationToken cancellationToken = default)
    {
        if (!access.CanRead(user, patientId) || !await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Create, "CalendarFeed", null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<CalendarFeedDto>.NotFound("The patient");
        }

        var now = clock.GetUtcNow();
        foreach (var old in await db.CalendarFeeds.Where(f => f.PatientId == patientId && f.RevokedAt == null).ToListAsync(cancellationToken))
        {
            old.RevokedAt = now;
        }

        var token = SecretTokens.New();
        var feed = new CalendarFeed { Id = Guid.CreateVersion7(now), PatientId = patientId, TokenHash = Hash(token), CreatedAt = now, CreatedByUserId = user.UserId() };
        db.CalendarFeeds.Add(feed);
        audit.Add(AuditAction.Create, "CalendarFeed", feed.Id.ToString(), patientId);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<CalendarFeedDto>.Success(new CalendarFeedDto(
            $"{FeedPath}{token}.ics", now, "Add this link to a calendar app to see the appointments. Anyone with the link can see them: a new link revokes this one."));
    }

    public async Task<Outcome<bool>> RevokeAsync(ClaimsPrincipal user, Guid patientId, CancellationToken cancellationToken = default)
    {
        if (!access.CanRead(user, patientId))
        {
            return Outcome<bool>.NotFound("The patient");
        }

        var feeds = await db.CalendarFeeds.Where(f => f.PatientId == patientId && f.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var feed in feeds)
        {
            feed.RevokedAt = clock.GetUtcNow();
            audit.Add(AuditAction.Update, "CalendarFeed", feed.Id.ToString(), patientId, detail: "revoked");
        }

        await db.SaveChangesAsync(cancellationToken);
        return Outcome<bool>.Success(feeds.Count > 0);
    }

    /// <summary>The feed's calendar, or null for an unknown or revoked token (answered 404, nothing revealed).</summary>
    public async Task<string?> FeedAsync(string token, CancellationToken cancellationToken = default)
    {
        if (token.Length is < 20 or > 100)
        {
            return null;
        }

        var hash = Hash(token);
        var feed = await db.CalendarFeeds.AsNoTracking().FirstOrDefaultAsync(f => f.TokenHash == hash && f.RevokedAt == null, cancellationToken);
        if (feed is null)
        {
            return null;
        }

        var rows = await db.Appointments.AsNoTracking().Where(a => a.PatientId == feed.PatientId).OrderBy(a => a.Start).Take(500).ToListAsync(cancellationToken);
        await audit.RecordAsync(AuditAction.Export, "Appointment", null, feed.PatientId, detail: "calendar feed", cancellationToken: cancellationToken);
        return await WriteAsync(await appointments.ToDtosAsync(rows, cancellationToken), cancellationToken);
    }

    public async Task<string> WriteAsync(IReadOnlyList<AppointmentDto> items, CancellationToken cancellationToken = default)
    {
        var places = (await locations.ListAsync(includeInactive: true, cancellationToken)).ToDictionary(l => l.Id);
        return CalendarExport.Write(items, places, configuration["Clinic:Name"] ?? "Respite clinic", clock.GetUtcNow());
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

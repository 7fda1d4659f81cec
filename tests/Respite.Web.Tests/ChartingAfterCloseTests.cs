using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Data.Sessions;
using Respite.Web.Features.Sessions;
using Respite.Web.Features.Shared;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

/// <summary>
/// Charting remembers what never changes about a session it has charted, and the database refuses a reading recorded
/// after the session closed (the <c>vitals_readings_after_close</c> trigger). A session closed after it was last charted
/// is refused as one never charted is, and nothing of the refused save is written. On SQLite and on PostgreSQL.
/// </summary>
public sealed class ChartingAfterCloseTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    [Fact]
    public Task SQLite_ASessionClosedAfterItWasCharted_RefusesTheNextReading_AndWritesNothing() => ClosedAfterChartingAsync(factory);

    [SkippableFact]
    public Task PostgreSQL_ASessionClosedAfterItWasCharted_RefusesTheNextReading_AndWritesNothing() =>
        PostgresHostTests.OnFreshDatabaseAsync(ClosedAfterChartingAsync);

    private static async Task ClosedAfterChartingAsync(RespiteWebApplicationFactory factory)
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!;
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var checkedIn = await nurse.PostAsJsonAsync($"/api/patients/{patientId}/sessions", new
        {
            kind = "iv-infusion", weightKg = 80, baseline = new { systolic = 124, diastolic = 78, heartRate = 70, spo2 = 98 },
            rideHomeArranged = true, newInteractingMedication = false, concentrationMgPerMl = 1m,
        });
        Assert.Equal(HttpStatusCode.Created, checkedIn.StatusCode);
        var id = (await checkedIn.ReadJsonAsync()).GetProperty("id").GetString()!;
        var vitals = $"/api/sessions/{id}/vitals";
        Assert.Equal(HttpStatusCode.Created, (await nurse.PostAsJsonAsync(vitals, new { systolic = 126, diastolic = 80, heartRate = 72, spo2 = 98 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await nurse.PostAsJsonAsync(vitals, new { systolic = 127, diastolic = 81, heartRate = 71, spo2 = 98 })).StatusCode);

        var version = (await (await nurse.GetAsync($"/api/sessions/{id}")).ReadJsonAsync()).GetProperty("version").GetString();
        Assert.Equal(HttpStatusCode.OK, (await nurse.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = "Felt unwell before dosing", version })).StatusCode);
        var before = await StoredAsync(factory, Guid.Parse(id));
        Assert.Equal(3, before.Readings);

        // A reading that would also raise an alert (SpO2 below the threshold): the alert must not be written either.
        var refused = await nurse.PostAsJsonAsync(vitals, new { systolic = 128, diastolic = 82, heartRate = 70, spo2 = 85 });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("The session is closed", (await refused.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(before, await StoredAsync(factory, Guid.Parse(id)));

        // The host goes on charting other sessions after a refusal.
        Assert.Equal(HttpStatusCode.NotFound, (await nurse.PostAsJsonAsync($"/api/sessions/{Guid.NewGuid()}/vitals", new { heartRate = 70 })).StatusCode);

        // A refused save leaves nothing behind in its context for a later save of the same scope to write.
        var nurseId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == "nurse@demo.respite.local").Select(u => u.Id).SingleAsync());
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, nurseId), new Claim(ClaimTypes.Role, Roles.Nurse)], "test"));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<SessionService>()
                .RecordVitalsAsync(user, Guid.Parse(id), new VitalsInput(null, 128, 82, 70, 85, null, null));
            Assert.Equal(OutcomeKind.Conflict, outcome.Kind);
            var db = scope.ServiceProvider.GetRequiredService<RespiteDbContext>();
            Assert.Empty(db.ChangeTracker.Entries());
            Assert.Equal(0, await db.SaveChangesAsync());
        }

        Assert.Equal(before, await StoredAsync(factory, Guid.Parse(id)));
    }

    private static Task<(int Readings, int Alerts, int AuditRows)> StoredAsync(RespiteWebApplicationFactory factory, Guid sessionId) =>
        factory.WithDbAsync(async db => (
            await db.Set<VitalsReading>().CountAsync(v => v.SessionId == sessionId),
            await db.Set<SessionAlert>().CountAsync(a => a.SessionId == sessionId),
            await db.AuditEvents.CountAsync(e => e.EntityType == "VitalsReading" && e.Action == AuditAction.Create && e.Outcome == AuditOutcome.Success)));
}

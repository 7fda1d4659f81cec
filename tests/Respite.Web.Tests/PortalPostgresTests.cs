using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

/// <summary>The portal on PostgreSQL: the conditional claim of an invitation under simultaneous submissions, and a change request resolved.</summary>
public sealed class PortalPostgresTests
{
    [SkippableFact]
    public async Task Portal_OnPostgres_AcceptsOnce_AndResolvesAChangeRequest()
    {
        await PostgresHostTests.OnFreshDatabaseAsync(async factory =>
        {
            var desk = await factory.ClientForAsync(Roles.FrontDesk);
            var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!;
            var email = PortalData.NewEmail();
            var invitation = await PortalData.InviteAsync(factory, patientId, email);
            var token = await PortalData.TokenFromOutboxAsync(factory, invitation.GetProperty("id").GetString()!);

            var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PortalData.AcceptAsync(factory, token))));
            Assert.Equal(1, results.Count(r => r.Succeeded));
            Assert.Equal(1, await factory.WithDbAsync(db => db.Users.CountAsync(u => u.PatientId == Guid.Parse(patientId))));

            using var client = factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", await factory.TokenAsync(email, PortalData.Password));
            var appointmentId = (await PortalData.BookAsync(factory, patientId)).GetProperty("id").GetString();
            var created = await client.PostAsJsonAsync($"/api/appointments/{appointmentId}/change-requests", new { kind = "reschedule", message = "Mornings" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var request = await created.ReadJsonAsync();
            Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/appointments/{appointmentId}/change-requests", new { kind = "cancel", message = "x" })).StatusCode);
            var resolved = await desk.PostAsJsonAsync($"/api/change-requests/{request.GetProperty("id").GetString()}/resolve",
                new { status = "declined", note = "Mornings are full that week.", version = request.GetProperty("version").GetString() });
            Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
            var portal = await (await client.GetAsync("/api/portal/appointments")).ReadJsonAsync();
            Assert.Equal("Mornings are full that week.", portal.GetProperty("changeRequests")[0].GetProperty("resolutionNote").GetString());
        });
    }
}

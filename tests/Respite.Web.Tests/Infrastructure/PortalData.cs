using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Respite.Data.Identity;
using Respite.Web.Features.Portal;

namespace Respite.Web.Tests.Infrastructure;

/// <summary>Portal patients for tests: invited by the front desk, the link read from the outbox, the invitation accepted.</summary>
public static partial class PortalData
{
    public const string Password = "Portal-test-2026";

    public static string NewEmail() => $"portal.{Guid.NewGuid():N}@example.com";

    public static async Task<JsonElement> InviteAsync(RespiteWebApplicationFactory factory, string patientId, string? email)
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var response = await desk.PostAsJsonAsync($"/api/patients/{patientId}/portal-invitations", new { email });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    /// <summary>The token of an invitation, as the patient would read it in the e-mail in the outbox.</summary>
    public static Task<string> TokenFromOutboxAsync(RespiteWebApplicationFactory factory, string invitationId) =>
        factory.WithDbAsync(async db =>
        {
            var key = PortalInvitationService.DedupeKey(Guid.Parse(invitationId));
            var body = await db.OutboundEmails.Where(e => e.DedupeKey == key).Select(e => e.Body).SingleAsync();
            return LinkToken().Match(body).Groups[1].Value;
        });

    public static async Task<Respite.Web.Features.Shared.Outcome<ApplicationUser>> AcceptAsync(
        RespiteWebApplicationFactory factory, string token, string password = Password, string? confirm = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<PortalInvitationService>();
        return await service.AcceptAsync(token, password, confirm ?? password);
    }

    /// <summary>A new patient with a portal account: the patient id, the sign-in e-mail and a client signed in as them.</summary>
    public static async Task<(string PatientId, string Email, HttpClient Client)> PortalPatientAsync(RespiteWebApplicationFactory factory)
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!;
        var email = NewEmail();
        var invitation = await InviteAsync(factory, patientId, email);
        var token = await TokenFromOutboxAsync(factory, invitation.GetProperty("id").GetString()!);
        var accepted = await AcceptAsync(factory, token);
        Assert.True(accepted.Succeeded, string.Join("; ", accepted.Errors.SelectMany(e => e.Value)) + accepted.Detail);
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await factory.TokenAsync(email, Password));
        return (patientId, email, client);
    }

    /// <summary>A follow-up booked by the front desk at a new location, <paramref name="weeksAhead"/> weeks ahead.</summary>
    public static async Task<JsonElement> BookAsync(RespiteWebApplicationFactory factory, string patientId, int weeksAhead = 2)
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var location = await SchedulingData.CreateLocationAsync(factory, chairs: 1);
        var response = await desk.PostAsJsonAsync($"/api/patients/{patientId}/appointments", new
        {
            kind = "follow-up", locationId = location.GetProperty("id").GetString(), date = SchedulingData.Monday(weeksAhead).ToString("yyyy-MM-dd"), startTime = "10:00",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    [GeneratedRegex(@"/portal/accept\?token=([A-Za-z0-9_-]+)")]
    private static partial Regex LinkToken();
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Data.Portal;
using Respite.Web.Features.Shared;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

/// <summary>Portal invitations: created by staff, e-mailed through the outbox, single use, revocable, expiring.</summary>
public sealed partial class PortalInvitationTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    [Fact]
    public async Task Create_WritesHashOnly_AndQueuesAnEmailWithTheFirstNameAndLinkOnly()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patient = await TestData.CreatePatientAsync(desk, TestData.NewPatient("Confidential-" + Guid.NewGuid().ToString("N")[..6]));
        var patientId = patient.GetProperty("id").GetString()!;
        var email = PortalData.NewEmail();

        var response = await desk.PostAsJsonAsync($"/api/patients/{patientId}/portal-invitations", new { email });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        var invitation = await response.ReadJsonAsync();
        Assert.Equal("pending", invitation.GetProperty("status").GetString());
        Assert.Equal(email, invitation.GetProperty("email").GetString());
        Assert.DoesNotContain("token", raw, StringComparison.OrdinalIgnoreCase);
        var id = Guid.Parse(invitation.GetProperty("id").GetString()!);
        var expires = invitation.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(71.9), TimeSpan.FromHours(72.1));

        var (stored, outbox, patientEmail) = await factory.WithDbAsync(async db => (
            await db.PortalInvitations.SingleAsync(i => i.Id == id),
            await db.OutboundEmails.SingleAsync(e => e.DedupeKey == $"portal-invitation:{id}"),
            await db.Patients.Where(p => p.Id == Guid.Parse(patientId)).Select(p => p.Email).SingleAsync()));
        Assert.Equal(email, patientEmail);
        Assert.Equal(EmailKind.PortalInvitation, outbox.Kind);
        Assert.Equal(email, outbox.ToAddress);
        Assert.Null(outbox.SentAt);
        Assert.True(outbox.NextAttemptAt <= DateTimeOffset.UtcNow);
        var token = Regex.Match(outbox.Body, @"http://localhost/portal/accept\?token=([A-Za-z0-9_-]{43})\s").Groups[1].Value;
        Assert.NotEmpty(token);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), stored.TokenHash);
        Assert.DoesNotContain(token, stored.TokenHash, StringComparison.Ordinal);
        Assert.Contains("Hello Test,", outbox.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(patient.GetProperty("familyName").GetString()!, outbox.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(patient.GetProperty("recordNumber").GetString()!, outbox.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(patient.GetProperty("familyName").GetString()!, outbox.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("1980", outbox.Body, StringComparison.Ordinal);
        Assert.Contains("expires on", outbox.Body, StringComparison.Ordinal);

        var audit = await factory.WithDbAsync(db => db.AuditEvents
            .Where(e => e.EntityType == "PortalInvitation" && e.EntityId == id.ToString() && e.Action == AuditAction.Create).CountAsync());
        Assert.Equal(1, audit);
    }

    [Fact]
    public async Task Create_WithoutAnyEmail_Returns400NamingEmail_AndBadEmail400()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var body = TestData.NewPatient();
        var noEmail = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(body))!.AsObject();
        noEmail.Remove("email");
        var patientId = (await TestData.CreatePatientAsync(desk, noEmail)).GetProperty("id").GetString();

        var missing = await desk.PostAsJsonAsync($"/api/patients/{patientId}/portal-invitations", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["email"], (await missing.ReadJsonAsync()).ErrorFields());

        var bad = await desk.PostAsJsonAsync($"/api/patients/{patientId}/portal-invitations", new { email = "not an address" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["email"], (await bad.ReadJsonAsync()).ErrorFields());

        var noBody = await desk.PostAsync($"/api/patients/{patientId}/portal-invitations", null);
        Assert.Equal(HttpStatusCode.BadRequest, noBody.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.PortalInvitations.CountAsync(i => i.PatientId == Guid.Parse(patientId!))));
    }

    [Fact]
    public async Task Create_UsesTheRecordsEmail_WhenNoneGiven()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        var response = await desk.PostAsync($"/api/patients/{patientId}/portal-invitations", JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("test.patient@example.com", (await response.ReadJsonAsync()).GetProperty("email").GetString());
    }

    [Fact]
    public async Task Create_UnknownPatient_Returns404()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var response = await desk.PostAsJsonAsync($"/api/patients/{Guid.NewGuid()}/portal-invitations", new { email = PortalData.NewEmail() });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await desk.GetAsync($"/api/patients/{Guid.NewGuid()}/portal-invitations")).StatusCode);
    }

    [Fact]
    public async Task Create_PatientWithAccount_OrEmailOfAnotherAccount_Returns409()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var (patientId, _, _) = await PortalData.PortalPatientAsync(factory);
        var again = await desk.PostAsJsonAsync($"/api/patients/{patientId}/portal-invitations", new { email = PortalData.NewEmail() });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var other = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        var taken = await desk.PostAsJsonAsync($"/api/patients/{other}/portal-invitations", new { email = "nurse@demo.respite.local" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
    }

    [Fact]
    public async Task NewInvitation_RevokesTheOpenOne_AndAbandonsItsUnsentEmail()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!;
        var first = await PortalData.InviteAsync(factory, patientId, PortalData.NewEmail());
        var firstToken = await PortalData.TokenFromOutboxAsync(factory, first.GetProperty("id").GetString()!);
        var second = await PortalData.InviteAsync(factory, patientId, null);

        var list = await (await desk.GetAsync($"/api/patients/{patientId}/portal-invitations")).ReadJsonAsync();
        Assert.Equal(JsonValueKindNull, list.GetProperty("account").ValueKind);
        var statuses = list.GetProperty("invitations").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!, i => i.GetProperty("status").GetString());
        Assert.Equal("revoked", statuses[first.GetProperty("id").GetString()!]);
        Assert.Equal("pending", statuses[second.GetProperty("id").GetString()!]);
        Assert.Equal(first.GetProperty("email").GetString(), second.GetProperty("email").GetString());

        var abandoned = await factory.WithDbAsync(db => db.OutboundEmails
            .Where(e => e.DedupeKey == $"portal-invitation:{first.GetProperty("id").GetString()}").Select(e => e.AbandonedReason).SingleAsync());
        Assert.NotNull(abandoned);
        var result = await PortalData.AcceptAsync(factory, firstToken);
        Assert.Equal(OutcomeKind.NotFound, result.Kind);
    }

    [Fact]
    public async Task Revoke_MakesTheLinkInvalid_AndIsAudited()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!;
        var invitation = await PortalData.InviteAsync(factory, patientId, PortalData.NewEmail());
        var id = invitation.GetProperty("id").GetString()!;
        var token = await PortalData.TokenFromOutboxAsync(factory, id);

        var revoked = await desk.PostAsync($"/api/patients/{patientId}/portal-invitations/{id}/revoke", null);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal("revoked", (await revoked.ReadJsonAsync()).GetProperty("status").GetString());

        var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await anonymous.GetStringAsync($"/portal/accept?token={token}");
        Assert.Contains("This link is no longer valid", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Welcome, Test", page, StringComparison.Ordinal);
        Assert.Equal(OutcomeKind.NotFound, (await PortalData.AcceptAsync(factory, token)).Kind);

        var otherPatient = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await desk.PostAsync($"/api/patients/{otherPatient}/portal-invitations/{id}/revoke", null)).StatusCode);
        var events = await factory.WithDbAsync(db => db.AuditEvents
            .Where(e => e.EntityType == "PortalInvitation" && e.EntityId == id && e.Action == AuditAction.Update && e.Detail == "revoked").CountAsync());
        Assert.Equal(1, events);
    }

    [Fact]
    public async Task Revoke_AcceptedInvitation_Returns409()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!;
        var invitation = await PortalData.InviteAsync(factory, patientId, PortalData.NewEmail());
        var id = invitation.GetProperty("id").GetString()!;
        Assert.True((await PortalData.AcceptAsync(factory, await PortalData.TokenFromOutboxAsync(factory, id))).Succeeded);
        Assert.Equal(HttpStatusCode.Conflict, (await desk.PostAsync($"/api/patients/{patientId}/portal-invitations/{id}/revoke", null)).StatusCode);
        var list = await (await desk.GetAsync($"/api/patients/{patientId}/portal-invitations")).ReadJsonAsync();
        Assert.Equal("accepted", list.GetProperty("invitations")[0].GetProperty("status").GetString());
        Assert.Equal(invitation.GetProperty("email").GetString(), list.GetProperty("account").GetProperty("email").GetString());
    }

    [Fact]
    public async Task AcceptPage_SetsPassword_SignsIn_LandsOnPortal_AndTheLinkWorksOnce()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!;
        var email = PortalData.NewEmail();
        var invitation = await PortalData.InviteAsync(factory, patientId, email);
        var token = await PortalData.TokenFromOutboxAsync(factory, invitation.GetProperty("id").GetString()!);
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var page = await browser.GetStringAsync($"/portal/accept?token={token}");
        Assert.Contains("Welcome, Test", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Patient-", page, StringComparison.Ordinal);

        var weak = await browser.PostAsync($"/portal/accept?token={token}", Form(page, token, "short", "short"));
        var weakHtml = await weak.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("data-testid=\"error-password\"", weakHtml, StringComparison.Ordinal);

        var mismatch = await browser.PostAsync($"/portal/accept?token={token}", Form(page, token, PortalData.Password, PortalData.Password + "x"));
        Assert.Contains("data-testid=\"error-confirmPassword\"", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await factory.WithDbAsync(db => db.Users.FirstOrDefaultAsync(u => u.Email == email)));

        var accepted = await browser.PostAsync($"/portal/accept?token={token}", Form(page, token, PortalData.Password, PortalData.Password));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/portal?welcome=1", PathOf(accepted));

        var portal = await browser.GetAsync("/portal?welcome=1");
        Assert.Equal(HttpStatusCode.OK, portal.StatusCode);
        var portalHtml = await portal.Content.ReadAsStringAsync();
        Assert.Contains("Hello, Test", portalHtml, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"portal-welcome\"", portalHtml, StringComparison.Ordinal);
        var home = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/portal", PathOf(home));

        var user = await factory.WithDbAsync(async db => await db.Users.SingleAsync(u => u.Email == email));
        Assert.Equal(Guid.Parse(patientId), user.PatientId);
        Assert.Equal("Test", user.DisplayName);
        Assert.Equal(email, user.UserName);
        var roles = await factory.WithDbAsync(db => (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name).ToListAsync());
        Assert.Equal([Roles.Patient], roles);
        var stored = await factory.WithDbAsync(db => db.PortalInvitations.SingleAsync(i => i.Id == Guid.Parse(invitation.GetProperty("id").GetString()!)));
        Assert.NotNull(stored.AcceptedAt);
        Assert.Equal(user.Id, stored.AcceptedUserId);
        var acceptedEvents = await factory.WithDbAsync(db => db.AuditEvents
            .Where(e => e.EntityType == "PortalInvitation" && e.EntityId == stored.Id.ToString() && e.Detail!.StartsWith("accepted")).CountAsync());
        Assert.Equal(1, acceptedEvents);

        var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var reused = await anonymous.GetStringAsync($"/portal/accept?token={token}");
        Assert.Contains("This link is no longer valid", reused, StringComparison.Ordinal);
        Assert.DoesNotContain("Test", reused.Split("<main")[1].Split("</main>")[0], StringComparison.Ordinal);
        Assert.Equal(OutcomeKind.NotFound, (await PortalData.AcceptAsync(factory, token, "Another-pass-2026")).Kind);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password = PortalData.Password })).StatusCode);
    }

    [Fact]
    public async Task AcceptPage_UnknownOrMalformedToken_ShowsNoLongerValid()
    {
        var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Contains("This link is no longer valid", await anonymous.GetStringAsync("/portal/accept"), StringComparison.Ordinal);
        Assert.Contains("This link is no longer valid", await anonymous.GetStringAsync("/portal/accept?token=abc"), StringComparison.Ordinal);
        Assert.Contains("This link is no longer valid", await anonymous.GetStringAsync($"/portal/accept?token={new string('a', 43)}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_DoubleSubmit_OnlyOneAccountIsCreated()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!;
        var email = PortalData.NewEmail();
        var invitation = await PortalData.InviteAsync(factory, patientId, email);
        var token = await PortalData.TokenFromOutboxAsync(factory, invitation.GetProperty("id").GetString()!);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PortalData.AcceptAsync(factory, token))));
        Assert.Equal(1, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains(r.Kind, new[] { OutcomeKind.NotFound, OutcomeKind.Conflict }));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Users.CountAsync(u => u.PatientId == Guid.Parse(patientId))));
    }

    [Fact]
    public async Task Settings_InvitationLifetime_HasDefault_AndBounds()
    {
        var admin = await factory.ClientForAsync(Roles.Admin);
        var current = await (await admin.GetAsync("/api/settings/invitations")).ReadJsonAsync();
        Assert.Equal(72, current.GetProperty("defaults").GetProperty("lifetimeHours").GetInt32());
        var bad = await admin.PutAsJsonAsync("/api/settings/invitations", new { lifetimeHours = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["lifetimeHours"], (await bad.ReadJsonAsync()).ErrorFields());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/settings/invitations", new { lifetimeHours = 337 })).StatusCode);
    }

    private static string PathOf(HttpResponseMessage response) =>
        response.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.PathAndQuery : response.Headers.Location?.OriginalString ?? "";

    private static readonly System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    private static FormUrlEncodedContent Form(string page, string token, string password, string confirm) => new(new Dictionary<string, string>
    {
        ["_handler"] = "accept",
        ["__RequestVerificationToken"] = AntiforgeryToken().Match(page).Groups[1].Value,
        ["token"] = token,
        ["password"] = password,
        ["confirmPassword"] = confirm,
    });

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

/// <summary>Invitation expiry against the application's clock, moved forward by the test.</summary>
public sealed class PortalInvitationExpiryTests : IClassFixture<PortalInvitationExpiryTests.ClockFactory>
{
    private readonly ClockFactory _factory;

    public PortalInvitationExpiryTests(ClockFactory factory) => _factory = factory;

    public sealed class ClockFactory : RespiteWebApplicationFactory
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    [Fact]
    public async Task Invitation_ExpiresAfterTheConfiguredLifetime()
    {
        var admin = await _factory.ClientForAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/settings/invitations", new { lifetimeHours = 1 })).StatusCode);
        var desk = await _factory.ClientForAsync(Roles.FrontDesk);
        var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!;
        var invitation = await PortalData.InviteAsync(_factory, patientId, PortalData.NewEmail());
        Assert.Equal(_factory.Clock.GetUtcNow().AddHours(1), invitation.GetProperty("expiresAt").GetDateTimeOffset());
        var token = await PortalData.TokenFromOutboxAsync(_factory, invitation.GetProperty("id").GetString()!);
        var anonymous = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Contains("Welcome, Test", await anonymous.GetStringAsync($"/portal/accept?token={token}"), StringComparison.Ordinal);

        _factory.Clock.Advance(TimeSpan.FromMinutes(61));

        Assert.Contains("This link is no longer valid", await anonymous.GetStringAsync($"/portal/accept?token={token}"), StringComparison.Ordinal);
        Assert.Equal(OutcomeKind.NotFound, (await PortalData.AcceptAsync(_factory, token)).Kind);
        var list = await (await desk.GetAsync($"/api/patients/{patientId}/portal-invitations")).ReadJsonAsync();
        Assert.Equal("expired", list.GetProperty("invitations")[0].GetProperty("status").GetString());

        var renewed = await PortalData.InviteAsync(_factory, patientId, null);
        Assert.Equal("pending", renewed.GetProperty("status").GetString());
        Assert.True((await PortalData.AcceptAsync(_factory, await PortalData.TokenFromOutboxAsync(_factory, renewed.GetProperty("id").GetString()!))).Succeeded);
    }
}

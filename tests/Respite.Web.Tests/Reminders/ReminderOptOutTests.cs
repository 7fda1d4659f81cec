using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Web.Features.Reminders;
using Respite.Web.Hosting;
using Respite.Web.Tests.Infrastructure;
using static Respite.Web.Tests.Reminders.ReminderTestData;

namespace Respite.Web.Tests.Reminders;

/// <summary>The opt-out link's page, the patient's portal toggle, the chart's toggle and the preference API, with their audit events.</summary>
public sealed partial class ReminderOptOutTests(ReminderFactory factory) : IClassFixture<ReminderFactory>
{
    private HttpClient Browser() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private Task<DateTimeOffset?> OptedOutAtAsync(Guid patientId) =>
        factory.WithDbAsync(db => db.Patients.AsNoTracking().Where(p => p.Id == patientId).Select(p => p.RemindersOptedOutAt).SingleAsync());

    private Task<List<AuditEvent>> AuditAsync(Guid patientId) =>
        factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.PatientId == patientId && e.EntityType == ReminderPreferenceService.Entity).ToListAsync());

    [Fact]
    public async Task OptOutLink_GetAsksWithoutChanging_PostStops_AndIsAudited()
    {
        var patient = await PatientAsync(factory);
        var token = factory.Services.GetRequiredService<ReminderLinks>().Token(patient.Id);
        var browser = Browser();

        var page = await browser.GetAsync($"/reminders/opt-out?token={token}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Stop e-mail reminders?", html, StringComparison.Ordinal);
        Assert.DoesNotContain(patient.Given, html, StringComparison.Ordinal);
        Assert.Null(await OptedOutAtAsync(patient.Id));
        Assert.Empty(await AuditAsync(patient.Id));

        var posted = await browser.PostAsync($"/reminders/opt-out?token={token}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "reminder-opt-out",
            ["__RequestVerificationToken"] = Token(html),
        }));
        var done = await posted.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("E-mail reminders stopped", done, StringComparison.Ordinal);
        Assert.DoesNotContain(patient.Given, done, StringComparison.Ordinal);
        Assert.DoesNotContain(patient.Email!, done, StringComparison.Ordinal);
        Assert.NotNull(await OptedOutAtAsync(patient.Id));
        var audit = Assert.Single(await AuditAsync(patient.Id));
        Assert.Equal(AuditAction.Update, audit.Action);
        Assert.Null(audit.UserId);
        Assert.Contains("link", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OptOutLink_WithoutAntiforgeryToken_ChangesNothing()
    {
        var patient = await PatientAsync(factory);
        var token = factory.Services.GetRequiredService<ReminderLinks>().Token(patient.Id);
        var posted = await Browser().PostAsync($"/reminders/opt-out?token={token}", new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "reminder-opt-out" }));
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Null(await OptedOutAtAsync(patient.Id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task OptOutLink_BadToken_FriendlyBadRequestPage(string token)
    {
        var response = await Browser().GetAsync($"/reminders/opt-out?token={token}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This link does not work", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OptOutLink_TokenOfAnotherPurpose_Refused()
    {
        var patient = await PatientAsync(factory);
        var other = factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Respite.SomethingElse")
            .Protect(System.Text.Encoding.UTF8.GetBytes(patient.Id.ToString("N")));
        var links = factory.Services.GetRequiredService<ReminderLinks>();
        Assert.Null(links.PatientFrom(WebEncoders.Base64UrlEncode(other)));
        Assert.Equal(patient.Id, links.PatientFrom(links.Token(patient.Id)));
        var response = await Browser().GetAsync($"/reminders/opt-out?token={WebEncoders.Base64UrlEncode(other)}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PreferenceApi_StaffTurnsOffAndOn_Validated_Audited()
    {
        var patient = await PatientAsync(factory);
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var url = $"/api/patients/{patient.Id}/reminder-preference";

        var initial = await (await desk.GetAsync(url)).ReadJsonAsync();
        Assert.False(initial.GetProperty("optedOut").GetBoolean());
        Assert.True(initial.GetProperty("hasEmail").GetBoolean());

        var off = await (await desk.PutAsJsonAsync(url, new { optedOut = true })).ReadJsonAsync();
        Assert.True(off.GetProperty("optedOut").GetBoolean());
        Assert.NotNull(await OptedOutAtAsync(patient.Id));
        var on = await (await desk.PutAsJsonAsync(url, new { optedOut = false })).ReadJsonAsync();
        Assert.False(on.GetProperty("optedOut").GetBoolean());
        Assert.Null(await OptedOutAtAsync(patient.Id));

        var missing = await desk.PutAsJsonAsync(url, new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("optedOut", (await missing.ReadJsonAsync()).ErrorFields());
        Assert.Equal(HttpStatusCode.BadRequest, (await desk.PutAsync(url, new StringContent("{\"optedOut\":\"maybe\"}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await desk.PutAsJsonAsync($"/api/patients/{Guid.NewGuid()}/reminder-preference", new { optedOut = true })).StatusCode);

        var audit = await AuditAsync(patient.Id);
        Assert.Contains(audit, e => e.Action == AuditAction.Update && e.Detail!.StartsWith("e-mail reminders stopped by the care team", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == AuditAction.Update && e.Detail!.StartsWith("e-mail reminders turned on by the care team", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == AuditAction.Read);
    }

    [Fact]
    public async Task PortalPage_PatientStopsAndResumesTheirOwnReminders()
    {
        var browser = Browser();
        await SignInAsync(browser, "patient@demo.respite.local", "/portal/reminders");
        var jordan = await factory.WithDbAsync(db => db.Patients.AsNoTracking().Where(p => p.RecordNumber == "R-000001").Select(p => p.Id).SingleAsync());

        var page = await browser.GetStringAsync("/portal/reminders");
        Assert.Contains("You get an e-mail before each appointment", page, StringComparison.Ordinal);
        var off = await browser.PostAsync("/portal/reminders", Form("portal-reminders", page, ("optedOut", "true")));
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.NotNull(await OptedOutAtAsync(jordan));

        page = await browser.GetStringAsync("/portal/reminders?saved=1");
        Assert.Contains("You do not get e-mail reminders.", page, StringComparison.Ordinal);
        var on = await browser.PostAsync("/portal/reminders", Form("portal-reminders", page, ("optedOut", "false")));
        Assert.Equal(HttpStatusCode.Redirect, on.StatusCode);
        Assert.Null(await OptedOutAtAsync(jordan));
        Assert.Contains(await AuditAsync(jordan), e => e.Detail == "e-mail reminders stopped by the patient in the portal");
    }

    [Fact]
    public async Task ChartCard_StaffTurnsRemindersBackOn()
    {
        var patient = await PatientAsync(factory);
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        await desk.PutAsJsonAsync($"/api/patients/{patient.Id}/reminder-preference", new { optedOut = true });

        var browser = Browser();
        await SignInAsync(browser, "nurse@demo.respite.local", $"/patients/{patient.Id}");
        var chart = await browser.GetStringAsync($"/patients/{patient.Id}");
        Assert.Contains("The patient asked for no e-mail reminders", chart, StringComparison.Ordinal);
        var response = await browser.PostAsync($"/patients/{patient.Id}", Form("reminder-preference", chart, ("reminderOptedOut", "false")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Null(await OptedOutAtAsync(patient.Id));
    }

    private async Task SignInAsync(HttpClient browser, string email, string returnUrl)
    {
        var login = await browser.GetStringAsync("/login");
        var response = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = DemoSeeder.DemoPassword, ["returnUrl"] = returnUrl, ["__RequestVerificationToken"] = Token(login),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static FormUrlEncodedContent Form(string handler, string page, params (string Key, string Value)[] fields) =>
        new(new Dictionary<string, string>(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)))
        {
            ["_handler"] = handler,
            ["__RequestVerificationToken"] = Token(page),
        });

    private static string Token(string html) => WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

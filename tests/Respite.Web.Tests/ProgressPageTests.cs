using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Respite.Web.Hosting;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

/// <summary>The patient's progress page and the staff chart's timeline, rendered by the server for a signed-in browser.</summary>
public sealed partial class ProgressPageTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await client.GetStringAsync("/login");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = DemoSeeder.DemoPassword,
            ["returnUrl"] = "/",
            ["__RequestVerificationToken"] = TokenPattern().Match(login).Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    [Fact]
    public async Task PortalProgress_ThePatientSeesTheirOwnChartInPlainWords_StaffAreSentAway()
    {
        var patient = await SignedInAsync("patient@demo.respite.local");
        var response = await patient.GetAsync("/portal/progress");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-audience=\"patient\"", html, StringComparison.Ordinal);
        Assert.Contains("Your mood (PHQ-9)", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"timeline-session\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("timeline-booster", html, StringComparison.Ordinal);
        Assert.DoesNotContain("timeline-relapse", html, StringComparison.Ordinal);
        Assert.DoesNotContain("R-000001", html, StringComparison.Ordinal);

        var nurse = await SignedInAsync("nurse@demo.respite.local");
        var denied = await nurse.GetAsync("/portal/progress");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("access-denied", denied.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatientChart_ShowsTheStaffTimeline_WithTheProgressReportLinks()
    {
        var prescriber = await SignedInAsync("prescriber@demo.respite.local");
        var search = await prescriber.GetStringAsync("/patients?q=R-000001");
        var id = PatientLink().Match(search).Groups[1].Value;
        var html = await prescriber.GetStringAsync($"/patients/{id}");
        Assert.Contains("data-audience=\"staff\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"timeline-relapse\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"outcome-pain-relapse\"", html, StringComparison.Ordinal);
        Assert.Contains($"/api/patients/{id}/progress-report.pdf?audience=referrer", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("href=\"/patients/([0-9a-f-]{36})\"")]
    private static partial Regex PatientLink();
}

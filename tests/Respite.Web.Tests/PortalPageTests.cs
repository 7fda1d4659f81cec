using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Respite.Data.Identity;
using Respite.Web.Hosting;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

/// <summary>The portal's questionnaire pages as the demo patient sees them, signed in with a cookie.</summary>
public sealed partial class PortalPageTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private static string Token(string html) => TokenPattern().Match(html).Groups[1].Value;

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await client.GetStringAsync("/login");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = DemoSeeder.DemoPassword,
            ["returnUrl"] = "/portal/questionnaires",
            ["__RequestVerificationToken"] = Token(login),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    [Fact]
    public async Task ClinicianOnlyOrUnassignedInstrument_IsNotOffered()
    {
        var client = await SignedInAsync("patient@demo.respite.local");
        var madrs = await client.GetStringAsync("/portal/questionnaires/madrs?context=diary");
        Assert.Contains("questionnaire-unavailable", madrs);
        Assert.DoesNotContain("portal-form", madrs);

        var gad7 = await client.GetStringAsync("/portal/questionnaires/gad7?context=diary");
        Assert.Contains("has not asked you", gad7);

        var phq9 = await client.GetStringAsync("/portal/questionnaires/phq9?context=diary");
        Assert.Contains("data-testid=\"portal-form\"", phq9);
    }

    [Fact]
    public async Task Confirmation_OfAnotherPatientsAnswers_IsNotFound()
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var other = (await TestData.CreatePatientAsync(nurse)).GetProperty("id").GetString();
        var assessment = await (await nurse.PostAsJsonAsync($"/api/patients/{other}/assessments", new { instrument = "phq9", answers = new[] { 0, 0, 0, 0, 0, 0, 0, 0, 1 } })).ReadJsonAsync();

        var client = await SignedInAsync("patient@demo.respite.local");
        var response = await client.GetAsync($"/portal/questionnaires/done/{assessment.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("crisis-message", html);
        Assert.DoesNotContain("answers-sent", html);
        Assert.Contains("not found", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PortalPages_AreForPatientsOnly()
    {
        var client = await SignedInAsync("nurse@demo.respite.local");
        var response = await client.GetAsync("/portal/questionnaires");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}

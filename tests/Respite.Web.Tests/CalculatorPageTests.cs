using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Respite.Web.Hosting;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

/// <summary>The calculator page posts a real form with its antiforgery token and shows the same figures as the API.</summary>
public sealed partial class CalculatorPageTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    [Fact]
    public async Task CalculatorPage_StandardDose_ShowsPumpRate_AndBlocksOverLimit()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await client.GetStringAsync("/login");
        var loginResponse = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "nurse@demo.respite.local",
            ["password"] = DemoSeeder.DemoPassword,
            ["returnUrl"] = "/calculators",
            ["__RequestVerificationToken"] = Token(login),
        }));
        Assert.Equal(HttpStatusCode.Redirect, loginResponse.StatusCode);

        var page = await client.GetStringAsync("/calculators");
        var response = await client.PostAsync("/calculators", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "infusion",
            ["__RequestVerificationToken"] = Token(page),
            ["Infusion.ProtocolId"] = "iv-ketamine-depression",
            ["Infusion.WeightKg"] = "70",
            ["Infusion.DoseMgPerKg"] = "0.5",
            ["Infusion.DurationMinutes"] = "40",
            ["Infusion.ConcentrationMgPerMl"] = "1",
        }));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("52.5 mL/h", html);
        Assert.Contains("Within the protocol", html);

        var blocked = await client.PostAsync("/calculators", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "infusion",
            ["__RequestVerificationToken"] = Token(page),
            ["Infusion.ProtocolId"] = "iv-ketamine-depression",
            ["Infusion.WeightKg"] = "70",
            ["Infusion.DoseMgPerKg"] = "1.5",
            ["Infusion.DurationMinutes"] = "40",
            ["Infusion.ConcentrationMgPerMl"] = "1",
        }));
        var blockedHtml = await blocked.Content.ReadAsStringAsync();
        Assert.Contains("SAF-DOSE-001", blockedHtml);
        Assert.Contains("Blocked", blockedHtml);
    }

    private static string Token(string html) => TokenPattern().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

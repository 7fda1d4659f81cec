using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

/// <summary>Two portal patients: A never reads or changes anything of B, through the API or the pages.</summary>
public sealed partial class PortalIsolationTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    [Fact]
    public async Task Api_PatientA_CannotReadOrChangePatientB()
    {
        var (a, _, clientA) = await PortalData.PortalPatientAsync(factory);
        var (b, emailB, clientB) = await PortalData.PortalPatientAsync(factory);
        var appointmentB = (await PortalData.BookAsync(factory, b)).GetProperty("id").GetString();
        var requestB = await (await clientB.PostAsJsonAsync($"/api/appointments/{appointmentB}/change-requests", new { kind = "reschedule", message = "Mornings" })).ReadJsonAsync();
        var requestIdB = requestB.GetProperty("id").GetString();
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        await desk.PostAsJsonAsync($"/api/patients/{b}/assessments", new { instrument = "phq9", answers = new[] { 1, 1, 1, 1, 1, 1, 1, 1, 0 } });

        foreach (var url in new[]
                 {
                     $"/api/patients/{b}", $"/api/patients/{b}/appointments", $"/api/patients/{b}/appointments.ics", $"/api/patients/{b}/outcomes",
                     $"/api/patients/{b}/assessments", $"/api/patients/{b}/packages",
                 })
        {
            var response = await clientA.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {response.StatusCode}");
        }

        foreach (var url in new[] { $"/api/patients/{b}/portal-invitations", "/api/change-requests" })
        {
            var response = await clientA.GetAsync(url);
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
            Assert.DoesNotContain(emailB, await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await clientA.PostAsJsonAsync($"/api/appointments/{appointmentB}/change-requests", new { kind = "cancel", message = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.PostAsJsonAsync($"/api/change-requests/{requestIdB}/withdraw", new { version = requestB.GetProperty("version").GetString() })).StatusCode);
        Assert.Contains((await clientA.PostAsJsonAsync($"/api/change-requests/{requestIdB}/resolve", new { status = "done", version = requestB.GetProperty("version").GetString() })).StatusCode,
            new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.Contains((await clientA.PostAsJsonAsync($"/api/patients/{b}/portal-invitations", new { email = PortalData.NewEmail() })).StatusCode,
            new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });

        var portalA = await clientA.GetStringAsync("/api/portal/appointments");
        Assert.DoesNotContain(appointmentB!, portalA, StringComparison.Ordinal);
        Assert.DoesNotContain(requestIdB!, portalA, StringComparison.Ordinal);
        Assert.DoesNotContain(b, portalA, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await clientA.GetAsync($"/api/patients/{a}/appointments")).StatusCode);

        var stillOpen = await (await desk.GetAsync("/api/change-requests")).ReadJsonAsync();
        Assert.Contains(stillOpen.EnumerateArray(), r => r.GetProperty("id").GetString() == requestIdB && r.GetProperty("status").GetString() == "open");
    }

    [Fact]
    public async Task Pages_PatientA_SeesOnlyTheirOwnPortal_AndNoStaffPageOfB()
    {
        var (a, emailA, _) = await PortalData.PortalPatientAsync(factory);
        var (b, _, _) = await PortalData.PortalPatientAsync(factory);
        var appointmentB = (await PortalData.BookAsync(factory, b)).GetProperty("id").GetString()!;
        var appointmentA = (await PortalData.BookAsync(factory, a)).GetProperty("id").GetString()!;
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await browser.GetStringAsync("/login");
        var signedIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = emailA, ["password"] = PortalData.Password, ["returnUrl"] = "/", ["__RequestVerificationToken"] = Token(login),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        var portal = await browser.GetStringAsync("/portal");
        Assert.Contains(appointmentA, portal, StringComparison.Ordinal);
        Assert.DoesNotContain(appointmentB, portal, StringComparison.Ordinal);
        Assert.Contains("My portal", portal, StringComparison.Ordinal);

        foreach (var url in new[] { $"/patients/{b}", $"/patients/{b}/appointments", $"/patients/{b}/packages", $"/patients/{a}", "/change-requests", "/patients" })
        {
            var response = await browser.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{url}: {response.StatusCode}");
            var location = response.Headers.Location!;
            Assert.StartsWith("/access-denied", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString, StringComparison.Ordinal);
        }

        var staffOnly = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await staffOnly.GetAsync("/portal")).StatusCode);
    }

    private static string Token(string html) => TokenPattern().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Respite.EndToEnd.Tests.Infrastructure;
using Respite.EndToEnd.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Respite.EndToEnd.Tests;

/// <summary>
/// Predicted concentrations as a prescriber meets them: on a signed plan, on a session charted with a rate change,
/// and on the /pk page (two regimens compared, a plasma-targeted suggestion). The patient, plan, location and session
/// are made for this test alone through the API, so that no other journey sees them.
/// </summary>
[Collection(BrowserCollection.Name)]
[NoContentSecurityPolicyViolations]
public sealed class PkJourneyTests(RespiteAppFixture app)
{
    [ChromiumFact]
    public async Task Prescriber_SeesThePredictionOfAPlanAndASession_ComparesRegimens_AndAsksForAPlasmaTargetedSuggestion()
    {
        var (patientId, sessionId) = await PrepareAsync();
        var page = await app.NewPageAsync();
        await Session.SignInAsync(page, "prescriber@demo.respite.local");

        // The plan: its first session as planned, over the population band and the reference ranges; another model on request.
        await page.GotoAsync($"/patients/{patientId}/plans");
        var planCard = page.GetByTestId("pk-plan-card");
        await Expect(planCard.Locator("[data-testid=pk-curve][data-kind=planned]")).ToHaveCountAsync(1);
        await Expect(planCard.GetByTestId("pk-band")).ToHaveCountAsync(1);
        await Expect(planCard.GetByTestId("pk-reference")).ToHaveCountAsync(2);
        await Expect(planCard.GetByTestId("pk-caption")).ToContainTextAsync("not a measured level");
        await Expect(planCard.GetByTestId("pk-model")).ToContainTextAsync("Clements");
        await planCard.GetByLabel("Model").SelectOptionAsync("ketamine-domino");
        await planCard.GetByTestId("pk-show").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("model=ketamine-domino"));
        await Expect(page.GetByTestId("pk-plan-card").GetByTestId("pk-model")).ToContainTextAsync("Domino");
        await page.GetByTestId("pk-plan-card").GetByLabel("Model").SelectOptionAsync("ketamine-clements");
        await page.GetByTestId("pk-plan-card").GetByTestId("pk-show").ClickAsync();
        await Expect(page.GetByTestId("pk-plan-card").GetByTestId("pk-model")).ToContainTextAsync("Clements");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("60-pk-plan"), FullPage = true });

        // The session: planned against given, the charted rate change and the stop marked on the time axis.
        await page.GotoAsync($"/sessions/{sessionId}");
        var sessionCard = page.GetByTestId("pk-session-card");
        await Expect(sessionCard.Locator("[data-testid=pk-curve][data-kind=planned]")).ToHaveCountAsync(1);
        await Expect(sessionCard.Locator("[data-testid=pk-curve][data-kind=given]")).ToHaveCountAsync(1);
        await Expect(sessionCard.GetByTestId("pk-marker").Filter(new() { HasText = "Rate 40 mg/h" })).ToHaveCountAsync(1);
        await Expect(sessionCard.GetByTestId("pk-marker").Filter(new() { HasText = "Infusion stops" })).ToHaveCountAsync(1);
        var peaks = await sessionCard.GetByTestId("pk-peak").AllInnerTextsAsync();
        Assert.True(Number(peaks[1]) < Number(peaks[0]), "Less drug, given more slowly: the given curve peaks below the plan.");
        await sessionCard.ScrollIntoViewIfNeededAsync();
        await sessionCard.ScreenshotAsync(new LocatorScreenshotOptions { Path = Screenshots.PathFor("61-pk-session") });

        // The tools, from the top bar: esketamine 56 against 84 mg, then 0.5 mg/kg over 40 against 60 minutes.
        await page.GetByRole(AriaRole.Link, new() { Name = "Concentrations" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/pk$"));
        var compare = page.GetByTestId("pk-compare");
        await compare.GetByLabel("Model").SelectOptionAsync("esketamine-intranasal");
        await Regimen(compare, "a", "intranasal", "56", "mg");
        await Regimen(compare, "b", "intranasal", "84", "mg");
        await compare.GetByTestId("compare-submit").ClickAsync();
        await Expect(page.GetByTestId("compare-row")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("compare-total")).ToHaveTextAsync(["56", "84"]);
        await Expect(page.GetByTestId("compare-above")).ToHaveTextAsync(["—", "—"]);
        await Expect(page.GetByTestId("pk-compare").GetByTestId("pk-reference")).ToHaveCountAsync(0);

        compare = page.GetByTestId("pk-compare");
        await compare.GetByLabel("Model").SelectOptionAsync("ketamine-clements");
        await compare.GetByLabel("Weight (kg)").FillAsync("70");
        await Regimen(compare, "a", "infusion", "0.5", "mg/kg", "40");
        await Regimen(compare, "b", "infusion", "0.5", "mg/kg", "60");
        await compare.GetByTestId("compare-submit").ClickAsync();
        await Expect(page.GetByTestId("compare-row")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("compare-total")).ToHaveTextAsync(["35", "35"]);
        var comparePeaks = await page.GetByTestId("compare-peak").AllInnerTextsAsync();
        Assert.True(Number(comparePeaks[0]) > Number(comparePeaks[1]), "The shorter infusion peaks higher.");
        await Expect(page.GetByTestId("pk-compare").GetByTestId("pk-curve")).ToHaveCountAsync(2);
        await page.GetByTestId("pk-compare").ScreenshotAsync(new LocatorScreenshotOptions { Path = Screenshots.PathFor("62-pk-compare") });

        // A suggestion: the target is required; then 150 ng/mL for 40 minutes at no more than 120 mg/h.
        var tci = page.GetByTestId("pk-tci");
        await tci.GetByTestId("tci-submit").ClickAsync();
        await Expect(page.GetByTestId("error-targetNgPerMl")).ToHaveTextAsync("This field is required.");
        tci = page.GetByTestId("pk-tci");
        await tci.GetByLabel("Target (ng/mL)").FillAsync("150");
        await tci.GetByLabel("Hold for (min)").FillAsync("40");
        await tci.GetByLabel("Weight (kg)").FillAsync("70");
        await tci.GetByLabel("Maximum rate (mg/h, optional)").FillAsync("120");
        await tci.GetByTestId("tci-submit").ClickAsync();
        await Expect(page.GetByTestId("tci-advisory")).ToContainTextAsync("never sent to a device");
        var rates = await page.GetByTestId("tci-rate").AllInnerTextsAsync();
        Assert.NotEmpty(rates);
        Assert.All(rates, r => Assert.InRange(Number(r), 0, 120));
        await Expect(page.GetByTestId("pk-tci").GetByTestId("pk-marker").Filter(new() { HasText = "Reaches target" })).ToHaveCountAsync(1);
        await page.GetByTestId("pk-tci").ScreenshotAsync(new LocatorScreenshotOptions { Path = Screenshots.PathFor("63-pk-tci") });

        // From the plan: the same tool within the plan's weight and protocol limits.
        await page.GotoAsync($"/patients/{patientId}/plans");
        await page.GetByTestId("pk-tci-link").ClickAsync();
        await Expect(page.GetByTestId("tci-plan")).ToBeVisibleAsync();
        await page.GetByTestId("pk-tci").GetByLabel("Target (ng/mL)").FillAsync("150");
        await page.GetByTestId("pk-tci").GetByTestId("tci-submit").ClickAsync();
        await Expect(page.GetByTestId("tci-result")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("tci-plan")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    private static async Task Regimen(ILocator compare, string key, string kind, string dose, string unit, string? minutes = null)
    {
        var regimen = compare.GetByTestId($"regimen-{key}");
        await regimen.GetByLabel("Route").SelectOptionAsync(kind);
        await regimen.GetByLabel("Dose", new() { Exact = true }).FillAsync(dose);
        await regimen.Locator($"#{key}-unit").SelectOptionAsync(unit);
        await regimen.GetByLabel("Infusion over (min)").FillAsync(minutes ?? "");
    }

    private static double Number(string text) => double.Parse(text.Trim().Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    /// <summary>
    /// A screened patient of 70.5 kg with a signed IV-depression plan, booked at a location of its own and checked in
    /// 80 minutes ago: started at the planned 52.9 mg/h, slowed to 40 mg/h after 15 minutes, stopped after 45.
    /// </summary>
    private async Task<(string PatientId, string SessionId)> PrepareAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var tokens = new Dictionary<string, string>();
        foreach (var role in new[] { "admin", "prescriber", "nurse", "frontdesk" })
        {
            var login = await http.PostAsJsonAsync("/api/auth/login", new { email = $"{role}@demo.respite.local", password = Session.Password });
            tokens[role] = (await Json(login)).GetProperty("accessToken").GetString()!;
        }

        async Task<JsonElement> Post(string role, string path, object? body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[role]);
            return await Json(await http.SendAsync(request));
        }

        async Task<JsonElement> Get(string role, string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[role]);
            return await Json(await http.SendAsync(request));
        }

        var patient = await Post("frontdesk", "/api/patients", new
        {
            givenName = "Kit", familyName = "Curve-" + Guid.NewGuid().ToString("N")[..6], dateOfBirth = "1979-04-11", sex = "female",
            email = "kit.curve@example.com", weightKg = 70.5,
            conditions = new[] { new { icd10 = "F33.2", text = "Major depressive disorder, recurrent severe", category = "depression" } },
            antidepressantTrials = new[]
            {
                new { drug = "Sertraline", doseMg = 150, weeks = 8, adequate = true },
                new { drug = "Venlafaxine", doseMg = 225, weeks = 8, adequate = true },
            },
        });
        var patientId = patient.GetProperty("id").GetString()!;
        await Post("frontdesk", $"/api/patients/{patientId}/assessments", new { instrument = "phq9", answers = new[] { 2, 2, 2, 2, 2, 2, 2, 2, 0 } });
        var screening = await Post("prescriber", $"/api/patients/{patientId}/screenings", null);
        await Post("prescriber", $"/api/patients/{patientId}/screenings/{screening.GetProperty("id").GetString()}/sign", new { note = "Reviewed." });

        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7 * 30);
        while (start.DayOfWeek != DayOfWeek.Monday)
        {
            start = start.AddDays(1);
        }

        var plan = await Post("prescriber", $"/api/patients/{patientId}/plans", new
        {
            protocolId = "iv-ketamine-depression", startDate = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), indications = new[] { "depression" },
            overrideReason = "Reviewed with the patient.",
        });
        var planId = plan.GetProperty("id").GetString()!;
        await Post("prescriber", $"/api/patients/{patientId}/plans/{planId}/sign", new { version = plan.GetProperty("version").GetString() });

        // A location of its own, named to sort after the demo clinic so that no page's default location changes.
        var location = await Post("admin", "/api/locations", new
        {
            name = "Westbrook infusion suite " + Guid.NewGuid().ToString("N")[..6], timeZoneId = "America/New_York", address = "2 Test Street",
            hours = new[] { "monday", "tuesday", "wednesday", "thursday", "friday" }.Select(d => new { day = d, opens = "08:00", closes = "18:00" }).ToArray(),
            closedDates = Array.Empty<string>(),
        });
        var locationId = location.GetProperty("id").GetString()!;
        await Post("admin", $"/api/locations/{locationId}/chairs", new { name = "Chair 1", kind = "chair" });
        await Post("frontdesk", $"/api/patients/{patientId}/plans/{planId}/bookings", new { locationId, startTime = "09:00", confirm = true });
        var appointment = (await Get("frontdesk", $"/api/patients/{patientId}/appointments"))[0];

        var now = DateTimeOffset.UtcNow;
        var session = await Post("nurse", $"/api/patients/{patientId}/sessions", new
        {
            appointmentId = appointment.GetProperty("id").GetString(), checkedInAt = now.AddMinutes(-80),
            baseline = new { systolic = 124, diastolic = 80, heartRate = 72, spo2 = 98 }, rideHomeArranged = true,
        });
        var sessionId = session.GetProperty("id").GetString()!;
        var t0 = now.AddMinutes(-70);
        await Post("nurse", $"/api/sessions/{sessionId}/doses", new { kind = "start", at = t0, rateMgPerHour = 52.9 });
        await Post("nurse", $"/api/sessions/{sessionId}/doses", new { kind = "rate-change", at = t0.AddMinutes(15), rateMgPerHour = 40, reason = "Nausea" });
        await Post("nurse", $"/api/sessions/{sessionId}/doses", new { kind = "stop", at = t0.AddMinutes(45) });
        return (patientId, sessionId);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        if (body.Length == 0)
        {
            return default;
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}

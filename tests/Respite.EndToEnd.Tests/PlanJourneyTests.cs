using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Respite.EndToEnd.Tests.Infrastructure;
using Respite.EndToEnd.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Respite.EndToEnd.Tests;

[Collection(BrowserCollection.Name)]
[NoContentSecurityPolicyViolations]
public sealed class PlanJourneyTests(RespiteAppFixture app)
{
    [ChromiumFact]
    public async Task Prescriber_SignsScreening_BuildsPlanFromProtocol_OverLimitProtocolIsRefused()
    {
        // A Monday at least two weeks ahead, clear of the demo clinic's appointments on its next open day.
        var monday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14);
        while (monday.DayOfWeek != DayOfWeek.Monday)
        {
            monday = monday.AddDays(1);
        }

        var mondayIso = monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var mondayShort = monday.ToString("ddd d MMM", CultureInfo.InvariantCulture);
        var page = await app.NewPageAsync();
        await Session.SignInAsync(page, "prescriber@demo.respite.local");

        await page.GotoAsync("/patients?q=Rivera");
        await page.GetByRole(AriaRole.Link, new() { Name = "Rivera, Sam" }).ClickAsync();
        var chart = new ChartPage(page);
        var patientId = await chart.PatientIdAsync();

        await page.GotoAsync($"/patients/{patientId}/plans");
        await page.GetByLabel("Protocol").SelectOptionAsync("iv-ketamine-chronic-pain");
        await page.GetByLabel("Depression").UncheckAsync();
        await page.GetByLabel("Chronic pain").CheckAsync();
        await page.GetByTestId("create-plan").ClickAsync();
        await Expect(page.GetByTestId("plan-blocked-rule")).ToHaveTextAsync("SAF-PLAN-001");

        await page.GotoAsync($"/patients/{patientId}/screening");
        await page.GetByTestId("evaluate-screening").ClickAsync();
        await Expect(page.GetByTestId("modality")).ToHaveCountAsync(3);
        await page.GetByTestId("sign-screening").ClickAsync();
        await Expect(page.GetByTestId("screening-message")).ToContainTextAsync("signed", new() { IgnoreCase = true });

        await page.GotoAsync($"/patients/{patientId}/plans");
        await page.GetByLabel("Protocol").SelectOptionAsync("iv-ketamine-chronic-pain");
        await page.GetByLabel("Start date").FillAsync(mondayIso);
        await page.GetByLabel("Depression").UncheckAsync();
        await page.GetByLabel("Chronic pain").CheckAsync();
        await page.GetByTestId("create-plan").ClickAsync();
        await Expect(page.GetByTestId("plan-message")).ToContainTextAsync("Draft plan created");
        var draft = page.Locator("[data-testid=plan][data-status=draft]");
        await Expect(draft.GetByTestId("plan-session")).ToHaveCountAsync(1);
        await Expect(draft.GetByTestId("plan-session").First).ToContainTextAsync("113.8 mg");
        await Expect(draft.GetByTestId("plan-session").First).ToContainTextAsync("45.5 mL/h");

        await draft.GetByTestId("sign-plan").ClickAsync();
        await Expect(page.GetByTestId("plan-message")).ToContainTextAsync("Plan signed");
        await Expect(page.Locator("[data-testid=plan][data-status=signed]")).ToHaveCountAsync(1);

        // Book the signed plan's series and see it in the day view.
        await page.GetByTestId("book-plan").ClickAsync();
        var booking = page.GetByTestId("series-booking");
        await booking.GetByLabel("Location").SelectOptionAsync(new SelectOptionValue { Label = "Respite Demo Clinic" });
        await booking.GetByLabel("Start").FillAsync("10:00");
        await booking.GetByLabel("Nurse").SelectOptionAsync(new SelectOptionValue { Label = "Noah Nurse" });
        await booking.GetByTestId("preview-series").ClickAsync();
        await Expect(page.GetByTestId("series-slot")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("series-slot").First).ToContainTextAsync(mondayShort);
        await Expect(page.GetByTestId("series-slot").First).ToHaveAttributeAsync("data-status", "as-planned");
        await page.GetByTestId("book-series").ClickAsync();
        await Expect(page.GetByTestId("appointments-message")).ToContainTextAsync("1 session(s) booked");
        await Expect(page.GetByTestId("appointment").Filter(new() { HasText = $"{mondayShort} {monday.Year} 10:00" })).ToContainTextAsync("session 1");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("18-appointments"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "Schedule" }).ClickAsync();
        await page.GetByLabel("Date").FillAsync(mondayIso);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var slot = page.Locator("[data-testid=day-appointment][data-patient='Sam Rivera']");
        await Expect(slot).ToContainTextAsync("IV infusion");
        await Expect(slot).ToContainTextAsync("10:00–13:15");
        await Expect(slot).ToContainTextAsync("Noah Nurse");
        var box = await slot.BoundingBoxAsync();
        Assert.True(box is { Height: > 150 }, $"the 3¼ h appointment spans its rows of the day view (height {box?.Height})");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("19-day-view"), FullPage = true });
        await page.GotoAsync($"/patients/{patientId}/plans");

        await page.GetByLabel("Protocol").SelectOptionAsync("iv-ketamine-crps-10-day");
        await page.GetByLabel("Depression").UncheckAsync();
        await page.GetByLabel("Chronic pain").CheckAsync();
        await page.GetByTestId("create-plan").ClickAsync();
        await Expect(page.GetByTestId("plan-blocked-rule")).ToHaveTextAsync("SAF-PLAN-004");
        await Expect(page.GetByTestId("plan-blocked")).ToContainTextAsync("SAF-DOSE-003");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("17-plan"), FullPage = true });
        await page.Context.CloseAsync();
    }
}

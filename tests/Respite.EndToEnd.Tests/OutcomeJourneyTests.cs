using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Respite.EndToEnd.Tests.Infrastructure;
using Respite.EndToEnd.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Respite.EndToEnd.Tests;

/// <summary>
/// The outcome timeline on the staff chart and the patient's own progress page, with the demo history of Jordan: nine
/// IV infusions, more when another journey in the same run has charted one.
/// </summary>
[Collection(BrowserCollection.Name)]
[NoContentSecurityPolicyViolations]
public sealed class OutcomeJourneyTests(RespiteAppFixture app)
{
    [ChromiumFact]
    public async Task Prescriber_SeesJordansTimeline_WithSessionsThresholdsAndTheDurabilityEvidence()
    {
        var page = await app.NewPageAsync();
        await Session.SignInAsync(page, "prescriber@demo.respite.local");
        await page.GotoAsync("/patients?q=Jordan+Example");
        await page.GetByRole(AriaRole.Link, new() { Name = "Example, Jordan" }).ClickAsync();

        var timeline = page.GetByTestId("outcome-timeline");
        await Expect(timeline).ToHaveAttributeAsync("data-audience", "staff");
        await Expect(timeline.Locator("[data-testid=timeline-session][data-kind=iv]").Nth(8)).ToBeVisibleAsync();
        await Expect(timeline.Locator("[data-testid=timeline-session][data-kind=iv]").First).ToHaveAttributeAsync("data-dose", "0.5 mg/kg");
        await Expect(timeline.GetByTestId("timeline-baseline")).ToHaveCountAsync(2);
        await Expect(timeline.GetByTestId("timeline-remission")).ToHaveAttributeAsync("data-limit", "5");
        await Expect(timeline.GetByTestId("timeline-relapse")).ToHaveCountAsync(2);
        await Expect(timeline.GetByTestId("timeline-summary")).ToContainTextAsync(new Regex(@"\d+ sessions \(9 IV"));
        await Expect(page.GetByTestId("outcome-relapse")).ToContainTextAsync("Response from");
        await Expect(page.GetByTestId("outcome-pain-relapse")).ToContainTextAsync("Response from");
        await Expect(page.GetByTestId("progress-report-referrer")).ToBeVisibleAsync();
        await page.GetByTestId("outcomes-card").ScreenshotAsync(new LocatorScreenshotOptions { Path = Screenshots.PathFor("40-outcome-timeline-staff") });
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Patient_SeesTheirOwnProgress_InPlainWords_WithoutBoosterOrRelapseMarkers()
    {
        var page = await app.NewPageAsync();
        await Session.SignInAsync(page, "patient@demo.respite.local");
        await page.GotoAsync("/portal/progress");

        var timeline = page.GetByTestId("outcome-timeline");
        await Expect(timeline).ToHaveAttributeAsync("data-audience", "patient");
        await Expect(timeline.GetByTestId("timeline-session").Nth(8)).ToBeVisibleAsync();
        await Expect(timeline.GetByTestId("timeline-booster")).ToHaveCountAsync(0);
        await Expect(timeline.GetByTestId("timeline-relapse")).ToHaveCountAsync(0);
        await Expect(timeline).ToContainTextAsync("Your mood (PHQ-9)");
        await Expect(page.GetByTestId("progress-sessions")).ToHaveTextAsync(new Regex("^(9|1[0-9])$"));
        await Expect(page.GetByTestId("progress-mood")).ToContainTextAsync("24");
        await Expect(page.GetByTestId("progress-care-team")).ToContainTextAsync("maintenance session");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("41-portal-progress"), FullPage = true });

        // Staff pages stay closed to the patient account.
        await page.GotoAsync("/patients");
        await Expect(page.GetByTestId("patient-row")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}

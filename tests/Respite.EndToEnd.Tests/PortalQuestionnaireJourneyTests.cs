using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Respite.EndToEnd.Tests.Infrastructure;
using Respite.EndToEnd.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Respite.EndToEnd.Tests;

/// <summary>The diary in the patient portal: the clinic assigns it, Jordan answers it, the prescriber sees it; and the crisis message.</summary>
[Collection(BrowserCollection.Name)]
[NoContentSecurityPolicyViolations]
public sealed class PortalQuestionnaireJourneyTests(RespiteAppFixture app)
{
    private const string Nurse = "nurse@demo.respite.local";
    private const string Prescriber = "prescriber@demo.respite.local";
    private const string Patient = "patient@demo.respite.local";

    private static async Task OpenJordanAsync(IPage page)
    {
        await page.GotoAsync("/patients?q=Jordan+Example");
        await page.GetByRole(AriaRole.Link, new() { Name = "Example, Jordan" }).ClickAsync();
        await Expect(page.GetByTestId("patient-name")).ToHaveTextAsync("Jordan Example");
    }

    private static async Task AnswerAsync(IPage page, IReadOnlyList<int> answers)
    {
        var questions = page.GetByTestId("question");
        await Expect(questions).ToHaveCountAsync(answers.Count);
        for (var i = 0; i < answers.Count; i++)
        {
            await questions.Nth(i).Locator($"label.portal-choice[data-value='{answers[i]}']").ClickAsync();
        }
    }

    private static async Task AssignAsync(IPage page, string instrument)
    {
        await page.Locator("#assign-instrument").SelectOptionAsync(instrument);
        await page.Locator("#assign-trigger").SelectOptionAsync("diary");
        await page.Locator("#assign-cadence").FillAsync("7");
        await page.GetByTestId("assign").ClickAsync();
        await Expect(page.GetByTestId("assignment-message")).ToContainTextAsync("assigned");
    }

    /// <summary>The dashboard's remission numerator ("· n of d").</summary>
    private static async Task<int> RemittedOnDashboardAsync(IPage page)
    {
        await page.GotoAsync("/outcomes");
        var label = await page.GetByTestId("stat-remission").Locator(".label").InnerTextAsync();
        return int.Parse(Regex.Match(label, @"(\d+) of \d+").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [ChromiumFact]
    public async Task NurseAssignsWeeklyDiary_JordanAnswersPainAndPhq9InThePortal_PrescriberSeesTheScoresOnTheChartAndTheDashboard()
    {
        var page = await app.NewPageAsync();
        await Session.SignInAsync(page, Prescriber);
        await OpenJordanAsync(page);
        var jordanRemittedBefore = await page.GetByTestId("outcome-depression").Locator("xpath=following-sibling::span[contains(@class,'badge')][1]").InnerTextAsync() == "remission";
        var remittedBefore = await RemittedOnDashboardAsync(page);
        await Session.SignOutAsync(page);

        await Session.SignInAsync(page, Nurse);
        await OpenJordanAsync(page);
        var card = page.GetByTestId("assignments-card");
        while (await card.GetByTestId("end-assignment").CountAsync() > 0)
        {
            var before = await card.GetByTestId("assignment-row").CountAsync();
            await card.GetByTestId("end-assignment").First.ClickAsync();
            await Expect(card.GetByTestId("assignment-row")).ToHaveCountAsync(before - 1);
        }

        await AssignAsync(page, "nrs-pain");
        await AssignAsync(page, "phq9");
        await Expect(card.Locator("[data-testid=assignment-row][data-trigger=diary]")).ToHaveCountAsync(2);
        await Expect(card.GetByTestId("assignment-next-due").First).ToContainTextAsync("due");
        await card.ScrollIntoViewIfNeededAsync();
        await card.ScreenshotAsync(new LocatorScreenshotOptions { Path = Screenshots.PathFor("46-chart-portal-questionnaires") });
        await Session.SignOutAsync(page);

        await Session.SignInAsync(page, Patient);
        await page.GetByRole(AriaRole.Link, new() { Name = "Questionnaires" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/portal/questionnaires$"));
        var due = page.GetByTestId("due-item");
        await Expect(due).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("40-portal-questionnaires-desktop"), FullPage = true });

        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("41-portal-questionnaires-phone"), FullPage = true });
        await page.Locator("[data-testid=due-item][data-instrument=nrs-pain] a").ClickAsync();
        await Expect(page.GetByTestId("portal-questionnaire")).ToHaveAttributeAsync("data-instrument", "nrs-pain");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("42-portal-pain-phone"), FullPage = true });
        await AnswerAsync(page, [3]);
        await page.GetByTestId("portal-submit").ClickAsync();
        await Expect(page.GetByTestId("answers-sent")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("crisis-message")).ToHaveCountAsync(0);

        await page.GotoAsync("/portal/questionnaires");
        await page.Locator("[data-testid=due-item][data-instrument=phq9] a").ClickAsync();
        await page.GetByTestId("portal-submit").ClickAsync();
        await Expect(page.GetByTestId("error-summary")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("43-portal-phq9-phone-errors"), FullPage = true });
        await AnswerAsync(page, [1, 1, 1, 0, 0, 0, 0, 0, 0]);
        await page.SetViewportSizeAsync(1280, 900);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("44-portal-phq9-desktop"), FullPage = true });
        await page.GetByTestId("portal-submit").ClickAsync();
        await Expect(page.GetByTestId("answers-sent")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("crisis-message")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("nothing-due")).ToBeVisibleAsync();
        await Session.SignOutAsync(page);

        await Session.SignInAsync(page, Prescriber);
        await OpenJordanAsync(page);
        var chart = new ChartPage(page);
        await Expect(chart.AssessmentRows("nrs-pain").First).ToContainTextAsync("Diary");
        await Expect(chart.AssessmentRows("nrs-pain").First.Locator("td.num")).ToHaveTextAsync("3");
        await Expect(chart.AssessmentRows("phq9").First).ToContainTextAsync("Diary");
        await Expect(chart.AssessmentRows("phq9").First.Locator("td.num")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("questionnaires-overdue")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("assignments-card").GetByTestId("assignment-row")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("outcome-depression")).ToContainTextAsync("→ 3");

        Assert.Equal(remittedBefore + (jordanRemittedBefore ? 0 : 1), await RemittedOnDashboardAsync(page));
    }

    [ChromiumFact]
    public async Task JordanAnswersItem9_SeesTheCrisisMessageAtOnce_PrescriberSeesAndAcknowledgesTheAlert()
    {
        var page = await app.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await Session.SignInAsync(page, Patient);
        await page.GotoAsync("/portal/questionnaires/phq9?context=diary");
        await AnswerAsync(page, [2, 2, 1, 1, 1, 1, 0, 0, 1]);
        await page.GetByTestId("portal-submit").ClickAsync();

        var crisis = page.GetByRole(AriaRole.Alert).Filter(new() { Has = page.GetByTestId("crisis-clinic-phone") });
        await Expect(crisis).ToBeVisibleAsync();
        await Expect(crisis).ToContainTextAsync("988");
        await Expect(crisis).ToContainTextAsync("911");
        await Expect(page.GetByTestId("crisis-clinic-phone")).ToContainTextAsync("+1 555 0199");
        await Expect(page.GetByTestId("care-team-alerted")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("45-portal-crisis-phone"), FullPage = true });
        await Session.SignOutAsync(page);

        await page.SetViewportSizeAsync(1280, 900);
        await Session.SignInAsync(page, Prescriber);
        await Expect(page.GetByTestId("dashboard-open-alerts").Locator(".value")).Not.ToHaveTextAsync("0");
        await page.GotoAsync("/alerts");
        var jordan = page.GetByTestId("alert-banner").Filter(new() { HasText = "Jordan Example" });
        await Expect(jordan.First).ToContainTextAsync("SCR-SUI-001");
        while (await jordan.CountAsync() > 0)
        {
            var before = await jordan.CountAsync();
            await jordan.First.GetByLabel("Acknowledgement note").FillAsync("Called Jordan; safety plan reviewed.");
            await jordan.First.GetByTestId("acknowledge").ClickAsync();
            await Expect(page.GetByTestId("alert-acknowledged")).ToBeVisibleAsync();
            await Expect(jordan).ToHaveCountAsync(before - 1);
        }

        await OpenJordanAsync(page);
        await Expect(new ChartPage(page).AssessmentRows("phq9").First).ToContainTextAsync("suicidal-ideation");
        await Expect(new ChartPage(page).AssessmentRows("phq9").First).ToContainTextAsync("Diary");
    }
}

using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Respite.EndToEnd.Tests.Infrastructure;
using Respite.EndToEnd.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Respite.EndToEnd.Tests;

/// <summary>
/// Renders the main pages at 1280 px and saves them to artifacts/screenshots, or to docs/screenshots when
/// RESPITE_UPDATE_SCREENSHOTS=1, for the README and reviews.
/// </summary>
[Collection(BrowserCollection.Name)]
[NoContentSecurityPolicyViolations]
public sealed class ScreenshotTests(RespiteAppFixture app)
{
    [ChromiumFact]
    public async Task MainPages_RenderAndAreSavedAsScreenshots()
    {
        var folder = Screenshots.Folder();
        var page = await app.NewPageAsync();

        await page.GotoAsync("/");
        await Expect(page.GetByTestId("welcome")).ToBeVisibleAsync();
        await SaveAsync(page, folder, "01-home");

        await page.GotoAsync("/request-consultation");
        await Expect(page.GetByTestId("consultation-form")).ToBeVisibleAsync();
        await SaveAsync(page, folder, "02-request-consultation");

        await page.GotoAsync("/login");
        await Expect(page.GetByTestId("demo-logins")).ToBeVisibleAsync();
        await SaveAsync(page, folder, "03-login");

        await Session.SignInAsync(page, "nurse@demo.respite.local");
        await Expect(page.GetByTestId("dashboard-open-alerts")).ToBeVisibleAsync();
        await SaveAsync(page, folder, "04-dashboard");

        await page.GotoAsync("/patients");
        await Expect(page.GetByTestId("patient-row").First).ToBeVisibleAsync();
        await SaveAsync(page, folder, "05-patients");

        await page.GotoAsync("/consultations");
        await Expect(page.GetByTestId("consultation-row").First).ToBeVisibleAsync();
        await SaveAsync(page, folder, "06-consultations");

        await page.GotoAsync("/patients?q=Jordan+Example");
        await page.GetByRole(AriaRole.Link, new() { Name = "Example, Jordan" }).ClickAsync();
        var chart = new ChartPage(page);
        var patientId = await chart.PatientIdAsync();

        var questionnaire = new QuestionnairePage(page);
        await questionnaire.OpenAsync(patientId, "phq9");
        await questionnaire.AnswerAllAsync([1, 1, 1, 1, 1, 1, 0, 0, 1]);
        await SaveAsync(page, folder, "07-questionnaire-phq9");
        await questionnaire.SaveAsync("Pre-session");
        await Expect(chart.OpenAlerts).ToHaveCountAsync(1);

        await questionnaire.OpenAsync(patientId, "nrs-pain");
        await questionnaire.AnswerAllAsync([4]);
        await questionnaire.SaveAsync("Post-session");
        await Expect(page).ToHaveURLAsync(new Regex(@"\?recorded=1$"));
        await SaveAsync(page, folder, "08-patient-chart-with-alert");

        await page.GotoAsync($"/patients/{patientId}/edit");
        await Expect(page.GetByTestId("patient-form")).ToBeVisibleAsync();
        await SaveAsync(page, folder, "09-patient-intake-form");

        await page.GotoAsync($"/patients/{patientId}/screening");
        await page.GetByTestId("evaluate-screening").ClickAsync();
        await Expect(page.GetByTestId("modality")).ToHaveCountAsync(3);
        await SaveAsync(page, folder, "10-screening");

        await page.GotoAsync("/alerts");
        await Expect(page.GetByTestId("alert-banner").First).ToBeVisibleAsync();
        await SaveAsync(page, folder, "11-alerts");

        await page.GotoAsync("/calculators");
        await page.GetByLabel("Weight (kg)").FillAsync("70");
        await page.GetByTestId("infusion-calculator").GetByRole(AriaRole.Button, new() { Name = "Calculate" }).ClickAsync();
        await Expect(page.GetByTestId("pump-rate")).ToHaveTextAsync("52.5 mL/h");
        await SaveAsync(page, folder, "15-calculators");

        await page.GotoAsync("/protocols");
        await Expect(page.GetByTestId("protocol-esketamine-trd")).ToBeVisibleAsync();
        await SaveAsync(page, folder, "16-protocols");
        await Session.SignOutAsync(page);

        await Session.SignInAsync(page, "admin@demo.respite.local");
        await page.GotoAsync("/admin/audit");
        await Expect(page.GetByTestId("audit-row").First).ToBeVisibleAsync();
        await SaveAsync(page, folder, "12-admin-audit");

        await page.GotoAsync("/admin/users");
        await Expect(page.GetByTestId("user-row").First).ToBeVisibleAsync();
        await SaveAsync(page, folder, "13-admin-users");

        await page.GotoAsync("/admin/settings");
        await Expect(page.GetByTestId("settings-group").First).ToBeVisibleAsync();
        await SaveAsync(page, folder, "14-admin-settings");
        await page.Context.CloseAsync();

        foreach (var name in new[] { "02-request-consultation", "03-login", "05-patients", "08-patient-chart-with-alert", "07-questionnaire-phq9", "10-screening", "12-admin-audit" })
        {
            Assert.True(new FileInfo(Path.Combine(folder, name + ".png")).Length > 10_000, $"{name}.png looks empty");
        }
    }

    private static async Task SaveAsync(IPage page, string folder, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}

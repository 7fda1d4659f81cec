using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Respite.EndToEnd.Tests.Infrastructure;
using Respite.EndToEnd.Tests.Pages;
using Respite.Web.Tooling;
using static Microsoft.Playwright.Assertions;

namespace Respite.EndToEnd.Tests;

/// <summary>The outcomes dashboard over a generated clinic history, in an application of its own (the history would crowd the shared demo).</summary>
[NoContentSecurityPolicyViolations]
public sealed class OutcomesDashboardJourneyTests(RespiteAppFixture app) : IClassFixture<RespiteAppFixture>
{
    [ChromiumFact]
    public async Task Prescriber_ReadsTheClinicOutcomes_AndFiltersThem()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ClinicHistoryGenerator>().GenerateAsync(new HistoryOptions(Patients: 300, Seed: 11, Years: 2, Locations: 2));
        }

        var page = await app.NewPageAsync();
        await Session.SignInAsync(page, "prescriber@demo.respite.local");
        await page.GetByRole(AriaRole.Link, new() { Name = "Outcomes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Clinic outcomes" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("stat-response")).ToContainTextAsync("%");
        await Expect(page.GetByTestId("km-chart")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("trajectory-chart")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("30-outcomes-dashboard"), FullPage = true });

        await page.GetByLabel("Modality").SelectOptionAsync("esketamine");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("modality=esketamine"));
        await Expect(page.GetByTestId("outcome-groups")).Not.ToContainTextAsync("IV ketamine");

        await page.GotoAsync("/outcomes?from=2026-02-30");
        await Expect(page.GetByTestId("error-summary")).ToContainTextAsync("Not a date");
        await page.Context.CloseAsync();
    }
}

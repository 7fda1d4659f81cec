using Microsoft.Playwright;
using Respite.EndToEnd.Tests.Infrastructure;
using Respite.EndToEnd.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Respite.EndToEnd.Tests;

[Collection(BrowserCollection.Name)]
[NoContentSecurityPolicyViolations]
public sealed class ReminderJourneyTests(RespiteAppFixture app)
{
    [ChromiumFact]
    public async Task Admin_SendsTheOutboxNow_AndSeesItsRows()
    {
        var page = await app.NewPageAsync();
        await Session.SignInAsync(page, "admin@demo.respite.local");
        await page.GetByRole(AriaRole.Link, new() { Name = "Outbox" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Outbox" })).ToBeVisibleAsync();
        await page.GetByTestId("outbox-run").ClickAsync();
        await Expect(page.GetByTestId("outbox-ran")).ToContainTextAsync("reminders queued");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("40-outbox"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Nurse_StopsAndResumesRemindersOnTheChart()
    {
        var page = await app.NewPageAsync();
        await Session.SignInAsync(page, "nurse@demo.respite.local");
        await page.GotoAsync("/patients?q=Lee");
        await page.GetByRole(AriaRole.Link, new() { Name = "Lee, Morgan" }).ClickAsync();
        var card = page.GetByTestId("reminder-card");
        await Expect(card).ToBeVisibleAsync();
        var before = await card.GetByTestId("reminder-toggle").InnerTextAsync();
        await card.GetByTestId("reminder-toggle").ClickAsync();
        await Expect(page.GetByTestId("patient-saved")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("reminder-card").GetByTestId("reminder-toggle")).Not.ToHaveTextAsync(before);
        await page.GetByTestId("reminder-card").ScreenshotAsync(new LocatorScreenshotOptions { Path = Screenshots.PathFor("41-reminder-card") });
        await page.GetByTestId("reminder-card").GetByTestId("reminder-toggle").ClickAsync();
        await Expect(page.GetByTestId("reminder-card").GetByTestId("reminder-toggle")).ToHaveTextAsync(before);
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task OptOutLink_Broken_ShowsAFriendlyPage()
    {
        var page = await app.NewPageAsync();
        var response = await page.GotoAsync("/reminders/opt-out?token=broken");
        Assert.Equal(400, response!.Status);
        await Expect(page.GetByTestId("opt-out-invalid")).ToContainTextAsync("This link does not work");
        await page.Context.CloseAsync();
    }
}

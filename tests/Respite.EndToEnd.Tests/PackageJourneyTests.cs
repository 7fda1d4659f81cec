using Microsoft.Playwright;
using Respite.EndToEnd.Tests.Infrastructure;
using Respite.EndToEnd.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Respite.EndToEnd.Tests;

[Collection(BrowserCollection.Name)]
[NoContentSecurityPolicyViolations]
public sealed class PackageJourneyTests(RespiteAppFixture app)
{
    [ChromiumFact]
    public async Task FrontDesk_SellsAPackage_AndRecordsThePayment()
    {
        var page = await app.NewPageAsync();
        await Session.SignInAsync(page, "frontdesk@demo.respite.local");
        await page.GotoAsync("/patients?q=Lee");
        await page.GetByRole(AriaRole.Link, new() { Name = "Lee, Morgan" }).ClickAsync();
        await page.GetByTestId("open-packages").ClickAsync();
        await Expect(page.GetByTestId("credits-remaining")).ToContainTextAsync("0");

        await page.GetByLabel("Package").SelectOptionAsync(new SelectOptionValue { Label = "Spravato 8-week induction — 12 sessions, 3,108.00 USD (save 26 %)" });
        await page.GetByTestId("sell-package").ClickAsync();
        await Expect(page.GetByTestId("packages-message")).ToContainTextAsync("Package sold");
        await Expect(page.GetByTestId("credits-remaining")).ToContainTextAsync("12");
        await Expect(page.GetByTestId("balance-due")).ToContainTextAsync("3,108.00 USD");

        var sale = page.GetByTestId("sale").First;
        await sale.GetByLabel("Amount (USD)").FillAsync("1108");
        await sale.GetByTestId("record-payment").ClickAsync();
        await Expect(page.GetByTestId("packages-message")).ToContainTextAsync("Payment recorded");
        await Expect(page.GetByTestId("balance-due")).ToContainTextAsync("2,000.00 USD");
        await Expect(page.GetByTestId("sale-summary").First).ToContainTextAsync("12 of 12");

        // Paying more than is due is refused with the reason.
        await page.GetByTestId("sale").First.GetByLabel("Amount (USD)").FillAsync("2500");
        await page.GetByTestId("sale").First.GetByTestId("record-payment").ClickAsync();
        await Expect(page.GetByTestId("packages-problem")).ToContainTextAsync("More than the balance due");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("20-packages"), FullPage = true });
        await page.Context.CloseAsync();
    }
}

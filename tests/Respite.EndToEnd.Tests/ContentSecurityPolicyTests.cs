using Microsoft.Playwright;
using Respite.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Respite.EndToEnd.Tests;

/// <summary>The policy holds in Chromium: pages render styled, and an inline style is refused and reported as the journeys' check expects.</summary>
[Collection(BrowserCollection.Name)]
[NoContentSecurityPolicyViolations]
public sealed class ContentSecurityPolicyTests(RespiteAppFixture app)
{
    [ChromiumFact]
    public async Task InjectedInlineStyle_IsRefused_AndReportedOnTheConsole()
    {
        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl });
        var reported = new List<string>();
        context.Console += (_, message) =>
        {
            if (message.Type == "error" && ContentSecurityPolicyViolations.IsViolation(message.Text))
            {
                reported.Add(message.Text);
            }
        };
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        var styled = await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.topbar')).display");
        Assert.NotEqual("inline", styled);

        await page.EvaluateAsync("""
            () => {
                const style = document.createElement('style');
                style.textContent = 'body { background: rgb(255, 0, 0) }';
                document.head.appendChild(style);
            }
            """);
        var background = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");

        Assert.NotEqual("rgb(255, 0, 0)", background);
        await Expect(page.Locator("h1")).ToBeVisibleAsync();
        for (var i = 0; i < 20 && reported.Count == 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains(reported, m => m.Contains("style-src", StringComparison.Ordinal));
    }
}

using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Respite.EndToEnd.Tests.Pages;

/// <summary>Signing in and out through the login page and the top bar.</summary>
public static class Session
{
    public const string Password = "Respite-demo-2026";

    public static async Task SignInAsync(IPage page, string email, string? startAt = null)
    {
        if (startAt is not null)
        {
            await page.GotoAsync(startAt);
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
        }
        else
        {
            await page.GotoAsync("/login");
        }

        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByTestId("sign-in").ClickAsync();
        await Expect(page.GetByTestId("signed-in-as")).ToBeVisibleAsync();
    }

    public static async Task SignOutAsync(IPage page)
    {
        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login$"));
        await Expect(page.GetByTestId("signed-in-as")).ToHaveCountAsync(0);
    }
}

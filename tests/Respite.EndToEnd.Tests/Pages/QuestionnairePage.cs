using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Respite.EndToEnd.Tests.Pages;

/// <summary>The new-questionnaire form of one instrument.</summary>
public sealed class QuestionnairePage(IPage page)
{
    public ILocator Questions => page.GetByTestId("question");

    public async Task OpenAsync(Guid patientId, string instrument)
    {
        await page.GotoAsync($"/patients/{patientId}/assessments/new?instrument={instrument}");
        await Expect(page.GetByTestId("questionnaire")).ToHaveAttributeAsync("data-instrument", instrument);
    }

    public Task AnswerAsync(int itemNumber, int value) =>
        page.Locator($"[data-testid=question][data-item='{itemNumber}'] input[type=radio][value='{value}']").CheckAsync();

    public async Task AnswerAllAsync(IReadOnlyList<int> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            await AnswerAsync(i + 1, values[i]);
        }
    }

    public async Task SaveAsync(string context = "Intake")
    {
        await page.GetByLabel("Context").SelectOptionAsync(new SelectOptionValue { Label = context });
        await page.GetByTestId("save-assessment").ClickAsync();
    }
}

using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Respite.EndToEnd.Tests.Pages;

/// <summary>The patient chart: header, safety-alert banners, questionnaires.</summary>
public sealed class ChartPage(IPage page)
{
    public ILocator Name => page.GetByTestId("patient-name");

    public ILocator RecordNumber => page.GetByTestId("record-number");

    public ILocator OpenAlerts => page.GetByTestId("alert-banner");

    public ILocator AcknowledgedAlerts => page.GetByTestId("acknowledged-alert");

    public ILocator AssessmentRows(string instrument) => page.Locator($"[data-testid=assessment-row][data-instrument='{instrument}']");

    public async Task AcknowledgeFirstAlertAsync(string note)
    {
        var banner = OpenAlerts.First;
        await banner.GetByLabel("Acknowledgement note").FillAsync(note);
        await banner.GetByTestId("acknowledge").ClickAsync();
    }

    public async Task<Guid> PatientIdAsync()
    {
        var match = System.Text.RegularExpressions.Regex.Match(page.Url, "/patients/([0-9a-f-]{36})");
        Assert.True(match.Success, $"Not on a patient page: {page.Url}");
        await Expect(Name).ToBeVisibleAsync();
        return Guid.Parse(match.Groups[1].Value);
    }
}

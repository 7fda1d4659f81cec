using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Respite.EndToEnd.Tests.Infrastructure;
using Respite.EndToEnd.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Respite.EndToEnd.Tests;

[Collection(BrowserCollection.Name)]
[NoContentSecurityPolicyViolations]
public sealed partial class ClinicJourneyTests(RespiteAppFixture app)
{
    private const string FrontDesk = "frontdesk@demo.respite.local";
    private const string Prescriber = "prescriber@demo.respite.local";
    private static readonly int[] Phq9WithItem9 = [2, 2, 1, 1, 2, 1, 1, 1, 2];

    [ChromiumFact]
    public async Task FrontDesk_ConvertsRequestAndRecordsPhq9WithItem9_PrescriberAcknowledgesAlert()
    {
        var family = "Journey" + Guid.NewGuid().ToString("N")[..8];
        var fullName = $"Avery {family}";
        var page = await app.NewPageAsync();

        await page.GotoAsync("/request-consultation");
        await page.GetByTestId("consultation-submit").ClickAsync();
        await Expect(page.GetByTestId("error-givenName")).ToContainTextAsync("required");
        await Expect(page.GetByTestId("error-concern")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("consultation-thanks")).ToHaveCountAsync(0);

        await page.GetByLabel("First name").FillAsync("Avery");
        await page.GetByLabel("Last name").FillAsync(family);
        await page.GetByLabel("Date of birth").FillAsync("1985-04-12");
        await page.GetByLabel("E-mail").FillAsync($"{family.ToLowerInvariant()}@example.com");
        await page.GetByLabel("Phone").FillAsync("+1 555 0142");
        await page.GetByLabel("Depression and chronic pain", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Fibromyalgia").CheckAsync();
        await page.GetByLabel("When can we reach you?").FillAsync("Weekday afternoons");
        await page.GetByLabel("Message (optional)").FillAsync("My GP suggested ketamine.");
        await page.GetByTestId("consultation-submit").ClickAsync();
        await Expect(page.GetByTestId("consultation-thanks")).ToBeVisibleAsync();

        await Session.SignInAsync(page, FrontDesk, startAt: "/consultations");
        await Expect(page).ToHaveURLAsync(new Regex("/consultations$"));
        var row = page.Locator($"[data-testid=consultation-row][data-name='{fullName}']");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("Weekday afternoons");
        await Expect(row).ToContainTextAsync("Fibromyalgia");
        await row.GetByLabel("Sex").SelectOptionAsync("Female");
        await row.GetByTestId("create-patient").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/patients/[0-9a-f-]{36}\?created=1$"));
        var chart = new ChartPage(page);
        var patientId = await chart.PatientIdAsync();
        await Expect(chart.Name).ToHaveTextAsync(fullName);
        await Expect(chart.RecordNumber).ToHaveTextAsync(new Regex(@"^R-\d{6}$"));
        await Expect(page.GetByTestId("conditions")).ToContainTextAsync("F32.A");
        await Expect(page.GetByTestId("conditions")).ToContainTextAsync("M79.7");
        await Expect(chart.OpenAlerts).ToHaveCountAsync(0);

        await page.GetByTestId("new-questionnaire").ClickAsync();
        var questionnaire = new QuestionnairePage(page);
        await Expect(page.GetByTestId("questionnaire")).ToHaveAttributeAsync("data-instrument", "phq9");
        await Expect(questionnaire.Questions).ToHaveCountAsync(9);
        await Expect(page.Locator("[data-testid=question][data-item='9'] input[type=radio]")).ToHaveCountAsync(4);
        await questionnaire.AnswerAllAsync(Phq9WithItem9);
        await questionnaire.SaveAsync("Intake");

        await Expect(page).ToHaveURLAsync(new Regex($@"/patients/{patientId}\?recorded=1$"));
        await Expect(chart.OpenAlerts).ToHaveCountAsync(1);
        await Expect(chart.OpenAlerts.First.GetByTestId("alert-rule")).ToHaveTextAsync(new Regex("^SCR-SUI-"));
        await Expect(chart.OpenAlerts.First.GetByTestId("acknowledge")).ToHaveCountAsync(0);
        await Expect(chart.AssessmentRows("phq9")).ToHaveCountAsync(1);
        await Expect(chart.AssessmentRows("phq9").First).ToContainTextAsync(Phq9WithItem9.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture));

        await Session.SignOutAsync(page);
        await Session.SignInAsync(page, Prescriber, startAt: "/alerts");
        await Expect(page).ToHaveURLAsync(new Regex("/alerts$"));
        var alertForPatient = page.GetByTestId("alert-banner").Filter(new() { HasText = fullName });
        await Expect(alertForPatient).ToHaveCountAsync(1);
        await alertForPatient.GetByTestId("alert-patient-link").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/patients/{patientId}$"));
        await Expect(chart.OpenAlerts).ToHaveCountAsync(1);
        await chart.OpenAlerts.First.GetByTestId("acknowledge").ClickAsync();
        await Expect(page.GetByTestId("ack-error")).ToContainTextAsync("note is required");
        await Expect(chart.OpenAlerts).ToHaveCountAsync(1);

        await chart.AcknowledgeFirstAlertAsync("Called patient; no plan or intent. Safety plan reviewed, crisis numbers given.");
        await Expect(page).ToHaveURLAsync(new Regex($@"/patients/{patientId}\?acknowledged=1$"));
        await Expect(chart.OpenAlerts).ToHaveCountAsync(0);
        await Expect(chart.AcknowledgedAlerts).ToHaveCountAsync(1);
        await Expect(chart.AcknowledgedAlerts.First).ToContainTextAsync("Safety plan reviewed");
        await Expect(chart.AcknowledgedAlerts.First).ToContainTextAsync("Dr Priya Prescriber");

        await page.GotoAsync("/alerts");
        await Expect(page.GetByTestId("alert-banner").Filter(new() { HasText = fullName })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Prescriber_CannotSignScreeningWhileSuicideRiskAlertIsOpen_SignsAfterAcknowledging()
    {
        var family = "Screen" + Guid.NewGuid().ToString("N")[..8];
        var page = await app.NewPageAsync();
        await Session.SignInAsync(page, Prescriber, startAt: "/patients/new");

        await page.GetByLabel("First name").FillAsync("Robin");
        await page.GetByLabel("Last name").FillAsync(family);
        await page.GetByLabel("Date of birth").FillAsync("1978-09-30");
        await page.GetByLabel("Sex", new() { Exact = true }).SelectOptionAsync("Male");
        await page.GetByLabel("Weight (kg)").FillAsync("82.5");
        await page.GetByLabel("Condition 1 ICD-10 code").FillAsync("F33.2");
        await page.GetByLabel("Condition 2 ICD-10 code").FillAsync("G90.50");
        await page.GetByLabel("Trial 1 drug").FillAsync("Sertraline");
        await page.GetByLabel("Trial 1 dose in mg").FillAsync("200");
        await page.GetByLabel("Trial 1 weeks").FillAsync("8");
        await page.GetByLabel("Trial 1 adequate").SelectOptionAsync("yes");
        await page.GetByLabel("Trial 2 drug").FillAsync("Venlafaxine XR");
        await page.GetByLabel("Trial 2 dose in mg").FillAsync("225");
        await page.GetByLabel("Trial 2 weeks").FillAsync("10");
        await page.GetByLabel("Trial 2 adequate").SelectOptionAsync("yes");
        await page.GetByLabel("Medication 1 name").FillAsync("Gabapentin");
        await page.GetByLabel("Burning pain").CheckAsync();
        await page.GetByLabel("Sleep problems").CheckAsync();
        await page.GetByLabel("Condition 3 ICD-10 code").FillAsync("not-a-code");
        await page.GetByLabel("Condition 3 description").FillAsync("Typo");
        await page.GetByTestId("save-patient").ClickAsync();
        await Expect(page.GetByTestId("error-conditions[2].icd10")).ToContainTextAsync("ICD-10");
        await Expect(page.GetByLabel("Trial 2 drug")).ToHaveValueAsync("Venlafaxine XR");
        await Expect(page.GetByLabel("Burning pain")).ToBeCheckedAsync();

        await page.GetByLabel("Condition 3 ICD-10 code").FillAsync("");
        await page.GetByLabel("Condition 3 description").FillAsync("");
        await page.GetByTestId("save-patient").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/patients/[0-9a-f-]{36}\?saved=1$"));
        var chart = new ChartPage(page);
        var patientId = await chart.PatientIdAsync();
        await Expect(chart.Name).ToHaveTextAsync($"Robin {family}");
        await Expect(page.GetByTestId("conditions")).ToContainTextAsync("Major depressive disorder, recurrent severe");
        await Expect(page.GetByTestId("adequate-trials")).ToHaveTextAsync("2 adequate");

        var questionnaire = new QuestionnairePage(page);
        await questionnaire.OpenAsync(patientId, "phq9");
        await questionnaire.AnswerAllAsync([3, 3, 2, 2, 2, 2, 2, 1, 1]);
        await questionnaire.SaveAsync("Pre-session");
        await Expect(chart.OpenAlerts).ToHaveCountAsync(1);

        await page.GetByTestId("open-screening").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/patients/{patientId}/screening$"));
        await page.GetByTestId("evaluate-screening").ClickAsync();
        await Expect(page.GetByTestId("modality")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("screening-open-alerts")).ToBeVisibleAsync();

        await page.GetByLabel("Signature note (optional)").FillAsync("Reviewed.");
        await page.GetByTestId("sign-screening").ClickAsync();
        await Expect(page.GetByTestId("sign-blocked")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("blocked-rule")).ToHaveTextAsync(new Regex("^SCR-SUI-"));
        await Expect(page.GetByTestId("sign-blocked")).ToContainTextAsync("acknowledged");
        await Expect(page.GetByTestId("screening-signed")).ToHaveCountAsync(0);

        await page.GotoAsync("/alerts");
        var banner = page.GetByTestId("alert-banner").Filter(new() { HasText = family });
        await Expect(banner).ToHaveCountAsync(1);
        await banner.GetByLabel("Acknowledgement note").FillAsync("Seen in clinic today; passive ideation only, safety plan agreed.");
        await banner.GetByTestId("acknowledge").ClickAsync();
        await Expect(page.GetByTestId("alert-acknowledged")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("alert-banner").Filter(new() { HasText = family })).ToHaveCountAsync(0);

        await page.GotoAsync($"/patients/{patientId}/screening");
        await Expect(page.GetByTestId("screening-open-alerts")).ToHaveCountAsync(0);
        await page.GetByLabel("Signature note (optional)").FillAsync("Suitable for IV ketamine; alert acknowledged.");
        await page.GetByTestId("sign-screening").ClickAsync();
        await Expect(page.GetByTestId("screening-signed")).ToContainTextAsync("Dr Priya Prescriber");
        await Expect(page.GetByTestId("sign-blocked")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("screening-history")).ToContainTextAsync("Dr Priya Prescriber");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Nurse_SavingAStaleEdit_SeesConflictInsteadOfOverwriting()
    {
        var family = "Edit" + Guid.NewGuid().ToString("N")[..8];
        var first = await app.NewPageAsync();
        await Session.SignInAsync(first, "nurse@demo.respite.local", startAt: "/patients/new");
        await first.GetByLabel("First name").FillAsync("Sam");
        await first.GetByLabel("Last name").FillAsync(family);
        await first.GetByLabel("Date of birth").FillAsync("1990-01-02");
        await first.GetByLabel("Sex", new() { Exact = true }).SelectOptionAsync("Other");
        await first.GetByTestId("save-patient").ClickAsync();
        var patientId = await new ChartPage(first).PatientIdAsync();

        var second = await first.Context.NewPageAsync();
        await first.GotoAsync($"/patients/{patientId}/edit");
        await second.GotoAsync($"/patients/{patientId}/edit");
        await first.GetByLabel("Phone").FillAsync("+1 555 0100");
        await first.GetByTestId("save-patient").ClickAsync();
        await Expect(first.GetByTestId("patient-saved")).ToBeVisibleAsync();

        await second.GetByLabel("Phone").FillAsync("+1 555 0199");
        await second.GetByTestId("save-patient").ClickAsync();
        await Expect(second.GetByTestId("conflict")).ToContainTextAsync("changed");

        await second.GotoAsync($"/patients/{patientId}");
        await Expect(second.GetByTestId("patient-header")).ToBeVisibleAsync();
        await Expect(second.Locator("dl.facts")).ToContainTextAsync("+1 555 0100");
        await first.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Admin_CreatesAndDeactivatesUser_AndSettingsRejectInvalidJson()
    {
        var email = $"nurse-{Guid.NewGuid():N}@example.com";
        var page = await app.NewPageAsync();
        await Session.SignInAsync(page, "admin@demo.respite.local", startAt: "/admin/users");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Display name").FillAsync("Nia Newhire");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Welcome-2026-abc");
        await page.Locator("input[name=newRoles][value=nurse]").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(page.GetByTestId("users-message")).ToContainTextAsync("created");

        var row = page.Locator($"[data-testid=user-row][data-email='{email}']");
        await Expect(row).ToContainTextAsync("active");
        await row.GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();
        await Expect(page.GetByTestId("users-message")).ToContainTextAsync("updated");
        await Expect(row).ToContainTextAsync("inactive");

        await page.GotoAsync("/admin/settings");
        var group = page.Locator("[data-testid=settings-group][data-key=screening]");
        await group.Locator("textarea").FillAsync("{ not json");
        await group.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.GetByTestId("error-summary")).ToContainTextAsync("Not valid JSON");
        await Expect(page.GetByTestId("settings-saved")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task FrontDesk_CannotOpenAdministration_AndAdminCannotOpenPatients()
    {
        var page = await app.NewPageAsync();
        await Session.SignInAsync(page, FrontDesk);
        await page.GotoAsync("/admin/audit");
        await Expect(page.GetByTestId("access-denied").First).ToBeVisibleAsync();
        await Session.SignOutAsync(page);

        await Session.SignInAsync(page, "admin@demo.respite.local");
        await page.GotoAsync("/patients");
        await Expect(page.GetByTestId("access-denied").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("patient-table")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}

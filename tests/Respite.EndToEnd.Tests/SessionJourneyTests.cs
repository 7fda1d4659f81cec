using System.Globalization;
using Microsoft.Playwright;
using Respite.EndToEnd.Tests.Infrastructure;
using Respite.EndToEnd.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Respite.EndToEnd.Tests;

/// <summary>
/// Sessions at the chair, run as a nurse would: charted a little after the fact (times typed in the clinic's local
/// time), so that a 2-hour observation fits in a test.
/// </summary>
[Collection(BrowserCollection.Name)]
[NoContentSecurityPolicyViolations]
public sealed class SessionJourneyTests(RespiteAppFixture app)
{
    private static readonly TimeZoneInfo Clinic = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static string Hm(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Clinic).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static async Task OpenCheckInAsync(IPage page, string search, string name)
    {
        await page.GotoAsync($"/patients?q={search}");
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await page.GetByTestId("check-in-link").ClickAsync();
        await Expect(page.GetByTestId("check-in-form")).ToBeVisibleAsync();
    }

    private static async Task VitalsAsync(IPage page, DateTimeOffset? at, string sys, string dia, string hr, string spo2, string moaas)
    {
        var form = page.GetByTestId("vitals-form");
        await form.GetByTestId("systolic").FillAsync(sys);
        await form.GetByTestId("diastolic").FillAsync(dia);
        await form.GetByTestId("heart-rate").FillAsync(hr);
        await form.GetByTestId("spo2").FillAsync(spo2);
        await form.GetByTestId("moaas").SelectOptionAsync(moaas);
        await form.GetByLabel("Taken at (blank: now)").FillAsync(at is { } t ? Hm(t) : "");
        await form.GetByTestId("chart-vitals").ClickAsync();
        await Expect(page.GetByTestId("session-message")).ToContainTextAsync("Vitals charted");
    }

    [ChromiumFact]
    public async Task Nurse_RunsAnEsketamineSession_HighBpAlertAcknowledged_DischargedAfterTwoHours_RemsFormComplete()
    {
        var page = await app.NewPageAsync();
        await Session.SignInAsync(page, "nurse@demo.respite.local");
        var arrived = DateTimeOffset.UtcNow.AddMinutes(-150);
        await OpenCheckInAsync(page, "Example", "Example, Jordan");

        await page.GetByTestId("kind-esketamine").CheckAsync();
        await page.GetByTestId("arrived-at").FillAsync(Hm(arrived));
        await page.GetByTestId("weight").FillAsync("68.4");
        await page.GetByTestId("baseline-systolic").FillAsync("128");
        await page.GetByTestId("baseline-diastolic").FillAsync("82");
        await page.GetByTestId("baseline-hr").FillAsync("74");
        await page.GetByTestId("baseline-spo2").FillAsync("98");
        await page.GetByTestId("ride-home-yes").CheckAsync();
        await page.GetByTestId("new-medication-no").CheckAsync();
        await page.GetByTestId("pregnant-no").CheckAsync();
        await page.GetByTestId("rems-enrolled-yes").CheckAsync();
        await page.GetByTestId("last-food").FillAsync(Hm(arrived.AddHours(-4)));
        await page.GetByTestId("last-liquid").FillAsync(Hm(arrived.AddHours(-1)));
        await page.GetByTestId("check-in").ClickAsync();

        await Expect(page.GetByTestId("session-message")).ToContainTextAsync("Checked in");
        await Expect(page.GetByTestId("session-kind")).ToContainTextAsync("Esketamine");
        await Expect(page.GetByTestId("blocking")).ToHaveCountAsync(0);
        var sessionUrl = page.Url;

        // Three devices, 5 minutes apart, one lot.
        for (var i = 0; i < 3; i++)
        {
            var form = page.GetByTestId("device-form");
            if (i == 0)
            {
                await form.GetByTestId("lot-number").FillAsync("24K031");
            }
            else
            {
                await Expect(form.GetByTestId("lot-number")).ToHaveValueAsync("24K031");
            }

            await form.GetByLabel("Given at (blank: now)").FillAsync(Hm(arrived.AddMinutes(10 + (5 * i))));
            await form.GetByTestId("give-device").ClickAsync();
            await Expect(page.GetByTestId("devices")).ToContainTextAsync($"{i + 1} device(s)");
        }

        await Expect(page.GetByTestId("cumulative-mg")).ToContainTextAsync("84");

        // A BP of 205/118 at 45 minutes: SAF-BP-004 must be acknowledged before anything else closes.
        await VitalsAsync(page, arrived.AddMinutes(45), "205", "118", "96", "97", "4");
        var alert = page.GetByTestId("open-alert");
        await Expect(alert).ToHaveCountAsync(1);
        await Expect(alert).ToHaveAttributeAsync("data-rule", "SAF-BP-004");
        await VitalsAsync(page, arrived.AddMinutes(60), "150", "92", "88", "98", "4");
        await Expect(page.GetByTestId("vitals-due")).ToBeVisibleAsync();

        // A reading charted from the wrong monitor is marked entered in error: kept, struck through, not plotted.
        await VitalsAsync(page, arrived.AddMinutes(62), "172", "104", "90", "96", "4");
        var wrong = page.GetByTestId("vitals-row").Nth(3);
        await wrong.GetByTestId("mark-error").ClickAsync();
        await wrong.GetByTestId("error-reason").FillAsync("Read from the neighbouring chair's monitor");
        await wrong.GetByTestId("confirm-error").ClickAsync();
        await Expect(page.GetByTestId("session-message")).ToContainTextAsync("entered in error");
        await Expect(page.GetByTestId("vitals-row").Nth(3)).ToHaveAttributeAsync("data-in-error", "true");
        await Expect(page.GetByTestId("in-error-note")).ToContainTextAsync("neighbouring chair");
        await page.GetByTestId("side-effect-form").GetByTestId("effect").SelectOptionAsync("Dissociation");
        await page.GetByTestId("side-effect-form").GetByTestId("severity").SelectOptionAsync("Moderate");
        await page.GetByTestId("side-effect-form").GetByTestId("intervention").FillAsync("Reassurance, dimmed lights");
        await page.GetByTestId("side-effect-form").GetByLabel("At (blank: now)").FillAsync(Hm(arrived.AddMinutes(40)));
        await page.GetByTestId("chart-side-effect").ClickAsync();
        await Expect(page.GetByTestId("side-effect")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("session-chart").Locator("circle.dot-sbp")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("earliest-discharge")).ToContainTextAsync(Hm(arrived.AddMinutes(140)));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("30-esketamine-session-alert"), FullPage = true });

        // Discharge is refused while the alert is open.
        await page.GetByTestId("ambulating").CheckAsync();
        await page.GetByTestId("escort").CheckAsync();
        await page.GetByTestId("dissociation-resolved").CheckAsync();
        await page.GetByTestId("discharge").ClickAsync();
        await Expect(page.GetByTestId("problem-rule")).ToHaveTextAsync("SAF-BP-004");

        await alert.GetByTestId("ack-note").FillAsync("Prescriber informed; rechecked at 60 min, falling.");
        await alert.GetByTestId("acknowledge").ClickAsync();
        await Expect(page.GetByTestId("open-alert")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("acknowledged-alerts")).ToContainTextAsync("Prescriber informed");

        // Sedation has not resolved yet (MOAA/S 4): the checklist says so and discharge is refused by rule.
        await Expect(page.Locator("[data-testid=criterion][data-rule=SAF-DIS-003]")).ToHaveAttributeAsync("data-met", "false");
        await page.GetByTestId("ambulating").CheckAsync();
        await page.GetByTestId("escort").CheckAsync();
        await page.GetByTestId("dissociation-resolved").CheckAsync();
        await page.GetByTestId("discharge").ClickAsync();
        await Expect(page.GetByTestId("session-problem")).ToContainTextAsync("SAF-DIS-003");

        await VitalsAsync(page, null, "132", "84", "76", "98", "5");
        // Only dissociation is left: charted as moderate, now resolved on the nurse's clinical rating at discharge.
        await Expect(page.Locator("[data-testid=criterion][data-met=false]")).ToHaveAttributeAsync("data-rule", "SAF-DIS-004");
        await Expect(page.GetByTestId("rems-status")).ToContainTextAsync("Draft");
        await page.GetByTestId("ambulating").CheckAsync();
        await page.GetByTestId("escort").CheckAsync();
        await page.GetByTestId("dissociation-resolved").CheckAsync();
        await page.GetByTestId("discharge").ClickAsync();
        await Expect(page.GetByTestId("session-message")).ToContainTextAsync("Discharged");
        await Expect(page.GetByTestId("session-status")).ToContainTextAsync("Discharged");
        await Expect(page.GetByTestId("vitals-form")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("vitals-locked")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("sign")).ToHaveCountAsync(0);

        // The form is on the clinic's list of forms to submit, and leads back to the session.
        await page.GetByRole(AriaRole.Link, new() { Name = "REMS", Exact = true }).ClickAsync();
        var due = page.GetByTestId("rems-due-row").Filter(new() { HasText = "Jordan Example" });
        await Expect(due).ToHaveCountAsync(1);
        await due.GetByRole(AriaRole.Link, new() { Name = "Open session" }).ClickAsync();

        // The REMS form came out complete from the charting; the nurse records its submission.
        await Expect(page.GetByTestId("rems-status")).ToContainTextAsync("Complete");
        await Expect(page.GetByTestId("rems-missing")).ToHaveCountAsync(0);
        await page.GetByTestId("rems-confirmation-input").FillAsync("REMS-550127");
        await page.GetByTestId("rems-submit").ClickAsync();
        await Expect(page.GetByTestId("rems-status")).ToContainTextAsync("Submitted");
        await Expect(page.GetByTestId("rems-confirmation")).ToHaveTextAsync("REMS-550127");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("31-esketamine-session-discharged"), FullPage = true });
        await page.Context.CloseAsync();

        // The supervising prescriber co-signs; the record is then locked for everyone.
        var prescriber = await app.NewPageAsync();
        await Session.SignInAsync(prescriber, "prescriber@demo.respite.local");
        await prescriber.GotoAsync(sessionUrl.Split('?')[0]);
        await prescriber.GetByTestId("sign").ClickAsync();
        await Expect(prescriber.GetByTestId("prescriber-signature")).ToContainTextAsync("Dr Priya Prescriber");
        await Expect(prescriber.GetByTestId("sign")).ToHaveCountAsync(0);

        // Locked: nothing can be marked in error any more; a late entry is an addendum.
        await Expect(prescriber.GetByTestId("mark-error")).ToHaveCountAsync(0);
        await prescriber.GetByTestId("addendum-text").FillAsync("Phoned the patient at 18:00: home safely, no headache.");
        await prescriber.GetByTestId("add-addendum").ClickAsync();
        await Expect(prescriber.GetByTestId("addendum")).ToContainTextAsync("home safely");

        // Both PDFs come from the same chart.
        foreach (var pdf in new[] { "record-pdf", "rems-pdf" })
        {
            var href = await prescriber.GetByTestId(pdf).GetAttributeAsync("href");
            var response = await prescriber.Context.APIRequest.GetAsync(href!);
            Assert.Equal(200, response.Status);
            Assert.Equal("application/pdf", response.Headers["content-type"]);
            Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await response.BodyAsync(), 0, 4));
        }

        await prescriber.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("33-esketamine-session-signed"), FullPage = true });
        await prescriber.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Nurse_RunsAnIvInfusion_WithTitrationPauseAndStop_TheDoseAddsUp()
    {
        var page = await app.NewPageAsync();
        await Session.SignInAsync(page, "nurse@demo.respite.local");
        var arrived = DateTimeOffset.UtcNow.AddMinutes(-130);
        await OpenCheckInAsync(page, "Rivera", "Rivera, Sam");
        await page.GetByTestId("kind-iv-infusion").CheckAsync();
        await page.GetByTestId("arrived-at").FillAsync(Hm(arrived));
        await page.GetByTestId("weight").FillAsync("91");     // unchanged: the plan journey doses Sam by this weight
        await page.GetByTestId("baseline-systolic").FillAsync("124");
        await page.GetByTestId("baseline-diastolic").FillAsync("78");
        await page.GetByTestId("baseline-hr").FillAsync("70");
        await page.GetByTestId("baseline-spo2").FillAsync("98");
        await page.GetByTestId("ride-home-yes").CheckAsync();
        await page.GetByTestId("new-medication-no").CheckAsync();
        await page.GetByLabel("Bag concentration (mg/mL)").FillAsync("1");
        await page.GetByTestId("check-in").ClickAsync();
        await Expect(page.GetByTestId("session-kind")).ToContainTextAsync("IV infusion");

        async Task InfusionAsync(string button, int minutes, string? rate = null, string? reason = null, string? bolus = null)
        {
            var form = page.GetByTestId("infusion-form");
            if (rate is not null)
            {
                await form.GetByTestId("rate").FillAsync(rate);
            }

            if (bolus is not null)
            {
                await form.GetByTestId("bolus-amount").FillAsync(bolus);
            }

            if (reason is not null)
            {
                await form.GetByTestId("dose-reason").FillAsync(reason);
            }

            await form.GetByLabel("At (blank: now)").FillAsync(Hm(arrived.AddMinutes(minutes)));
            await form.GetByTestId(button).ClickAsync();
            await Expect(page.GetByTestId("session-message")).ToContainTextAsync("Dose charted");
        }

        // A rate change without a reason is refused, naming the field; nothing is charted.
        await InfusionAsync("start-infusion", 5, rate: "30");
        await Expect(page.GetByTestId("current-rate")).ToContainTextAsync("30 mg/h = 30 mL/h");
        await page.GetByTestId("infusion-form").GetByTestId("rate").FillAsync("45");
        await page.GetByTestId("change-rate").ClickAsync();
        await Expect(page.GetByTestId("session-problem")).ToContainTextAsync("titration");
        await Expect(page.GetByTestId("dose-event")).ToHaveCountAsync(1);

        await VitalsAsync(page, arrived.AddMinutes(15), "132", "84", "78", "98", "5");
        await InfusionAsync("change-rate", 20, rate: "45", reason: "Titration: pain 7/10, no side effects");
        await VitalsAsync(page, arrived.AddMinutes(25), "138", "86", "80", "97", "4");
        await InfusionAsync("pause-infusion", 35, reason: "Nausea");
        await page.GetByTestId("side-effect-form").GetByTestId("effect").SelectOptionAsync("Nausea");
        await page.GetByTestId("side-effect-form").GetByTestId("intervention").FillAsync("Ondansetron 4 mg IV");
        await page.GetByTestId("side-effect-form").GetByLabel("At (blank: now)").FillAsync(Hm(arrived.AddMinutes(35)));
        await page.GetByTestId("chart-side-effect").ClickAsync();
        await Expect(page.GetByTestId("infusion-form").GetByTestId("rate")).ToHaveValueAsync("45");
        await InfusionAsync("resume-infusion", 40, reason: "Nausea settled");
        await VitalsAsync(page, arrived.AddMinutes(45), "134", "82", "76", "98", "4");
        await InfusionAsync("stop-infusion", 50, reason: "Planned duration reached");

        // 30 mg/h × 15 min + 45 mg/h × 15 min + 45 mg/h × 10 min = 7.5 + 11.25 + 7.5 mg.
        await Expect(page.GetByTestId("cumulative-mg")).ToContainTextAsync("26.3");
        await Expect(page.GetByTestId("dosing-state")).ToContainTextAsync("Stopped");
        await Expect(page.GetByTestId("dose-event")).ToHaveCountAsync(5);
        // The rate as a step line: from zero, two points per start/change/pause/resume/stop, back to zero.
        var rate = page.GetByTestId("session-chart").Locator("polyline.rate");
        await Expect(rate).ToHaveCountAsync(1);
        Assert.Equal(13, (await rate.GetAttributeAsync("points"))!.Split(' ').Length);

        await VitalsAsync(page, null, "126", "80", "72", "98", "5");
        await Expect(page.Locator("[data-testid=criterion][data-rule=SAF-DIS-001]")).ToHaveAttributeAsync("data-met", "true");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("32-iv-infusion-session"), FullPage = true });

        // The escort has not arrived: refused by SAF-DIS-006; then discharged.
        await page.GetByTestId("ambulating").CheckAsync();
        await page.GetByTestId("discharge").ClickAsync();
        await Expect(page.GetByTestId("session-problem")).ToContainTextAsync("SAF-DIS-006");
        await page.GetByTestId("ambulating").CheckAsync();
        await page.GetByTestId("escort").CheckAsync();
        await page.GetByTestId("discharge").ClickAsync();
        await Expect(page.GetByTestId("session-status")).ToContainTextAsync("Discharged");
        await Expect(page.GetByTestId("rems-card")).ToHaveCountAsync(0);

        // The chart lists the session with its dose.
        await page.GetByRole(AriaRole.Link, new() { Name = "Chart", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("session-row").First).ToContainTextAsync("26.3 mg");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Nurse_CancelsACheckInHeldForNoRideHome_WithAReason()
    {
        var page = await app.NewPageAsync();
        await Session.SignInAsync(page, "nurse@demo.respite.local");
        await OpenCheckInAsync(page, "Lee", "Lee, Morgan");
        await page.GetByTestId("kind-iv-infusion").CheckAsync();
        await page.GetByTestId("baseline-systolic").FillAsync("126");
        await page.GetByTestId("baseline-diastolic").FillAsync("80");
        await page.GetByTestId("ride-home-no").CheckAsync();
        await page.GetByTestId("check-in").ClickAsync();

        await Expect(page.GetByTestId("blocking")).ToContainTextAsync("SAF-PRE-002");
        await Expect(page.GetByTestId("infusion-form")).ToHaveCountAsync(0);
        await page.GetByTestId("cancel-check-in").Locator("summary").ClickAsync();
        await page.GetByTestId("cancel-session").ClickAsync();
        await Expect(page.GetByTestId("session-problem")).ToContainTextAsync("Reason");
        await page.GetByTestId("cancel-check-in").Locator("summary").ClickAsync();
        await page.GetByTestId("cancel-reason").FillAsync("No ride home today; rebooked for Thursday");
        await page.GetByTestId("cancel-session").ClickAsync();
        await Expect(page.GetByTestId("session-status")).ToContainTextAsync("Cancelled");
        await Expect(page.GetByTestId("cancelled-note")).ToContainTextAsync("rebooked for Thursday");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task FrontDesk_CannotOpenTheChairPages()
    {
        var page = await app.NewPageAsync();
        await Session.SignInAsync(page, "frontdesk@demo.respite.local");
        await page.GotoAsync("/patients?q=Rivera");
        await page.GetByRole(AriaRole.Link, new() { Name = "Rivera, Sam" }).ClickAsync();
        await Expect(page.GetByTestId("sessions-card")).ToHaveCountAsync(0);
        var id = page.Url.Split('/').Last();
        await page.GotoAsync($"/patients/{id}/check-in");
        await Expect(page.GetByTestId("check-in-form")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}

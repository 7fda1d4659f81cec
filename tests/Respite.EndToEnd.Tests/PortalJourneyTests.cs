using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Respite.Data.Portal;
using Respite.EndToEnd.Tests.Infrastructure;
using Respite.EndToEnd.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Respite.EndToEnd.Tests;

[Collection(BrowserCollection.Name)]
[NoContentSecurityPolicyViolations]
public sealed class PortalJourneyTests(RespiteAppFixture app)
{
    private const string FrontDesk = "frontdesk@demo.respite.local";

    [ChromiumFact]
    public async Task FrontDesk_InvitesAPatient_WhoSetsAPassword_AndAsksToMoveTheirAppointment_WhichTheFrontDeskResolves()
    {
        var family = "Portal" + Guid.NewGuid().ToString("N")[..8];
        var email = $"{family.ToLowerInvariant()}@example.com";
        var desk = await app.NewPageAsync();
        await Session.SignInAsync(desk, FrontDesk, startAt: "/patients/new");
        await desk.GetByLabel("First name").FillAsync("Quinn");
        await desk.GetByLabel("Last name").FillAsync(family);
        await desk.GetByLabel("Date of birth").FillAsync("1988-02-21");
        await desk.GetByLabel("Sex", new() { Exact = true }).SelectOptionAsync("Female");
        await desk.GetByLabel("E-mail").FillAsync(email);
        await desk.GetByTestId("save-patient").ClickAsync();
        await Expect(desk).ToHaveURLAsync(new Regex(@"/patients/[0-9a-f-]{36}\?(saved|created)=1$"));
        var chart = new ChartPage(desk);
        var patientId = await chart.PatientIdAsync();

        // A follow-up three weeks ahead, at the demo clinic.
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(21);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        await desk.GotoAsync($"/patients/{patientId}/appointments");
        await desk.Locator("#one-kind").SelectOptionAsync("FollowUp");
        await desk.Locator("#one-date").FillAsync(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await desk.Locator("#one-time").FillAsync("16:15");
        await desk.GetByTestId("book-one").ClickAsync();
        await Expect(desk.GetByTestId("appointments-message")).ToContainTextAsync("Appointment booked");

        await desk.GotoAsync($"/patients/{patientId}");
        var card = desk.GetByTestId("portal-card");
        await Expect(card.GetByTestId("portal-none")).ToBeVisibleAsync();
        await Expect(card.GetByTestId("portal-email")).ToHaveValueAsync(email);
        await card.GetByTestId("portal-invite").ClickAsync();
        await Expect(desk.GetByTestId("portal-card-message")).ToContainTextAsync("Invitation e-mail queued");
        await Expect(desk.GetByTestId("portal-pending")).ToContainTextAsync(email);
        await Expect(desk.GetByTestId("portal-invite")).ToHaveTextAsync("Re-send");
        await card.ScreenshotAsync(new LocatorScreenshotOptions { Path = Screenshots.PathFor("43-portal-card") });

        // The patient opens the link from the e-mail waiting in the outbox.
        var body = await app.WithDbAsync(db => db.OutboundEmails
            .Where(e => e.ToAddress == email && e.Kind == EmailKind.PortalInvitation).Select(e => e.Body).SingleAsync());
        Assert.Contains("Hello Quinn,", body, StringComparison.Ordinal);
        Assert.DoesNotContain(family, body, StringComparison.Ordinal);
        var link = Regex.Match(body, @"https?://\S+/portal/accept\?token=[A-Za-z0-9_-]+").Value;
        Assert.StartsWith(app.BaseUrl, link, StringComparison.Ordinal);

        var patient = await app.NewPageAsync();
        await patient.GotoAsync(link);
        await Expect(patient.GetByTestId("accept-invitation")).ToContainTextAsync("Welcome, Quinn");
        await patient.GetByLabel("Password", new() { Exact = true }).FillAsync("short");
        await patient.GetByLabel("Password again").FillAsync("short");
        await patient.GetByTestId("accept-submit").ClickAsync();
        await Expect(patient.GetByTestId("error-password")).ToBeVisibleAsync();
        await patient.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("40-portal-accept"), FullPage = true });
        await patient.GetByLabel("Password", new() { Exact = true }).FillAsync("Quinn-portal-2026");
        await patient.GetByLabel("Password again").FillAsync("Quinn-portal-2026");
        await patient.GetByTestId("accept-submit").ClickAsync();

        await Expect(patient).ToHaveURLAsync(new Regex(@"/portal\?welcome=1$"));
        await Expect(patient.GetByTestId("portal-greeting")).ToHaveTextAsync("Hello, Quinn");
        await Expect(patient.GetByTestId("signed-in-as")).ToHaveTextAsync("Quinn");
        var appointment = patient.GetByTestId("portal-appointment");
        await Expect(appointment).ToHaveCountAsync(1);
        await Expect(appointment).ToContainTextAsync("16:15");
        await Expect(appointment).ToContainTextAsync("Respite Demo Clinic");
        await Expect(appointment).ToContainTextAsync("Follow-up");

        await appointment.GetByTestId("request-change").ClickAsync();
        await appointment.GetByTestId("send-change-request").ClickAsync();
        await Expect(appointment.GetByTestId("error-message")).ToBeVisibleAsync();
        await patient.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("44-portal-request-form"), FullPage = true });
        await patient.GetByTestId("portal-appointment").GetByTestId("change-message").FillAsync("Could we make it a morning that week? Tuesday or Wednesday before 11 would suit me.");
        await patient.GetByTestId("portal-appointment").GetByTestId("send-change-request").ClickAsync();
        await Expect(patient.GetByTestId("portal-message")).ToContainTextAsync("Your request was sent");
        await Expect(patient.GetByTestId("open-request")).ToContainTextAsync("reschedule");
        await Expect(patient.GetByTestId("portal-request")).ToHaveAttributeAsync("data-status", "open");
        await patient.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("41-portal-home"), FullPage = true });

        // A patient cannot open staff pages, not even their own chart.
        await patient.GotoAsync($"/patients/{patientId}");
        await Expect(patient).ToHaveURLAsync(new Regex("/access-denied"));

        // The front desk sees the request on the dashboard and in the queue, and resolves it.
        await desk.GotoAsync("/");
        await Expect(desk.GetByTestId("dashboard-change-requests").Locator(".value")).Not.ToHaveTextAsync("0");
        await desk.GetByTestId("dashboard-change-requests").ClickAsync();
        await Expect(desk).ToHaveURLAsync(new Regex("/change-requests$"));
        var row = desk.GetByTestId("change-request").Filter(new() { HasText = family });
        await Expect(row).ToContainTextAsync("Tuesday or Wednesday before 11");
        await Expect(row.GetByTestId("open-patient-appointments")).ToHaveAttributeAsync("href", $"/patients/{patientId}/appointments");
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("42-change-requests"), FullPage = true });
        await row.GetByLabel("Note for the patient").FillAsync("Moved to Tuesday at 09:00 — see you then.");
        await row.GetByTestId("mark-done").ClickAsync();
        await Expect(desk.GetByTestId("change-requests-message")).ToContainTextAsync("marked done");
        await Expect(desk.GetByTestId("change-request").Filter(new() { HasText = family })).ToHaveCountAsync(0);

        await patient.GotoAsync("/portal");
        var request = patient.GetByTestId("portal-request");
        await Expect(request).ToHaveAttributeAsync("data-status", "done");
        await Expect(request.GetByTestId("request-reply")).ToContainTextAsync("Moved to Tuesday at 09:00");
        await Expect(patient.GetByTestId("portal-appointment").GetByTestId("request-change")).ToBeVisibleAsync();

        // The link was single use.
        var again = await app.NewPageAsync();
        await again.GotoAsync(link);
        await Expect(again.GetByTestId("invitation-invalid")).ToContainTextAsync("no longer valid");
        await again.Context.CloseAsync();
        await patient.Context.CloseAsync();
        await desk.Context.CloseAsync();
    }
}

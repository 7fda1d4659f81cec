using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Identity;
using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;
using Respite.Pharmacokinetics.Simulation;
using Respite.Web.Components.Ui;
using Respite.Web.Hosting;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests.Pharmacokinetics;

/// <summary>
/// The browser side of predicted concentrations, through real sign-in and real forms: the /pk page (comparison and
/// plasma-targeted suggestion), and the cards on the plan and session pages.
/// </summary>
public sealed partial class ConcentrationPageTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private static readonly Dictionary<string, string> Emails = DemoSeeder.DemoUsers.ToDictionary(u => u.Role, u => u.Email);

    [Fact]
    public async Task ConcentrationsPage_NursesPrescribersAndAdministrators_OthersAreSentAway()
    {
        foreach (var role in new[] { Roles.Nurse, Roles.Prescriber, Roles.Admin })
        {
            var client = await SignedInAsync(role);
            var response = await client.GetAsync("/pk");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{role}: {response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("data-testid=\"compare-form\"", html, StringComparison.Ordinal);
            Assert.Contains("data-testid=\"tci-form\"", html, StringComparison.Ordinal);
            Assert.Contains("href=\"/pk\"", html, StringComparison.Ordinal);
            Assert.Equal(ModelCatalog.All.Count, ModelRows().Matches(html).Count);
        }

        foreach (var role in new[] { Roles.FrontDesk, Roles.Patient })
        {
            var client = await SignedInAsync(role);
            var denied = await client.GetAsync("/pk");
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.Contains("access-denied", denied.Headers.Location?.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("href=\"/pk\"", await client.GetStringAsync(role == Roles.Patient ? "/portal" : "/patients"), StringComparison.Ordinal);
        }

        var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await anonymous.GetAsync("/pk");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains("/login", login.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_FortyAgainstSixtyMinutes_ChartAndFiguresAreTheEngines()
    {
        var client = await SignedInAsync(Roles.Prescriber);
        var (status, html) = await PostAsync(client, "/pk", "compare", CompareFields());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-testid=\"compare-result\"", html, StringComparison.Ordinal);
        Assert.Equal(2, Curves().Matches(html).Count);
        Assert.Equal(2, References().Matches(html).Count);

        // 0.5 mg/kg × 70 kg = 35 mg at 52.5 and 35 mg/h; the chart runs 4 h past the longer infusion.
        var individual = ModelCatalog.KetamineClements.Typical(new Covariates(BodyWeight.FromKilograms(70m)));
        var threshold = PlasmaConcentration.FromNanogramsPerMillilitre(100);
        var forty = new PkSimulator(individual).Summarize(Regimen.Of(new Infusion(TimeSpan.Zero, TimeSpan.FromMinutes(40), MassRate.FromMilligramsPerHour(52.5m))), TimeSpan.FromMinutes(300), threshold);
        var sixty = new PkSimulator(individual).Summarize(Regimen.Of(new Infusion(TimeSpan.Zero, TimeSpan.FromMinutes(60), MassRate.FromMilligramsPerHour(35m))), TimeSpan.FromMinutes(300), threshold);
        Assert.Equal([ChartScales.Figure(forty.Peak.NanogramsPerMillilitre), ChartScales.Figure(sixty.Peak.NanogramsPerMillilitre)], Cells(html, "compare-peak"));
        Assert.Equal(["35", "35"], Cells(html, "compare-total"));
        Assert.Equal([ChartScales.Minutes(forty.TimeAtOrAboveThreshold!.Value.TotalMinutes), ChartScales.Minutes(sixty.TimeAtOrAboveThreshold!.Value.TotalMinutes)], Cells(html, "compare-above"));
        Assert.True(forty.Peak.NanogramsPerMillilitre > sixty.Peak.NanogramsPerMillilitre);
        Assert.Contains("A: 0.5 mg/kg over 40 min (35 mg)", html, StringComparison.Ordinal);
        Assert.Contains("not a measured level", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_Esketamine56Against84Mg_NoReferenceRange_NoTimeInIt()
    {
        var client = await SignedInAsync(Roles.Nurse);
        var (status, html) = await PostAsync(client, "/pk", "compare", CompareFields(new()
        {
            ["Compare.Model"] = "esketamine-intranasal",
            ["Compare.AKind"] = "intranasal", ["Compare.ADose"] = "56", ["Compare.AUnit"] = "mg", ["Compare.ADuration"] = "",
            ["Compare.BKind"] = "intranasal", ["Compare.BDose"] = "84", ["Compare.BUnit"] = "mg", ["Compare.BDuration"] = "",
        }));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["56", "84"], Cells(html, "compare-total"));
        var peaks = Cells(html, "compare-peak").Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        Assert.True(peaks[1] > peaks[0]);
        Assert.Equal(["—", "—"], Cells(html, "compare-above"));
        Assert.Empty(References().Matches(html));
        Assert.Contains("no concentration–effect range for esketamine", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_BadInput_NamesEachField_NeverAnErrorPage()
    {
        var client = await SignedInAsync(Roles.Prescriber);
        var (status, html) = await PostAsync(client, "/pk", "compare", CompareFields(new()
        {
            ["Compare.WeightKg"] = "seventy", ["Compare.ADuration"] = "-5", ["Compare.BDose"] = "",
        }));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Enter a number, e.g. 72.5.", FieldError(html, "weightKg"));
        Assert.Equal("Must be more than 0 and at most 1440 minutes.", FieldError(html, "a.duration"));
        Assert.Equal("Enter the dose.", FieldError(html, "b.dose"));
        Assert.Contains("Regimen A duration", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"compare-result\"", html, StringComparison.Ordinal);

        // What only the service knows: the weight's range, the model's routes, the model itself.
        (status, html) = await PostAsync(client, "/pk", "compare", CompareFields(new()
        {
            ["Compare.WeightKg"] = "900", ["Compare.AKind"] = "intranasal", ["Compare.AUnit"] = "mg", ["Compare.ADose"] = "56",
        }));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Body weight must lie between 0.5 and 500 kg.", FieldError(html, "weightKg"));
        Assert.Equal("The model ketamine-clements takes no intranasal doses.", FieldError(html, "a.kind"));
        Assert.Null(FieldError(html, "b.dose"));

        (_, html) = await PostAsync(client, "/pk", "compare", CompareFields(new() { ["Compare.Model"] = "nope" }));
        Assert.StartsWith("Unknown model 'nope'.", FieldError(html, "model"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TargetControlled_Suggestion_StepsWithinTheMaximumRate_NeverSentToADevice()
    {
        var client = await SignedInAsync(Roles.Prescriber);
        var (status, html) = await PostAsync(client, "/pk", "tci", TciFields());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Suggestion for the prescriber; never sent to a device.", Testid(html, "tci-advisory"), StringComparison.Ordinal);

        var rates = Cells(html, "tci-rate").Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(rates);
        Assert.All(rates, r => Assert.InRange(r, 0, 120));
        Assert.Equal(120, rates[0]);
        Assert.Contains("the maximum rate given", Testid(html, "tci-limited"), StringComparison.Ordinal);

        var expected = Respite.Web.Features.Pharmacokinetics.PkService.TargetControlled(
            new() { Model = "ketamine-clements", WeightKg = 70, TargetNgPerMl = 150, DurationMinutes = 40, MaxRateMgPerHour = 120, ConcentrationMgPerMl = 1 },
            Respite.Web.Features.Pharmacokinetics.PharmacokineticSettings.Default, null).Value!;
        Assert.Equal(expected.Steps.Count, rates.Count);
        Assert.Equal($"{ChartScales.Figure(expected.TotalMg)} mg", Testid(html, "tci-total"));
        Assert.Single(Curves().Matches(html));
        Assert.Contains("Reaches target", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TargetControlled_BadInput_NamesEachField()
    {
        var client = await SignedInAsync(Roles.Nurse);
        var (status, html) = await PostAsync(client, "/pk", "tci", TciFields(new()
        {
            ["Tci.TargetNgPerMl"] = "", ["Tci.WeightKg"] = "x", ["Tci.StepMinutes"] = "0", ["Tci.DurationMinutes"] = "2000",
        }));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("This field is required.", FieldError(html, "targetNgPerMl"));
        Assert.Equal("Enter a number, e.g. 72.5.", FieldError(html, "weightKg"));
        Assert.Equal("Must be more than 0 and at most 60 minutes.", FieldError(html, "stepMinutes"));
        Assert.Equal("Must be more than 0 and at most 1440 minutes.", FieldError(html, "durationMinutes"));
        Assert.DoesNotContain("data-testid=\"tci-result\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TargetControlled_FromAPlan_ItsLimitsApply_ForThoseWhoMayReadThePatient()
    {
        var (patientId, planId) = await SchedulingData.SignedPlanAsync(factory, SchedulingData.Monday(40).ToString("yyyy-MM-dd"));
        var nurse = await SignedInAsync(Roles.Nurse);
        var page = await nurse.GetStringAsync($"/pk?plan={planId}&patient={patientId}");
        Assert.Contains($"/patients/{patientId}/plans?pkPlan={planId}#pk", page, StringComparison.Ordinal);

        // The plan's weight (70.5 kg) and the protocol's 1.0 mg/kg per session cap a long, high target.
        var fields = new Dictionary<string, string>
        {
            ["Tci.Model"] = "ketamine-clements", ["Tci.TargetNgPerMl"] = "400", ["Tci.DurationMinutes"] = "120",
            ["Tci.PlanId"] = planId, ["Tci.PatientId"] = patientId,
        };
        var (status, html) = await PostAsync(nurse, $"/pk?plan={planId}&patient={patientId}", "tci", fields);
        Assert.Equal(HttpStatusCode.OK, status);
        var total = double.Parse(Testid(html, "tci-total").Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.InRange(total, 1, 70.5);
        Assert.Contains("data-testid=\"tci-plan\"", html, StringComparison.Ordinal);

        var admin = await SignedInAsync(Roles.Admin);
        (status, html) = await PostAsync(admin, $"/pk?plan={planId}", "tci", fields);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("could not be found, or you do not have access to it", Testid(html, "error-summary"), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"tci-result\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanPage_SignedPlan_PredictedConcentrationCard_ModelChosenInTheAddress()
    {
        var (patientId, planId) = await SchedulingData.SignedPlanAsync(factory, SchedulingData.Monday(41).ToString("yyyy-MM-dd"));
        var prescriber = await SignedInAsync(Roles.Prescriber);
        var html = await prescriber.GetStringAsync($"/patients/{patientId}/plans");
        var card = Testid(html, "pk-plan-card", "section");
        Assert.Equal(["planned"], Curves().Matches(card).Select(m => m.Groups[1].Value));
        Assert.Equal(2, References().Matches(card).Count);
        Assert.Contains("Clements", Testid(card, "pk-model"), StringComparison.Ordinal);
        Assert.Contains("<option value=\"ketamine-clements\" selected", card, StringComparison.Ordinal);
        Assert.Contains($"/pk?plan={planId}&amp;patient={patientId}#tci", card, StringComparison.Ordinal);

        var domino = Testid(await prescriber.GetStringAsync($"/patients/{patientId}/plans?pkPlan={planId}&model=ketamine-domino"), "pk-plan-card", "section");
        Assert.Contains("Domino", Testid(domino, "pk-model"), StringComparison.Ordinal);
        Assert.Contains("<option value=\"ketamine-domino\" selected", domino, StringComparison.Ordinal);

        // The front desk sees the plan and its prediction, not the clinicians' tool.
        var desk = await SignedInAsync(Roles.FrontDesk);
        var deskCard = Testid(await desk.GetStringAsync($"/patients/{patientId}/plans"), "pk-plan-card", "section");
        Assert.Single(Curves().Matches(deskCard));
        Assert.DoesNotContain("pk-tci-link", deskCard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanPage_PlanWithoutWeight_OrAnUnknownModel_ExplainsInsteadOfAChart()
    {
        var (patientId, planId) = await SchedulingData.SignedPlanAsync(factory, SchedulingData.Monday(42).ToString("yyyy-MM-dd"));
        var prescriber = await SignedInAsync(Roles.Prescriber);
        var unknown = await prescriber.GetAsync($"/patients/{patientId}/plans?model=nope");
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.StartsWith("Unknown model", Testid(await unknown.Content.ReadAsStringAsync(), "pk-unavailable"), StringComparison.Ordinal);

        await factory.WithDbAsync(async db =>
        {
            var plan = await db.TreatmentPlans.SingleAsync(p => p.Id == Guid.Parse(planId));
            plan.WeightKg = null;
            return await db.SaveChangesAsync();
        });
        var response = await prescriber.GetAsync($"/patients/{patientId}/plans");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The plan has no weight", Testid(html, "pk-unavailable"), StringComparison.Ordinal);
        Assert.Empty(Curves().Matches(html));
    }

    [Fact]
    public async Task SessionPage_PlannedAndGiven_TheChartedRateChangeMarked()
    {
        var (patientId, sessionId) = await BookedIvSessionAsync(43);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-70);
        foreach (var dose in new object[]
                 {
                     new { kind = "start", at = t0, rateMgPerHour = 52.9 },
                     new { kind = "rate-change", at = t0.AddMinutes(15), rateMgPerHour = 40, reason = "Nausea" },
                     new { kind = "stop", at = t0.AddMinutes(45) },
                 })
        {
            Assert.Equal(HttpStatusCode.Created, (await nurse.PostAsJsonAsync($"/api/sessions/{sessionId}/doses", dose)).StatusCode);
        }

        var browser = await SignedInAsync(Roles.Nurse);
        var html = await browser.GetStringAsync($"/sessions/{sessionId}");
        var card = Testid(html, "pk-session-card", "section");
        Assert.Equal(["planned", "given"], Curves().Matches(card).Select(m => m.Groups[1].Value));
        Assert.Contains(">Rate 40 mg/h<", card, StringComparison.Ordinal);
        Assert.Contains("data-minute=\"15\"", card, StringComparison.Ordinal);
        Assert.Contains("5th–95th percentile of 500 virtual patients", WebUtility.HtmlDecode(card), StringComparison.Ordinal);
        Assert.NotEqual(Guid.Empty, Guid.Parse(patientId));
    }

    [Fact]
    public async Task SessionPage_WalkInWithNothingCharted_ExplainsInsteadOfAChart()
    {
        var session = await (await (await factory.ClientForAsync(Roles.Nurse)).PostAsJsonAsync(
            $"/api/patients/{(await TestData.CreatePatientAsync(await factory.ClientForAsync(Roles.FrontDesk))).GetProperty("id").GetString()}/sessions",
            new { kind = "iv-infusion", baseline = new { systolic = 124, diastolic = 80, heartRate = 72, spo2 = 98 }, rideHomeArranged = true })).ReadJsonAsync();
        var browser = await SignedInAsync(Roles.Prescriber);
        var response = await browser.GetAsync($"/sessions/{session.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("Nothing to chart: no dose is charted yet and the session was not booked from a plan.", Testid(html, "pk-unavailable"));
        Assert.Empty(Curves().Matches(html));
    }

    private static Dictionary<string, string> CompareFields(Dictionary<string, string>? changes = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["Compare.Model"] = "ketamine-clements", ["Compare.WeightKg"] = "70", ["Compare.AgeYears"] = "",
            ["Compare.AKind"] = "infusion", ["Compare.ADose"] = "0.5", ["Compare.AUnit"] = "mg/kg", ["Compare.ADuration"] = "40", ["Compare.ALabel"] = "",
            ["Compare.BKind"] = "infusion", ["Compare.BDose"] = "0.5", ["Compare.BUnit"] = "mg/kg", ["Compare.BDuration"] = "60", ["Compare.BLabel"] = "",
        };
        foreach (var (key, value) in changes ?? [])
        {
            fields[key] = value;
        }

        return fields;
    }

    private static Dictionary<string, string> TciFields(Dictionary<string, string>? changes = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["Tci.Model"] = "ketamine-clements", ["Tci.WeightKg"] = "70", ["Tci.TargetNgPerMl"] = "150", ["Tci.DurationMinutes"] = "40",
            ["Tci.StepMinutes"] = "", ["Tci.MaxRateMgPerHour"] = "120", ["Tci.ConcentrationMgPerMl"] = "1", ["Tci.PlanId"] = "", ["Tci.PatientId"] = "",
        };
        foreach (var (key, value) in changes ?? [])
        {
            fields[key] = value;
        }

        return fields;
    }

    private Task<(string PatientId, string SessionId)> BookedIvSessionAsync(int week) => SchedulingData.BookedIvSessionAsync(factory, week, 80);

    private async Task<HttpClient> SignedInAsync(string role)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await client.GetStringAsync("/login");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = Emails[role],
            ["password"] = DemoSeeder.DemoPassword,
            ["returnUrl"] = "/",
            ["__RequestVerificationToken"] = Token(login),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private static async Task<(HttpStatusCode Status, string Html)> PostAsync(HttpClient client, string path, string handler, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(path);
        var form = new Dictionary<string, string>(fields) { ["_handler"] = handler, ["__RequestVerificationToken"] = Token(page) };
        var response = await client.PostAsync(path, new FormUrlEncodedContent(form));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Token(string html) => TokenPattern().Match(html).Groups[1].Value;

    /// <summary>The decoded text of each element with this test id, in order.</summary>
    private static List<string> Cells(string html, string testId) =>
        [.. new Regex($"data-testid=\"{Regex.Escape(testId)}\"[^>]*>(.*?)</", RegexOptions.Singleline).Matches(html).Select(m => Text(m.Groups[1].Value))];

    private static string? FieldError(string html, string key) =>
        new Regex($"data-testid=\"error-{Regex.Escape(key)}\"[^>]*>([^<]*)<").Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    /// <summary>The element with this test id: its text, or (with <paramref name="element"/>) its whole markup.</summary>
    private static string Testid(string html, string testId, string? element = null)
    {
        if (element is not null)
        {
            var match = new Regex($"<{element}[^>]*data-testid=\"{Regex.Escape(testId)}\"[\\s\\S]*?</{element}>").Match(html);
            Assert.True(match.Success, $"No <{element}> with data-testid={testId}.");
            return match.Value;
        }

        var inner = new Regex($"data-testid=\"{Regex.Escape(testId)}\"[^>]*>([\\s\\S]*?)</(div|p|dd|td|span|section)>").Match(html);
        Assert.True(inner.Success, $"No element with data-testid={testId}.");
        return Text(inner.Groups[1].Value);
    }

    private static string Text(string markup) => WebUtility.HtmlDecode(Tags().Replace(markup, "")).Trim();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("data-testid=\"pk-curve\" data-kind=\"([a-z]+)\"")]
    private static partial Regex Curves();

    [GeneratedRegex("data-testid=\"pk-reference\"")]
    private static partial Regex References();

    [GeneratedRegex("data-testid=\"pk-model-row\"")]
    private static partial Regex ModelRows();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}

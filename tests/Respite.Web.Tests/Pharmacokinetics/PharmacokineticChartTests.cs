using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;
using Respite.Pharmacokinetics.Simulation;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests.Pharmacokinetics;

/// <summary>The predicted-concentration charts of a plan and of a session, their access rules and audit.</summary>
public sealed class PharmacokineticChartTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private static readonly Covariates Adult = new(BodyWeight.FromKilograms(70.5m), 46);

    [Fact]
    public async Task PlanChart_SignedIvPlan_PlannedInfusionWithBandsReferenceRangesAndMarkers()
    {
        var (patientId, planId) = await SchedulingData.SignedPlanAsync(factory, SchedulingData.Monday(30).ToString("yyyy-MM-dd"));
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var response = await nurse.GetAsync($"/api/plans/{planId}/pk");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var chart = await response.ReadJsonAsync();

        // 0.5 mg/kg × 70.5 kg = 35.25 mg over 40 min: the pump rate the plan states, 52.9 mg/h; drawn 4 h past the end of the infusion.
        Assert.Equal(40 + 240, chart.GetProperty("endMinute").GetDouble());
        var curve = chart.GetProperty("curves").EnumerateArray().Single();
        Assert.Equal("planned", curve.GetProperty("kind").GetString());
        Assert.Contains("over 40 min", curve.GetProperty("label").GetString());
        var expected = Expected(ModelCatalog.KetamineClements, Regimen.Of(new Infusion(TimeSpan.Zero, TimeSpan.FromMinutes(40), MassRate.FromMilligramsPerHour(52.9m))), 280);
        Assert.Equal(expected.Peak.NanogramsPerMillilitre, curve.GetProperty("peakNgPerMl").GetDouble(), 6);
        Assert.InRange(curve.GetProperty("peakMinute").GetDouble(), 39.9, 40.1);
        Assert.Contains("Clements", chart.GetProperty("model").GetString());
        Assert.Contains("not a measured level", chart.GetProperty("caption").GetString());

        var band = chart.GetProperty("bands").EnumerateArray().Single();
        Assert.Contains("500 virtual patients", band.GetProperty("label").GetString());
        var minutes = band.GetProperty("minutes").EnumerateArray().Select(v => v.GetDouble()).ToList();
        var at40 = minutes.IndexOf(40);
        Assert.True(band.GetProperty("low")[at40].GetDouble() < curve.GetProperty("nanogramsPerMillilitre")[at40].GetDouble());
        Assert.True(band.GetProperty("high")[at40].GetDouble() > curve.GetProperty("nanogramsPerMillilitre")[at40].GetDouble());

        var references = chart.GetProperty("referenceBands").EnumerateArray().ToList();
        Assert.Equal([(70d, 160d), (100d, 250d)], references.Select(r => (r.GetProperty("lowNgPerMl").GetDouble(), r.GetProperty("highNgPerMl").GetDouble())));
        Assert.Contains("PMC6020109", references[1].GetProperty("source").GetString());
        Assert.Contains(chart.GetProperty("markers").EnumerateArray(), m => m.GetProperty("label").GetString() == "Infusion stops" && m.GetProperty("minute").GetDouble() == 40);

        var id = Guid.Parse(planId);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e =>
            e.EntityType == "PlanConcentrationChart" && e.EntityId == planId && e.PatientId == Guid.Parse(patientId) && e.Action == AuditAction.Read && e.Outcome == AuditOutcome.Success)));

        // Another model on request; a model without the plan's route is refused.
        var domino = await (await nurse.GetAsync($"/api/plans/{planId}/pk?model=ketamine-domino")).ReadJsonAsync();
        Assert.Contains("Domino", domino.GetProperty("model").GetString());
        var wrong = await nurse.GetAsync($"/api/plans/{planId}/pk?model=nope");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("model", (await wrong.ReadJsonAsync()).ErrorFields());
        Assert.NotEqual(Guid.Empty, id);
    }

    [Fact]
    public async Task PlanChart_EsketaminePlan_IntranasalDoseOverEightHours_NoReferenceBand()
    {
        var (_, planId) = await SchedulingData.SignedPlanAsync(factory, SchedulingData.Monday(31).ToString("yyyy-MM-dd"), "esketamine-trd");
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var response = await prescriber.GetAsync($"/api/plans/{planId}/pk");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var chart = await response.ReadJsonAsync();
        Assert.Equal(480, chart.GetProperty("endMinute").GetDouble());
        var curve = chart.GetProperty("curves")[0];
        Assert.Contains("56 mg esketamine intranasal (2 devices", curve.GetProperty("label").GetString());
        var expected = Expected(ModelCatalog.EsketamineIntranasal, Regimen.Of(new IntranasalDose(TimeSpan.Zero, Mass.FromMilligrams(56))), 480);
        Assert.Equal(expected.Peak.NanogramsPerMillilitre, curve.GetProperty("peakNgPerMl").GetDouble(), 3);
        Assert.InRange(curve.GetProperty("peakMinute").GetDouble(), 10, 60);
        Assert.Equal(0, chart.GetProperty("referenceBands").GetArrayLength());
        Assert.Contains("no concentration–effect range for esketamine", chart.GetProperty("caption").GetString());
        Assert.Single(chart.GetProperty("bands").EnumerateArray());
    }

    [Fact]
    public async Task PlanChart_IvPlanWithoutWeight_IsInvalid_NamingWeightKg()
    {
        var (_, planId) = await SchedulingData.SignedPlanAsync(factory, SchedulingData.Monday(32).ToString("yyyy-MM-dd"));
        await factory.WithDbAsync(async db =>
        {
            var plan = await db.TreatmentPlans.SingleAsync(p => p.Id == Guid.Parse(planId));
            plan.WeightKg = null;
            return await db.SaveChangesAsync();
        });
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var response = await nurse.GetAsync($"/api/plans/{planId}/pk");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Contains("weight", problem.GetProperty("errors").GetProperty("weightKg")[0].GetString());
    }

    [Fact]
    public async Task PlanChart_AnotherPatientsPlan_Is404ForAPatient_AndAudited()
    {
        var (patientId, planId) = await SchedulingData.SignedPlanAsync(factory, SchedulingData.Monday(33).ToString("yyyy-MM-dd"));
        var patient = await factory.ClientForAsync(Roles.Patient);
        Assert.Equal(HttpStatusCode.NotFound, (await patient.GetAsync($"/api/plans/{planId}/pk")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await patient.GetAsync($"/api/plans/{Guid.NewGuid()}/pk")).StatusCode);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e =>
            e.EntityType == "PlanConcentrationChart" && e.EntityId == planId && e.PatientId == Guid.Parse(patientId) && e.Outcome == AuditOutcome.NotFound)));

        // Administrators see no clinical records.
        var admin = await factory.ClientForAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync($"/api/plans/{planId}/pk")).StatusCode);

        // Nor may a patient plan a target-controlled infusion from it, nor an administrator read it through the tool.
        Assert.Equal(HttpStatusCode.Forbidden, (await patient.PostAsJsonAsync("/api/pk/target-controlled", new { planId, targetNgPerMl = 150, durationMinutes = 40 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/pk/target-controlled", new { planId, targetNgPerMl = 150, durationMinutes = 40 })).StatusCode);
    }

    [Fact]
    public async Task SessionChart_RateChangeAndPause_GivenCurveIsTheChartedInfusion_PeakingBelowThePlan()
    {
        var (patientId, sessionId) = await BookedIvSessionAsync(34);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-90);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        async Task Dose(object body) => Assert.Equal(HttpStatusCode.Created, (await nurse.PostAsJsonAsync($"/api/sessions/{sessionId}/doses", body)).StatusCode);
        await Dose(new { kind = "start", at = t0, rateMgPerHour = 52.9 });
        await Dose(new { kind = "rate-change", at = t0.AddMinutes(10), rateMgPerHour = 40, reason = "Nausea" });
        await Dose(new { kind = "pause", at = t0.AddMinutes(20) });
        await Dose(new { kind = "resume", at = t0.AddMinutes(30), rateMgPerHour = 40 });
        await Dose(new { kind = "stop", at = t0.AddMinutes(50) });

        var response = await nurse.GetAsync($"/api/sessions/{sessionId}/pk");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var chart = await response.ReadJsonAsync();
        var curves = chart.GetProperty("curves").EnumerateArray().ToDictionary(c => c.GetProperty("kind").GetString()!);
        Assert.Equal(["given", "planned"], curves.Keys.Order());
        var planned = curves["planned"];
        var given = curves["given"];
        Assert.True(given.GetProperty("peakNgPerMl").GetDouble() < planned.GetProperty("peakNgPerMl").GetDouble(), "Less drug, paused: a lower peak.");
        Assert.InRange(given.GetProperty("peakMinute").GetDouble(), 49.9, 50.1);
        Assert.Equal(50 + 240, chart.GetProperty("endMinute").GetDouble());

        // The given curve is exactly the charted segments: 52.9 mg/h for 10 min, 40 mg/h for 10, a 10-min pause, 40 mg/h for 20.
        var charted = Regimen.Of(
            new Infusion(TimeSpan.Zero, TimeSpan.FromMinutes(10), MassRate.FromMilligramsPerHour(52.9m)),
            new Infusion(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), MassRate.FromMilligramsPerHour(40m)),
            new Infusion(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(20), MassRate.FromMilligramsPerHour(40m)));
        var minutes = given.GetProperty("minutes").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var values = given.GetProperty("nanogramsPerMillilitre").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var simulator = new PkSimulator(ModelCatalog.KetamineClements.Typical(Adult));
        var expected = new double[minutes.Length];
        simulator.Concentrations(charted, minutes, expected);
        for (var i = 0; i < minutes.Length; i++)
        {
            Assert.Equal(expected[i], values[i], 6);
        }

        // During the pause the given curve falls while the planned one still rises.
        var at20 = Array.IndexOf(minutes, 20d);
        var at30 = Array.IndexOf(minutes, 30d);
        Assert.True(values[at30] < values[at20]);
        Assert.True(planned.GetProperty("nanogramsPerMillilitre")[at30].GetDouble() > planned.GetProperty("nanogramsPerMillilitre")[at20].GetDouble());

        var markers = chart.GetProperty("markers").EnumerateArray().Select(m => (m.GetProperty("label").GetString(), m.GetProperty("minute").GetDouble())).ToList();
        Assert.Contains(("Paused", 20d), markers);
        Assert.Contains(("Infusion stops", 50d), markers);
        Assert.Contains(("Rate 40 mg/h", 10d), markers);
        Assert.Contains(markers, m => m.Item1 == "Now" && m.Item2 is > 85 and < 95);

        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e =>
            e.EntityType == "SessionConcentrationChart" && e.EntityId == sessionId && e.PatientId == Guid.Parse(patientId) && e.Outcome == AuditOutcome.Success)));
    }

    [Fact]
    public async Task SessionChart_RunningInfusion_RunsOnUntilNow_AndEntriesInErrorAreLeftOut()
    {
        var (_, sessionId) = await BookedIvSessionAsync(35);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-20);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var url = $"/api/sessions/{sessionId}/doses";
        Assert.Equal(HttpStatusCode.Created, (await nurse.PostAsJsonAsync(url, new { kind = "start", at = t0, rateMgPerHour = 52.9 })).StatusCode);
        var bolus = await (await nurse.PostAsJsonAsync(url, new { kind = "bolus", at = t0.AddMinutes(5), amountMg = 10 })).ReadJsonAsync();
        var bolusId = bolus.GetProperty("dosing").GetProperty("events").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "bolus").GetProperty("id").GetString();
        var version = (await (await nurse.GetAsync($"/api/sessions/{sessionId}")).ReadJsonAsync()).GetProperty("version").GetString();
        Assert.Equal(HttpStatusCode.OK, (await nurse.PostAsJsonAsync($"/api/sessions/{sessionId}/entries/{bolusId}/entered-in-error", new { reason = "Charted twice.", version })).StatusCode);

        var chart = await (await nurse.GetAsync($"/api/sessions/{sessionId}/pk")).ReadJsonAsync();
        var given = chart.GetProperty("curves").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "given");
        var now = chart.GetProperty("markers").EnumerateArray().Single(m => m.GetProperty("label").GetString() == "Now").GetProperty("minute").GetDouble();
        Assert.InRange(now, 19.5, 22);
        Assert.InRange(given.GetProperty("peakMinute").GetDouble(), now - 0.1, now + 0.1);
        Assert.Contains("run on at its current rate until now", chart.GetProperty("caption").GetString());
        Assert.Equal(40 + 240, chart.GetProperty("endMinute").GetDouble());     // the planned 40-min infusion ends later than the given one so far

        // Without the bolus (entered in error), 52.9 mg/h for about 20 minutes.
        var expected = new PkSimulator(ModelCatalog.KetamineClements.Typical(Adult))
            .Summarize(Regimen.Of(new Infusion(TimeSpan.Zero, TimeSpan.FromMinutes(now), MassRate.FromMilligramsPerHour(52.9m))), TimeSpan.FromMinutes(now + 1));
        Assert.InRange(given.GetProperty("peakNgPerMl").GetDouble(), expected.Peak.NanogramsPerMillilitre - 0.5, expected.Peak.NanogramsPerMillilitre + 0.5);
    }

    [Fact]
    public async Task SessionChart_SessionLeftOpenForMoreThanAYear_IsPredictedOverItsFirst48Hours_AndSaysSo()
    {
        var (_, sessionId) = await BookedIvSessionAsync(36);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-20);
        var url = $"/api/sessions/{sessionId}/doses";
        Assert.Equal(HttpStatusCode.Created, (await nurse.PostAsJsonAsync(url, new { kind = "start", at = t0, rateMgPerHour = 52.9 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await nurse.PostAsJsonAsync(url, new { kind = "rate-change", at = t0.AddMinutes(10), rateMgPerHour = 40, reason = "Nausea" })).StatusCode);

        // As if the infusion had been started 400 days ago and the session never closed; the rate change stays within
        // the first 48 hours, a bolus a year later does not.
        var id = Guid.Parse(sessionId);
        var started = DateTimeOffset.UtcNow.AddDays(-400);
        await factory.WithDbAsync(async db =>
        {
            var session = await db.TreatmentSessions.Include(s => s.Doses).SingleAsync(s => s.Id == id);
            session.CheckedInAt = started.AddMinutes(-15);
            foreach (var dose in session.Doses)
            {
                dose.At = started + (dose.At - t0);
            }

            await db.SaveChangesAsync();
            return 0;
        });

        var response = await nurse.GetAsync($"/api/sessions/{sessionId}/pk");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var chart = await response.ReadJsonAsync();
        Assert.Equal(48 * 60, chart.GetProperty("endMinute").GetDouble());
        Assert.Contains("Only the first 48 hours after the first dose are predicted", chart.GetProperty("caption").GetString());
        Assert.DoesNotContain(chart.GetProperty("markers").EnumerateArray(), m => m.GetProperty("label").GetString() == "Now");
        var given = chart.GetProperty("curves").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "given");
        Assert.Equal(48 * 60, given.GetProperty("minutes").EnumerateArray().Last().GetDouble());
    }

    [Fact]
    public async Task SessionChart_EsketamineDevices_AtTheirChartedTimes()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30);
        var session = await (await nurse.PostAsJsonAsync($"/api/patients/{patientId}/sessions", new
        {
            kind = "esketamine", checkedInAt = t0.AddMinutes(-15), baseline = new { systolic = 124, diastolic = 80, heartRate = 72, spo2 = 98 }, rideHomeArranged = true, remsEnrolled = true,
        })).ReadJsonAsync();
        var sessionId = session.GetProperty("id").GetString();
        var url = $"/api/sessions/{sessionId}/doses";
        foreach (var minute in new[] { 0, 5, 11 })
        {
            Assert.Equal(HttpStatusCode.Created, (await nurse.PostAsJsonAsync(url, new { kind = "esketamine-device", at = t0.AddMinutes(minute), lotNumber = "24K031" })).StatusCode);
        }

        var chart = await (await nurse.GetAsync($"/api/sessions/{sessionId}/pk")).ReadJsonAsync();
        var given = chart.GetProperty("curves").EnumerateArray().Single();
        Assert.Equal("given", given.GetProperty("kind").GetString());
        Assert.Contains("84 mg intranasal (3 devices)", given.GetProperty("label").GetString());
        Assert.Equal(0, chart.GetProperty("referenceBands").GetArrayLength());
        Assert.Equal(11 + 480, chart.GetProperty("endMinute").GetDouble());
        Assert.Equal(
            ["Device 1", "Device 2", "Device 3"],
            chart.GetProperty("markers").EnumerateArray().Select(m => m.GetProperty("label").GetString()).Where(l => l != "Now"));

        var charted = Regimen.Of(
            new IntranasalDose(TimeSpan.Zero, Mass.FromMilligrams(28)),
            new IntranasalDose(TimeSpan.FromMinutes(5), Mass.FromMilligrams(28)),
            new IntranasalDose(TimeSpan.FromMinutes(11), Mass.FromMilligrams(28)));
        var expected = Expected(ModelCatalog.EsketamineIntranasal, charted, 491, new Covariates(BodyWeight.FromKilograms(70.5m), 46));
        Assert.Equal(expected.Peak.NanogramsPerMillilitre, given.GetProperty("peakNgPerMl").GetDouble(), 6);
    }

    [Fact]
    public async Task SessionChart_NotFoundRules()
    {
        var (_, sessionId) = await BookedIvSessionAsync(36);
        var patient = await factory.ClientForAsync(Roles.Patient);
        Assert.Equal(HttpStatusCode.NotFound, (await patient.GetAsync($"/api/sessions/{sessionId}/pk")).StatusCode);
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.GetAsync($"/api/sessions/{sessionId}/pk")).StatusCode);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        Assert.Equal(HttpStatusCode.NotFound, (await nurse.GetAsync($"/api/sessions/{Guid.NewGuid()}/pk")).StatusCode);

        // Booked from a plan, nothing given yet: the planned curve alone.
        var chart = await (await nurse.GetAsync($"/api/sessions/{sessionId}/pk")).ReadJsonAsync();
        Assert.Equal(["planned"], chart.GetProperty("curves").EnumerateArray().Select(c => c.GetProperty("kind").GetString()));
        Assert.DoesNotContain(chart.GetProperty("markers").EnumerateArray(), m => m.GetProperty("label").GetString() == "Now");
    }

    [Fact]
    public async Task TargetControlled_FromAPlan_UsesItsWeightBagAndProtocolLimits_AndIsAudited()
    {
        var (patientId, planId) = await SchedulingData.SignedPlanAsync(factory, SchedulingData.Monday(37).ToString("yyyy-MM-dd"));
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var response = await prescriber.PostAsJsonAsync("/api/pk/target-controlled", new { planId, targetNgPerMl = 150, durationMinutes = 40, maxRateMgPerHour = 60 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var steps = body.GetProperty("steps").EnumerateArray().ToList();
        Assert.All(steps, s => Assert.True(s.GetProperty("mgPerHour").GetDouble() <= 60 + 1e-9));
        Assert.Equal(steps[0].GetProperty("mgPerHour").GetDouble() / 70.5, steps[0].GetProperty("mgPerKgPerHour").GetDouble(), 3);
        Assert.Equal(Math.Round(steps[0].GetProperty("mgPerHour").GetDouble(), 1), steps[0].GetProperty("mlPerHour").GetDouble(), 6);   // 1 mg/mL bag
        Assert.Equal("ketamine-clements", body.GetProperty("model").GetString());

        // The IV depression protocol allows at most 1.0 mg/kg per session: 70.5 mg.
        var capped = await (await prescriber.PostAsJsonAsync("/api/pk/target-controlled", new { planId, targetNgPerMl = 400, durationMinutes = 120 })).ReadJsonAsync();
        Assert.True(capped.GetProperty("totalMg").GetDouble() <= 70.5 + 1e-6);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e =>
            e.EntityType == "PlanTargetControlled" && e.EntityId == planId && e.PatientId == Guid.Parse(patientId) && e.Outcome == AuditOutcome.Success)));
    }

    private static ProfileSummary Expected(ModelDefinition model, Regimen regimen, double endMinute, Covariates? covariates = null) =>
        new PkSimulator(model.Typical(covariates ?? Adult)).Summarize(regimen, TimeSpan.FromMinutes(endMinute));

    private Task<(string PatientId, string SessionId)> BookedIvSessionAsync(int week) => SchedulingData.BookedIvSessionAsync(factory, week, 100);
}

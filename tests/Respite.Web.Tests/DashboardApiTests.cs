using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Respite.Clinical.Scheduling;
using Respite.Clinical.Screening;
using Respite.Data.Identity;
using Respite.Data.Plans;
using Respite.Data.Scheduling;
using Respite.Data.Sessions;
using Respite.Web.Tests.Infrastructure;
using Respite.Web.Tooling;

namespace Respite.Web.Tests;

/// <summary>The clinic outcomes dashboard: numbers against constructed patients, filters, and the generated history.</summary>
public sealed class DashboardApiTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private static int[] Phq9(int total) => [.. Enumerable.Range(0, 9).Select(i => Math.Min(3, Math.Max(0, total - (3 * i))))];

    private async Task<string> PatientAsync(Guid locationId, SessionKind kind, string[] indications, DateTimeOffset sessionAt)
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var id = Guid.Parse((await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!);
        await factory.WithDbAsync(async db =>
        {
            var appointment = new Appointment
            {
                Id = Guid.NewGuid(), PatientId = id, LocationId = locationId, Kind = kind == SessionKind.IvInfusion ? AppointmentKind.IvInfusion : AppointmentKind.EsketamineSession,
                Status = AppointmentStatus.Completed, Start = sessionAt, End = sessionAt.AddHours(2), CreatedAt = sessionAt.AddDays(-3),
            };
            db.Appointments.Add(appointment);
            db.TreatmentPlans.Add(new TreatmentPlan
            {
                Id = Guid.NewGuid(), PatientId = id, PlanGroupId = Guid.NewGuid(), VersionNumber = 1, Status = PlanStatus.Signed, ProtocolId = "iv-ketamine-depression",
                Modality = kind == SessionKind.IvInfusion ? Modality.IvKetamineDepression : Modality.EsketamineNasalSpray, Indications = [.. indications],
                StartDate = DateOnly.FromDateTime(sessionAt.UtcDateTime), ConcentrationMgPerMl = 1, CreatedAt = sessionAt.AddDays(-5), Version = Guid.NewGuid(),
            });
            db.TreatmentSessions.Add(new TreatmentSession
            {
                Id = Guid.NewGuid(), PatientId = id, AppointmentId = appointment.Id, Kind = kind, Status = SessionStatus.Discharged,
                CheckedInAt = sessionAt, DischargedAt = sessionAt.AddHours(2), RideHomeArranged = true, Version = Guid.NewGuid(),
            });
            return await db.SaveChangesAsync();
        });
        return id.ToString();
    }

    private async Task ScoreAsync(string patientId, string instrument, int[] answers, DateTimeOffset at)
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var response = await nurse.PostAsJsonAsync($"/api/patients/{patientId}/assessments", new { instrument, answers, answeredAt = at });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_CountsConstructedPatients_ByModalityAndIndication_AndFollowsANewScore()
    {
        var location = await SchedulingData.CreateLocationAsync(factory, chairs: 1);
        var locationId = Guid.Parse(location.GetProperty("id").GetString()!);
        var now = DateTimeOffset.UtcNow;
        var sessionAt = now.AddDays(-30);

        // A: IV, depression; 20 → 8 (response), then 12 and 13 (past the threshold of 10 twice: relapse, no response now).
        var a = await PatientAsync(locationId, SessionKind.IvInfusion, ["depression"], sessionAt);
        await ScoreAsync(a, "phq9", Phq9(20), sessionAt.AddDays(-1));
        await ScoreAsync(a, "phq9", Phq9(8), sessionAt.AddDays(7));
        await ScoreAsync(a, "phq9", Phq9(12), sessionAt.AddDays(17));
        await ScoreAsync(a, "phq9", Phq9(13), sessionAt.AddDays(24));
        // B: IV, depression and pain; 20 → 4 → 3 (remission), pain 8 → 4 (dual response), response held.
        var b = await PatientAsync(locationId, SessionKind.IvInfusion, ["depression", "chronic-pain"], sessionAt);
        await ScoreAsync(b, "phq9", Phq9(20), sessionAt.AddDays(-1));
        await ScoreAsync(b, "nrs-pain", [8], sessionAt.AddDays(-1));
        await ScoreAsync(b, "phq9", Phq9(4), sessionAt.AddDays(10));
        await ScoreAsync(b, "nrs-pain", [4], sessionAt.AddDays(10));
        await ScoreAsync(b, "phq9", Phq9(3), sessionAt.AddDays(20));
        // C: esketamine, depression; 18 → 15, no response.
        var c = await PatientAsync(locationId, SessionKind.Esketamine, ["depression"], sessionAt);
        await ScoreAsync(c, "phq9", Phq9(18), sessionAt.AddDays(-1));
        await ScoreAsync(c, "phq9", Phq9(15), sessionAt.AddDays(7));

        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var response = await prescriber.GetAsync($"/api/dashboard/outcomes?location={locationId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(3, body.GetProperty("patientsTreated").GetInt32());
        Assert.Equal(0, body.GetProperty("patientsInTreatment").GetInt32());   // the last session was 30 days ago
        var overall = body.GetProperty("overall");
        Assert.Equal((1, 3), Rate(overall, "response"));                   // judged at the latest score: A has relapsed
        Assert.Equal((1, 3), Rate(overall, "remission"));
        Assert.Equal((1, 1), Rate(overall, "painRelief"));
        Assert.Equal((1, 1), Rate(overall, "dualResponse"));
        Assert.Equal(33.3m, overall.GetProperty("response").GetProperty("percent").GetDecimal());

        var durability = body.GetProperty("durability");
        Assert.Equal(2, durability.GetProperty("responders").GetInt32());
        Assert.Equal(1, durability.GetProperty("relapses").GetInt32());
        var step = Assert.Single(durability.GetProperty("steps").EnumerateArray());
        Assert.Equal(10, step.GetProperty("day").GetDouble(), 3);           // response on day 7, relapse from day 17
        Assert.Equal(0.5, step.GetProperty("survival").GetDouble(), 4);     // B, censored at 20 − 10 = 10 days, is still at risk
        Assert.Equal(10, Assert.Single(durability.GetProperty("censoredDays").EnumerateArray()).GetDouble(), 3);

        var groups = body.GetProperty("groups").EnumerateArray()
            .ToDictionary(g => $"{g.GetProperty("modality").GetString()}/{g.GetProperty("indication").GetString()}", g => g.GetProperty("rates"));
        Assert.Equal(["iv/depression", "iv/both", "esketamine/depression"], groups.Keys);
        Assert.Equal((0, 1), Rate(groups["esketamine/depression"], "response"));
        Assert.Equal((1, 1), Rate(groups["iv/both"], "dualResponse"));

        var week0 = body.GetProperty("phq9Trajectory")[0];
        Assert.Equal(0, week0.GetProperty("week").GetInt32());
        Assert.Equal(19.33m, week0.GetProperty("mean").GetDecimal());      // (20 + 20 + 18) / 3
        Assert.Equal(3, week0.GetProperty("patients").GetInt32());

        var esketamine = await (await prescriber.GetAsync($"/api/dashboard/outcomes?location={locationId}&modality=esketamine")).ReadJsonAsync();
        Assert.Equal(1, esketamine.GetProperty("patientsTreated").GetInt32());
        var both = await (await prescriber.GetAsync($"/api/dashboard/outcomes?location={locationId}&indication=both")).ReadJsonAsync();
        Assert.Equal(1, both.GetProperty("patientsTreated").GetInt32());
        var before = await (await prescriber.GetAsync($"/api/dashboard/outcomes?location={locationId}&to={sessionAt.AddDays(-2):yyyy-MM-dd}")).ReadJsonAsync();
        Assert.Equal(0, before.GetProperty("patientsTreated").GetInt32());

        // C's new score is a response: the snapshot is recomputed when it is recorded.
        await ScoreAsync(c, "phq9", Phq9(6), sessionAt.AddDays(14));
        var after = await (await prescriber.GetAsync($"/api/dashboard/outcomes?location={locationId}")).ReadJsonAsync();
        Assert.Equal((2, 3), Rate(after.GetProperty("overall"), "response"));
        Assert.Equal(0, after.GetProperty("staleSnapshots").GetInt32());
    }

    private static (int Count, int Of) Rate(System.Text.Json.JsonElement rates, string name) =>
        (rates.GetProperty(name).GetProperty("count").GetInt32(), rates.GetProperty(name).GetProperty("of").GetInt32());

    [Theory]
    [InlineData("location=not-a-guid", "location")]
    [InlineData("location=5b1f3a36-0000-4000-8000-000000000001", "location")]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2026-05-01&to=2026-04-01", "to")]
    [InlineData("modality=laser", "modality")]
    [InlineData("indication=anxiety", "indication")]
    public async Task Dashboard_RejectsBadFilters_NamingTheField(string query, string field)
    {
        var admin = await factory.ClientForAsync(Roles.Admin);
        var response = await admin.GetAsync($"/api/dashboard/outcomes?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await response.ReadJsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task Recompute_RewritesEverySnapshot_WithTheCurrentSettings()
    {
        var location = await SchedulingData.CreateLocationAsync(factory, chairs: 1);
        var locationId = Guid.Parse(location.GetProperty("id").GetString()!);
        await PatientAsync(locationId, SessionKind.IvInfusion, ["depression"], DateTimeOffset.UtcNow.AddDays(-20));
        var admin = await factory.ClientForAsync(Roles.Admin);
        Assert.Equal(0, (await (await admin.GetAsync($"/api/dashboard/outcomes?location={locationId}")).ReadJsonAsync()).GetProperty("patientsTreated").GetInt32());

        var result = await (await admin.PostAsync("/api/dashboard/outcomes/recompute", null)).ReadJsonAsync();
        Assert.True(result.GetProperty("snapshots").GetInt32() >= 1);
        var body = await (await admin.GetAsync($"/api/dashboard/outcomes?location={locationId}")).ReadJsonAsync();
        Assert.Equal(1, body.GetProperty("patientsTreated").GetInt32());
        Assert.Equal(1, body.GetProperty("patientsInTreatment").GetInt32());
        Assert.Equal((0, 0), Rate(body.GetProperty("overall"), "response"));   // no scores: nothing to judge
    }

    [Fact]
    public async Task OutcomeSettingsChanged_SnapshotsAreRecomputedInTheBackground_UnderTheNewDefinitions()
    {
        var location = await SchedulingData.CreateLocationAsync(factory, chairs: 1);
        var locationId = Guid.Parse(location.GetProperty("id").GetString()!);
        var sessionAt = DateTimeOffset.UtcNow.AddDays(-20);
        var patient = await PatientAsync(locationId, SessionKind.IvInfusion, ["depression"], sessionAt);
        await ScoreAsync(patient, "phq9", Phq9(20), sessionAt.AddDays(-1));
        await ScoreAsync(patient, "phq9", Phq9(12), sessionAt.AddDays(10));   // 40 % lower: no response at the default 50 %
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var admin = await factory.ClientForAsync(Roles.Admin);
        Assert.Equal((0, 1), Rate((await (await prescriber.GetAsync($"/api/dashboard/outcomes?location={locationId}")).ReadJsonAsync()).GetProperty("overall"), "response"));

        var original = (await (await admin.GetAsync("/api/settings/outcomes")).ReadJsonAsync()).GetProperty("value").GetRawText();
        var refresher = factory.Services.GetRequiredService<Respite.Web.Features.Outcomes.OutcomeSnapshotRefresher>();
        try
        {
            var changed = System.Text.Json.Nodes.JsonNode.Parse(original)!;
            changed["phq9ResponseFraction"] = 0.4;
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/settings/outcomes", changed)).StatusCode);

            await refresher.RefreshOnceAsync();
            var after = await (await prescriber.GetAsync($"/api/dashboard/outcomes?location={locationId}")).ReadJsonAsync();
            Assert.Equal((1, 1), Rate(after.GetProperty("overall"), "response"));
            Assert.Equal(0, after.GetProperty("staleSnapshots").GetInt32());
        }
        finally
        {
            await admin.PutAsync("/api/settings/outcomes", new StringContent(original, System.Text.Encoding.UTF8, "application/json"));
            await refresher.RefreshOnceAsync();
        }
    }

    [Fact]
    public async Task SigningAPlan_MovesThePatientToThePlansIndication_OnTheDashboard()
    {
        var location = await SchedulingData.CreateLocationAsync(factory, chairs: 1);
        var locationId = Guid.Parse(location.GetProperty("id").GetString()!);
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var id = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!;
        await desk.PostAsJsonAsync($"/api/patients/{id}/assessments", new { instrument = "phq9", answers = new[] { 2, 2, 2, 2, 2, 2, 2, 2, 0 } });
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var screening = await (await prescriber.PostAsync($"/api/patients/{id}/screenings", null)).ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, (await prescriber.PostAsJsonAsync($"/api/patients/{id}/screenings/{screening.GetProperty("id").GetString()}/sign", new { note = "ok" })).StatusCode);
        var plan = await (await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans", new
        {
            protocolId = "iv-ketamine-depression", startDate = SchedulingData.Monday(1).ToString("yyyy-MM-dd"), indications = new[] { "depression" },
            overrideReason = "Reviewed with the patient; benefits outweigh the findings.",
        })).ReadJsonAsync();
        var sessionAt = DateTimeOffset.UtcNow.AddDays(-3);
        await factory.WithDbAsync(async db =>
        {
            var appointment = new Appointment
            {
                Id = Guid.NewGuid(), PatientId = Guid.Parse(id), LocationId = locationId, Kind = AppointmentKind.IvInfusion, Status = AppointmentStatus.Completed,
                Start = sessionAt, End = sessionAt.AddHours(2), CreatedAt = sessionAt.AddDays(-3),
            };
            db.Appointments.Add(appointment);
            db.TreatmentSessions.Add(new TreatmentSession
            {
                Id = Guid.NewGuid(), PatientId = Guid.Parse(id), AppointmentId = appointment.Id, Kind = SessionKind.IvInfusion, Status = SessionStatus.Discharged,
                CheckedInAt = sessionAt, DischargedAt = sessionAt.AddHours(2), RideHomeArranged = true, Version = Guid.NewGuid(),
            });
            return await db.SaveChangesAsync();
        });
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Respite.Web.Features.Outcomes.OutcomeSnapshotService>().RecomputeAsync(Guid.Parse(id));
        }

        async Task<int> TreatedAsync(string indication) =>
            (await (await prescriber.GetAsync($"/api/dashboard/outcomes?location={locationId}&indication={indication}")).ReadJsonAsync()).GetProperty("patientsTreated").GetInt32();
        Assert.Equal(0, await TreatedAsync("depression"));   // a draft plan does not count

        var signed = await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans/{plan.GetProperty("id").GetString()}/sign", new { version = plan.GetProperty("version").GetString() });

        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(1, await TreatedAsync("depression"));
    }

    [Fact]
    public async Task GeneratedHistory_GivesSensibleNumbers()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var generator = scope.ServiceProvider.GetRequiredService<ClinicHistoryGenerator>();
        var counts = await generator.GenerateAsync(new HistoryOptions(Patients: 40, Seed: 7, Years: 2, Locations: 1));
        Assert.Equal(40, counts.Patients);
        Assert.Equal(40, counts.Snapshots);
        Assert.InRange(counts.Sessions / 40.0, 8, 35);
        Assert.True(counts.Observations > counts.Sessions * 15);

        var locationId = await factory.WithDbAsync(db => Task.FromResult(db.Locations.Single(l => l.Name == "Generated clinic 1").Id));
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var body = await (await prescriber.GetAsync($"/api/dashboard/outcomes?location={locationId}")).ReadJsonAsync();
        Assert.Equal(40, body.GetProperty("patientsTreated").GetInt32());
        var response = body.GetProperty("overall").GetProperty("response");
        Assert.InRange(response.GetProperty("of").GetInt32(), 30, 40);
        Assert.InRange(response.GetProperty("percent").GetDecimal(), 20m, 90m);
        Assert.True(body.GetProperty("durability").GetProperty("responders").GetInt32() > 0);
        var weeks = body.GetProperty("phq9Trajectory").EnumerateArray().ToList();
        Assert.True(weeks[0].GetProperty("mean").GetDecimal() > weeks[^1].GetProperty("mean").GetDecimal());
    }
}

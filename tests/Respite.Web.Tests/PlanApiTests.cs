using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

public sealed class PlanApiTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private static readonly int[] CleanPhq9 = [2, 2, 2, 2, 2, 2, 2, 2, 0];

    /// <summary>A patient with depression, 2 adequate trials, weight 80 kg, complete questionnaires and a signed screening.</summary>
    private async Task<string> ScreenedPatientAsync(int adequateTrials = 2, bool sign = true)
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var trials = Enumerable.Range(0, adequateTrials).Select(i => new { drug = $"Drug {i}", adequate = true }).ToArray();
        var patient = await TestData.CreatePatientAsync(desk, new
        {
            givenName = "Plan", familyName = "Patient-" + Guid.NewGuid().ToString("N")[..6], dateOfBirth = "1979-03-03", sex = "male", weightKg = 80,
            conditions = new object[] { new { icd10 = "F33.2", text = "MDD", category = "depression" }, new { icd10 = "M79.7", text = "Fibromyalgia", category = "chronic-pain" } },
            antidepressantTrials = trials,
        });
        var id = patient.GetProperty("id").GetString()!;
        await desk.PostAsJsonAsync($"/api/patients/{id}/assessments", new { instrument = "phq9", answers = CleanPhq9 });
        if (sign)
        {
            var prescriber = await factory.ClientForAsync(Roles.Prescriber);
            var screening = await (await prescriber.PostAsync($"/api/patients/{id}/screenings", null)).ReadJsonAsync();
            var signed = await prescriber.PostAsJsonAsync($"/api/patients/{id}/screenings/{screening.GetProperty("id").GetString()}/sign", new { note = "ok" });
            Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        }

        return id;
    }

    private static object DepressionPlan(string start = "2026-12-07", string? overrideReason = null, decimal? doseMgPerKg = null) => new
    {
        protocolId = "iv-ketamine-depression", startDate = start, indications = new[] { "depression" }, overrideReason, doseMgPerKg,
    };

    [Fact]
    public async Task Create_StandardDepressionPlan_ComputesSixSessionsFromWeight_ThenSigns()
    {
        var id = await ScreenedPatientAsync();
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var response = await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans", DepressionPlan());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var plan = await response.ReadJsonAsync();
        Assert.Equal("draft", plan.GetProperty("status").GetString());
        Assert.Equal(80m, plan.GetProperty("weightKg").GetDecimal());
        var sessions = plan.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(6, sessions.Count);
        Assert.Equal(["2026-12-07", "2026-12-09", "2026-12-11", "2026-12-14", "2026-12-16", "2026-12-18"], sessions.Select(s => s.GetProperty("date").GetString()!).ToArray());
        Assert.All(sessions, s =>
        {
            Assert.Equal(40m, s.GetProperty("doseMg").GetDecimal());
            Assert.Equal(60m, s.GetProperty("pumpRateMlPerHour").GetDecimal());
            Assert.Equal("allow", s.GetProperty("outcome").GetString());
        });
        Assert.Contains("Murrough", plan.GetProperty("evidence").GetString());

        var signed = await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans/{plan.GetProperty("id").GetString()}/sign", new { version = plan.GetProperty("version").GetString() });
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal("Dr Priya Prescriber", (await signed.ReadJsonAsync()).GetProperty("signedBy").GetString());
    }

    [Fact]
    public async Task SAF_PLAN_001_NoSignedScreening_IsRefused()
    {
        var id = await ScreenedPatientAsync(sign: false);
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var response = await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans", DepressionPlan(overrideReason: "I insist"));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("SAF-PLAN-001", (await response.ReadJsonAsync()).GetProperty("ruleId").GetString());
    }

    [Fact]
    public async Task SAF_PLAN_002_NotEligible_RefusedWithoutReason_AllowedWithAuditedOverride()
    {
        var id = await ScreenedPatientAsync(adequateTrials: 1);
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var esketamine = new { protocolId = "esketamine-trd", startDate = "2026-12-07", indications = new[] { "depression" } };
        var refused = await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans", esketamine);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.ReadJsonAsync();
        Assert.Equal("SAF-PLAN-002", problem.GetProperty("ruleId").GetString());
        Assert.Contains("SCR-TRD-001", problem.GetProperty("detail").GetString());

        var overridden = await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans", new
        {
            protocolId = "esketamine-trd", startDate = "2026-12-07", indications = new[] { "depression" },
            overrideReason = "Second adequate trial documented in outside records; copy requested.",
        });
        Assert.Equal(HttpStatusCode.Created, overridden.StatusCode);
        var plan = await overridden.ReadJsonAsync();
        Assert.Equal(["SAF-PLAN-002"], plan.GetProperty("overriddenRules").EnumerateArray().Select(r => r.GetString()!).ToArray());
        var sessions = plan.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(8, sessions.Count);
        Assert.Equal(2, sessions[0].GetProperty("devices").GetInt32());
        var patientId = Guid.Parse(id);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e =>
            e.PatientId == patientId && e.EntityType == "TreatmentPlan" && e.Detail == "override:SAF-PLAN-002")));
    }

    [Fact]
    public async Task SAF_PLAN_003_OpenSuicideAlert_IsRefusedEvenWithOverride()
    {
        var id = await ScreenedPatientAsync();
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        await desk.PostAsJsonAsync($"/api/patients/{id}/assessments", new { instrument = "phq9", answers = new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1 } });
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var response = await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans", DepressionPlan(overrideReason: "urgent"));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("SAF-PLAN-003", (await response.ReadJsonAsync()).GetProperty("ruleId").GetString());
    }

    [Fact]
    public async Task SAF_PLAN_004_DoseBeyondHardLimit_NeedsOverride()
    {
        var id = await ScreenedPatientAsync();
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var refused = await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans", DepressionPlan(doseMgPerKg: 1.2m));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.ReadJsonAsync();
        Assert.Equal("SAF-PLAN-004", problem.GetProperty("ruleId").GetString());
        Assert.Contains("SAF-DOSE-001", problem.GetProperty("detail").GetString());

        var overridden = await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans", DepressionPlan(doseMgPerKg: 1.2m, overrideReason: "Partial response at 1.0 mg/kg; consultant agreed."));
        Assert.Equal(HttpStatusCode.Created, overridden.StatusCode);
        var session = (await overridden.ReadJsonAsync()).GetProperty("sessions")[0];
        Assert.Equal(96m, session.GetProperty("doseMg").GetDecimal());
        Assert.Equal("block", session.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Revise_AdvanceToMaintenance_CreatesVersion2_AndSigningSupersedesVersion1()
    {
        var id = await ScreenedPatientAsync();
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var v1 = await (await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans", DepressionPlan())).ReadJsonAsync();
        var v1Id = v1.GetProperty("id").GetString();
        await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans/{v1Id}/sign", new { });

        var revised = await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans/{v1Id}/revisions", new { phase = "maintenance", startDate = "2027-01-04" });
        Assert.Equal(HttpStatusCode.Created, revised.StatusCode);
        var v2 = await revised.ReadJsonAsync();
        Assert.Equal(2, v2.GetProperty("versionNumber").GetInt32());
        Assert.Equal("maintenance", v2.GetProperty("phase").GetString());
        Assert.Equal(v1.GetProperty("planGroupId").GetString(), v2.GetProperty("planGroupId").GetString());
        Assert.Equal(["2027-01-04", "2027-01-18", "2027-02-01", "2027-02-15"], v2.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("date").GetString()!).ToArray());

        Assert.Equal(HttpStatusCode.Conflict, (await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans/{v1Id}/revisions", new { })).StatusCode);
        await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans/{v2.GetProperty("id").GetString()}/sign", new { });
        var all = (await (await prescriber.GetAsync($"/api/patients/{id}/plans")).ReadJsonAsync()).EnumerateArray().ToDictionary(p => p.GetProperty("versionNumber").GetInt32(), p => p.GetProperty("status").GetString());
        Assert.Equal("superseded", all[1]);
        Assert.Equal("signed", all[2]);
        Assert.Equal(HttpStatusCode.Conflict, (await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans/{v1Id}/sign", new { })).StatusCode);
    }

    [Theory]
    [InlineData("{\"startDate\":\"2026-12-07\",\"indications\":[\"depression\"]}", "protocolId")]
    [InlineData("{\"protocolId\":\"magic\",\"startDate\":\"2026-12-07\",\"indications\":[\"depression\"]}", "protocolId")]
    [InlineData("{\"protocolId\":\"iv-ketamine-depression\",\"indications\":[\"depression\"]}", "startDate")]
    [InlineData("{\"protocolId\":\"iv-ketamine-depression\",\"startDate\":\"2026-12-07\",\"indications\":[\"sadness\"]}", "indications")]
    [InlineData("{\"protocolId\":\"iv-ketamine-depression\",\"startDate\":\"2026-12-07\",\"indications\":[\"depression\"],\"phase\":\"taper\"}", "phase")]
    [InlineData("{\"protocolId\":\"iv-ketamine-depression\",\"startDate\":\"2026-12-07\",\"indications\":[\"depression\"],\"doseMgPerKg\":-1}", "doseMgPerKg")]
    [InlineData("{\"protocolId\":\"iv-ketamine-depression\",\"startDate\":\"2026-12-07\",\"indications\":[\"depression\"],\"phase\":\"forever\"}", "phase")]
    public async Task Create_BadInput_Returns400NamingTheField(string json, string field)
    {
        var id = await ScreenedPatientAsync();
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var response = await prescriber.PostAsync($"/api/patients/{id}/plans", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadJsonAsync()).ErrorFields());
        Assert.Equal(JsonValueKind.Array, (await (await prescriber.GetAsync($"/api/patients/{id}/plans")).ReadJsonAsync()).ValueKind);
        Assert.Equal(0, (await (await prescriber.GetAsync($"/api/patients/{id}/plans")).ReadJsonAsync()).GetArrayLength());
    }

    /// <summary>A patient with no failed antidepressant trials (not TRD), optionally on an oral antidepressant and with documented suicidal ideation.</summary>
    private async Task<string> MdsiPatientAsync(bool ideation, bool onAntidepressant)
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patient = await TestData.CreatePatientAsync(desk, new
        {
            givenName = "Acute", familyName = "Patient-" + Guid.NewGuid().ToString("N")[..6], dateOfBirth = "1988-08-08", sex = "female", weightKg = 64,
            conditions = new object[] { new { icd10 = "F32.2", text = "MDD, severe", category = "depression" } },
            medications = onAntidepressant ? new object[] { new { name = "Sertraline", dose = "100 mg", frequency = "daily", @class = "antidepressant" } } : [],
        });
        var id = patient.GetProperty("id").GetString()!;
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var phq9 = await (await desk.PostAsJsonAsync($"/api/patients/{id}/assessments", new { instrument = "phq9", answers = ideation ? new[] { 3, 3, 2, 2, 2, 3, 2, 1, 2 } : CleanPhq9 })).ReadJsonAsync();
        foreach (var alert in phq9.GetProperty("raisedAlerts").EnumerateArray())
        {
            var ack = await prescriber.PostAsJsonAsync($"/api/patients/{id}/alerts/{alert.GetProperty("id").GetString()}/acknowledge", new { note = "Assessed in person; safety plan; esketamine with an oral antidepressant considered." });
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        }

        var screening = await (await prescriber.PostAsync($"/api/patients/{id}/screenings", null)).ReadJsonAsync();
        var signed = await prescriber.PostAsJsonAsync($"/api/patients/{id}/screenings/{screening.GetProperty("id").GetString()}/sign", new { note = "ok" });
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        return id;
    }

    private static object MdsiPlan(string? overrideReason = null) => new
    {
        protocolId = "esketamine-mdsi", startDate = "2026-12-07", indications = new[] { "depression" }, overrideReason,
    };

    [Fact]
    public async Task Mdsi_DoesNotNeedTreatmentResistance_ButTheTrdProtocolDoes()
    {
        var id = await MdsiPatientAsync(ideation: true, onAntidepressant: true);
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);

        var mdsi = await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans", MdsiPlan());
        var refused = await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans", new { protocolId = "esketamine-trd", startDate = "2026-12-07", indications = new[] { "depression" } });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.ReadJsonAsync();
        Assert.Equal("SAF-PLAN-002", problem.GetProperty("ruleId").GetString());
        Assert.Contains("SCR-TRD-001", problem.GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.Created, mdsi.StatusCode);
        var plan = await mdsi.ReadJsonAsync();
        Assert.Empty(plan.GetProperty("overriddenRules").EnumerateArray());
        Assert.Equal(8, plan.GetProperty("sessions").GetArrayLength());
        Assert.All(plan.GetProperty("sessions").EnumerateArray(), s => Assert.Equal(84m, s.GetProperty("doseMg").GetDecimal()));
        Assert.DoesNotContain(plan.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("ruleId").GetString() == "SAF-PLAN-008");
    }

    [Fact]
    public async Task SAF_PLAN_007_MdsiWithoutDocumentedIdeation_NeedsAnOverride_AndSAF_PLAN_008_WarnsWithoutAnAntidepressant()
    {
        var id = await MdsiPatientAsync(ideation: false, onAntidepressant: false);
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var refused = await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans", MdsiPlan());
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("SAF-PLAN-007", (await refused.ReadJsonAsync()).GetProperty("ruleId").GetString());

        var overridden = await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans", MdsiPlan("Suicidal behaviour yesterday, documented in the ED letter."));
        Assert.Equal(HttpStatusCode.Created, overridden.StatusCode);
        var plan = await overridden.ReadJsonAsync();
        Assert.Contains("SAF-PLAN-007", plan.GetProperty("overriddenRules").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains(plan.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("ruleId").GetString() == "SAF-PLAN-008");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

/// <summary>Questionnaires, suicide-risk alerts, screening and its signature, end to end through the API.</summary>
public sealed class SafetyWorkflowTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private static readonly int[] Phq9WithItem9 = [2, 2, 2, 2, 1, 1, 1, 1, 1];

    [Fact]
    public async Task RecordPhq9_Item9AboveZero_RaisesAlertRequiringPrescriber()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var id = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        var response = await desk.PostAsJsonAsync($"/api/patients/{id}/assessments", new { instrument = "phq9", answers = Phq9WithItem9, context = "intake" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var assessment = await response.ReadJsonAsync();
        Assert.Equal(13m, assessment.GetProperty("total").GetDecimal());
        Assert.Equal("moderate", assessment.GetProperty("band").GetString());
        var alert = assessment.GetProperty("raisedAlerts").EnumerateArray().Single();
        Assert.Equal("SCR-SUI-001", alert.GetProperty("ruleId").GetString());

        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var ack = $"/api/patients/{id}/alerts/{alert.GetProperty("id").GetString()}/acknowledge";
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.PostAsJsonAsync(ack, new { note = "seen" })).StatusCode);

        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var empty = await prescriber.PostAsJsonAsync(ack, new { note = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("note", (await empty.ReadJsonAsync()).ErrorFields());

        var done = await prescriber.PostAsJsonAsync(ack, new { note = "C-SSRS done, passive ideation only, safety plan agreed." });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await prescriber.PostAsJsonAsync(ack, new { note = "again" })).StatusCode);

        var open = await (await prescriber.GetAsync($"/api/patients/{id}/alerts?open=true")).ReadJsonAsync();
        Assert.Equal(0, open.GetArrayLength());
    }

    [Fact]
    public async Task RecordPhq9_Item9Zero_RaisesNoAlert()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var id = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        var assessment = await (await desk.PostAsJsonAsync($"/api/patients/{id}/assessments", new { instrument = "phq9", answers = new[] { 3, 3, 3, 3, 3, 3, 3, 3, 0 } })).ReadJsonAsync();
        Assert.Equal("severe", assessment.GetProperty("band").GetString());
        Assert.Equal(0, assessment.GetProperty("raisedAlerts").GetArrayLength());
    }

    [Fact]
    public async Task SignScreening_WithOpenSuicideAlert_IsBlockedWithRuleId_ThenSignsAfterAcknowledgement()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var id = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        var assessment = await (await desk.PostAsJsonAsync($"/api/patients/{id}/assessments", new { instrument = "phq9", answers = Phq9WithItem9 })).ReadJsonAsync();
        var alertId = assessment.GetProperty("raisedAlerts")[0].GetProperty("id").GetString();

        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var screening = await (await prescriber.PostAsync($"/api/patients/{id}/screenings", null)).ReadJsonAsync();
        Assert.True(screening.GetProperty("suicideRiskAlert").GetBoolean());
        var screeningId = screening.GetProperty("id").GetString();

        var blocked = await prescriber.PostAsJsonAsync($"/api/patients/{id}/screenings/{screeningId}/sign", new { note = "ok" });
        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        var problem = await blocked.ReadJsonAsync();
        Assert.Equal("SCR-SUI-001", problem.GetProperty("ruleId").GetString());
        Assert.EndsWith("safety-rule-blocked", problem.GetProperty("type").GetString());

        await prescriber.PostAsJsonAsync($"/api/patients/{id}/alerts/{alertId}/acknowledge", new { note = "Assessed in person." });
        var signed = await prescriber.PostAsJsonAsync($"/api/patients/{id}/screenings/{screeningId}/sign", new { note = "Proceed with IV ketamine induction." });
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var body = await signed.ReadJsonAsync();
        Assert.NotEqual(JsonValueKind.Null, body.GetProperty("signedAt").ValueKind);
        Assert.Equal("Dr Priya Prescriber", body.GetProperty("signedBy").GetString());
    }

    [Fact]
    public async Task Screening_EvaluatesAllThreeModalitiesWithRuleIds()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var id = (await TestData.CreatePatientAsync(desk, new
        {
            givenName = "Esme", familyName = "Aneurysm-" + Guid.NewGuid().ToString("N")[..6], dateOfBirth = "1970-01-01", sex = "female",
            conditions = new object[] { new { icd10 = "F33.2", text = "MDD", category = "depression" } },
            antidepressantTrials = new object[] { new { drug = "Sertraline", adequate = true }, new { drug = "Bupropion", adequate = true } },
            medicalFlags = new[] { "aneurysmal-vascular-disease-or-avm" },
        })).GetProperty("id").GetString();
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var screening = await (await nurse.PostAsync($"/api/patients/{id}/screenings", null)).ReadJsonAsync();
        var results = screening.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("modality").GetString()!);
        Assert.Equal(3, results.Count);
        Assert.Equal("not-eligible", results["esketamine-nasal-spray"].GetProperty("eligibility").GetString());
        Assert.Contains(results["esketamine-nasal-spray"].GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "SCR-CI-001");
        Assert.Equal("not-eligible", results["iv-ketamine-chronic-pain"].GetProperty("eligibility").GetString());
        Assert.Contains(results["iv-ketamine-chronic-pain"].GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "SCR-IND-001");
    }

    [Fact]
    public async Task SignedScreening_IsKeptAsSigned_WhenRecordChangesLater()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var created = await TestData.CreatePatientAsync(desk);
        var id = created.GetProperty("id").GetString();
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var screening = await (await prescriber.PostAsync($"/api/patients/{id}/screenings", null)).ReadJsonAsync();
        var screeningId = screening.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await prescriber.PostAsJsonAsync($"/api/patients/{id}/screenings/{screeningId}/sign", new { note = "ok" })).StatusCode);
        var before = (await (await prescriber.GetAsync($"/api/patients/{id}/screenings/{screeningId}")).ReadJsonAsync()).GetProperty("results").GetRawText();

        await desk.PutAsJsonAsync($"/api/patients/{id}", new
        {
            givenName = "Test", familyName = created.GetProperty("familyName").GetString(), dateOfBirth = "1980-05-17", sex = "female",
            medicalFlags = new[] { "ketamine-hypersensitivity" }, version = created.GetProperty("version").GetString(),
        });

        var after = (await (await prescriber.GetAsync($"/api/patients/{id}/screenings/{screeningId}")).ReadJsonAsync()).GetProperty("results").GetRawText();
        Assert.Equal(before, after);
        Assert.Equal(HttpStatusCode.Conflict, (await prescriber.PostAsJsonAsync($"/api/patients/{id}/screenings/{screeningId}/sign", new { note = "again" })).StatusCode);
        var fresh = await (await prescriber.PostAsync($"/api/patients/{id}/screenings", null)).ReadJsonAsync();
        Assert.Contains(fresh.GetProperty("results").EnumerateArray(), r => r.GetProperty("eligibility").GetString() == "not-eligible");
    }

    [Fact]
    public async Task RecordAssessment_BadAnswers_Returns400AndStoresNothing()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var id = Guid.Parse((await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!);
        var response = await desk.PostAsJsonAsync($"/api/patients/{id}/assessments", new { instrument = "phq9", answers = new[] { 0, 0, 0, 0, 0, 0, 0, 0, 9 } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("answers[8]", (await response.ReadJsonAsync()).ErrorFields());
        Assert.False(await factory.WithDbAsync(db => db.Assessments.AnyAsync(a => a.PatientId == id)));
        Assert.False(await factory.WithDbAsync(db => db.SafetyAlerts.AnyAsync(a => a.PatientId == id)));
    }
}

public sealed class AlertLifecycleTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    [Fact]
    public async Task Reevaluating_AfterAcknowledgement_DoesNotRaiseTheSameAlertAgain()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var id = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        var assessment = await (await desk.PostAsJsonAsync($"/api/patients/{id}/assessments", new { instrument = "phq9", answers = new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1 } })).ReadJsonAsync();
        var alertId = assessment.GetProperty("raisedAlerts")[0].GetProperty("id").GetString();
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        await prescriber.PostAsJsonAsync($"/api/patients/{id}/alerts/{alertId}/acknowledge", new { note = "Assessed; low risk; safety plan." });

        var screening = await (await prescriber.PostAsync($"/api/patients/{id}/screenings", null)).ReadJsonAsync();
        Assert.Equal(0, screening.GetProperty("openAlerts").GetInt32());
        var sign = await prescriber.PostAsJsonAsync($"/api/patients/{id}/screenings/{screening.GetProperty("id").GetString()}/sign", new { note = "ok" });
        Assert.Equal(HttpStatusCode.OK, sign.StatusCode);

        var second = await (await desk.PostAsJsonAsync($"/api/patients/{id}/assessments", new { instrument = "phq9", answers = new[] { 1, 1, 1, 1, 1, 1, 1, 1, 2 } })).ReadJsonAsync();
        Assert.Single(second.GetProperty("raisedAlerts").EnumerateArray());
    }

    [Fact]
    public async Task Acknowledge_ReturnsPrescriberDisplayName_AndIsAudited()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var id = Guid.Parse((await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!);
        var assessment = await (await desk.PostAsJsonAsync($"/api/patients/{id}/assessments", new { instrument = "phq9", answers = new[] { 0, 0, 0, 0, 0, 0, 0, 0, 3 } })).ReadJsonAsync();
        var alertId = assessment.GetProperty("raisedAlerts")[0].GetProperty("id").GetString();
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var body = await (await prescriber.PostAsJsonAsync($"/api/patients/{id}/alerts/{alertId}/acknowledge", new { note = "Seen." })).ReadJsonAsync();
        Assert.Equal("Dr Priya Prescriber", body.GetProperty("acknowledgedBy").GetString());
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e =>
            e.PatientId == id && e.Action == Respite.Data.Auditing.AuditAction.Acknowledge && e.Detail == "SCR-SUI-001" && e.Role == Roles.Prescriber)));
    }
}

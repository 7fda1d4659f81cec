using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Scheduling;
using Respite.Data.Identity;
using Respite.Data.Scheduling;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

/// <summary>The demo patient's due list, answering it, the crisis message and the portal settings group.</summary>
public sealed class PortalQuestionnaireTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private static readonly int[] Phq9Item9 = [1, 1, 1, 1, 1, 1, 0, 0, 1];
    private static readonly int[] Phq9Calm = [1, 1, 0, 0, 0, 0, 0, 0, 0];

    private static async Task<JsonElement> DueAsync(HttpClient patient) => await (await patient.GetAsync("/api/portal/questionnaires")).ReadJsonAsync();

    private static IEnumerable<string> Codes(JsonElement list) => list.EnumerateArray().Select(d => $"{d.GetProperty("instrument").GetString()} {d.GetProperty("context").GetString()}");

    [Fact]
    public async Task DemoPatient_WeeklyDiaryOverdue_AnsweringIt_MovesItAWeekOn()
    {
        using var local = new RespiteWebApplicationFactory();
        var patient = await local.ClientForAsync(Roles.Patient);
        var due = await DueAsync(patient);
        Assert.Equal(["nrs-pain diary", "phq9 diary"], Codes(due.GetProperty("due")).Order());
        Assert.All(due.GetProperty("due").EnumerateArray(), d => Assert.True(d.GetProperty("isOverdue").GetBoolean()));

        var response = await patient.PostAsJsonAsync($"/api/patients/{due.GetProperty("patientId").GetString()}/assessments", new { instrument = "nrs-pain", answers = new[] { 4 }, context = "diary" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = await response.ReadJsonAsync();
        Assert.Equal("patient", answer.GetProperty("respondent").GetString());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("crisis").ValueKind);

        var after = await DueAsync(patient);
        Assert.Equal(["phq9 diary"], Codes(after.GetProperty("due")));
        var next = after.GetProperty("upcoming").EnumerateArray().Single(d => d.GetProperty("instrument").GetString() == "nrs-pain");
        Assert.Equal(answer.GetProperty("answeredAt").GetDateTimeOffset().AddDays(7), next.GetProperty("dueAt").GetDateTimeOffset());

        var nurse = await local.ClientForAsync(Roles.Nurse);
        var assignments = await (await nurse.GetAsync($"/api/patients/{due.GetProperty("patientId").GetString()}/questionnaire-assignments")).ReadJsonAsync();
        var pain = assignments.EnumerateArray().Single(a => a.GetProperty("instrument").GetString() == "nrs-pain");
        Assert.False(pain.GetProperty("isOverdue").GetBoolean());
        Assert.True(assignments.EnumerateArray().Single(a => a.GetProperty("instrument").GetString() == "phq9").GetProperty("isOverdue").GetBoolean());
    }

    [Fact]
    public async Task PortalSettingsChanged_LongerGraceAndAnotherCountrysCrisisLines_AreUsed()
    {
        using var local = new RespiteWebApplicationFactory();
        var admin = await local.ClientForAsync(Roles.Admin);
        var response = await admin.PutAsJsonAsync("/api/settings/portal", new { diaryGraceDays = 14, crisisMessage = "Call or text 116 123, or 999 in an emergency.", crisisLineNumber = "116 123", emergencyNumber = "999" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var due = await DueAsync(await local.ClientForAsync(Roles.Patient));
        Assert.Equal(2, due.GetProperty("due").GetArrayLength());
        Assert.All(due.GetProperty("due").EnumerateArray(), d => Assert.False(d.GetProperty("isOverdue").GetBoolean()));

        var patient = await local.ClientForAsync(Roles.Patient);
        var crisis = (await (await patient.PostAsJsonAsync($"/api/patients/{due.GetProperty("patientId").GetString()}/assessments",
            new { instrument = "phq9", answers = Phq9Item9 })).ReadJsonAsync()).GetProperty("crisis");
        Assert.Equal("Call or text 116 123, or 999 in an emergency.", crisis.GetProperty("message").GetString());
        Assert.Equal("116 123", crisis.GetProperty("crisisLineNumber").GetString());
    }

    [Fact]
    public async Task TreatmentToday_PreSessionDue_UntilAnsweredAsPreSession()
    {
        using var local = new RespiteWebApplicationFactory();
        var patient = await local.ClientForAsync(Roles.Patient);
        var patientId = (await DueAsync(patient)).GetProperty("patientId").GetString()!;
        var nurse = await local.ClientForAsync(Roles.Nurse);
        Assert.Equal(HttpStatusCode.Created, (await nurse.PostAsJsonAsync($"/api/patients/{patientId}/questionnaire-assignments", new { instrument = "phq9", trigger = "before-each-session" })).StatusCode);
        Assert.DoesNotContain("phq9 pre-session", Codes((await DueAsync(patient)).GetProperty("due")));

        await local.WithDbAsync(async db =>
        {
            var location = await db.Locations.FirstAsync(l => l.Name == "Respite Demo Clinic");
            var start = DateTimeOffset.UtcNow.AddMinutes(2);
            db.Appointments.Add(new Appointment
            {
                Id = Guid.NewGuid(), PatientId = Guid.Parse(patientId), LocationId = location.Id, Kind = AppointmentKind.IvInfusion,
                Status = AppointmentStatus.Booked, Start = start, End = start.AddHours(2), CreatedAt = DateTimeOffset.UtcNow, Version = Guid.NewGuid(),
            });
            return await db.SaveChangesAsync();
        });

        Assert.Contains("phq9 pre-session", Codes((await DueAsync(patient)).GetProperty("due")));
        await patient.PostAsJsonAsync($"/api/patients/{patientId}/assessments", new { instrument = "phq9", answers = Phq9Calm, context = "diary" });
        Assert.Contains("phq9 pre-session", Codes((await DueAsync(patient)).GetProperty("due")));
        await patient.PostAsJsonAsync($"/api/patients/{patientId}/assessments", new { instrument = "phq9", answers = Phq9Calm, context = "pre-session" });
        Assert.DoesNotContain("phq9 pre-session", Codes((await DueAsync(patient)).GetProperty("due")));
    }

    [Fact]
    public async Task PatientSubmission_Item9_ReturnsCrisisMessageWithClinicPhone_AndRaisesAnAlertStaffMustAcknowledge()
    {
        using var local = new RespiteWebApplicationFactory();
        var patient = await local.ClientForAsync(Roles.Patient);
        var patientId = (await DueAsync(patient)).GetProperty("patientId").GetString()!;

        var response = await patient.PostAsJsonAsync($"/api/patients/{patientId}/assessments", new { instrument = "phq9", answers = Phq9Item9, context = "diary" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var crisis = body.GetProperty("crisis");
        Assert.Contains("988", crisis.GetProperty("message").GetString());
        Assert.Contains("911", crisis.GetProperty("message").GetString());
        Assert.Equal("+1 555 0199", crisis.GetProperty("clinicPhone").GetString());
        Assert.Equal("988", crisis.GetProperty("crisisLineNumber").GetString());
        Assert.Equal("911", crisis.GetProperty("emergencyNumber").GetString());
        var alertId = body.GetProperty("raisedAlerts").EnumerateArray().Single().GetProperty("id").GetString();

        var prescriber = await local.ClientForAsync(Roles.Prescriber);
        var open = await (await prescriber.GetAsync($"/api/patients/{patientId}/alerts?open=true")).ReadJsonAsync();
        Assert.Contains(open.EnumerateArray(), a => a.GetProperty("id").GetString() == alertId && a.GetProperty("ruleId").GetString() == "SCR-SUI-001");

        var ack = await prescriber.PostAsJsonAsync($"/api/patients/{patientId}/alerts/{alertId}/acknowledge", new { note = "Called the patient; safety plan reviewed." });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
    }

    [Fact]
    public async Task StaffSubmission_Item9_RaisesTheAlertWithoutThePatientCrisisField()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var id = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        var body = await (await desk.PostAsJsonAsync($"/api/patients/{id}/assessments", new { instrument = "phq9", answers = Phq9Item9, context = "intake" })).ReadJsonAsync();
        Assert.Single(body.GetProperty("raisedAlerts").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("crisis").ValueKind);
    }

    [Theory]
    [InlineData("{\"instrument\":\"madrs\",\"answers\":[0,0,0,0,0,0,0,0,0,0]}", "instrument")]
    [InlineData("{\"instrument\":\"phq9\",\"answers\":[0,0,0,0,0,0,0,0,0],\"context\":\"intake\"}", "context")]
    [InlineData("{\"instrument\":\"phq9\",\"answers\":[0,0,0,0,0,0,0,0,0],\"context\":\"post-session\"}", "context")]
    public async Task PatientSubmission_ClinicianOnlyInstrumentOrStaffContext_Returns400(string json, string field)
    {
        var patient = await factory.ClientForAsync(Roles.Patient);
        var patientId = (await DueAsync(patient)).GetProperty("patientId").GetString();
        var response = await patient.PostAsync($"/api/patients/{patientId}/assessments", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadJsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task PatientCssrs_SuicidalThoughts_ShowsCrisisSupport_AndRaisesTheStaffAlert()
    {
        using var local = new RespiteWebApplicationFactory();
        var patient = await local.ClientForAsync(Roles.Patient);
        var patientId = (await DueAsync(patient)).GetProperty("patientId").GetString();

        var response = await patient.PostAsJsonAsync($"/api/patients/{patientId}/assessments",
            new { instrument = "cssrs-screener", answers = new bool?[] { true, true, false, false, false, false, null }, context = "diary" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("patient", body.GetProperty("respondent").GetString());
        Assert.Contains("988", body.GetProperty("crisis").GetProperty("message").GetString());
        Assert.Equal("SCR-SUI-002", body.GetProperty("raisedAlerts").EnumerateArray().Single().GetProperty("ruleId").GetString());
        var prescriber = await local.ClientForAsync(Roles.Prescriber);
        var open = await (await prescriber.GetAsync($"/api/patients/{patientId}/alerts?open=true")).ReadJsonAsync();
        Assert.Contains(open.EnumerateArray(), a => a.GetProperty("ruleId").GetString() == "SCR-SUI-002");
    }

    [Fact]
    public async Task StaffRecordsCssrsAsBefore()
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var id = (await TestData.CreatePatientAsync(nurse)).GetProperty("id").GetString();
        var response = await nurse.PostAsJsonAsync($"/api/patients/{id}/assessments",
            new { instrument = "cssrs-screener", answers = new bool?[] { false, false, null, null, null, false, null }, context = "intake" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task PortalSettings_CitedDefaults_AndOutOfRangeRefusedNamingTheField()
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var defaults = (await (await nurse.GetAsync("/api/settings/portal")).ReadJsonAsync()).GetProperty("defaults");
        Assert.Equal(2, defaults.GetProperty("diaryGraceDays").GetInt32());
        Assert.Contains("988lifeline.org", defaults.GetProperty("crisisMessage").GetString());
        Assert.Equal("988", defaults.GetProperty("crisisLineNumber").GetString());
        Assert.Equal("911", defaults.GetProperty("emergencyNumber").GetString());

        var admin = await factory.ClientForAsync(Roles.Admin);
        var tooLong = await admin.PutAsJsonAsync("/api/settings/portal", new { diaryGraceDays = 30 });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("diaryGraceDays", (await tooLong.ReadJsonAsync()).ErrorFields());
        var blank = await admin.PutAsJsonAsync("/api/settings/portal", new { diaryGraceDays = 2, crisisMessage = " " });
        Assert.Contains("crisisMessage", (await blank.ReadJsonAsync()).ErrorFields());
        var letters = await admin.PutAsJsonAsync("/api/settings/portal", new { crisisLineNumber = "call us" });
        Assert.Contains("crisisLineNumber", (await letters.ReadJsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task PortalDueList_StaffAccountsAreRefused()
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.GetAsync("/api/portal/questionnaires")).StatusCode);
    }
}

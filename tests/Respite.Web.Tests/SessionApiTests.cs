using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

public sealed class SessionApiTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private async Task<string> PatientAsync()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        return (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!;
    }

    private static object CheckIn(int systolic = 128, int diastolic = 82, bool ride = true, bool? rems = true, string kind = "esketamine") => new
    {
        kind, weightKg = 71.5, baseline = new { systolic, diastolic, heartRate = 76, spo2 = 98 },
        lastFood = DateTimeOffset.UtcNow.AddHours(-3), lastLiquid = DateTimeOffset.UtcNow.AddHours(-1),
        rideHomeArranged = ride, remsEnrolled = rems, newInteractingMedication = false, possiblyPregnant = false,
    };

    private async Task<JsonElement> CheckInAsync(string patientId, object body)
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var response = await nurse.PostAsJsonAsync($"/api/patients/{patientId}/sessions", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static string[] Rules(JsonElement alerts) => [.. alerts.EnumerateArray().Select(a => a.GetProperty("ruleId").GetString()!)];

    [Fact]
    public async Task CheckIn_AllClear_MayDose_AndRecordsTodaysWeight()
    {
        var patientId = await PatientAsync();
        var session = await CheckInAsync(patientId, CheckIn());
        Assert.True(session.GetProperty("mayDose").GetBoolean());
        Assert.Empty(Rules(session.GetProperty("alerts")));
        Assert.True(session.GetProperty("vitals")[0].GetProperty("preDose").GetBoolean());
        Assert.Equal("Noah Nurse", session.GetProperty("vitals")[0].GetProperty("recordedBy").GetString());
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patient = await (await desk.GetAsync($"/api/patients/{patientId}")).ReadJsonAsync();
        Assert.Equal(71.5m, patient.GetProperty("weightKg").GetDecimal());
    }

    [Fact]
    public async Task SAF_BP_002_HighBaseline_BlocksDosing_UntilAPrescriberOverridesWithAReason()
    {
        var session = await CheckInAsync(await PatientAsync(), CheckIn(systolic: 166, diastolic: 96));
        Assert.False(session.GetProperty("mayDose").GetBoolean());
        Assert.Equal(["SAF-BP-002"], session.GetProperty("blockingRules").EnumerateArray().Select(r => r.GetString()!).ToArray());
        var url = $"/api/sessions/{session.GetProperty("id").GetString()}/override";
        var body = new { ruleIds = new[] { "SAF-BP-002" }, reason = "Rechecked 158/94 after rest; long-standing hypertension; benefit outweighs.", version = session.GetProperty("version").GetString() };

        var nurse = await factory.ClientForAsync(Roles.Nurse);
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.PostAsJsonAsync(url, body)).StatusCode);
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        Assert.Contains("reason", (await (await prescriber.PostAsJsonAsync(url, body with { reason = "" })).ReadJsonAsync()).ErrorFields());
        var overridden = await prescriber.PostAsJsonAsync(url, body);
        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        var after = await overridden.ReadJsonAsync();
        Assert.True(after.GetProperty("mayDose").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await prescriber.PostAsJsonAsync(url, body)).StatusCode);
    }

    [Fact]
    public async Task NoRide_AndNoRems_CannotBeOverridden()
    {
        var session = await CheckInAsync(await PatientAsync(), CheckIn(ride: false, rems: null));
        Assert.Equal(["SAF-PRE-002", "SAF-PRE-003"], session.GetProperty("blockingRules").EnumerateArray().Select(r => r.GetString()!).Order().ToArray());
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var refused = await prescriber.PostAsJsonAsync($"/api/sessions/{session.GetProperty("id").GetString()}/override",
            new { ruleIds = new[] { "SAF-PRE-002" }, reason = "Will take a taxi", version = session.GetProperty("version").GetString() });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("ruleIds", (await refused.ReadJsonAsync()).ErrorFields());
    }

    [Theory]
    [InlineData("{\"systolic\":400,\"diastolic\":80}", "systolic")]
    [InlineData("{\"spo2\":120}", "spo2")]
    [InlineData("{\"systolic\":120}", "diastolic")]
    [InlineData("{}", "systolic")]
    [InlineData("{\"heartRate\":\"fast\"}", "heartRate")]
    [InlineData("{\"moaas\":6}", "moaas")]
    public async Task Vitals_ImpossibleValues_Are400NamingTheField(string json, string field)
    {
        var session = await CheckInAsync(await PatientAsync(), CheckIn());
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var response = await nurse.PostAsync($"/api/sessions/{session.GetProperty("id").GetString()}/vitals", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadJsonAsync()).ErrorFields());
        var reloaded = await (await nurse.GetAsync($"/api/sessions/{session.GetProperty("id").GetString()}")).ReadJsonAsync();
        Assert.Equal(1, reloaded.GetProperty("vitals").GetArrayLength());
    }

    [Fact]
    public async Task Vitals_SustainedHighBp_RaisesSAF_BP_003_WhichMustBeAcknowledgedWithANote()
    {
        var session = await CheckInAsync(await PatientAsync(), CheckIn());
        var id = session.GetProperty("id").GetString();
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        var first = await (await nurse.PostAsJsonAsync($"/api/sessions/{id}/vitals", new { takenAt = t0, systolic = 186, diastolic = 104, heartRate = 90, spo2 = 97 })).ReadJsonAsync();
        Assert.Empty(Rules(first.GetProperty("alerts")));
        var second = await nurse.PostAsJsonAsync($"/api/sessions/{id}/vitals", new { takenAt = t0.AddMinutes(6), systolic = 183, diastolic = 106 });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var body = await second.ReadJsonAsync();
        Assert.Equal(["SAF-BP-003"], Rules(body.GetProperty("alerts")));
        Assert.Equal(183, body.GetProperty("reading").GetProperty("systolic").GetInt32());

        var alertId = body.GetProperty("alerts")[0].GetProperty("id").GetString();
        var url = $"/api/sessions/{id}/alerts/{alertId}/acknowledge";
        Assert.Contains("note", (await (await nurse.PostAsJsonAsync(url, new { })).ReadJsonAsync()).ErrorFields());
        var acknowledged = await (await nurse.PostAsJsonAsync(url, new { note = "Infusion paused; prescriber called; labetalol given." })).ReadJsonAsync();
        var alert = acknowledged.GetProperty("alerts").EnumerateArray().Single(a => a.GetProperty("id").GetString() == alertId);
        Assert.Equal("Noah Nurse", alert.GetProperty("acknowledgedBy").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await nurse.PostAsJsonAsync(url, new { note = "again" })).StatusCode);
    }

    [Fact]
    public async Task CheckIn_FromAnAppointment_MarksItCheckedIn_Once()
    {
        var location = await SchedulingData.CreateLocationAsync(factory);
        var patientId = await PatientAsync();
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var appointment = await (await desk.PostAsJsonAsync($"/api/patients/{patientId}/appointments", new
        {
            kind = "iv-infusion", locationId = location.GetProperty("id").GetString(), date = SchedulingData.Monday(12).ToString("yyyy-MM-dd"), startTime = "09:00", treatmentMinutes = 40,
        })).ReadJsonAsync();
        var body = new
        {
            appointmentId = appointment.GetProperty("id").GetString(), baseline = new { systolic = 124, diastolic = 80 }, rideHomeArranged = true,
        };
        var session = await CheckInAsync(patientId, body);
        Assert.Equal("iv-infusion", session.GetProperty("kind").GetString());
        var list = await (await desk.GetAsync($"/api/patients/{patientId}/appointments")).ReadJsonAsync();
        Assert.Equal("checked-in", list[0].GetProperty("status").GetString());
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var again = await nurse.PostAsJsonAsync($"/api/patients/{patientId}/sessions", body);
        Assert.Contains("appointmentId", (await again.ReadJsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task FrontDesk_CannotChart()
    {
        var patientId = await PatientAsync();
        var session = await CheckInAsync(patientId, CheckIn());
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.PostAsJsonAsync($"/api/patients/{patientId}/sessions", CheckIn())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.PostAsJsonAsync($"/api/sessions/{session.GetProperty("id").GetString()}/vitals", new { heartRate = 80 })).StatusCode);
    }
}

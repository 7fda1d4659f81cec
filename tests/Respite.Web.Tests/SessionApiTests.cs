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

    private static object CheckIn(int systolic = 128, int diastolic = 82, bool ride = true, bool? rems = true, string kind = "esketamine", DateTimeOffset? checkedInAt = null) => new
    {
        kind, checkedInAt, weightKg = 71.5, baseline = new { systolic, diastolic, heartRate = 76, spo2 = 98 },
        lastFood = (checkedInAt ?? DateTimeOffset.UtcNow).AddHours(-3), lastLiquid = (checkedInAt ?? DateTimeOffset.UtcNow).AddHours(-1),
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

    [Fact]
    public async Task Infusion_Titration_CumulativeDose_AndTheSessionLimit()
    {
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-45);
        var session = await CheckInAsync(await PatientAsync(), new
        {
            kind = "iv-infusion", checkedInAt = t0.AddMinutes(-10), baseline = new { systolic = 124, diastolic = 80, heartRate = 72, spo2 = 98 }, rideHomeArranged = true, concentrationMgPerMl = 1,
        });
        var id = session.GetProperty("id").GetString();
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        async Task<JsonElement> Dose(object body, HttpStatusCode expected = HttpStatusCode.Created)
        {
            var response = await nurse.PostAsJsonAsync($"/api/sessions/{id}/doses", body);
            Assert.Equal(expected, response.StatusCode);
            return await response.ReadJsonAsync();
        }

        await Dose(new { kind = "start", at = t0, rateMgPerHour = 52.5 });
        Assert.Contains("reason", (await Dose(new { kind = "rate-change", at = t0.AddMinutes(10), rateMgPerHour = 30 }, HttpStatusCode.BadRequest)).ErrorFields());
        await Dose(new { kind = "rate-change", at = t0.AddMinutes(10), rateMgPerHour = 30, reason = "Nausea" });
        await Dose(new { kind = "pause", at = t0.AddMinutes(20) });
        Assert.Equal(HttpStatusCode.Conflict, (await nurse.PostAsJsonAsync($"/api/sessions/{id}/doses", new { kind = "pause", at = t0.AddMinutes(21) })).StatusCode);
        await Dose(new { kind = "resume", at = t0.AddMinutes(25), rateMgPerHour = 60 });
        var stopped = await Dose(new { kind = "stop", at = t0.AddMinutes(45) });
        var dosing = stopped.GetProperty("dosing");
        Assert.Equal("stopped", dosing.GetProperty("state").GetString());
        Assert.Equal(33.8m, dosing.GetProperty("cumulativeMg").GetDecimal());    // 8.75 + 5 + 20 = 33.75 → 33.8
        Assert.Equal(5, dosing.GetProperty("events").GetArrayLength());
        Assert.Equal("Nausea", dosing.GetProperty("events")[1].GetProperty("reason").GetString());
        Assert.Contains("at", (await Dose(new { kind = "bolus", at = t0.AddMinutes(30), amountMg = 5 }, HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Contains("kind", (await Dose(new { kind = "esketamine-device", lotNumber = "L1" }, HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task Esketamine_Devices_SpacingWarns_LotRequired_FirstDoseBlockedByCheckIn()
    {
        var blocked = await CheckInAsync(await PatientAsync(), CheckIn(ride: false));
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var refused = await nurse.PostAsJsonAsync($"/api/sessions/{blocked.GetProperty("id").GetString()}/doses", new { kind = "esketamine-device", lotNumber = "L1" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("SAF-PRE-002", (await refused.ReadJsonAsync()).GetProperty("ruleId").GetString());

        var t0 = DateTimeOffset.UtcNow.AddMinutes(-20);
        var session = await CheckInAsync(await PatientAsync(), CheckIn(checkedInAt: t0.AddMinutes(-15)));
        var url = $"/api/sessions/{session.GetProperty("id").GetString()}/doses";
        Assert.Contains("lotNumber", (await (await nurse.PostAsJsonAsync(url, new { kind = "esketamine-device" })).ReadJsonAsync()).ErrorFields());
        var first = await (await nurse.PostAsJsonAsync(url, new { kind = "esketamine-device", at = t0, lotNumber = "24K031" })).ReadJsonAsync();
        Assert.Empty(Rules(first.GetProperty("alerts")));
        var second = await (await nurse.PostAsJsonAsync(url, new { kind = "esketamine-device", at = t0.AddMinutes(3), lotNumber = "24K031" })).ReadJsonAsync();
        Assert.Equal(["SAF-ESK-001"], Rules(second.GetProperty("alerts")));
        var third = await (await nurse.PostAsJsonAsync(url, new { kind = "esketamine-device", at = t0.AddMinutes(9), lotNumber = "24K031" })).ReadJsonAsync();
        Assert.Equal(84m, third.GetProperty("dosing").GetProperty("cumulativeMg").GetDecimal());
        Assert.Equal(3, third.GetProperty("dosing").GetProperty("devices").GetInt32());
        var reloaded = await (await nurse.GetAsync($"/api/sessions/{session.GetProperty("id").GetString()}")).ReadJsonAsync();
        Assert.Equal("in-progress", reloaded.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ASessionFromAPlan_KnowsItsPlannedDoseAndLimit_AndWarnsBeyondThem()
    {
        var location = await SchedulingData.CreateLocationAsync(factory);
        var (patientId, planId) = await SchedulingData.SignedPlanAsync(factory, SchedulingData.Monday(13).ToString("yyyy-MM-dd"));
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        await desk.PostAsJsonAsync($"/api/patients/{patientId}/plans/{planId}/bookings", new { locationId = location.GetProperty("id").GetString(), startTime = "09:00", confirm = true });
        var first = (await (await desk.GetAsync($"/api/patients/{patientId}/appointments")).ReadJsonAsync())[0];
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-120);
        var session = await CheckInAsync(patientId, new
        {
            appointmentId = first.GetProperty("id").GetString(), checkedInAt = t0.AddMinutes(-10), baseline = new { systolic = 124, diastolic = 80 }, rideHomeArranged = true,
        });
        var dosing = session.GetProperty("dosing");
        Assert.Equal(35.3m, dosing.GetProperty("plannedDoseMg").GetDecimal());          // 0.5 mg/kg × 70.5 kg
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var url = $"/api/sessions/{session.GetProperty("id").GetString()}/doses";
        await nurse.PostAsJsonAsync(url, new { kind = "start", at = t0, rateMgPerHour = 53 });
        var over = await (await nurse.PostAsJsonAsync(url, new { kind = "stop", at = t0.AddMinutes(45) })).ReadJsonAsync();
        Assert.Equal(["SAF-SES-001"], Rules(over.GetProperty("alerts")));
        Assert.Equal(39.8m, over.GetProperty("dosing").GetProperty("cumulativeMg").GetDecimal());

        // Discharged an hour after the infusion stopped: the booked appointment is completed.
        var sessionId = session.GetProperty("id").GetString()!;
        await nurse.PostAsJsonAsync($"/api/sessions/{sessionId}/alerts/{over.GetProperty("alerts")[0].GetProperty("id").GetString()}/acknowledge", new { note = "Pump programmed at 53 mg/h; prescriber informed." });
        await nurse.PostAsJsonAsync($"/api/sessions/{sessionId}/vitals", new { takenAt = DateTimeOffset.UtcNow.AddMinutes(-1), systolic = 126, diastolic = 80, heartRate = 72, spo2 = 98, moaas = 5 });
        Assert.Equal(HttpStatusCode.OK, (await DischargeAsync(sessionId)).StatusCode);
        var appointments = await (await desk.GetAsync($"/api/patients/{patientId}/appointments")).ReadJsonAsync();
        Assert.Equal("completed", appointments[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task SAF_SES_002_IvInfusionPastThePlansSessionLimit_IsRefused_UnlessAPrescriberOverridesWithAReason()
    {
        var location = await SchedulingData.CreateLocationAsync(factory);
        var (patientId, planId) = await SchedulingData.SignedPlanAsync(factory, SchedulingData.Monday(14).ToString("yyyy-MM-dd"), "iv-ketamine-crps-10-day");
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        await desk.PostAsJsonAsync($"/api/patients/{patientId}/plans/{planId}/bookings", new { locationId = location.GetProperty("id").GetString(), startTime = "09:00", confirm = true });
        var appointment = (await (await desk.GetAsync($"/api/patients/{patientId}/appointments")).ReadJsonAsync())[0];
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-110);
        var session = await CheckInAsync(patientId, new
        {
            appointmentId = appointment.GetProperty("id").GetString(), checkedInAt = t0.AddMinutes(-10), baseline = new { systolic = 124, diastolic = 80 }, rideHomeArranged = true,
        });
        Assert.Equal(100m, session.GetProperty("dosing").GetProperty("maxMgPerSession").GetDecimal());
        var url = $"/api/sessions/{session.GetProperty("id").GetString()}/doses";
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        Assert.Equal(HttpStatusCode.Created, (await nurse.PostAsJsonAsync(url, new { kind = "start", at = t0, rateMgPerHour = 60 })).StatusCode);

        // 90 mg given by t0+90; a 15 mg bolus would make 105 mg, beyond the protocol's 100 mg per session.
        var refused = await nurse.PostAsJsonAsync(url, new { kind = "bolus", at = t0.AddMinutes(90), amountMg = 15 });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.ReadJsonAsync();
        Assert.Equal("SAF-SES-002", problem.GetProperty("ruleId").GetString());
        Assert.Contains("100 mg per session", problem.GetProperty("detail").GetString());
        var unchanged = await (await nurse.GetAsync($"/api/sessions/{session.GetProperty("id").GetString()}")).ReadJsonAsync();
        Assert.Equal(1, unchanged.GetProperty("dosing").GetProperty("events").GetArrayLength());

        var byNurse = await nurse.PostAsJsonAsync(url, new { kind = "bolus", at = t0.AddMinutes(90), amountMg = 15, limitOverrideReason = "Breakthrough pain" });
        Assert.Equal(HttpStatusCode.Forbidden, byNurse.StatusCode);
        var overridden = await prescriber.PostAsJsonAsync(url, new { kind = "bolus", at = t0.AddMinutes(91), amountMg = 15, limitOverrideReason = "Severe breakthrough pain; reviewed at the chair." });
        Assert.Equal(HttpStatusCode.Created, overridden.StatusCode);
        var alert = (await overridden.ReadJsonAsync()).GetProperty("alerts")[0];
        Assert.Equal("SAF-SES-002", alert.GetProperty("ruleId").GetString());
        Assert.Equal("Dr Priya Prescriber", alert.GetProperty("acknowledgedBy").GetString());
        Assert.Contains("Severe breakthrough pain", alert.GetProperty("note").GetString());

        // Beyond the limit a running rate adds more: refused; the stop is always charted and raises the alert to acknowledge.
        var faster = await nurse.PostAsJsonAsync(url, new { kind = "rate-change", at = t0.AddMinutes(100), rateMgPerHour = 80, reason = "Pain" });
        Assert.Equal("SAF-SES-002", (await faster.ReadJsonAsync()).GetProperty("ruleId").GetString());
        var stopped = await nurse.PostAsJsonAsync(url, new { kind = "stop", at = t0.AddMinutes(100) });
        Assert.Equal(HttpStatusCode.Created, stopped.StatusCode);
        var body = await stopped.ReadJsonAsync();
        Assert.Equal(["SAF-SES-002"], Rules(body.GetProperty("alerts")));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("alerts")[0].GetProperty("acknowledgedAt").ValueKind);
        Assert.Equal(115m, body.GetProperty("dosing").GetProperty("cumulativeMg").GetDecimal());
    }

    /// <summary>An esketamine session checked in <paramref name="minutesAgo"/> minutes ago with three devices 5 min apart from 10 min after check-in.</summary>
    private async Task<(string Id, DateTimeOffset LastDevice)> DosedEsketamineAsync(int minutesAgo)
    {
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-minutesAgo);
        var session = await CheckInAsync(await PatientAsync(), CheckIn(checkedInAt: t0));
        var id = session.GetProperty("id").GetString()!;
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        for (var i = 0; i < 3; i++)
        {
            var response = await nurse.PostAsJsonAsync($"/api/sessions/{id}/doses", new { kind = "esketamine-device", at = t0.AddMinutes(10 + (5 * i)), lotNumber = "24K031" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        return (id, t0.AddMinutes(20));
    }

    private async Task<HttpResponseMessage> DischargeAsync(string id, bool ambulating = true)
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var version = (await (await nurse.GetAsync($"/api/sessions/{id}")).ReadJsonAsync()).GetProperty("version").GetString();
        return await nurse.PostAsJsonAsync($"/api/sessions/{id}/discharge", new { ambulating, escortPresent = true, dissociationResolved = true, version });
    }

    [Fact]
    public async Task Esketamine_FullSession_DischargedAfterTwoHoursWithCriteria_ThenThePrescriberSigns()
    {
        var (id, lastDevice) = await DosedEsketamineAsync(150);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        await nurse.PostAsJsonAsync($"/api/sessions/{id}/vitals", new { takenAt = lastDevice.AddMinutes(20), systolic = 152, diastolic = 96, heartRate = 88, spo2 = 97, moaas = 4 });
        var effect = await nurse.PostAsJsonAsync($"/api/sessions/{id}/side-effects", new { effect = "dissociation", severity = "moderate", at = lastDevice.AddMinutes(20), cadssTotal = 9, intervention = "Reassurance, dim lights" });
        Assert.Equal(HttpStatusCode.Created, effect.StatusCode);
        Assert.Contains("severity", (await (await nurse.PostAsJsonAsync($"/api/sessions/{id}/side-effects", new { effect = "nausea" })).ReadJsonAsync()).ErrorFields());

        var draft = await (await nurse.GetAsync($"/api/sessions/{id}/rems-form")).ReadJsonAsync();
        Assert.Equal("draft", draft.GetProperty("status").GetString());
        Assert.Contains((await (await nurse.GetAsync("/api/rems-forms")).ReadJsonAsync()).EnumerateArray(), r => r.GetProperty("sessionId").GetString() == id);
        var early = await nurse.PostAsJsonAsync($"/api/sessions/{id}/rems-form/submission", new { submittedOn = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd"), confirmationNumber = "C-1" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains(draft.GetProperty("form").GetProperty("missing").EnumerateArray(), m => m.GetString()!.Contains("not been discharged"));

        // BP still high, sedation not resolved, dissociation scored 9 after a pre-dose 0.
        var refused = await DischargeAsync(id);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.ReadJsonAsync();
        Assert.Equal("SAF-DIS-002", problem.GetProperty("ruleId").GetString());
        Assert.Contains("SAF-DIS-003", problem.GetProperty("detail").GetString());
        Assert.Contains("SAF-DIS-004", problem.GetProperty("detail").GetString());

        await nurse.PostAsJsonAsync($"/api/sessions/{id}/vitals", new { takenAt = DateTimeOffset.UtcNow.AddMinutes(-2), systolic = 134, diastolic = 84, heartRate = 76, spo2 = 98, moaas = 5 });
        await nurse.PostAsJsonAsync($"/api/sessions/{id}/side-effects", new { effect = "dissociation", severity = "none", cadssTotal = 0 });
        var discharged = await DischargeAsync(id);
        Assert.Equal(HttpStatusCode.OK, discharged.StatusCode);
        var session = await discharged.ReadJsonAsync();
        Assert.Equal("discharged", session.GetProperty("status").GetString());
        Assert.Equal("Noah Nurse", session.GetProperty("dischargedBy").GetString());

        Assert.Equal(HttpStatusCode.Conflict, (await nurse.PostAsJsonAsync($"/api/sessions/{id}/vitals", new { heartRate = 70 })).StatusCode);
        var rems = await (await nurse.GetAsync($"/api/sessions/{id}/rems-form")).ReadJsonAsync();
        Assert.Equal("complete", rems.GetProperty("status").GetString());
        Assert.False(rems.GetProperty("overdue").GetBoolean());
        var form = rems.GetProperty("form");
        Assert.Equal("84 mg", rems.GetProperty("doseCategory").GetString());
        Assert.Equal(["24K031"], form.GetProperty("lotNumbers").EnumerateArray().Select(l => l.GetString()!).ToArray());
        Assert.InRange(form.GetProperty("totalMinutesMonitored").GetInt32(), 135, 142);
        Assert.True(form.GetProperty("sedation").GetBoolean());
        Assert.True(form.GetProperty("dissociation").GetBoolean());
        Assert.False(form.GetProperty("respiratoryDepression").GetBoolean());
        Assert.True(form.GetProperty("vitalsAcceptableBeforeDosing").GetBoolean());
        Assert.True(form.GetProperty("vitalsAcceptableBeforeDischarge").GetBoolean());
        Assert.Equal("Noah Nurse", form.GetProperty("monitoringClinician").GetString());
        Assert.Equal(3, form.GetProperty("bloodPressures").GetArrayLength());
        var submissionUrl = $"/api/sessions/{id}/rems-form/submission";
        Assert.Contains("confirmationNumber", (await (await nurse.PostAsJsonAsync(submissionUrl, new { submittedOn = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd") })).ReadJsonAsync()).ErrorFields());
        var submitted = await (await nurse.PostAsJsonAsync(submissionUrl, new { submittedOn = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd"), confirmationNumber = "REMS-778812" })).ReadJsonAsync();
        Assert.Equal("submitted", submitted.GetProperty("status").GetString());
        Assert.Equal("REMS-778812", submitted.GetProperty("confirmationNumber").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await nurse.PostAsJsonAsync(submissionUrl, new { submittedOn = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd"), confirmationNumber = "again" })).StatusCode);
        Assert.DoesNotContain((await (await nurse.GetAsync("/api/rems-forms")).ReadJsonAsync()).EnumerateArray(), r => r.GetProperty("sessionId").GetString() == id);
        var signUrl = $"/api/sessions/{id}/sign";
        var version = session.GetProperty("version").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.PostAsJsonAsync(signUrl, new { version })).StatusCode);
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var signed = await (await prescriber.PostAsJsonAsync(signUrl, new { version })).ReadJsonAsync();
        Assert.Equal("Dr Priya Prescriber", signed.GetProperty("prescriberSignedBy").GetString());
    }

    [Fact]
    public async Task SAF_DIS_001_EsketamineCannotLeaveBeforeTwoHours_EvenWithEverythingElseResolved()
    {
        var (id, _) = await DosedEsketamineAsync(110);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        await nurse.PostAsJsonAsync($"/api/sessions/{id}/vitals", new { takenAt = DateTimeOffset.UtcNow.AddMinutes(-1), systolic = 126, diastolic = 80, heartRate = 72, spo2 = 98, moaas = 5 });
        var refused = await DischargeAsync(id);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.ReadJsonAsync();
        Assert.Equal("SAF-DIS-001", problem.GetProperty("ruleId").GetString());
        Assert.DoesNotContain("SAF-DIS-002", problem.GetProperty("detail").GetString());
        var session = await (await nurse.GetAsync($"/api/sessions/{id}")).ReadJsonAsync();
        Assert.Equal("in-progress", session.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, session.GetProperty("clinicallyReadyAt").ValueKind);
    }

    [Fact]
    public async Task Discharge_WithAnOpenAlert_IsRefusedUntilAcknowledged()
    {
        var (id, lastDevice) = await DosedEsketamineAsync(150);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var low = await (await nurse.PostAsJsonAsync($"/api/sessions/{id}/vitals", new { takenAt = lastDevice.AddMinutes(30), spo2 = 89 })).ReadJsonAsync();
        await nurse.PostAsJsonAsync($"/api/sessions/{id}/vitals", new { takenAt = DateTimeOffset.UtcNow.AddMinutes(-1), systolic = 126, diastolic = 80, heartRate = 72, spo2 = 98, moaas = 5 });
        var refused = await DischargeAsync(id);
        Assert.Equal("SAF-SPO2-001", (await refused.ReadJsonAsync()).GetProperty("ruleId").GetString());
        await nurse.PostAsJsonAsync($"/api/sessions/{id}/alerts/{low.GetProperty("alerts")[0].GetProperty("id").GetString()}/acknowledge", new { note = "Stimulated; SpO2 back to 97 % on room air." });
        Assert.Equal(HttpStatusCode.OK, (await DischargeAsync(id)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await DischargeAsync(id)).StatusCode);
    }
}

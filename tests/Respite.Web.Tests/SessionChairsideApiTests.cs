using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

/// <summary>What the chair page reads besides the session: the patient's sessions and how close discharge is.</summary>
public sealed class SessionChairsideApiTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private async Task<(string PatientId, string SessionId, HttpClient Nurse)> InfusionAsync(DateTimeOffset checkedInAt)
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!;
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var response = await nurse.PostAsJsonAsync($"/api/patients/{patientId}/sessions", new
        {
            kind = "iv-infusion", checkedInAt, weightKg = 80, baseline = new { systolic = 124, diastolic = 78, heartRate = 70, spo2 = 98 },
            rideHomeArranged = true, newInteractingMedication = false, concentrationMgPerMl = 1m,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (patientId, (await response.ReadJsonAsync()).GetProperty("id").GetString()!, nurse);
    }

    private static async Task PostAsync(HttpClient client, string url, object body) =>
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync(url, body)).StatusCode);

    private static Dictionary<string, bool> Criteria(JsonElement readiness) =>
        readiness.GetProperty("criteria").EnumerateArray().ToDictionary(c => c.GetProperty("ruleId").GetString()!, c => c.GetProperty("met").GetBoolean());

    [Fact]
    public async Task SAF_DIS_001_ARunningInfusion_IsNeverDischarged_ObservationStartsWhenItStops()
    {
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-100);
        var (_, id, nurse) = await InfusionAsync(t0);
        await PostAsync(nurse, $"/api/sessions/{id}/doses", new { kind = "start", at = t0.AddMinutes(5), rateMgPerHour = 30 });
        await PostAsync(nurse, $"/api/sessions/{id}/vitals", new { takenAt = DateTimeOffset.UtcNow.AddMinutes(-1), systolic = 126, diastolic = 80, heartRate = 72, spo2 = 98, moaas = 5 });

        var readiness = await (await nurse.GetAsync($"/api/sessions/{id}/discharge-readiness")).ReadJsonAsync();
        Assert.False(Criteria(readiness)["SAF-DIS-001"]);
        Assert.True(Criteria(readiness)["SAF-DIS-002"]);
        Assert.True(Criteria(readiness)["SAF-DIS-003"]);
        Assert.Equal(JsonValueKind.Null, readiness.GetProperty("earliestAt").ValueKind);
        Assert.False(readiness.GetProperty("ready").GetBoolean());

        var version = (await (await nurse.GetAsync($"/api/sessions/{id}")).ReadJsonAsync()).GetProperty("version").GetString();
        var refused = await nurse.PostAsJsonAsync($"/api/sessions/{id}/discharge", new { ambulating = true, escortPresent = true, dissociationResolved = true, version });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("SAF-DIS-001", (await refused.ReadJsonAsync()).GetProperty("ruleId").GetString());

        // Stopped 80 minutes ago: the 60-minute observation has passed.
        await PostAsync(nurse, $"/api/sessions/{id}/doses", new { kind = "stop", at = t0.AddMinutes(20) });
        readiness = await (await nurse.GetAsync($"/api/sessions/{id}/discharge-readiness")).ReadJsonAsync();
        Assert.All(Criteria(readiness).Values, Assert.True);
        Assert.Equal(60, readiness.GetProperty("observationMinutes").GetInt32());
        Assert.Equal(t0.AddMinutes(80), readiness.GetProperty("earliestAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        Assert.True(readiness.GetProperty("ready").GetBoolean());
        version = (await (await nurse.GetAsync($"/api/sessions/{id}")).ReadJsonAsync()).GetProperty("version").GetString();
        var discharged = await nurse.PostAsJsonAsync($"/api/sessions/{id}/discharge", new { ambulating = true, escortPresent = true, version });
        Assert.Equal(HttpStatusCode.OK, discharged.StatusCode);
    }

    [Fact]
    public async Task Readiness_ShowsTheEsketamineTwoHourRule_AndTheOpenAlerts()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!;
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-50);
        var created = await nurse.PostAsJsonAsync($"/api/patients/{patientId}/sessions", new
        {
            kind = "esketamine", checkedInAt = t0, baseline = new { systolic = 128, diastolic = 80 }, lastFood = t0.AddHours(-4), lastLiquid = t0.AddHours(-1),
            rideHomeArranged = true, remsEnrolled = true, possiblyPregnant = false,
        });
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetString()!;
        await PostAsync(nurse, $"/api/sessions/{id}/doses", new { kind = "esketamine-device", at = t0.AddMinutes(5), lotNumber = "L1" });
        await PostAsync(nurse, $"/api/sessions/{id}/vitals", new { takenAt = t0.AddMinutes(40), systolic = 210, diastolic = 122, heartRate = 90, spo2 = 97, moaas = 4 });

        var readiness = await (await nurse.GetAsync($"/api/sessions/{id}/discharge-readiness")).ReadJsonAsync();
        Assert.Equal(120, readiness.GetProperty("observationMinutes").GetInt32());
        Assert.Equal(t0.AddMinutes(125), readiness.GetProperty("earliestAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        var criteria = Criteria(readiness);
        Assert.False(criteria["SAF-DIS-001"]);
        Assert.False(criteria["SAF-DIS-002"]);
        Assert.False(criteria["SAF-DIS-003"]);
        Assert.Equal(1, readiness.GetProperty("openAlerts").GetInt32());
        Assert.False(readiness.GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task PatientSessions_ListsNewestFirst_WithTheDoseGiven_AndUnknownPatientIs404()
    {
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-60);
        var (patientId, id, nurse) = await InfusionAsync(t0);
        await PostAsync(nurse, $"/api/sessions/{id}/doses", new { kind = "start", at = t0.AddMinutes(10), rateMgPerHour = 40 });
        await PostAsync(nurse, $"/api/sessions/{id}/doses", new { kind = "stop", at = t0.AddMinutes(40) });

        var list = await (await nurse.GetAsync($"/api/patients/{patientId}/sessions")).ReadJsonAsync();
        var row = Assert.Single(list.EnumerateArray());
        Assert.Equal(id, row.GetProperty("id").GetString());
        Assert.Equal("in-progress", row.GetProperty("status").GetString());
        Assert.Equal(20m, row.GetProperty("cumulativeMg").GetDecimal());
        Assert.False(row.GetProperty("prescriberSigned").GetBoolean());

        Assert.Equal(HttpStatusCode.NotFound, (await nurse.GetAsync($"/api/patients/{Guid.NewGuid()}/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nurse.GetAsync($"/api/sessions/{Guid.NewGuid()}/discharge-readiness")).StatusCode);
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.GetAsync($"/api/patients/{patientId}/sessions")).StatusCode);
    }

    [Fact]
    public async Task CancelCheckIn_HeldForNoRide_KeepsTheRecord_AndTheAppointmentCanBeCheckedInAgain()
    {
        var location = await SchedulingData.CreateLocationAsync(factory);
        var (patientId, planId) = await SchedulingData.SignedPlanAsync(factory, SchedulingData.Monday(14).ToString("yyyy-MM-dd"));
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        await desk.PostAsJsonAsync($"/api/patients/{patientId}/plans/{planId}/bookings", new { locationId = location.GetProperty("id").GetString(), startTime = "09:00", confirm = true });
        var appointmentId = (await (await desk.GetAsync($"/api/patients/{patientId}/appointments")).ReadJsonAsync())[0].GetProperty("id").GetString();
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var held = await (await nurse.PostAsJsonAsync($"/api/patients/{patientId}/sessions", new
        {
            appointmentId, baseline = new { systolic = 124, diastolic = 80 }, rideHomeArranged = false,
        })).ReadJsonAsync();
        Assert.Equal(["SAF-PRE-002"], held.GetProperty("blockingRules").EnumerateArray().Select(r => r.GetString()!).ToArray());
        var id = held.GetProperty("id").GetString()!;
        var url = $"/api/sessions/{id}/cancel";
        var version = held.GetProperty("version").GetString();

        Assert.Contains("reason", (await (await nurse.PostAsJsonAsync(url, new { version })).ReadJsonAsync()).ErrorFields());
        Assert.Contains("version", (await (await nurse.PostAsJsonAsync(url, new { reason = "No ride" })).ReadJsonAsync()).ErrorFields());
        Assert.Equal(HttpStatusCode.Conflict, (await nurse.PostAsJsonAsync(url, new { reason = "No ride", version = Guid.NewGuid() })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.PostAsJsonAsync(url, new { reason = "No ride", version })).StatusCode);

        var cancelled = await nurse.PostAsJsonAsync(url, new { reason = "No ride home; friend arriving at 11:00", version });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var session = await cancelled.ReadJsonAsync();
        Assert.Equal("cancelled", session.GetProperty("status").GetString());
        Assert.Equal("Noah Nurse", session.GetProperty("cancelledBy").GetString());
        Assert.Equal("No ride home; friend arriving at 11:00", session.GetProperty("cancelReason").GetString());
        Assert.False(session.GetProperty("mayDose").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await nurse.PostAsJsonAsync(url, new { reason = "again", version = session.GetProperty("version").GetString() })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await nurse.PostAsJsonAsync($"/api/sessions/{id}/doses", new { kind = "start", rateMgPerHour = 30 })).StatusCode);
        Assert.Equal("booked", (await (await desk.GetAsync($"/api/patients/{patientId}/appointments")).ReadJsonAsync())[0].GetProperty("status").GetString());

        // The ride is there now: the same appointment is checked in again, and both sessions stay on the record.
        var again = await nurse.PostAsJsonAsync($"/api/patients/{patientId}/sessions", new { appointmentId, baseline = new { systolic = 122, diastolic = 78 }, rideHomeArranged = true });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.True((await again.ReadJsonAsync()).GetProperty("mayDose").GetBoolean());
        var list = await (await nurse.GetAsync($"/api/patients/{patientId}/sessions")).ReadJsonAsync();
        Assert.Equal(["checked-in", "cancelled"], list.EnumerateArray().Select(r => r.GetProperty("status").GetString()!).ToArray());
    }

    [Fact]
    public async Task CancelCheckIn_AfterADose_IsRefused()
    {
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30);
        var (_, id, nurse) = await InfusionAsync(t0);
        await PostAsync(nurse, $"/api/sessions/{id}/doses", new { kind = "start", at = t0.AddMinutes(5), rateMgPerHour = 30 });
        var version = (await (await nurse.GetAsync($"/api/sessions/{id}")).ReadJsonAsync()).GetProperty("version").GetString();
        var refused = await nurse.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = "Changed mind", version });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("discharged, not cancelled", (await refused.ReadJsonAsync()).GetProperty("detail").GetString());
    }
}

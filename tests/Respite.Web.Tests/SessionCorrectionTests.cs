using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

/// <summary>Nothing charted is deleted: entries are marked entered in error with a reason; a closed session takes addenda.</summary>
public sealed class SessionCorrectionTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private static string[] Rules(JsonElement alerts) => [.. alerts.EnumerateArray().Select(a => a.GetProperty("ruleId").GetString()!)];

    /// <summary>A new IV session checked in <paramref name="minutesAgo"/> minutes ago; its id and the baseline reading's id.</summary>
    private async Task<(string Id, string BaselineId)> IvSessionAsync(int minutesAgo)
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!;
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var response = await nurse.PostAsJsonAsync($"/api/patients/{patientId}/sessions", new
        {
            kind = "iv-infusion", checkedInAt = DateTimeOffset.UtcNow.AddMinutes(-minutesAgo), baseline = new { systolic = 124, diastolic = 80, heartRate = 72, spo2 = 98 },
            rideHomeArranged = true, concentrationMgPerMl = 1,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var session = await response.ReadJsonAsync();
        return (session.GetProperty("id").GetString()!, session.GetProperty("vitals")[0].GetProperty("id").GetString()!);
    }

    private async Task<JsonElement> SessionAsync(string id)
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        return await (await nurse.GetAsync($"/api/sessions/{id}")).ReadJsonAsync();
    }

    private async Task<HttpResponseMessage> MarkAsync(string id, string entryId, string? reason = "Charted on the wrong patient.", string? version = null, string role = Roles.Nurse)
    {
        var client = await factory.ClientForAsync(role);
        version ??= (await SessionAsync(id)).GetProperty("version").GetString();
        return await client.PostAsJsonAsync($"/api/sessions/{id}/entries/{entryId}/entered-in-error", new { reason, version });
    }

    private async Task<JsonElement> PostAsync(string url, object body, HttpStatusCode expected = HttpStatusCode.Created, string role = Roles.Nurse)
    {
        var client = await factory.ClientForAsync(role);
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(expected == response.StatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    private static JsonElement Entry(JsonElement list, string id) => list.EnumerateArray().Single(e => e.GetProperty("id").GetString() == id);

    [Fact]
    public async Task EnteredInError_AReading_StaysFlagged_AndNoLongerConfirmsASustainedBp()
    {
        var (id, _) = await IvSessionAsync(30);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-20);
        var wrong = await PostAsync($"/api/sessions/{id}/vitals", new { takenAt = t0, systolic = 188, diastolic = 100 });
        var readingId = wrong.GetProperty("reading").GetProperty("id").GetString()!;
        var before = await SessionAsync(id);

        var marked = await MarkAsync(id, readingId);
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        var session = await marked.ReadJsonAsync();
        Assert.NotEqual(before.GetProperty("version").GetString(), session.GetProperty("version").GetString());
        var reading = Entry(session.GetProperty("vitals"), readingId);
        Assert.True(reading.GetProperty("enteredInError").GetBoolean());
        Assert.Equal("Charted on the wrong patient.", reading.GetProperty("enteredInErrorReason").GetString());
        Assert.Equal("Noah Nurse", reading.GetProperty("enteredInErrorBy").GetString());
        Assert.Equal(JsonValueKind.String, reading.GetProperty("enteredInErrorAt").ValueKind);
        Assert.Equal(188, reading.GetProperty("systolic").GetInt32());

        // Another high reading 6 min later would have confirmed SAF-BP-003 with the one now marked in error.
        var next = await PostAsync($"/api/sessions/{id}/vitals", new { takenAt = t0.AddMinutes(6), systolic = 186, diastolic = 104 });
        Assert.Empty(Rules(next.GetProperty("alerts")));
        var again = await MarkAsync(id, readingId);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task EnteredInError_AlertsRaisedByTheReading_StayOpenUntilAcknowledged()
    {
        var (id, _) = await IvSessionAsync(30);
        var low = await PostAsync($"/api/sessions/{id}/vitals", new { takenAt = DateTimeOffset.UtcNow.AddMinutes(-5), spo2 = 80 });
        Assert.Equal(["SAF-SPO2-001"], Rules(low.GetProperty("alerts")));
        var session = await (await MarkAsync(id, low.GetProperty("reading").GetProperty("id").GetString()!, "Probe was off the finger.")).ReadJsonAsync();
        var alert = Entry(session.GetProperty("alerts"), low.GetProperty("alerts")[0].GetProperty("id").GetString()!);
        Assert.Equal(JsonValueKind.Null, alert.GetProperty("acknowledgedAt").ValueKind);
    }

    [Theory]
    [InlineData(null, "v", "reason")]
    [InlineData("   ", "v", "reason")]
    [InlineData("Typo", null, "version")]
    public async Task EnteredInError_MissingReasonOrVersion_Is400NamingTheField(string? reason, string? version, string field)
    {
        var (id, _) = await IvSessionAsync(30);
        var reading = await PostAsync($"/api/sessions/{id}/vitals", new { heartRate = 80 });
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var current = (await SessionAsync(id)).GetProperty("version").GetString();
        var response = await nurse.PostAsJsonAsync($"/api/sessions/{id}/entries/{reading.GetProperty("reading").GetProperty("id").GetString()}/entered-in-error",
            new { reason, version = version is null ? null : current });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadJsonAsync()).ErrorFields());
        var noBody = await nurse.PostAsync($"/api/sessions/{id}/entries/{Guid.NewGuid()}/entered-in-error", new StringContent("", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, noBody.StatusCode);
        var badVersion = await nurse.PostAsync($"/api/sessions/{id}/entries/{Guid.NewGuid()}/entered-in-error",
            new StringContent("{\"reason\":\"x\",\"version\":\"not-a-guid\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badVersion.StatusCode);
    }

    [Fact]
    public async Task EnteredInError_UnknownEntry404_StaleVersion409WithTheCurrentValues_BaselineRefused()
    {
        var (id, baselineId) = await IvSessionAsync(30);
        Assert.Equal(HttpStatusCode.NotFound, (await MarkAsync(id, Guid.NewGuid().ToString())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await MarkAsync(Guid.NewGuid().ToString(), baselineId, version: Guid.NewGuid().ToString())).StatusCode);

        var reading = await PostAsync($"/api/sessions/{id}/vitals", new { heartRate = 80 });
        var stale = await MarkAsync(id, reading.GetProperty("reading").GetProperty("id").GetString()!, version: Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var problem = await stale.ReadJsonAsync();
        var current = await SessionAsync(id);
        Assert.Equal(current.GetProperty("version").GetString(), problem.GetProperty("currentVersion").GetString());
        Assert.Equal(2, problem.GetProperty("current").GetProperty("vitals").GetArrayLength());

        var baseline = await MarkAsync(id, baselineId);
        Assert.Equal(HttpStatusCode.Conflict, baseline.StatusCode);
        Assert.Contains("baseline", (await baseline.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task EnteredInError_InfusionEvents_LeaveTheLedger_ButNotOutOfOrder()
    {
        var (id, _) = await IvSessionAsync(40);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30);
        var doses = $"/api/sessions/{id}/doses";
        var start = await PostAsync(doses, new { kind = "start", at = t0, rateMgPerHour = 60 });
        var bolus = await PostAsync(doses, new { kind = "bolus", at = t0.AddMinutes(10), amountMg = 10 });
        await PostAsync(doses, new { kind = "stop", at = t0.AddMinutes(20) });
        Assert.Equal(30m, (await SessionAsync(id)).GetProperty("dosing").GetProperty("cumulativeMg").GetDecimal());

        var bolusId = bolus.GetProperty("dosing").GetProperty("events")[1].GetProperty("id").GetString()!;
        var session = await (await MarkAsync(id, bolusId, "Bolus drawn up but not given.")).ReadJsonAsync();
        var dosing = session.GetProperty("dosing");
        Assert.Equal(20m, dosing.GetProperty("cumulativeMg").GetDecimal());
        Assert.Equal(3, dosing.GetProperty("events").GetArrayLength());
        Assert.True(Entry(dosing.GetProperty("events"), bolusId).GetProperty("enteredInError").GetBoolean());

        var startId = start.GetProperty("dosing").GetProperty("events")[0].GetProperty("id").GetString()!;
        var refused = await MarkAsync(id, startId);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("later events", (await refused.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task EnteredInError_ADevice_IsNotCounted_NorUsedForSpacing()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!;
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30);
        var checkedIn = await PostAsync($"/api/patients/{patientId}/sessions", new
        {
            kind = "esketamine", checkedInAt = t0.AddMinutes(-10), baseline = new { systolic = 124, diastolic = 80 }, lastFood = t0.AddHours(-3), lastLiquid = t0.AddHours(-1),
            rideHomeArranged = true, remsEnrolled = true, newInteractingMedication = false, possiblyPregnant = false,
        });
        var id = checkedIn.GetProperty("id").GetString()!;
        var doses = $"/api/sessions/{id}/doses";
        await PostAsync(doses, new { kind = "esketamine-device", at = t0, lotNumber = "24K031" });
        var wrong = await PostAsync(doses, new { kind = "esketamine-device", at = t0.AddMinutes(3), lotNumber = "24K031" });
        Assert.Equal(["SAF-ESK-001"], Rules(wrong.GetProperty("alerts")));
        var session = await (await MarkAsync(id, wrong.GetProperty("dosing").GetProperty("events")[1].GetProperty("id").GetString()!, "Charted twice.")).ReadJsonAsync();
        Assert.Equal(1, session.GetProperty("dosing").GetProperty("devices").GetInt32());
        Assert.Equal(28m, session.GetProperty("dosing").GetProperty("cumulativeMg").GetDecimal());
        Assert.Equal(t0.AddMinutes(40), session.GetProperty("vitalsDueAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        var second = await PostAsync(doses, new { kind = "esketamine-device", at = t0.AddMinutes(6), lotNumber = "24K031" });
        Assert.Empty(Rules(second.GetProperty("alerts")));
        Assert.Equal(56m, second.GetProperty("dosing").GetProperty("cumulativeMg").GetDecimal());
    }

    [Fact]
    public async Task VitalsDue_IsNullBeforeDosing_ThenTenMinutesAfterTheLastReadingWhileInfusing_AndOverdue()
    {
        var (id, _) = await IvSessionAsync(40);
        var session = await SessionAsync(id);
        Assert.Equal(JsonValueKind.Null, session.GetProperty("vitalsDueAt").ValueKind);
        Assert.False(session.GetProperty("vitalsOverdue").GetBoolean());

        var t0 = DateTimeOffset.UtcNow.AddMinutes(-25);
        await PostAsync($"/api/sessions/{id}/doses", new { kind = "start", at = t0, rateMgPerHour = 50 });
        await PostAsync($"/api/sessions/{id}/vitals", new { takenAt = t0.AddMinutes(5), systolic = 130, diastolic = 84 });
        session = await SessionAsync(id);
        Assert.Equal(t0.AddMinutes(15), session.GetProperty("vitalsDueAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        Assert.True(session.GetProperty("vitalsOverdue").GetBoolean());

        var reading = await PostAsync($"/api/sessions/{id}/vitals", new { systolic = 132, diastolic = 84 });
        session = await SessionAsync(id);
        Assert.False(session.GetProperty("vitalsOverdue").GetBoolean());
        var readingAt = reading.GetProperty("reading").GetProperty("takenAt").GetDateTimeOffset();
        Assert.Equal(readingAt.AddMinutes(10), session.GetProperty("vitalsDueAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1));

        // A reading marked in error no longer counts: the schedule falls back to the one before it.
        session = await (await MarkAsync(id, reading.GetProperty("reading").GetProperty("id").GetString()!, "Cuff on the wrong arm size.")).ReadJsonAsync();
        Assert.Equal(t0.AddMinutes(15), session.GetProperty("vitalsDueAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        Assert.True(session.GetProperty("vitalsOverdue").GetBoolean());
    }

    [Fact]
    public async Task Discharged_IgnoresASideEffectInError_ThenIsLocked_AndTakesAddendaEvenOnceSigned()
    {
        var (id, _) = await IvSessionAsync(130);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-120);
        await PostAsync($"/api/sessions/{id}/doses", new { kind = "start", at = t0, rateMgPerHour = 50 });
        await PostAsync($"/api/sessions/{id}/doses", new { kind = "stop", at = t0.AddMinutes(40) });
        var wrong = await PostAsync($"/api/sessions/{id}/side-effects", new { effect = "dissociation", severity = "severe", at = t0.AddMinutes(50), cadssTotal = 30 });
        var effectId = wrong.GetProperty("sideEffects")[0].GetProperty("id").GetString()!;
        var reading = await PostAsync($"/api/sessions/{id}/vitals", new { takenAt = DateTimeOffset.UtcNow.AddMinutes(-1), systolic = 126, diastolic = 80, heartRate = 72, spo2 = 98, moaas = 5 });

        async Task<HttpResponseMessage> Discharge()
        {
            var nurse = await factory.ClientForAsync(Roles.Nurse);
            return await nurse.PostAsJsonAsync($"/api/sessions/{id}/discharge", new { ambulating = true, escortPresent = true, version = (await SessionAsync(id)).GetProperty("version").GetString() });
        }

        Assert.Equal("SAF-DIS-004", (await (await Discharge()).ReadJsonAsync()).GetProperty("ruleId").GetString());
        var marked = await (await MarkAsync(id, effectId, "Scored for the patient in the next chair.")).ReadJsonAsync();
        Assert.True(Entry(marked.GetProperty("sideEffects"), effectId).GetProperty("enteredInError").GetBoolean());
        var discharged = await Discharge();
        Assert.Equal(HttpStatusCode.OK, discharged.StatusCode);
        var closed = await discharged.ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, closed.GetProperty("vitalsDueAt").ValueKind);

        var locked = await MarkAsync(id, reading.GetProperty("reading").GetProperty("id").GetString()!);
        Assert.Equal(HttpStatusCode.Conflict, locked.StatusCode);
        Assert.Contains("add an addendum", (await locked.ReadJsonAsync()).GetProperty("detail").GetString());

        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var signed = await (await prescriber.PostAsJsonAsync($"/api/sessions/{id}/sign", new { version = closed.GetProperty("version").GetString() })).ReadJsonAsync();
        var text = "BP at 14:10 was taken on the left arm; the infusion pump was replaced after the session.";
        var withAddendum = await PostAsync($"/api/sessions/{id}/addenda", new { text });
        Assert.Equal("discharged", withAddendum.GetProperty("status").GetString());
        Assert.NotEqual(signed.GetProperty("version").GetString(), withAddendum.GetProperty("version").GetString());
        var addendum = withAddendum.GetProperty("addenda")[0];
        Assert.Equal(text, addendum.GetProperty("text").GetString());
        Assert.Equal("Noah Nurse", addendum.GetProperty("by").GetString());
        Assert.InRange(addendum.GetProperty("at").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        var second = await PostAsync($"/api/sessions/{id}/addenda", new { text = "Reviewed." }, role: Roles.Prescriber);
        Assert.Equal(["Noah Nurse", "Dr Priya Prescriber"], second.GetProperty("addenda").EnumerateArray().Select(a => a.GetProperty("by").GetString()!).ToArray());
        Assert.Equal(2, (await SessionAsync(id)).GetProperty("addenda").GetArrayLength());

        var audit = await (await (await factory.ClientForAsync(Roles.Admin)).GetAsync("/api/audit?limit=200")).Content.ReadAsStringAsync();
        Assert.Contains(addendum.GetProperty("id").GetString()!, audit, StringComparison.Ordinal);
        Assert.DoesNotContain("left arm", audit, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"text\":\"  \"}")]
    [InlineData("{\"text\":42}")]
    [InlineData("")]
    public async Task Addendum_WithoutText_Is400NamingText(string json)
    {
        var (id, _) = await IvSessionAsync(10);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var response = await nurse.PostAsync($"/api/sessions/{id}/addenda", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("text", (await response.ReadJsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task Addendum_LongerThan4000Characters_Is400_UnknownSession404()
    {
        var (id, _) = await IvSessionAsync(10);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var tooLong = await nurse.PostAsJsonAsync($"/api/sessions/{id}/addenda", new { text = new string('a', 4001) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("text", (await tooLong.ReadJsonAsync()).ErrorFields());
        Assert.Equal(HttpStatusCode.Created, (await nurse.PostAsJsonAsync($"/api/sessions/{id}/addenda", new { text = new string('a', 4000) })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nurse.PostAsJsonAsync($"/api/sessions/{Guid.NewGuid()}/addenda", new { text = "x" })).StatusCode);
    }
}

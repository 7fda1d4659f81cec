using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

/// <summary>Assigning portal questionnaires to a patient: validation, duplicates, ending, the default set and access.</summary>
public sealed class QuestionnaireAssignmentTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private async Task<(HttpClient Nurse, string PatientId)> NewPatientAsync()
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var id = (await TestData.CreatePatientAsync(nurse)).GetProperty("id").GetString()!;
        return (nurse, id);
    }

    [Fact]
    public async Task Assign_WeeklyDiary_IsDueAtOnce_ListedAndAudited()
    {
        var (nurse, id) = await NewPatientAsync();
        var response = await nurse.PostAsJsonAsync($"/api/patients/{id}/questionnaire-assignments", new { instrument = "phq9", trigger = "diary", cadenceDays = 7 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        Assert.Equal("phq9", created.GetProperty("instrument").GetString());
        Assert.Equal("diary", created.GetProperty("trigger").GetString());
        Assert.Equal(7, created.GetProperty("cadenceDays").GetInt32());
        Assert.True(created.GetProperty("isDue").GetBoolean());
        Assert.False(created.GetProperty("isOverdue").GetBoolean());
        Assert.Equal(JsonValueKind.String, created.GetProperty("createdBy").ValueKind);

        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var list = await (await desk.GetAsync($"/api/patients/{id}/questionnaire-assignments")).ReadJsonAsync();
        Assert.Single(list.EnumerateArray());
        var assignmentId = created.GetProperty("id").GetString();
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e =>
            e.EntityType == "QuestionnaireAssignment" && e.EntityId == assignmentId && e.Action == AuditAction.Create)));
    }

    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { "{\"trigger\":\"diary\",\"cadenceDays\":7}", "instrument" },
        { "{\"instrument\":\"bpi\",\"trigger\":\"diary\",\"cadenceDays\":7}", "instrument" },
        { "{\"instrument\":\"madrs\",\"trigger\":\"diary\",\"cadenceDays\":7}", "instrument" },
        { "{\"instrument\":\"phq9\"}", "trigger" },
        { "{\"instrument\":\"phq9\",\"trigger\":\"diary\"}", "cadenceDays" },
        { "{\"instrument\":\"phq9\",\"trigger\":\"diary\",\"cadenceDays\":0}", "cadenceDays" },
        { "{\"instrument\":\"phq9\",\"trigger\":\"diary\",\"cadenceDays\":91}", "cadenceDays" },
        { "{\"instrument\":\"phq9\",\"trigger\":\"before-each-session\",\"cadenceDays\":7}", "cadenceDays" },
        { "{\"instrument\":\"phq9\",\"trigger\":\"diary\",\"cadenceDays\":7,\"startsAt\":\"2099-01-01T00:00:00Z\"}", "startsAt" },
        { "{\"instrument\":\"phq9\",\"trigger\":\"weekly\",\"cadenceDays\":7}", "trigger" },
        { "{\"instrument\":\"phq9\",\"trigger\":\"diary\",\"cadenceDays\":\"seven\"}", "cadenceDays" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Assign_Invalid_Returns400NamingTheField(string json, string field)
    {
        var (nurse, id) = await NewPatientAsync();
        var response = await nurse.PostAsync($"/api/patients/{id}/questionnaire-assignments", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadJsonAsync()).ErrorFields());
        Assert.False(await factory.WithDbAsync(db => db.QuestionnaireAssignments.AnyAsync(a => a.PatientId == Guid.Parse(id))));
    }

    [Fact]
    public async Task Assign_SameInstrumentAndTriggerTwice_Returns409_UntilTheFirstIsEnded()
    {
        var (nurse, id) = await NewPatientAsync();
        var url = $"/api/patients/{id}/questionnaire-assignments";
        var first = await (await nurse.PostAsJsonAsync(url, new { instrument = "nrs-pain", trigger = "diary", cadenceDays = 7 })).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Conflict, (await nurse.PostAsJsonAsync(url, new { instrument = "nrs-pain", trigger = "diary", cadenceDays = 3 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await nurse.PostAsJsonAsync(url, new { instrument = "nrs-pain", trigger = "before-each-session" })).StatusCode);

        var end = $"{url}/{first.GetProperty("id").GetString()}/end";
        var ended = await nurse.PostAsync(end, null);
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, (await ended.ReadJsonAsync()).GetProperty("endedAt").ValueKind);
        Assert.Equal(HttpStatusCode.Conflict, (await nurse.PostAsync(end, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await nurse.PostAsJsonAsync(url, new { instrument = "nrs-pain", trigger = "diary", cadenceDays = 3 })).StatusCode);

        var active = await (await nurse.GetAsync(url)).ReadJsonAsync();
        Assert.Equal(2, active.GetArrayLength());
        var all = await (await nurse.GetAsync($"{url}?includeEnded=true")).ReadJsonAsync();
        Assert.Equal(3, all.GetArrayLength());
    }

    [Fact]
    public async Task Defaults_AddsTheFourMissingOnce()
    {
        var (nurse, id) = await NewPatientAsync();
        var url = $"/api/patients/{id}/questionnaire-assignments";
        await nurse.PostAsJsonAsync(url, new { instrument = "phq9", trigger = "before-each-session" });

        var added = await (await nurse.PostAsync($"{url}/defaults", null)).ReadJsonAsync();
        Assert.Equal(
            ["nrs-pain before-each-session", "nrs-pain diary", "phq9 diary"],
            added.EnumerateArray().Select(a => $"{a.GetProperty("instrument").GetString()} {a.GetProperty("trigger").GetString()}").Order());
        Assert.All(added.EnumerateArray().Where(a => a.GetProperty("trigger").GetString() == "diary"), a => Assert.Equal(7, a.GetProperty("cadenceDays").GetInt32()));

        var again = await (await nurse.PostAsync($"{url}/defaults", null)).ReadJsonAsync();
        Assert.Equal(0, again.GetArrayLength());
        Assert.Equal(4, (await (await nurse.GetAsync(url)).ReadJsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task EndAssignment_UnderAnotherPatient_Returns404()
    {
        var (nurse, id) = await NewPatientAsync();
        var (_, other) = await NewPatientAsync();
        var created = await (await nurse.PostAsJsonAsync($"/api/patients/{id}/questionnaire-assignments", new { instrument = "phq9", trigger = "diary", cadenceDays = 7 })).ReadJsonAsync();

        var response = await nurse.PostAsync($"/api/patients/{other}/questionnaire-assignments/{created.GetProperty("id").GetString()}/end", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nurse.GetAsync($"/api/patients/{Guid.NewGuid()}/questionnaire-assignments")).StatusCode);
    }

    [Fact]
    public async Task FrontDesk_ReadsButCannotAssign()
    {
        var (_, id) = await NewPatientAsync();
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync($"/api/patients/{id}/questionnaire-assignments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.PostAsJsonAsync($"/api/patients/{id}/questionnaire-assignments", new { instrument = "phq9", trigger = "diary", cadenceDays = 7 })).StatusCode);
    }

    [Fact]
    public async Task Patient_SeesOnlyTheirOwnDueList()
    {
        var (nurse, other) = await NewPatientAsync();
        await nurse.PostAsJsonAsync($"/api/patients/{other}/questionnaire-assignments", new { instrument = "gad7", trigger = "diary", cadenceDays = 7 });

        var patient = await factory.ClientForAsync(Roles.Patient);
        var own = await (await patient.GetAsync("/api/portal/questionnaires")).ReadJsonAsync();
        Assert.NotEqual(other, own.GetProperty("patientId").GetString());
        Assert.DoesNotContain(own.GetProperty("due").EnumerateArray().Concat(own.GetProperty("upcoming").EnumerateArray()), d => d.GetProperty("instrument").GetString() == "gad7");
        Assert.Equal(HttpStatusCode.Forbidden, (await patient.GetAsync($"/api/patients/{other}/questionnaire-assignments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await patient.PostAsJsonAsync($"/api/patients/{other}/assessments", new { instrument = "gad7", answers = new[] { 0, 0, 0, 0, 0, 0, 0 } })).StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Assessments.CountAsync(a => a.PatientId == Guid.Parse(other))));
    }
}

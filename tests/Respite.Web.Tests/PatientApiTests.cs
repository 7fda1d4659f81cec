using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

public sealed class PatientApiTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    [Fact]
    public async Task Create_FullIntake_RoundTripsEveryField()
    {
        var client = await factory.ClientForAsync(Roles.FrontDesk);
        var created = await TestData.CreatePatientAsync(client);
        var id = created.GetProperty("id").GetString();
        Assert.StartsWith("R-", created.GetProperty("recordNumber").GetString());

        var read = await (await client.GetAsync($"/api/patients/{id}")).ReadJsonAsync();
        Assert.Equal("Test", read.GetProperty("givenName").GetString());
        Assert.Equal("1980-05-17", read.GetProperty("dateOfBirth").GetString());
        Assert.Equal("female", read.GetProperty("sex").GetString());
        Assert.Equal(70.5m, read.GetProperty("weightKg").GetDecimal());
        Assert.Equal(2, read.GetProperty("conditions").GetArrayLength());
        Assert.Equal(2, read.GetProperty("adequateAntidepressantTrials").GetInt32());
        Assert.Equal("hypertension", read.GetProperty("medicalFlags")[0].GetString());
        Assert.Equal(["fatigue", "sleep-problems"], read.GetProperty("painSymptoms").EnumerateArray().Select(s => s.GetString()!).ToArray());
    }

    [Fact]
    public Task Chart_CountsItsOwnOpenSafetyAlerts_OnSqlite() => OpenAlertsAsync(factory);

    [SkippableFact]
    public Task Chart_CountsItsOwnOpenSafetyAlerts_OnPostgres() => PostgresHostTests.OnFreshDatabaseAsync(OpenAlertsAsync);

    /// <summary>
    /// A chart's open-alert count (read in the patient's own row) counts that patient's unacknowledged alerts: none,
    /// then two after two PHQ-9s with thoughts of self-harm, not the other patient's, and one once a prescriber has
    /// acknowledged one; the chart's lists come with it.
    /// </summary>
    private static async Task OpenAlertsAsync(RespiteWebApplicationFactory factory)
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var ids = new[] { (await TestData.CreatePatientAsync(nurse)).GetProperty("id").GetString(), (await TestData.CreatePatientAsync(nurse)).GetProperty("id").GetString() };
        async Task<int> OpenAlertsOf(string? id)
        {
            var chart = await (await nurse.GetAsync($"/api/patients/{id}")).ReadJsonAsync();
            Assert.Equal(2, chart.GetProperty("conditions").GetArrayLength());
            return chart.GetProperty("openAlerts").GetInt32();
        }

        async Task<string?> AlertFromPhq9Async(string? id)
        {
            var recorded = await (await nurse.PostAsJsonAsync($"/api/patients/{id}/assessments", new { instrument = "phq9", answers = new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1 } })).ReadJsonAsync();
            return recorded.GetProperty("raisedAlerts")[0].GetProperty("id").GetString();
        }

        Assert.Equal(0, await OpenAlertsOf(ids[0]));
        var first = await AlertFromPhq9Async(ids[0]);
        await AlertFromPhq9Async(ids[0]);
        await AlertFromPhq9Async(ids[1]);
        Assert.Equal((2, 1), (await OpenAlertsOf(ids[0]), await OpenAlertsOf(ids[1])));

        var acknowledged = await prescriber.PostAsJsonAsync($"/api/patients/{ids[0]}/alerts/{first}/acknowledge", new { note = "Safety plan reviewed." });
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        Assert.Equal((1, 1), (await OpenAlertsOf(ids[0]), await OpenAlertsOf(ids[1])));
    }

    [Fact]
    public async Task Update_NewWeight_KeepsHistory()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        var created = await TestData.CreatePatientAsync(client);
        var id = created.GetProperty("id").GetString();
        var response = await client.PutAsJsonAsync($"/api/patients/{id}", new
        {
            givenName = "Test", familyName = created.GetProperty("familyName").GetString(), dateOfBirth = "1980-05-17", sex = "female",
            weightKg = 68.0, version = created.GetProperty("version").GetString(),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.ReadJsonAsync();
        Assert.Equal(68.0m, updated.GetProperty("weightKg").GetDecimal());
        Assert.Equal(2, updated.GetProperty("weights").GetArrayLength());
        Assert.NotEqual(created.GetProperty("version").GetString(), updated.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Update_StaleVersion_Returns409AndKeepsFirstChange()
    {
        var client = await factory.ClientForAsync(Roles.FrontDesk);
        var created = await TestData.CreatePatientAsync(client);
        var id = created.GetProperty("id").GetString();
        var family = created.GetProperty("familyName").GetString();
        var version = created.GetProperty("version").GetString();
        object Body(string given) => new { givenName = given, familyName = family, dateOfBirth = "1980-05-17", sex = "female", version };

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/patients/{id}", Body("First"))).StatusCode);
        var second = await client.PutAsJsonAsync($"/api/patients/{id}", Body("Second"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var read = await (await client.GetAsync($"/api/patients/{id}")).ReadJsonAsync();
        Assert.Equal("First", read.GetProperty("givenName").GetString());
    }

    [Theory]
    [InlineData("givenName", "{\"familyName\":\"X\",\"dateOfBirth\":\"1980-01-01\",\"sex\":\"female\"}")]
    [InlineData("sex", "{\"givenName\":\"A\",\"familyName\":\"X\",\"dateOfBirth\":\"1980-01-01\"}")]
    [InlineData("sex", "{\"givenName\":\"A\",\"familyName\":\"X\",\"dateOfBirth\":\"1980-01-01\",\"sex\":\"f\"}")]
    [InlineData("dateOfBirth", "{\"givenName\":\"A\",\"familyName\":\"X\",\"dateOfBirth\":\"2990-01-01\",\"sex\":\"female\"}")]
    [InlineData("weightKg", "{\"givenName\":\"A\",\"familyName\":\"X\",\"dateOfBirth\":\"1980-01-01\",\"sex\":\"female\",\"weightKg\":0}")]
    [InlineData("weightKg", "{\"givenName\":\"A\",\"familyName\":\"X\",\"dateOfBirth\":\"1980-01-01\",\"sex\":\"female\",\"weightKg\":\"heavy\"}")]
    [InlineData("email", "{\"givenName\":\"A\",\"familyName\":\"X\",\"dateOfBirth\":\"1980-01-01\",\"sex\":\"female\",\"email\":\"nope\"}")]
    [InlineData("conditions[0].icd10", "{\"givenName\":\"A\",\"familyName\":\"X\",\"dateOfBirth\":\"1980-01-01\",\"sex\":\"female\",\"conditions\":[{\"icd10\":\"depression\",\"text\":\"x\",\"category\":\"depression\"}]}")]
    [InlineData("conditions[0].category", "{\"givenName\":\"A\",\"familyName\":\"X\",\"dateOfBirth\":\"1980-01-01\",\"sex\":\"female\",\"conditions\":[{\"icd10\":\"F32.A\",\"text\":\"x\"}]}")]
    [InlineData("antidepressantTrials[0].weeks", "{\"givenName\":\"A\",\"familyName\":\"X\",\"dateOfBirth\":\"1980-01-01\",\"sex\":\"female\",\"antidepressantTrials\":[{\"drug\":\"x\",\"weeks\":-2,\"adequate\":true}]}")]
    [InlineData("medicalFlags[0]", "{\"givenName\":\"A\",\"familyName\":\"X\",\"dateOfBirth\":\"1980-01-01\",\"sex\":\"female\",\"medicalFlags\":[\"broken-leg\"]}")]
    public async Task Create_BadInput_Returns400NamingFieldAndWritesNothing(string field, string json)
    {
        var client = await factory.ClientForAsync(Roles.FrontDesk);
        var before = await factory.WithDbAsync(db => db.Patients.CountAsync());
        var response = await client.PostAsync("/api/patients", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadJsonAsync()).ErrorFields());
        Assert.Equal(before, await factory.WithDbAsync(db => db.Patients.CountAsync()));
    }

    [Fact]
    public async Task Get_UnknownId_Returns404()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/patients/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Search_ByFamilyNameFragment_CaseInsensitive()
    {
        var client = await factory.ClientForAsync(Roles.FrontDesk);
        var family = "Zebulon" + Guid.NewGuid().ToString("N")[..6];
        await TestData.CreatePatientAsync(client, TestData.NewPatient(family));
        var page = await (await client.GetAsync($"/api/patients?query={family.ToUpperInvariant()[..9]}")).ReadJsonAsync();
        Assert.Contains(page.GetProperty("items").EnumerateArray(), p => p.GetProperty("familyName").GetString() == family);
    }

    [Fact]
    public async Task ReadAndWrite_EachLeaveAnAuditEvent()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        var created = await TestData.CreatePatientAsync(client);
        var id = Guid.Parse(created.GetProperty("id").GetString()!);
        await client.GetAsync($"/api/patients/{id}");
        await client.PostAsJsonAsync($"/api/patients/{id}/assessments", new { instrument = "gad7", answers = new[] { 0, 1, 0, 1, 0, 1, 0 } });
        await client.GetAsync($"/api/patients/{id}/assessments");

        var events = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.PatientId == id).OrderBy(e => e.Id).ToListAsync());
        Assert.Contains(events, e => e.Action == AuditAction.Create && e.EntityType == "Patient");
        Assert.Contains(events, e => e.Action == AuditAction.Read && e.EntityType == "Patient");
        Assert.Contains(events, e => e.Action == AuditAction.Create && e.EntityType == "Assessment");
        Assert.Contains(events, e => e.Action == AuditAction.Read && e.EntityType == "Assessment");
        Assert.All(events, e =>
        {
            Assert.False(string.IsNullOrEmpty(e.UserId));
            Assert.Equal(Roles.Nurse, e.Role);
            Assert.False(string.IsNullOrEmpty(e.TraceId));
        });
    }

    [Fact]
    public async Task Read_DeniedForPatientRole_IsAuditedAsDenied()
    {
        var staff = await factory.ClientForAsync(Roles.FrontDesk);
        var other = Guid.Parse((await TestData.CreatePatientAsync(staff)).GetProperty("id").GetString()!);
        var patient = await factory.ClientForAsync(Roles.Patient);
        Assert.Equal(HttpStatusCode.NotFound, (await patient.GetAsync($"/api/patients/{other}")).StatusCode);
        var denied = await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.PatientId == other && e.Outcome == AuditOutcome.Denied && e.Role == Roles.Patient));
        Assert.True(denied);
    }
}

public sealed class ConcurrentRegistrationTests
{
    [Fact]
    public async Task Create_ManyAtOnce_AllGetDistinctRecordNumbers()
    {
        using var factory = new RespiteWebApplicationFactory();
        var client = await factory.ClientForAsync(Roles.FrontDesk);
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostAsJsonAsync("/api/patients", TestData.NewPatient())));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var numbers = new List<string>();
        foreach (var response in responses)
        {
            numbers.Add((await response.ReadJsonAsync()).GetProperty("recordNumber").GetString()!);
        }

        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }
}

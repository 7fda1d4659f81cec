using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

public sealed class SettingsTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    [Fact]
    public async Task Screening_DefaultsAreServedWithCurrentValues()
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var body = await (await nurse.GetAsync("/api/settings/screening")).ReadJsonAsync();
        Assert.Equal(2, body.GetProperty("defaults").GetProperty("minimumAdequateAntidepressantTrials").GetInt32());
    }

    [Fact]
    public async Task Update_ChangesScreeningOutcome_AndIsAudited()
    {
        using var local = new RespiteWebApplicationFactory();
        var admin = await local.ClientForAsync(Roles.Admin);
        var current = (await (await admin.GetAsync("/api/settings/screening")).ReadJsonAsync()).GetProperty("value");
        var changed = System.Text.Json.Nodes.JsonNode.Parse(current.GetRawText())!;
        changed["minimumAdequateAntidepressantTrials"] = 3;
        var response = await admin.PutAsJsonAsync("/api/settings/screening", changed);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await local.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.EntityType == "ClinicSetting" && e.EntityId == "screening" && e.Action == AuditAction.Update)));

        var desk = await local.ClientForAsync(Roles.FrontDesk);
        var id = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        var prescriber = await local.ClientForAsync(Roles.Prescriber);
        var screening = await (await prescriber.PostAsync($"/api/patients/{id}/screenings", null)).ReadJsonAsync();
        var esketamine = screening.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("modality").GetString() == "esketamine-nasal-spray");
        Assert.Equal("not-eligible", esketamine.GetProperty("eligibility").GetString());
        Assert.Contains(esketamine.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "SCR-TRD-001");
    }

    [Theory]
    [InlineData("{\"minimumAdequateAntidepressantTrials\":0}", "minimumAdequateAntidepressantTrials")]
    [InlineData("{\"cssrsAlertLevel\":\"extreme\"}", "cssrsAlertLevel")]
    [InlineData("{\"dast10CautionAt\":\"three\"}", "dast10CautionAt")]
    public async Task Update_InvalidValue_Returns400NamingTheSetting(string json, string field)
    {
        var admin = await factory.ClientForAsync(Roles.Admin);
        var response = await admin.PutAsync("/api/settings/screening", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadJsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task Outcomes_ServesTheCitedDefaults_AndRefusesAResponseThresholdOutOfRange()
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var defaults = (await (await nurse.GetAsync("/api/settings/outcomes")).ReadJsonAsync()).GetProperty("defaults");
        Assert.Equal(0.5m, defaults.GetProperty("phq9ResponseFraction").GetDecimal());
        Assert.Equal(5, defaults.GetProperty("phq9RemissionBelow").GetInt32());
        Assert.Equal(10, defaults.GetProperty("madrsRemissionAtMost").GetInt32());
        Assert.Equal(0.3m, defaults.GetProperty("painMeaningfulFraction").GetDecimal());
        Assert.Equal(2m, defaults.GetProperty("painMeaningfulPoints").GetDecimal());

        var admin = await factory.ClientForAsync(Roles.Admin);
        var response = await admin.PutAsJsonAsync("/api/settings/outcomes", new { phq9ResponseFraction = 0.05 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("phq9ResponseFraction", (await response.ReadJsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task Update_ByPrescriber_IsForbidden()
    {
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var response = await prescriber.PutAsJsonAsync("/api/settings/screening", new { minimumAdequateAntidepressantTrials = 1 });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task UnknownUiPath_Returns404Page_UnknownApiPath_Returns404Problem()
    {
        var client = factory.CreateClient();
        var page = await client.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var api = await client.GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

public sealed class ProtocolApiTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private async Task<JsonElement> GetAsync(HttpClient client, string id) =>
        await (await client.GetAsync($"/api/protocols/{id}")).ReadJsonAsync();

    /// <summary>A clinic protocol derived from the IV depression default, so tests do not share state.</summary>
    private async Task<string> DeriveAsync(HttpClient prescriber)
    {
        var id = "iv-dep-" + Guid.NewGuid().ToString("N")[..8];
        var created = await prescriber.PostAsJsonAsync("/api/protocols", new { fromId = "iv-ketamine-depression", id, name = "Clinic IV depression", reason = "Clinic variant" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        Assert.Equal(1, body.GetProperty("revision").GetInt32());
        Assert.False(body.GetProperty("isCitedDefault").GetBoolean());
        return id;
    }

    private static JsonObject Definition(JsonElement summary)
    {
        var node = JsonNode.Parse(summary.GetRawText())!.AsObject();
        foreach (var key in new[] { "revision", "isCitedDefault", "changeReason", "changedBy", "changedAt" })
        {
            node.Remove(key);
        }

        return node;
    }

    [Fact]
    public async Task Library_StartsWithTheCitedDefaults()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var all = (await (await desk.GetAsync("/api/protocols")).ReadJsonAsync()).EnumerateArray().ToList();
        var depression = all.Single(p => p.GetProperty("id").GetString() == "iv-ketamine-depression");
        Assert.Equal(0, depression.GetProperty("revision").GetInt32());
        Assert.True(depression.GetProperty("isCitedDefault").GetBoolean());
        Assert.Contains("§1.2", depression.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Revise_LowersAHardLimit_PlansAndCalculatorsUseIt_AndPlansRecordTheRevision()
    {
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var id = await DeriveAsync(prescriber);
        var current = await GetAsync(prescriber, id);
        var definition = Definition(current.GetProperty("protocol"));
        definition["limits"]!["maxMgPerKg"] = 0.6m;
        definition["limits"]!["usualMaxMgPerKg"] = 0.5m;

        var noReason = await prescriber.PutAsJsonAsync($"/api/protocols/{id}", new { definition, revision = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("reason", (await noReason.ReadJsonAsync()).ErrorFields());

        var saved = await prescriber.PutAsJsonAsync($"/api/protocols/{id}", new { definition, revision = 1, reason = "Governance decision 2026-11: cap at 0.6 mg/kg" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(2, (await saved.ReadJsonAsync()).GetProperty("revision").GetInt32());

        var stale = await prescriber.PutAsJsonAsync($"/api/protocols/{id}", new { definition, revision = 1, reason = "again" });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var calc = await (await nurse.PostAsJsonAsync("/api/calculators/infusion", new { weightKg = 70, doseMgPerKg = 0.7, durationMinutes = 40, concentrationMgPerMl = 1, protocolId = id })).ReadJsonAsync();
        Assert.Contains(calc.GetProperty("checks").EnumerateArray(), c => c.GetProperty("outcome").GetString() == "block");
        var defaultCalc = await (await nurse.PostAsJsonAsync("/api/calculators/infusion", new { weightKg = 70, doseMgPerKg = 0.7, durationMinutes = 40, concentrationMgPerMl = 1, protocolId = "iv-ketamine-depression" })).ReadJsonAsync();
        Assert.DoesNotContain(defaultCalc.GetProperty("checks").EnumerateArray(), c => c.GetProperty("outcome").GetString() == "block");

        var (patientId, _) = await SchedulingData.SignedPlanAsync(factory, "2026-12-07");
        var blocked = await prescriber.PostAsJsonAsync($"/api/patients/{patientId}/plans", new { protocolId = id, startDate = "2026-12-07", indications = new[] { "depression" }, doseMgPerKg = 0.7 });
        Assert.Equal("SAF-PLAN-004", (await blocked.ReadJsonAsync()).GetProperty("ruleId").GetString());
        var plan = await (await prescriber.PostAsJsonAsync($"/api/patients/{patientId}/plans", new { protocolId = id, startDate = "2026-12-07", indications = new[] { "depression" } })).ReadJsonAsync();
        Assert.Equal(2, plan.GetProperty("protocolRevision").GetInt32());
        Assert.Contains("cap at 0.6", plan.GetProperty("protocolChangeReason").GetString());

        var history = (await GetAsync(prescriber, id)).GetProperty("history").EnumerateArray().ToList();
        Assert.Equal([2, 1], history.Select(h => h.GetProperty("revision").GetInt32()).ToArray());
        Assert.Equal("Dr Priya Prescriber", history[0].GetProperty("changedBy").GetString());

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Respite.Data.RespiteDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.EntityType == "Protocol" && e.EntityId == $"{id}@2"));
    }

    [Fact]
    public async Task Revise_InvalidLimits_Is400NamingTheField_AndNothingIsSaved()
    {
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var id = await DeriveAsync(prescriber);
        var definition = Definition((await GetAsync(prescriber, id)).GetProperty("protocol"));
        definition["limits"]!["usualMaxMgPerKg"] = 1.5m;
        var response = await prescriber.PutAsJsonAsync($"/api/protocols/{id}", new { definition, revision = 1, reason = "typo" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("definition.limits.usualMaxMgPerKg", (await response.ReadJsonAsync()).ErrorFields());
        Assert.Equal(1, (await GetAsync(prescriber, id)).GetProperty("protocol").GetProperty("revision").GetInt32());

        definition["limits"]!["usualMaxMgPerKg"] = "lots";
        var notANumber = await prescriber.PutAsJsonAsync($"/api/protocols/{id}", new { definition, revision = 1, reason = "typo" });
        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
    }

    [Fact]
    public async Task ADefault_CanBeChangedAndReset_TheCitedSourceStays()
    {
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var current = await GetAsync(prescriber, "esketamine-mdsi");
        var definition = Definition(current.GetProperty("protocol"));
        var revision = current.GetProperty("protocol").GetProperty("revision").GetInt32();
        definition["evidence"] = "Clinic note: start at 56 mg for patients over 65.";
        definition["source"] = "my own";
        var sourceChanged = await prescriber.PutAsJsonAsync("/api/protocols/esketamine-mdsi", new { definition, revision, reason = "note" });
        Assert.Contains("definition.source", (await sourceChanged.ReadJsonAsync()).ErrorFields());

        definition["source"] = current.GetProperty("citedDefault").GetProperty("source").GetString();
        Assert.False(definition["requiresTreatmentResistance"]!.GetValue<bool>());
        definition["requiresTreatmentResistance"] = true;
        Assert.Contains("definition.requiresTreatmentResistance",
            (await (await prescriber.PutAsJsonAsync("/api/protocols/esketamine-mdsi", new { definition, revision, reason = "x" })).ReadJsonAsync()).ErrorFields());
        definition["requiresTreatmentResistance"] = false;
        var changed = await (await prescriber.PutAsJsonAsync("/api/protocols/esketamine-mdsi", new { definition, revision, reason = "Older patients" })).ReadJsonAsync();
        Assert.False(changed.GetProperty("isCitedDefault").GetBoolean());

        var reset = await prescriber.PostAsJsonAsync("/api/protocols/esketamine-mdsi/reset", new { reason = "Back to the label", revision = revision + 1 });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var after = await reset.ReadJsonAsync();
        Assert.True(after.GetProperty("isCitedDefault").GetBoolean());
        Assert.Equal(revision + 2, after.GetProperty("revision").GetInt32());
        Assert.DoesNotContain("Clinic note", after.GetProperty("evidence").GetString());
    }

    [Fact]
    public async Task OnlyPrescribers_ChangeProtocols()
    {
        foreach (var role in new[] { Roles.Nurse, Roles.FrontDesk, Roles.Admin })
        {
            var client = await factory.ClientForAsync(role);
            var response = await client.PostAsJsonAsync("/api/protocols", new { fromId = "iv-ketamine-depression", id = "nope-" + role, name = "x", reason = "x" });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var duplicate = await prescriber.PostAsJsonAsync("/api/protocols", new { fromId = "iv-ketamine-depression", id = "iv-ketamine-depression", name = "x", reason = "x" });
        Assert.Contains("id", (await duplicate.ReadJsonAsync()).ErrorFields());
        Assert.Equal(HttpStatusCode.NotFound, (await prescriber.GetAsync("/api/protocols/no-such-protocol")).StatusCode);
    }
}

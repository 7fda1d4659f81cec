using System.Net;
using System.Net.Http.Json;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests.Pharmacokinetics;

/// <summary>The settings group <c>pharmacokinetics</c>: cited defaults, validation, and the charts that follow a change.</summary>
public sealed class PharmacokineticSettingsTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    [Fact]
    public async Task Defaults_AreTheCitedBandsAndModels()
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var body = await (await nurse.GetAsync("/api/settings/pharmacokinetics")).ReadJsonAsync();
        var defaults = body.GetProperty("defaults");
        Assert.Equal(70, defaults.GetProperty("analgesiaLowNgPerMl").GetDouble());
        Assert.Equal(160, defaults.GetProperty("analgesiaHighNgPerMl").GetDouble());
        Assert.Equal(100, defaults.GetProperty("dissociationLowNgPerMl").GetDouble());
        Assert.Equal(250, defaults.GetProperty("dissociationHighNgPerMl").GetDouble());
        Assert.Contains("PMC6020109", defaults.GetProperty("bandsSource").GetString());
        Assert.Equal("ketamine-clements", defaults.GetProperty("defaultIvModel").GetString());
        Assert.Equal("esketamine-intranasal", defaults.GetProperty("defaultIntranasalModel").GetString());
        Assert.Equal(500, defaults.GetProperty("populationSize").GetInt32());
        Assert.Equal(5, defaults.GetProperty("tciStepMinutes").GetInt32());
        Assert.Equal(0.1, defaults.GetProperty("tciRateIncrementMgPerHour").GetDouble());
    }

    [Theory]
    [InlineData("{\"dissociationLowNgPerMl\": 100, \"dissociationHighNgPerMl\": 90}", "dissociationHighNgPerMl")]
    [InlineData("{\"analgesiaLowNgPerMl\": -1}", "analgesiaLowNgPerMl")]
    [InlineData("{\"defaultIntranasalModel\": \"ketamine-domino\"}", "defaultIntranasalModel")]
    [InlineData("{\"defaultIvModel\": \"propofol\"}", "defaultIvModel")]
    [InlineData("{\"populationSize\": 50}", "populationSize")]
    [InlineData("{\"populationSize\": 5001}", "populationSize")]
    [InlineData("{\"tciStepMinutes\": 0}", "tciStepMinutes")]
    [InlineData("{\"tciRateIncrementMgPerHour\": 11}", "tciRateIncrementMgPerHour")]
    [InlineData("{\"populationSeed\": -3}", "populationSeed")]
    public async Task Update_Invalid_Returns400NamingTheField(string json, string field)
    {
        var admin = await factory.ClientForAsync(Roles.Admin);
        var response = await admin.PutAsync("/api/settings/pharmacokinetics", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadJsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task Update_ChangesTheChartsAndTheComparison()
    {
        var admin = await factory.ClientForAsync(Roles.Admin);
        var saved = await admin.PutAsJsonAsync("/api/settings/pharmacokinetics", new { dissociationLowNgPerMl = 120, dissociationHighNgPerMl = 260, populationSize = 200, defaultIvModel = "ketamine-hijazi" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var (_, planId) = await SchedulingData.SignedPlanAsync(factory, SchedulingData.Monday(40).ToString("yyyy-MM-dd"));
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var chart = await (await nurse.GetAsync($"/api/plans/{planId}/pk")).ReadJsonAsync();
        Assert.Contains("Hijazi", chart.GetProperty("model").GetString());
        Assert.Contains("200 virtual patients", chart.GetProperty("bands")[0].GetProperty("label").GetString());
        Assert.Equal(120, chart.GetProperty("referenceBands")[1].GetProperty("lowNgPerMl").GetDouble());
        Assert.Equal(260, chart.GetProperty("referenceBands")[1].GetProperty("highNgPerMl").GetDouble());

        var compared = await (await nurse.PostAsJsonAsync("/api/pk/compare", new
        {
            model = "ketamine-domino", weightKg = 70,
            regimens = new object[]
            {
                new { doses = new[] { new { kind = "infusion", startMinute = 0, durationMinutes = 40, rateMgPerHour = 52.5 } } },
                new { doses = new[] { new { kind = "infusion", startMinute = 0, durationMinutes = 60, rateMgPerHour = 35 } } },
            },
        })).ReadJsonAsync();
        Assert.Equal(120, compared.GetProperty("summary")[0].GetProperty("dissociationThresholdNgPerMl").GetDouble());

        // The TCI step now defaults to the clinic's; an explicit one still wins.
        await admin.PutAsJsonAsync("/api/settings/pharmacokinetics", new { tciStepMinutes = 10, tciRateIncrementMgPerHour = 1 });
        var tci = await (await nurse.PostAsJsonAsync("/api/pk/target-controlled", new { model = "ketamine-clements", weightKg = 70, targetNgPerMl = 150, durationMinutes = 60 })).ReadJsonAsync();
        Assert.All(tci.GetProperty("steps").EnumerateArray(), s =>
        {
            Assert.Equal(0, s.GetProperty("startMinute").GetDouble() % 10, 9);
            Assert.Equal(Math.Round(s.GetProperty("mgPerHour").GetDouble()), s.GetProperty("mgPerHour").GetDouble(), 9);
        });
    }
}

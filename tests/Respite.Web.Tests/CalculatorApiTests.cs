using System.Net;
using System.Net.Http.Json;
using System.Text;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

public sealed class CalculatorApiTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    [Fact]
    public async Task Infusion_StandardDepressionDose_ReturnsFiguresAndNoChecks()
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var response = await nurse.PostAsJsonAsync("/api/calculators/infusion", new
        {
            weightKg = 70, doseMgPerKg = 0.5, durationMinutes = 40, concentrationMgPerMl = 1, protocolId = "iv-ketamine-depression",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(35m, body.GetProperty("totalDoseMg").GetDecimal());
        Assert.Equal(35m, body.GetProperty("totalVolumeMl").GetDecimal());
        Assert.Equal(52.5m, body.GetProperty("rateMlPerHour").GetDecimal());
        Assert.Equal(52.5m, body.GetProperty("rateMgPerHour").GetDecimal());
        Assert.Equal(0.75m, body.GetProperty("rateMgPerKgPerHour").GetDecimal());
        Assert.Equal("allow", body.GetProperty("outcome").GetString());
        Assert.Equal(0, body.GetProperty("checks").GetArrayLength());
        Assert.Contains("0.1 mL/h", body.GetProperty("rounding").GetString());
    }

    [Fact]
    public async Task Infusion_PainBolus_IsAddedToTheSessionTotal_AndBlockedAboveTheLimit()
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var ok = await (await nurse.PostAsJsonAsync("/api/calculators/infusion", new
        {
            weightKg = 80, rateMgPerKgPerHour = 0.5, durationMinutes = 150, concentrationMgPerMl = 2, protocolId = "iv-ketamine-chronic-pain", bolusMgPerKg = 0.35,
        })).ReadJsonAsync();
        Assert.Equal(28m, ok.GetProperty("bolusMg").GetDecimal());
        Assert.Equal(14m, ok.GetProperty("bolusVolumeMl").GetDecimal());
        Assert.Equal(128m, ok.GetProperty("sessionTotalMg").GetDecimal());
        Assert.DoesNotContain(ok.GetProperty("checks").EnumerateArray(), c => c.GetProperty("ruleId").GetString() == "SAF-DOSE-011");

        var blocked = await (await nurse.PostAsJsonAsync("/api/calculators/infusion", new
        {
            weightKg = 80, rateMgPerKgPerHour = 0.5, durationMinutes = 150, concentrationMgPerMl = 2, protocolId = "iv-ketamine-chronic-pain", bolusMgPerKg = 0.5,
        })).ReadJsonAsync();
        Assert.Equal("block", blocked.GetProperty("outcome").GetString());
        Assert.Contains(blocked.GetProperty("checks").EnumerateArray(), c => c.GetProperty("ruleId").GetString() == "SAF-DOSE-011");
    }

    [Fact]
    public async Task Infusion_CrpsAbove25mgPerHour_Blocks()
    {
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var body = await (await prescriber.PostAsJsonAsync("/api/calculators/infusion", new
        {
            weightKg = 90, rateMgPerKgPerHour = 0.35, durationMinutes = 240, concentrationMgPerMl = 1, protocolId = "iv-ketamine-crps-10-day",
        })).ReadJsonAsync();
        Assert.Equal("block", body.GetProperty("outcome").GetString());
        Assert.Contains(body.GetProperty("checks").EnumerateArray(), c => c.GetProperty("ruleId").GetString() == "SAF-DOSE-003" && c.GetProperty("outcome").GetString() == "block");
    }

    [Theory]
    [InlineData("{\"weightKg\":19,\"doseMgPerKg\":0.5,\"durationMinutes\":40,\"concentrationMgPerMl\":1}", "weightKg")]
    [InlineData("{\"weightKg\":351,\"doseMgPerKg\":0.5,\"durationMinutes\":40,\"concentrationMgPerMl\":1}", "weightKg")]
    [InlineData("{\"doseMgPerKg\":0.5,\"durationMinutes\":40,\"concentrationMgPerMl\":1}", "weightKg")]
    [InlineData("{\"weightKg\":70,\"doseMgPerKg\":-0.5,\"durationMinutes\":40,\"concentrationMgPerMl\":1}", "doseMgPerKg")]
    [InlineData("{\"weightKg\":70,\"doseMgPerKg\":0,\"durationMinutes\":40,\"concentrationMgPerMl\":1}", "doseMgPerKg")]
    [InlineData("{\"weightKg\":70,\"durationMinutes\":40,\"concentrationMgPerMl\":1}", "doseMgPerKg")]
    [InlineData("{\"weightKg\":70,\"doseMgPerKg\":0.5,\"rateMgPerKgPerHour\":1,\"durationMinutes\":40,\"concentrationMgPerMl\":1}", "doseMgPerKg")]
    [InlineData("{\"weightKg\":70,\"doseMgPerKg\":0.5,\"durationMinutes\":0,\"concentrationMgPerMl\":1}", "durationMinutes")]
    [InlineData("{\"weightKg\":70,\"doseMgPerKg\":0.5,\"durationMinutes\":40,\"concentrationMgPerMl\":0}", "concentrationMgPerMl")]
    [InlineData("{\"weightKg\":70,\"doseMgPerKg\":0.5,\"durationMinutes\":40,\"concentrationMgPerMl\":1,\"protocolId\":\"magic\"}", "protocolId")]
    [InlineData("{\"weightKg\":\"NaN\",\"doseMgPerKg\":0.5,\"durationMinutes\":40,\"concentrationMgPerMl\":1}", "weightKg")]
    [InlineData("{\"weightKg\":70,\"doseMgPerKg\":0.5,\"durationMinutes\":40.5,\"concentrationMgPerMl\":1}", "durationMinutes")]
    [InlineData("{\"weightKg\":70,\"rateMgPerKgPerHour\":0.5,\"durationMinutes\":150,\"concentrationMgPerMl\":1,\"bolusMgPerKg\":3}", "bolusMgPerKg")]
    [InlineData("{\"weightKg\":70,\"rateMgPerKgPerHour\":0.5,\"durationMinutes\":150,\"concentrationMgPerMl\":1,\"bolusMgPerKg\":-0.1}", "bolusMgPerKg")]
    public async Task Infusion_BadInput_Returns400NamingTheField(string json, string field)
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var response = await nurse.PostAsync("/api/calculators/infusion", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadJsonAsync()).ErrorFields());
    }

    [Theory]
    [InlineData(56, 2, "allow")]
    [InlineData(84, 3, "allow")]
    [InlineData(28, 1, "warn")]
    [InlineData(60, 3, "block")]
    public async Task Esketamine_DevicesAndChecks(int doseMg, int devices, string outcome)
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var body = await (await nurse.PostAsJsonAsync("/api/calculators/esketamine", new { doseMg })).ReadJsonAsync();
        Assert.Equal(devices, body.GetProperty("devices").GetInt32());
        Assert.Equal(outcome, body.GetProperty("outcome").GetString());
        Assert.Equal(120, body.GetProperty("minimumObservationMinutes").GetInt32());
    }

    [Theory]
    [InlineData("{}", "doseMg")]
    [InlineData("{\"doseMg\":-56}", "doseMg")]
    [InlineData("{\"doseMg\":200}", "doseMg")]
    public async Task Esketamine_BadInput_Returns400(string json, string field)
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var response = await nurse.PostAsync("/api/calculators/esketamine", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadJsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task Protocols_ListEveryProtocolWithEvidence()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var list = await (await desk.GetAsync("/api/protocols")).ReadJsonAsync();
        var ids = list.EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.Equal(["iv-ketamine-depression", "iv-ketamine-chronic-pain", "iv-ketamine-crps-10-day", "esketamine-trd", "esketamine-mdsi"], ids);
        Assert.All(list.EnumerateArray(), p => Assert.Contains("CLINICAL-SOURCES", p.GetProperty("source").GetString()));
    }
}

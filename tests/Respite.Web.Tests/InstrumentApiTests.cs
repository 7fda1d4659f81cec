using System.Net;
using System.Net.Http.Json;
using System.Text;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

public sealed class InstrumentApiTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    [Fact]
    public async Task Score_Phq9WithItem9_ReturnsTotalBandAndFlag()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        var response = await client.PostAsJsonAsync("/api/instruments/phq9/score", new { answers = new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1 } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("phq9", body.GetProperty("instrument").GetString());
        Assert.Equal(9m, body.GetProperty("total").GetDecimal());
        Assert.Equal("mild", body.GetProperty("band").GetString());
        Assert.Contains("suicidal-ideation", body.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Score_AuditCFemaleAtThree_IsPositive()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        var female = await (await client.PostAsJsonAsync("/api/instruments/auditc/score", new { answers = new[] { 1, 1, 1 }, sex = "female" })).ReadJsonAsync();
        var male = await (await client.PostAsJsonAsync("/api/instruments/auditc/score", new { answers = new[] { 1, 1, 1 }, sex = "male" })).ReadJsonAsync();
        Assert.Equal("positive", female.GetProperty("band").GetString());
        Assert.Equal("negative", male.GetProperty("band").GetString());
    }

    [Fact]
    public async Task Score_Dast10_YesNoAnswers()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        var body = await (await client.PostAsJsonAsync("/api/instruments/dast10/score",
            new { answers = new[] { true, false, false, false, false, false, false, false, false, false } })).ReadJsonAsync();
        Assert.Equal(2m, body.GetProperty("total").GetDecimal());
    }

    [Theory]
    [InlineData("phq9", "{\"answers\":[0,0,0,0,0,0,0,0]}", "answers")]
    [InlineData("phq9", "{\"answers\":[0,0,0,0,0,0,0,0,4]}", "answers[8]")]
    [InlineData("phq9", "{\"answers\":[0,0,0,\"x\",0,0,0,0,0]}", "answers[3]")]
    [InlineData("phq9", "{\"answers\":[0,0,true,0,0,0,0,0,0]}", "answers[2]")]
    [InlineData("phq9", "{\"answers\":[0,0,0,0,0,0,0,0,1.5]}", "answers[8]")]
    [InlineData("phq9", "{}", "answers")]
    [InlineData("phq9", "{\"answers\":\"0,1\"}", "answers")]
    [InlineData("dast10", "{\"answers\":[1,0,0,0,0,0,0,0,0,0]}", "answers[0]")]
    [InlineData("auditc", "{\"answers\":[1,1,1]}", "sex")]
    [InlineData("auditc", "{\"answers\":[1,1,1],\"sex\":\"robot\"}", "sex")]
    [InlineData("nrs-pain", "{\"answers\":[11]}", "answers[0]")]
    [InlineData("nrs-pain", "{\"answers\":[-1]}", "answers[0]")]
    public async Task Score_BadInput_Returns400NamingTheField(string code, string json, string field)
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        var response = await client.PostAsync($"/api/instruments/{code}/score", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Contains(field, problem.ErrorFields());
    }

    [Theory]
    [InlineData("{\"answers\":[0,0")]
    [InlineData("not json")]
    [InlineData("{\"answers\":[0,0,0,0,0,0,0,0,0],\"sex\":5}")]
    public async Task Score_MalformedBody_Returns400Not500(string json)
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        var response = await client.PostAsync("/api/instruments/phq9/score", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.NotEmpty(problem.ErrorFields());
    }

    [Fact]
    public async Task Score_UnknownInstrument_Returns404()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        var response = await client.PostAsJsonAsync("/api/instruments/bpi/score", new { answers = new[] { 1 } });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ListInstruments_CarriesLoincCodes()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        var list = await (await client.GetAsync("/api/instruments")).ReadJsonAsync();
        var phq9 = list.EnumerateArray().Single(i => i.GetProperty("code").GetString() == "phq9");
        Assert.Equal("44261-6", phq9.GetProperty("totalLoinc").GetString());
        Assert.DoesNotContain(list.EnumerateArray(), i => i.GetProperty("code").GetString()!.Contains("bpi", StringComparison.OrdinalIgnoreCase));
    }
}

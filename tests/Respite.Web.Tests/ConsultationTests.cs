using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Consultations;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

public sealed class ConsultationTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    public static object ValidRequest(string? family = null) => new
    {
        givenName = "Avery",
        familyName = family ?? "Enquirer-" + Guid.NewGuid().ToString("N")[..8],
        email = "avery@example.com",
        phone = "+1 555 0199",
        dateOfBirth = "1975-02-03",
        concern = "both",
        painConditions = new[] { "fibromyalgia", "crps" },
        preferredTimes = "Tuesday afternoons",
        message = "I would like to know whether infusions could help.",
    };

    [Fact]
    public async Task Submit_Anonymous_IsQueuedForFrontDesk()
    {
        var family = "Queue-" + Guid.NewGuid().ToString("N")[..8];
        var anonymous = await factory.ClientForAsync("anonymous");
        var response = await anonymous.PostAsJsonAsync("/api/consultation-requests", ValidRequest(family));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var queue = await (await desk.GetAsync("/api/consultation-requests?status=new")).ReadJsonAsync();
        var mine = queue.EnumerateArray().Single(r => r.GetProperty("familyName").GetString() == family);
        Assert.Equal("both", mine.GetProperty("concern").GetString());
    }

    [Theory]
    [InlineData("givenName", "{\"familyName\":\"X\",\"email\":\"a@b.co\",\"dateOfBirth\":\"1980-01-01\",\"concern\":\"depression\"}")]
    [InlineData("email", "{\"givenName\":\"A\",\"familyName\":\"X\",\"email\":\"not-an-email\",\"dateOfBirth\":\"1980-01-01\",\"concern\":\"depression\"}")]
    [InlineData("dateOfBirth", "{\"givenName\":\"A\",\"familyName\":\"X\",\"email\":\"a@b.co\",\"dateOfBirth\":\"2999-01-01\",\"concern\":\"depression\"}")]
    [InlineData("dateOfBirth", "{\"givenName\":\"A\",\"familyName\":\"X\",\"email\":\"a@b.co\",\"dateOfBirth\":\"01/01/1980\",\"concern\":\"depression\"}")]
    [InlineData("concern", "{\"givenName\":\"A\",\"familyName\":\"X\",\"email\":\"a@b.co\",\"dateOfBirth\":\"1980-01-01\",\"concern\":\"sadness\"}")]
    [InlineData("painConditions[0]", "{\"givenName\":\"A\",\"familyName\":\"X\",\"email\":\"a@b.co\",\"dateOfBirth\":\"1980-01-01\",\"concern\":\"both\",\"painConditions\":[\"gout\"]}")]
    public async Task Submit_BadInput_Returns400AndStoresNothing(string field, string json)
    {
        var anonymous = await factory.ClientForAsync("anonymous");
        var before = await factory.WithDbAsync(db => db.ConsultationRequests.CountAsync());
        var response = await anonymous.PostAsync("/api/consultation-requests", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadJsonAsync()).ErrorFields());
        var after = await factory.WithDbAsync(db => db.ConsultationRequests.CountAsync());
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Convert_CreatesPatientWithConditionsAndMarksConverted()
    {
        var anonymous = await factory.ClientForAsync("anonymous");
        var receipt = await (await anonymous.PostAsJsonAsync("/api/consultation-requests", ValidRequest())).ReadJsonAsync();
        var id = receipt.GetProperty("id").GetString();

        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var response = await desk.PostAsJsonAsync($"/api/consultation-requests/{id}/convert", new { sex = "female" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var patient = await response.ReadJsonAsync();
        var codes = patient.GetProperty("conditions").EnumerateArray().Select(c => c.GetProperty("icd10").GetString()).ToList();
        Assert.Contains("M79.7", codes);
        Assert.Contains("G90.50", codes);
        Assert.Contains("F32.A", codes);

        var request = await (await desk.GetAsync($"/api/consultation-requests/{id}")).ReadJsonAsync();
        Assert.Equal("converted", request.GetProperty("status").GetString());
        Assert.Equal(patient.GetProperty("id").GetString(), request.GetProperty("patientId").GetString());

        var again = await desk.PostAsJsonAsync($"/api/consultation-requests/{id}/convert", new { sex = "female" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Submit_HoneypotFilled_IsAcceptedButNotStored()
    {
        var family = "Bot-" + Guid.NewGuid().ToString("N")[..8];
        var anonymous = await factory.ClientForAsync("anonymous");
        var response = await anonymous.PostAsJsonAsync("/api/consultation-requests", new
        {
            givenName = "Bot", familyName = family, email = "bot@example.com", dateOfBirth = "1980-01-01", concern = "depression", website = "http://spam.example",
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(await factory.WithDbAsync(db => db.ConsultationRequests.AnyAsync(c => c.FamilyName == family)));
    }
}

public sealed class ConsultationRateLimitTests
{
    [Fact]
    public async Task Submit_MoreThanLimitPerMinute_Returns429()
    {
        using var factory = new RespiteWebApplicationFactory().With("RateLimits:ConsultationRequestsPerMinute", "3");
        var client = await factory.ClientForAsync("anonymous");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/consultation-requests", ConsultationTests.ValidRequest())).StatusCode);
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        var limited = await client.PostAsJsonAsync("/api/consultation-requests", ConsultationTests.ValidRequest());
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), limited.Headers.RetryAfter?.Delta);
        Assert.Equal(3, await factory.WithDbAsync(db => db.ConsultationRequests.CountAsync(c => c.Status == ConsultationStatus.New && c.GivenName == "Avery")));
    }
}

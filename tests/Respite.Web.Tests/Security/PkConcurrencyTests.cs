using System.Net;
using System.Net.Http.Json;
using Respite.Web.Hosting;
using Respite.Web.Tests.Infrastructure;
using Respite.Data.Identity;

namespace Respite.Web.Tests.Security;

/// <summary>Population simulations are CPU-bound: beyond <c>Pharmacokinetics:MaxConcurrentPopulations</c> and its queue the host answers 503 with Retry-After.</summary>
public sealed class PkConcurrencyTests
{
    [Fact]
    public async Task Populations_BeyondTheConcurrencyLimit_Are503WithRetryAfter_AndTheOthersComplete()
    {
        using var factory = new RespiteWebApplicationFactory()
            .With("Pharmacokinetics:MaxConcurrentPopulations", "1")
            .With("Pharmacokinetics:PopulationQueueLimit", "0");
        var client = await factory.ClientForAsync(Roles.Nurse);
        var request = new
        {
            model = "ketamine-domino", weightKg = 70,
            doses = new[] { new { kind = "infusion", startMinute = 0, durationMinutes = 40, rateMgPerHour = 52.5 } },
            times = Enumerable.Range(0, 60).Select(i => i * 4).ToArray(), patients = 10_000, seed = 7, percentiles = new[] { 5, 50, 95 },
        };

        // Eight at once: on a busy machine four were once answered one after the other, none overlapping the first.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostAsJsonAsync("/api/pk/population", request)));

        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.NotEmpty(refused);
        foreach (var response in refused)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, $"Retry-After: {response.Headers.RetryAfter}");
            var problem = await response.ReadJsonAsync();
            Assert.Equal(RateLimits.BusyType, problem.GetProperty("type").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/pk/population", request)).StatusCode);
    }

    [Fact]
    public async Task Populations_WithinTheQueue_WaitTheirTurn()
    {
        using var factory = new RespiteWebApplicationFactory()
            .With("Pharmacokinetics:MaxConcurrentPopulations", "1")
            .With("Pharmacokinetics:PopulationQueueLimit", "3");
        var client = await factory.ClientForAsync(Roles.Nurse);
        var request = new
        {
            model = "ketamine-domino", weightKg = 70,
            doses = new[] { new { kind = "infusion", startMinute = 0, durationMinutes = 40, rateMgPerHour = 52.5 } },
            times = new[] { 0, 20, 40, 60, 120 }, patients = 2_000, seed = 7, percentiles = new[] { 5, 50, 95 },
        };

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsJsonAsync("/api/pk/population", request)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }
}

using System.Net;
using System.Net.Http.Json;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.AspNetCore.RateLimiting;
using Respite.Data.Identity;
using Respite.Web.Hosting;
using Respite.Web.Tests.Fhir;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests.Security;

/// <summary>Every endpoint open without an account is rate-limited per client address; a refusal is 429 with Retry-After.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public void EveryAnonymousEndpoint_NamesARateLimitPolicy()
    {
        using var factory = new RespiteWebApplicationFactory();
        var anonymous = EndpointTable.All(factory).Where(e => EndpointTable.IsAnonymous(e) && !EndpointTable.IsExempt(e)).ToList();

        var unlimited = anonymous
            .Where(e => e.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not { PolicyName: RateLimits.Login or RateLimits.Public })
            .Select(e => $"{EndpointTable.Route(e)} ({e.DisplayName}: {string.Join(",", e.Metadata.Select(m => m.GetType().Name))})")
            .ToList();

        Assert.True(unlimited.Count == 0, "Anonymous endpoints without a rate limit: " + string.Join(", ", unlimited));
        var routes = anonymous.Select(EndpointTable.Route).ToHashSet();
        foreach (var expected in new[]
                 {
                     "/api/auth/login", "/account/login", "/api/consultation-requests", "/api/public/locations", "/api/public/consultation-slots",
                     "/api/calendar-feeds/{file}", "/fhir/metadata", "/login", "/portal/accept", "/reminders/opt-out", "/request-consultation", "/",
                 })
        {
            Assert.Contains(expected, routes);
        }
    }

    [Fact]
    public async Task Login_BeyondTheLimitWithinAMinute_Is429WithRetryAfter()
    {
        using var factory = new RespiteWebApplicationFactory().With("RateLimits:LoginAttemptsPerMinute", "3");
        var client = factory.CreateClient();
        var email = DemoSeeder.DemoUsers.Single(u => u.Role == Roles.Nurse).Email;

        for (var i = 0; i < 3; i++)
        {
            var refused = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "not the password" });
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var limited = await client.PostAsJsonAsync("/api/auth/login", new { email, password = DemoSeeder.DemoPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 and <= 60 }, $"Retry-After: {limited.Headers.RetryAfter}");
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var problem = await limited.ReadJsonAsync();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal(RateLimits.TooManyRequestsType, problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task PublicReads_BeyondTheLimit_Are429_AsProblemDetails_OperationOutcome_OrAPage()
    {
        using var factory = new RespiteWebApplicationFactory().With("RateLimits:PublicRequestsPerMinute", "1");
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/public/locations")).StatusCode);
        var api = await client.GetAsync("/api/public/locations");
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.NotNull(api.Headers.RetryAfter);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        var fhir = await client.GetAsync("/fhir/metadata");
        var outcome = await FhirWire.OutcomeAsync(fhir, HttpStatusCode.TooManyRequests);
        Assert.Equal(OperationOutcome.IssueType.Throttled, outcome.Issue.Single().Code);
        Assert.NotNull(fhir.Headers.RetryAfter);

        var page = await client.GetAsync("/login");
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.NotNull(page.Headers.RetryAfter);
        Assert.Contains("Too many requests", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicFormPosts_AreCountedApartFromReads()
    {
        using var factory = new RespiteWebApplicationFactory()
            .With("RateLimits:PublicFormPostsPerMinute", "2")
            .With("RateLimits:PublicRequestsPerMinute", "100");
        var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.PostAsync("/reminders/opt-out", new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "reminder-opt-out" }))).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses[..2]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[2]);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync("/reminders/opt-out")).StatusCode);
    }

    [Fact]
    public async Task SignedInUsers_AreNotCountedOnPublicEndpoints()
    {
        using var factory = new RespiteWebApplicationFactory().With("RateLimits:PublicRequestsPerMinute", "1");
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync("/api/public/locations")).StatusCode);
        }
    }
}

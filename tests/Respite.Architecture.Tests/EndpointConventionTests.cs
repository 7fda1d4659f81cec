using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Respite.Architecture.Tests;

/// <summary>Every API endpoint states who may call it: an authorization policy, or an explicit AllowAnonymous.</summary>
public sealed class EndpointConventionTests : IClassFixture<WebApplicationFactory<Program>>
{
    private readonly WebApplicationFactory<Program> _factory;

    public EndpointConventionTests(WebApplicationFactory<Program> factory)
    {
        var directory = Path.Combine(Path.GetTempPath(), "respite-arch-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        _factory = factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Respite", $"Data Source={Path.Combine(directory, "arch.db")}");
            builder.UseSetting("Demo:Seed", "false");
        });
    }

    [Fact]
    public void EveryApiEndpoint_DeclaresAuthorizationOrAnonymous()
    {
        var endpoints = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .ToList();
        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, endpoint =>
        {
            var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>();
            Assert.True(authorize.Count > 0 || anonymous is not null, $"{endpoint.RoutePattern.RawText} has no authorization metadata");
        });
    }

    [Fact]
    public void AnonymousApiEndpoints_AreOnlyTheKnownPublicOnes()
    {
        var anonymous = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => e.RoutePattern.RawText!.TrimEnd('/'))
            .Distinct()
            .Order()
            .ToList();
        Assert.Equal(["/api/auth/login", "/api/calendar-feeds/{file}", "/api/consultation-requests", "/api/public/consultation-slots", "/api/public/locations"], anonymous);
    }
}

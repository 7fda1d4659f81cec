using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Respite.Data.Identity;

namespace Respite.Web.Tests.Infrastructure;

/// <summary>An /api or /fhir route of the running host: one HTTP method of one route pattern.</summary>
public sealed record ApiRoute(string Method, string Pattern, RouteEndpoint Endpoint)
{
    public override string ToString() => $"{Method} {Pattern}";

    public bool IsFhir => Pattern.StartsWith("/fhir", StringComparison.Ordinal);

    public IEnumerable<string> ParameterNames => Endpoint.RoutePattern.Parameters.Select(p => p.Name);
}

/// <summary>The /api and /fhir routes of the host, read from its <see cref="EndpointDataSource"/>, and the roles each admits.</summary>
public static class RouteTable
{
    /// <summary>Every routed endpoint of the host: API, FHIR, pages, form posts, probes and static assets.</summary>
    public static IEnumerable<RouteEndpoint> Endpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    public static IReadOnlyList<ApiRoute> ApiAndFhirRoutes(IServiceProvider services) =>
        Endpoints(services)
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api", StringComparison.Ordinal) || raw.StartsWith("/fhir", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => new ApiRoute(m, Normalize(e.RoutePattern.RawText!), e)))
            .DistinctBy(r => r.ToString())
            .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();

    public static string Normalize(string pattern) => pattern.Length > 1 ? pattern.TrimEnd('/') : pattern;

    /// <summary>The signed-in roles the route's authorization policies let through ("anonymous" included when it allows anonymous).</summary>
    public static async Task<IReadOnlyList<string>> AdmittedRolesAsync(IServiceProvider services, ApiRoute route)
    {
        if (route.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return RespiteWebApplicationFactory.AllRoles;
        }

        var provider = services.GetRequiredService<IAuthorizationPolicyProvider>();
        var policy = await AuthorizationPolicy.CombineAsync(provider, route.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(),
            route.Endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
        var roles = RespiteWebApplicationFactory.AllRoles.Where(r => r != "anonymous").ToList();
        foreach (var requirement in policy?.Requirements.OfType<RolesAuthorizationRequirement>() ?? [])
        {
            roles = roles.Where(requirement.AllowedRoles.Contains).ToList();
        }

        return roles;
    }

    public static bool AdmitsPatient(IReadOnlyList<string> roles) => roles.Contains(Roles.Patient);
}

/// <summary>
/// Records which endpoint each request was routed to: a request carrying the header <see cref="Header"/> has its matched
/// endpoint stored under the header's value.
/// </summary>
public sealed class EndpointRecorder : IStartupFilter
{
    public const string Header = "X-Test-Route-Probe";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RouteEndpoint?> _matched = new(StringComparer.Ordinal);

    public RouteEndpoint? Matched(string probe) => _matched.TryGetValue(probe, out var endpoint) ? endpoint : null;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var probe = context.Request.Headers[Header].ToString();
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                if (probe.Length > 0)
                {
                    _matched[probe] = context.GetEndpoint() as RouteEndpoint;
                }
            }
        });
        next(app);
    };
}

/// <summary>The test host with an <see cref="EndpointRecorder"/>: which route a concrete URL reaches, asked of the real router.</summary>
public sealed class RouteRecordingFactory : RespiteWebApplicationFactory
{
    public RouteRecordingFactory()
    {
        // Why: the matrix and the fuzzer start many bulk exports as one user; the per-user limit is tested on its own.
        With("Fhir:Export:MaxActivePerUser", "10000");
    }

    public EndpointRecorder Recorder { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(Recorder));
    }

    /// <summary>The route a request with this method and URL is matched to (sent anonymously, so no handler behind authorization runs).</summary>
    public async Task<ApiRoute?> RouteOfAsync(HttpMethod method, string url)
    {
        var client = await ClientForAsync("anonymous");
        var probe = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add(EndpointRecorder.Header, probe);
        using var _ = await client.SendAsync(request);
        return Recorder.Matched(probe) is { RoutePattern.RawText: { } raw } endpoint ? new ApiRoute(method.Method, RouteTable.Normalize(raw), endpoint) : null;
    }
}

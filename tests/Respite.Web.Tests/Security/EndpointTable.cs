using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests.Security;

/// <summary>The host's route table, read from the running app, so a new route is covered by the security tests without listing it.</summary>
internal static class EndpointTable
{
    /// <summary>Open on purpose without any limit: liveness and health probes, and the pages the app re-executes for errors.</summary>
    private static readonly HashSet<string> Exempt = ["/alive", "/health", "/not-found", "/access-denied"];

    public static IReadOnlyList<RouteEndpoint> All(RespiteWebApplicationFactory factory)
    {
        _ = factory.Server;
        return RouteTable.Endpoints(factory.Services).ToList();
    }

    public static string Route(RouteEndpoint endpoint) => "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');

    public static bool IsStaticAsset(RouteEndpoint endpoint) =>
        endpoint.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset", StringComparison.Ordinal))
        || Route(endpoint).StartsWith("/_framework/", StringComparison.Ordinal)
        || Route(endpoint).EndsWith(":file}", StringComparison.Ordinal);

    public static bool IsExempt(RouteEndpoint endpoint) => IsStaticAsset(endpoint) || Exempt.Contains(Route(endpoint));

    /// <summary>Reachable without signing in: marked anonymous, or carrying no authorization requirement at all.</summary>
    public static bool IsAnonymous(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || !endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any();

    public static bool IsUi(RouteEndpoint endpoint)
    {
        var route = Route(endpoint);
        return !route.StartsWith("/api/", StringComparison.Ordinal) && !route.StartsWith("/fhir", StringComparison.Ordinal)
            && !route.StartsWith("/openapi/", StringComparison.Ordinal) && !IsExempt(endpoint);
    }

    public static bool AcceptsPost(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods || methods.HttpMethods.Contains("POST");

    /// <summary>An address that matches the route: a fresh GUID, number or word for each parameter.</summary>
    public static string Url(RouteEndpoint endpoint)
    {
        var segments = endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter when endpoint.RoutePattern.ParameterPolicies.TryGetValue(parameter.Name, out var policies)
                && policies.Any(p => p.Content is "guid") => Guid.NewGuid().ToString(),
            RoutePatternParameterPart parameter when endpoint.RoutePattern.ParameterPolicies.TryGetValue(parameter.Name, out var policies)
                && policies.Any(p => p.Content is "int" or "long") => "1",
            _ => "x",
        })));
        return "/" + string.Join('/', segments);
    }
}

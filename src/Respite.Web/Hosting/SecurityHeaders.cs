using System.Security.Cryptography;

namespace Respite.Web.Hosting;

/// <summary>
/// The headers every response carries, set when the response starts so that error pages written after the exception
/// handler cleared the response carry them too. The content security policy allows no inline script and no inline style:
/// a page that must style by computed values (the day view's grid, the dose meter) writes one <c>&lt;style&gt;</c> element
/// with this response's nonce (<see cref="Nonce"/>).
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "respite:csp-nonce";

    public const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state => Apply((HttpContext)state), context);
            return next(context);
        });

    /// <summary>The CSP nonce of this response, made on first use; only a response that asks for one allows it.</summary>
    public static string Nonce(HttpContext context)
    {
        if (context.Items[NonceKey] is string nonce)
        {
            return nonce;
        }

        nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        context.Items[NonceKey] = nonce;
        return nonce;
    }

    public static string ContentSecurityPolicy(string? nonce) =>
        Policy(nonce is null ? "'self'" : $"'self' 'nonce-{nonce}'", "'self'");

    // Why: the API reference viewer (Development only) is a third-party page built on inline script and style.
    private static readonly string ApiReferencePolicy = Policy("'self' 'unsafe-inline'", "'self' 'unsafe-inline'");

    private static string Policy(string styleSources, string scriptSources) =>
        $"default-src 'self'; img-src 'self' data:; style-src {styleSources}; script-src {scriptSources}; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static Task Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/docs/api") || context.Request.Path.StartsWithSegments("/scalar")
            ? ApiReferencePolicy
            : ContentSecurityPolicy(context.Items[NonceKey] as string);
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            headers.CacheControl = "no-store";
        }

        return Task.CompletedTask;
    }
}

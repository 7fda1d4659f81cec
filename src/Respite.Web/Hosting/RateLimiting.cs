using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Respite.Web.Hosting;

/// <summary>The rate-limiting policies an endpoint names with <c>RequireRateLimiting</c> or <c>[EnableRateLimiting]</c>.</summary>
public static class RateLimits
{
    /// <summary>Sign-in attempts per client address (<c>RateLimits:LoginAttemptsPerMinute</c>).</summary>
    public const string Login = "login";

    /// <summary>
    /// Every other endpoint open without an account, per client address: reads (<c>RateLimits:PublicRequestsPerMinute</c>)
    /// and form posts or other writes (<c>RateLimits:PublicFormPostsPerMinute</c>) counted apart. Signed-in users are not
    /// counted: a clinic's staff share one address, and their requests are authenticated and audited.
    /// </summary>
    public const string Public = "public";

    /// <summary>Population simulations running at once, for the whole host (<c>Pharmacokinetics:MaxConcurrentPopulations</c>).</summary>
    public const string PkPopulation = "pk-population";

    public const string TooManyRequestsType = Problems.TypeBase + "too-many-requests";
    public const string BusyType = Problems.TypeBase + "busy";

    public static WebApplicationBuilder AddRespiteRateLimits(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var loginPerMinute = configuration.GetValue("RateLimits:LoginAttemptsPerMinute", 20);
        var readsPerMinute = configuration.GetValue("RateLimits:PublicRequestsPerMinute", 60);
        var postsPerMinute = configuration.GetValue("RateLimits:PublicFormPostsPerMinute", 10);
        var populations = configuration.GetValue("Pharmacokinetics:MaxConcurrentPopulations", Environment.ProcessorCount);
        var populationQueue = configuration.GetValue("Pharmacokinetics:PopulationQueueLimit", Environment.ProcessorCount);

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) => RejectAsync(context);
            options.AddPolicy(Login, context => RateLimitPartition.GetFixedWindowLimiter(
                ClientAddress(context),
                _ => PerMinute(loginPerMinute)));
            options.AddPolicy(Public, context =>
            {
                if (context.User.Identity?.IsAuthenticated == true)
                {
                    return RateLimitPartition.GetNoLimiter("signed-in");
                }

                var read = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
                return RateLimitPartition.GetFixedWindowLimiter(
                    (read ? "read " : "write ") + ClientAddress(context),
                    _ => PerMinute(read ? readsPerMinute : postsPerMinute));
            });
            options.AddPolicy(PkPopulation, _ => RateLimitPartition.GetConcurrencyLimiter(
                PkPopulation,
                _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = Math.Max(1, populations),
                    QueueLimit = Math.Max(0, populationQueue),
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                }));
        });
        return builder;
    }

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>
    /// 429 (a client's limit) or 503 (the host's capacity for population simulations), always with <c>Retry-After</c>:
    /// problem details on /api, an OperationOutcome on /fhir (written by the FHIR error middleware), a short page otherwise.
    /// </summary>
    private static async ValueTask RejectAsync(OnRejectedContext rejected)
    {
        var context = rejected.HttpContext;
        var endpoint = context.GetEndpoint();
        var policy = endpoint?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "";
        var busy = policy == PkPopulation;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(busy ? 1 : 60);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var response = context.Response;
        response.StatusCode = busy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimits).FullName!)
            .Rejected(policy, (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "", seconds);

        var path = context.Request.Path;
        if (path.StartsWithSegments("/fhir"))
        {
            return;
        }

        if (path.StartsWithSegments("/api"))
        {
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = response.StatusCode,
                    Type = busy ? BusyType : TooManyRequestsType,
                    Title = busy ? "The server is busy with other simulations." : "Too many requests.",
                    Detail = $"Try again in {seconds} s.",
                },
            });
            return;
        }

        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(string.Format(CultureInfo.InvariantCulture, TooManyRequestsPage, seconds), context.RequestAborted);
    }

    private const string TooManyRequestsPage = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Too many requests · Respite</title><link rel="stylesheet" href="/css/app.css">
        </head><body><main class="content">
        <h1>Too many requests</h1>
        <p>Too many requests came from this address in a short time. Please wait {0} seconds and try again, or call the clinic.</p>
        </main></body></html>
        """;
}

internal static partial class RateLimitLog
{
    [LoggerMessage(EventId = 1901, Level = LogLevel.Warning, Message = "Request refused by the rate limit {Policy} on {Route}; retry after {Seconds} s")]
    public static partial void Rejected(this ILogger logger, string policy, string route, int seconds);
}

using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Respite.Web.Hosting;

/// <summary>The single mapping from failures to RFC 9457 problem details.</summary>
public static class Problems
{
    public const string TypeBase = "https://respite.dev/problems/";
    public const string ValidationType = TypeBase + "validation";
    public const string SafetyRuleType = TypeBase + "safety-rule-blocked";
    public const string ConflictType = TypeBase + "conflict";
    public const string NotFoundType = TypeBase + "not-found";
    public const string ScheduleConflictType = TypeBase + "schedule-conflict";

    public static WebApplicationBuilder AddRespiteProblems(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options =>
        {
            options.CustomizeProblemDetails = context =>
            {
                context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
            };
        });
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        return builder;
    }

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid.", type: ValidationType);

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(title: $"{what} was not found.", statusCode: StatusCodes.Status404NotFound, type: NotFoundType);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(title: "The record was changed by someone else.", detail: detail, statusCode: StatusCodes.Status409Conflict, type: ConflictType);

    /// <summary>429 with <c>Retry-After</c>, for a limit a use case keeps itself (the consultation request form).</summary>
    public static IResult TooManyRequests(string? detail, int retryAfterSeconds = 60) =>
        new RetryAfterResult(
            TypedResults.Problem(title: "Too many requests.", detail: detail, statusCode: StatusCodes.Status429TooManyRequests, type: RateLimits.TooManyRequestsType),
            retryAfterSeconds);

    private sealed class RetryAfterResult(IResult inner, int seconds) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => (inner as IStatusCodeHttpResult)?.StatusCode;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }

    public static ProblemHttpResult SafetyBlocked(string ruleId, string detail) =>
        TypedResults.Problem(
            title: "A safety rule blocks this action.",
            detail: detail,
            statusCode: StatusCodes.Status409Conflict,
            type: SafetyRuleType,
            extensions: new Dictionary<string, object?> { ["ruleId"] = ruleId });
}

internal sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (DatabaseUnavailable.Is(exception))
        {
            return await UnavailableAsync(httpContext, exception);
        }

        var problem = exception switch
        {
            BadHttpRequestException bad => BadRequest(bad),
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Type = Problems.ConflictType,
                Title = "The record was changed by someone else.",
                Detail = "Reload the record and apply your change again.",
            },
            DbUpdateException update when IsUniqueViolation(update) => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Type = Problems.ConflictType,
                Title = "The record was changed by someone else.",
                Detail = "Another request saved the same record at the same moment; nothing of this one was saved. Reload and try again.",
            },
            _ => new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
            },
        };

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>503 with Retry-After: problem details for the API, a short page for the browser.</summary>
    private async ValueTask<bool> UnavailableAsync(HttpContext httpContext, Exception exception)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        DatabaseUnavailable.AddRetryAfter(response);
        response.Headers.CacheControl = "no-store";
        var path = httpContext.Request.Path;
        if (!path.StartsWithSegments("/api") && !path.StartsWithSegments("/health"))
        {
            response.ContentType = "text/html; charset=utf-8";
            await response.WriteAsync(UnavailablePage.Replace("<style>", $"<style nonce=\"{SecurityHeaders.Nonce(httpContext)}\">", StringComparison.Ordinal));
            return true;
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = DatabaseUnavailable.Type,
                Title = DatabaseUnavailable.Title,
                Detail = "Nothing was changed. The request can be sent again when the database is back.",
            },
            Exception = exception,
        });
    }

    // Why: a static page, not a Razor component: rendering the layout may itself need the database.
    private const string UnavailablePage = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="refresh" content="15"><title>Respite is briefly unavailable</title>
        <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2933}h1{font-size:1.4rem}</style>
        </head><body><main>
        <h1>Respite is briefly unavailable</h1>
        <p>The database is unavailable; try again shortly. Nothing you submitted just now was saved.</p>
        <p>This page reloads by itself every 15 seconds. If it lasts, call the clinic's administrator.</p>
        </main></body></html>
        """;

    /// <summary>
    /// A unique index refused the write: two requests raced past the use case's own check (the same product name, the next
    /// revision number of a protocol or plan, the first save of a settings group). The save is atomic, so nothing was written.
    /// </summary>
    internal static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    private static ValidationProblemDetails BadRequest(BadHttpRequestException exception)
    {
        var field = "body";
        var message = "The request body could not be read.";
        if (exception.InnerException is JsonException json)
        {
            field = JsonPathToField(json.Path);
            message = "The value is not of the expected type or the JSON is malformed.";
        }
        else if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            message = "Send the body as application/json.";
        }
        else if (System.Text.RegularExpressions.Regex.Match(exception.Message, "parameter \"(?:[^\"]* )?(\\w+)\"") is { Success: true } match)
        {
            field = match.Groups[1].Value;
            message = "The value is not valid for this parameter.";
        }

        return new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = exception.StatusCode is >= 400 and < 500 ? exception.StatusCode : StatusCodes.Status400BadRequest,
            Type = Problems.ValidationType,
            Title = "The request is not valid.",
        };
    }

    internal static string JsonPathToField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }
}

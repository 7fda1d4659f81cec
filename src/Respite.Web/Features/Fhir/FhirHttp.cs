using System.Text;
using Hl7.Fhir.Model;
using Respite.Fhir;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Fhir;

/// <summary>The FHIR wire format a client asked for.</summary>
public enum FhirWireFormat
{
    Json,
    Xml,
}

/// <summary>Content negotiation, resource responses and OperationOutcome errors for <c>/fhir</c>.</summary>
public static class FhirHttp
{
    /// <summary>
    /// The format of the response: <c>_format</c> when given (json, xml or their media types), otherwise the Accept header,
    /// otherwise JSON. Null when <c>_format</c> names something else.
    /// </summary>
    public static FhirWireFormat? ResponseFormat(HttpRequest request)
    {
        if (request.Query.TryGetValue("_format", out var format) && format.ToString() is { Length: > 0 } asked)
        {
            return FormatOf(asked);
        }

        var accept = request.Headers.Accept.ToString();
        return accept.Contains("xml", StringComparison.OrdinalIgnoreCase) && !accept.Contains("json", StringComparison.OrdinalIgnoreCase)
            ? FhirWireFormat.Xml
            : FhirWireFormat.Json;
    }

    /// <summary>The format of a request body from its Content-Type; null for anything but FHIR JSON or XML.</summary>
    public static FhirWireFormat? RequestFormat(HttpRequest request)
    {
        var type = request.ContentType;
        if (string.IsNullOrEmpty(type))
        {
            return null;
        }

        var media = type.Split(';')[0].Trim();
        return FormatOf(media);
    }

    private static FhirWireFormat? FormatOf(string value) => value.ToLowerInvariant() switch
    {
        "json" or "application/json" or "application/fhir+json" or "application/json+fhir" => FhirWireFormat.Json,
        "xml" or "application/xml" or "text/xml" or "application/fhir+xml" or "application/xml+fhir" => FhirWireFormat.Xml,
        _ => null,
    };

    public static IResult Resource(Resource resource, int status = StatusCodes.Status200OK, string? location = null) =>
        new FhirResourceResult(resource, status, location);

    public static IResult Outcome(int status, IEnumerable<FhirIssue> issues) =>
        new FhirResourceResult(OperationOutcomes.FromIssues(issues), status, null);

    public static IResult Outcome(int status, OperationOutcome.IssueType type, string message) =>
        new FhirResourceResult(OperationOutcomes.Single(type, message), status, null);

    /// <summary>The default OperationOutcome of a status (see <see cref="ForStatus"/>).</summary>
    public static IResult Status(int status) => new FhirResourceResult(ForStatus(status), status, null);

    public static IResult NotFound(string what) =>
        Outcome(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, $"{what} was not found.");

    public static IResult Forbidden(string message) =>
        Outcome(StatusCodes.Status403Forbidden, OperationOutcome.IssueType.Forbidden, message);

    /// <summary>400 for a body that is not FHIR or not the right resource, 422 for one that breaks Respite's rules.</summary>
    public static IResult Invalid(IReadOnlyList<FhirIssue> issues) =>
        Outcome(issues.Any(i => i.Kind == FhirIssueKind.Structure) ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity, issues);

    /// <summary>The default OperationOutcome for a status that carries no body of its own (401, 405, 415, 500, …).</summary>
    public static OperationOutcome ForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => OperationOutcomes.Single(OperationOutcome.IssueType.Login, "Sign in with POST /api/auth/login and send the token as 'Authorization: Bearer …'."),
        StatusCodes.Status403Forbidden => OperationOutcomes.Single(OperationOutcome.IssueType.Forbidden, "Your role may not do this."),
        StatusCodes.Status404NotFound => OperationOutcomes.Single(OperationOutcome.IssueType.NotFound, "There is nothing at this address; GET /fhir/metadata lists what Respite serves."),
        StatusCodes.Status405MethodNotAllowed => OperationOutcomes.Single(OperationOutcome.IssueType.NotSupported, "This interaction is not supported for this resource; GET /fhir/metadata lists those that are."),
        StatusCodes.Status406NotAcceptable => OperationOutcomes.Single(OperationOutcome.IssueType.NotSupported, "Respite answers in FHIR JSON or XML (_format=json or xml)."),
        StatusCodes.Status413PayloadTooLarge => OperationOutcomes.Single(OperationOutcome.IssueType.TooCostly, "The body is too large."),
        StatusCodes.Status415UnsupportedMediaType => OperationOutcomes.Single(OperationOutcome.IssueType.NotSupported, "Send application/fhir+json or application/fhir+xml."),
        StatusCodes.Status429TooManyRequests => OperationOutcomes.Single(OperationOutcome.IssueType.Throttled, "Too many requests; try again shortly."),
        StatusCodes.Status503ServiceUnavailable => OperationOutcomes.Single(OperationOutcome.IssueType.Transient, "The service is unavailable; try again shortly."),
        >= 500 => OperationOutcomes.Single(OperationOutcome.IssueType.Exception, "The server could not complete the request. Nothing was changed; the trace id identifies it in the server's log."),
        _ => OperationOutcomes.Single(OperationOutcome.IssueType.Invalid, "The request could not be processed."),
    };

    public static async System.Threading.Tasks.Task WriteAsync(HttpContext context, Resource resource, int status)
    {
        var format = ResponseFormat(context.Request) ?? FhirWireFormat.Json;
        var text = format == FhirWireFormat.Xml ? FhirFormats.ToXml(resource) : FhirFormats.ToJson(resource);
        context.Response.StatusCode = status;
        context.Response.ContentType = (format == FhirWireFormat.Xml ? FhirFormats.XmlMediaType : FhirFormats.JsonMediaType) + "; charset=utf-8";
        if (resource.Meta?.VersionId is { } version && resource is not Bundle and not OperationOutcome)
        {
            context.Response.Headers.ETag = $"W/\"{version}\"";
        }

        if (resource.Meta?.LastUpdated is { } updated && resource is not Bundle and not OperationOutcome)
        {
            context.Response.Headers.LastModified = updated.ToString("R");
        }

        await context.Response.WriteAsync(text, Encoding.UTF8, context.RequestAborted);
    }

    private sealed class FhirResourceResult(Resource resource, int status, string? location) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => status;

        public System.Threading.Tasks.Task ExecuteAsync(HttpContext httpContext)
        {
            if (location is not null)
            {
                httpContext.Response.Headers.Location = location;
            }

            return WriteAsync(httpContext, resource, status);
        }
    }
}

/// <summary>
/// Wraps every <c>/fhir</c> request so that whatever goes wrong is answered as an OperationOutcome in the format asked for:
/// a status set without a body (401 from authentication, 405 from routing), a malformed request, or an unexpected exception.
/// </summary>
public sealed class FhirErrorMiddleware(RequestDelegate next, ILogger<FhirErrorMiddleware> logger)
{
    public async System.Threading.Tasks.Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await FhirHttp.WriteAsync(context, OperationOutcomes.Single(OperationOutcome.IssueType.Invalid, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The body is too large." : "The request is malformed."), e.StatusCode);
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted && DatabaseUnavailable.Is(e))
        {
            logger.LogWarning(e, "FHIR request failed: the database is unavailable ({TraceId})", context.TraceIdentifier);
            context.Response.Clear();
            DatabaseUnavailable.AddRetryAfter(context.Response);
            await FhirHttp.WriteAsync(context, OperationOutcomes.Single(OperationOutcome.IssueType.Transient, DatabaseUnavailable.Title), StatusCodes.Status503ServiceUnavailable);
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            logger.LogError(e, "FHIR request failed ({TraceId})", context.TraceIdentifier);
            context.Response.Clear();
            await FhirHttp.WriteAsync(context, FhirHttp.ForStatus(StatusCodes.Status500InternalServerError), StatusCodes.Status500InternalServerError);
            return;
        }

        if (context.Response is { StatusCode: >= 400, HasStarted: false, ContentLength: null } && context.Response.ContentType is null)
        {
            await FhirHttp.WriteAsync(context, FhirHttp.ForStatus(context.Response.StatusCode), context.Response.StatusCode);
        }
    }
}

using System.Security.Claims;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Primitives;
using Respite.Fhir;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Fhir;

/// <summary>
/// FHIR R4 under <c>/fhir</c>: the CapabilityStatement, read and search of every type a source serves, create and update of
/// Patient, create of Observation and QuestionnaireResponse, and <c>Patient/{id}/$everything</c>. Bearer tokens only (the
/// same tokens as <c>/api</c>); every answer, errors included, is FHIR JSON or XML.
/// </summary>
public static class FhirEndpoints
{
    public const string Everything = "$everything";

    private static readonly AuthorizationPolicy BearerUser = new AuthorizationPolicyBuilder(Hosting.Auth.ApiScheme).RequireAuthenticatedUser().Build();

    public static WebApplication UseFhirErrors(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/fhir"), fhir => fhir.UseMiddleware<FhirErrorMiddleware>());
        return app;
    }

    public static IEndpointRouteBuilder MapFhirEndpoints(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup("/fhir").WithTags("FHIR").ExcludeFromDescription();
        fhir.MapGet("/metadata", Metadata).AllowAnonymous().RequireRateLimiting(RateLimits.Public);

        var secured = fhir.MapGroup("").RequireAuthorization(BearerUser);
        secured.MapGet("/{type}", SearchAsync);
        secured.MapPost("/{type}/_search", SearchByPostAsync);
        secured.MapGet("/{type}/{id}", ReadAsync);
        secured.MapGet("/{type}/{id}/_history/{version}", ReadVersionAsync);
        // Why: the resource type is a route value compared ordinally, not a literal segment, because ASP.NET Core matches
        // literals case-insensitively and FHIR type names are case-sensitive (POST /fhir/patient is not a Patient create).
        secured.MapGet("/{type}/{id}/" + Everything, EverythingAsync);
        secured.MapPost("/{type}", CreateAsync);
        secured.MapPut("/{type}/{id}", UpdateAsync);
        secured.MapMethods("/{type}", ["PUT", "DELETE", "PATCH"], NotSupported);
        secured.MapMethods("/{type}/{id}", ["POST", "DELETE", "PATCH"], NotSupported);
        Export.FhirExportEndpoints.MapFhirExportEndpoints(app);
        return app;
    }

    private static Task<IResult> CreateAsync(HttpContext http, FhirSources sources, FhirWriteService writes, string type, CancellationToken ct) => type switch
    {
        "Patient" => writes.CreatePatientAsync(http, ct),
        "Observation" => writes.CreateObservationAsync(http, ct),
        "QuestionnaireResponse" => writes.CreateQuestionnaireResponseAsync(http, ct),
        _ => System.Threading.Tasks.Task.FromResult(NotSupported(http, sources, type)),
    };

    private static Task<IResult> UpdateAsync(HttpContext http, FhirSources sources, FhirWriteService writes, string type, string id, CancellationToken ct) =>
        type == "Patient" ? writes.UpdatePatientAsync(http, id, ct) : System.Threading.Tasks.Task.FromResult(NotSupported(http, sources, type));

    /// <summary>The base URL of this server's FHIR endpoint as the client addressed it.</summary>
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/fhir";

    private static IResult Metadata(HttpRequest request, FhirSources sources) =>
        FhirHttp.ResponseFormat(request) is null
            ? FhirHttp.Status(StatusCodes.Status406NotAcceptable)
            : FhirHttp.Resource(FhirCapability.Build(sources.All, BaseUrl(request)));

    private static Task<IResult> SearchAsync(HttpContext http, FhirSources sources, FhirReadService reads, string type, CancellationToken ct) =>
        RunSearchAsync(http, sources, reads, type, http.Request.Query.SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? ""))).ToList(), ct);

    private static async Task<IResult> SearchByPostAsync(HttpContext http, FhirSources sources, FhirReadService reads, string type, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return FhirHttp.Outcome(StatusCodes.Status415UnsupportedMediaType, OperationOutcome.IssueType.NotSupported, "Send the search parameters as application/x-www-form-urlencoded.");
        }

        var form = await http.Request.ReadFormAsync(ct);
        var parameters = http.Request.Query.Concat(form)
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? ""))).ToList();
        return await RunSearchAsync(http, sources, reads, type, parameters, ct);
    }

    private static async Task<IResult> RunSearchAsync(
        HttpContext http, FhirSources sources, FhirReadService reads, string type, List<KeyValuePair<string, string>> parameters, CancellationToken ct)
    {
        if (FhirHttp.ResponseFormat(http.Request) is null)
        {
            return FhirHttp.Status(StatusCodes.Status406NotAcceptable);
        }

        if (sources.Find(type) is not { } source)
        {
            return UnknownType(type);
        }

        var access = FhirAccessDecision.Decide(http.User, source.Access);
        if (!access.Allowed)
        {
            return FhirHttp.Forbidden($"Your role may not read {type} resources.");
        }

        var lenient = http.Request.Headers["Prefer"].Any(p => p?.Contains("handling=lenient", StringComparison.OrdinalIgnoreCase) == true);
        var parsed = FhirSearchParser.Parse(parameters, source.SearchParameters, lenient, access.CompartmentPatient);
        if (!parsed.Succeeded)
        {
            return FhirHttp.Outcome(StatusCodes.Status400BadRequest, parsed.Issues);
        }

        var (query, paging, applied) = parsed.Value!;
        var page = await reads.SearchAsync(source, query, paging, ct);
        var fhirBase = BaseUrl(http.Request);
        var bundle = FhirReadService.ToBundle(page.Entries, fhirBase, page.Total);
        FhirReadService.AddLinks(bundle, $"{fhirBase}/{type}", applied, paging, page.HasMore);
        return FhirHttp.Resource(bundle);
    }

    private static async Task<IResult> ReadAsync(HttpContext http, FhirSources sources, FhirReadService reads, string type, string id, CancellationToken ct)
    {
        var (entry, refusal) = await ReadEntryAsync(http, sources, reads, type, id, ct);
        return refusal ?? FhirHttp.Resource(entry!.Resource);
    }

    private static async Task<IResult> ReadVersionAsync(HttpContext http, FhirSources sources, FhirReadService reads, string type, string id, string version, CancellationToken ct)
    {
        var (entry, refusal) = await ReadEntryAsync(http, sources, reads, type, id, ct);
        return refusal
            ?? (entry!.Resource.Meta?.VersionId == version
                ? FhirHttp.Resource(entry.Resource)
                : FhirHttp.NotFound($"{type}/{id}/_history/{version} (Respite keeps the current version of a resource only)"));
    }

    /// <summary>The resource with its access check and audit, or the answer to give instead (unknown type, 403, 404).</summary>
    private static async Task<(FhirEntry? Entry, IResult? Refusal)> ReadEntryAsync(
        HttpContext http, FhirSources sources, FhirReadService reads, string type, string id, CancellationToken ct)
    {
        if (sources.Find(type) is not { } source)
        {
            return (null, UnknownType(type));
        }

        var access = FhirAccessDecision.Decide(http.User, source.Access);
        if (!access.Allowed)
        {
            return (null, FhirHttp.Forbidden($"Your role may not read {type} resources."));
        }

        var entry = await reads.ReadAsync(source, access, id, ct);
        return entry is null ? (null, FhirHttp.NotFound($"{type}/{id}")) : (entry, null);
    }

    private static async Task<IResult> EverythingAsync(HttpContext http, FhirSources sources, FhirReadService reads, string type, string id, CancellationToken ct)
    {
        if (type != "Patient")
        {
            return sources.Find(type) is null
                ? UnknownType(type)
                : FhirHttp.Outcome(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotSupported, $"{Everything} is an operation on Patient only.");
        }

        if (!PatientAccessAllowed(http.User))
        {
            return FhirHttp.Forbidden("Your role may not read patient records.");
        }

        if (!Guid.TryParseExact(id, "D", out var patientId))
        {
            return FhirHttp.NotFound($"Patient/{id}");
        }

        var entries = await reads.EverythingAsync(http.User, patientId, ct);
        if (entries is null)
        {
            return FhirHttp.NotFound($"Patient/{id}");
        }

        var bundle = FhirReadService.ToBundle(entries, BaseUrl(http.Request), entries.Count);
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = $"{BaseUrl(http.Request)}/Patient/{id}/{Everything}" });
        return FhirHttp.Resource(bundle);
    }

    private static IResult NotSupported(HttpContext http, FhirSources sources, string type) =>
        sources.Find(type) is null
            ? UnknownType(type)
            : FhirHttp.Status(StatusCodes.Status405MethodNotAllowed);

    private static bool PatientAccessAllowed(ClaimsPrincipal user) => FhirAccessDecision.Decide(user, FhirAccess.PatientCompartment).Allowed;

    private static IResult UnknownType(string type) => FhirHttp.Outcome(
        StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotSupported,
        $"Respite does not serve the resource type '{type}'; GET /fhir/metadata lists those it does.");
}

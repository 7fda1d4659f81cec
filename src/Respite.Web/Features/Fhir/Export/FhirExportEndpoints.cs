using Microsoft.AspNetCore.Authorization;
using Respite.Data.Exports;

namespace Respite.Web.Features.Fhir.Export;

/// <summary>
/// FHIR Bulk Data export under <c>/fhir</c>: kick-off at the system level (<c>$export</c>) and for all patients
/// (<c>Patient/$export</c>), GET or POST; the status URL (GET, DELETE) and the files. Bearer tokens only, as the rest of
/// <c>/fhir</c>.
/// </summary>
public static class FhirExportEndpoints
{
    public const string Export = "$export";
    public const string Status = "$export-status";
    public const string File = "$export-file";

    private static readonly AuthorizationPolicy BearerUser = new AuthorizationPolicyBuilder(Hosting.Auth.ApiScheme).RequireAuthenticatedUser().Build();

    public static IEndpointRouteBuilder MapFhirExportEndpoints(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup("/fhir").WithTags("FHIR").ExcludeFromDescription().RequireAuthorization(BearerUser);
        fhir.MapMethods("/" + Export, ["GET", "POST"], (FhirExportService exports, HttpContext http, CancellationToken ct) =>
            exports.KickOffAsync(http, FhirExportLevel.System, ct));
        fhir.MapMethods("/Patient/" + Export, ["GET", "POST"], (FhirExportService exports, HttpContext http, CancellationToken ct) =>
            exports.KickOffAsync(http, FhirExportLevel.Patient, ct));
        fhir.MapGet("/" + Status + "/{jobId}", (FhirExportService exports, HttpContext http, string jobId, CancellationToken ct) =>
            exports.StatusAsync(http, jobId, ct));
        fhir.MapDelete("/" + Status + "/{jobId}", (FhirExportService exports, HttpContext http, string jobId, CancellationToken ct) =>
            exports.DeleteAsync(http, jobId, ct));
        fhir.MapGet("/" + File + "/{jobId}/{file}", (FhirExportService exports, HttpContext http, string jobId, string file, CancellationToken ct) =>
            exports.DownloadAsync(http, jobId, file, ct));
        return app;
    }
}

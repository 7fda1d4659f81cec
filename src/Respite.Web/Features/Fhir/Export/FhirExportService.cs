using System.Globalization;
using System.Security.Claims;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Exports;
using Respite.Data.Identity;
using Respite.Fhir;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Fhir.Export;

/// <summary>
/// FHIR Bulk Data export (<c>$export</c>): kick-off, status, download and delete. Who may export what follows the
/// <c>/fhir</c> read rules, type by type: the care team exports patient data and the directories, an administrator the
/// audit log and the directories, a patient nothing (their own record is <c>Patient/{id}/$everything</c>). A job is seen
/// only by the account that started it; anyone else gets 404. Kick-off, completion, each download and each delete leave
/// an audit event; an export is one event with its counts, not one per patient.
/// </summary>
public sealed class FhirExportService(
    RespiteDbContext db,
    FhirSources sources,
    AuditTrail audit,
    FhirExportStorage storage,
    FhirExportWorker worker,
    TimeProvider clock,
    IOptions<FhirExportOptions> options)
{
    public const string AuditEntity = "FhirExport";

    private const int MaxRequestUrl = 2000;

    public async Task<IResult> KickOffAsync(HttpContext http, FhirExportLevel level, CancellationToken cancellationToken)
    {
        var request = http.Request;
        var prefer = request.Headers["Prefer"].ToString();
        if (!prefer.Contains("respond-async", StringComparison.OrdinalIgnoreCase))
        {
            return FhirHttp.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid,
                "Bulk export runs asynchronously: send the header 'Prefer: respond-async'.");
        }

        var user = http.User;
        if (user.IsInRole(Roles.Patient) && !user.IsStaff())
        {
            return FhirHttp.Forbidden("Bulk export is for clinic staff; a patient reads their own record with GET /fhir/Patient/{id}/$everything.");
        }

        var pairs = new List<KeyValuePair<string, string>>();
        pairs.AddRange(request.Query.SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? ""))).Where(p => p.Key != "_format"));
        if (HttpMethods.IsPost(request.Method))
        {
            var body = await ReadParametersAsync(request, cancellationToken);
            if (!body.Succeeded)
            {
                return FhirHttp.Outcome(StatusCodes.Status400BadRequest, body.Issues);
            }

            pairs.AddRange(body.Value!);
        }

        var lenient = prefer.Contains("handling=lenient", StringComparison.OrdinalIgnoreCase);
        var parsed = FhirExportParameters.Parse(pairs, lenient);
        if (!parsed.Succeeded)
        {
            return FhirHttp.Outcome(StatusCodes.Status400BadRequest, parsed.Issues);
        }

        var requestUrl = request.GetDisplayUrl();
        if (requestUrl.Length > MaxRequestUrl)
        {
            return FhirHttp.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.TooLong,
                $"The kick-off URL is longer than {MaxRequestUrl} characters; send the parameters with POST instead.");
        }

        var candidates = sources.All.Where(s => level == FhirExportLevel.System || s.Access == FhirAccess.PatientCompartment).ToList();
        var (types, refusal) = ChooseTypes(user, level, candidates, parsed.Value!.Types);
        if (refusal is not null)
        {
            return refusal;
        }

        var userId = user.UserId() ?? "";
        var active = await db.FhirExportJobs.CountAsync(
            j => j.RequestedByUserId == userId && (j.Status == FhirExportStatus.Queued || j.Status == FhirExportStatus.Running), cancellationToken);
        if (active >= options.Value.MaxActivePerUser)
        {
            http.Response.Headers.RetryAfter = (options.Value.RetryAfterSeconds * 6).ToString(CultureInfo.InvariantCulture);
            return FhirHttp.Outcome(StatusCodes.Status429TooManyRequests, OperationOutcome.IssueType.Throttled,
                $"You have {active} exports queued or running (at most {options.Value.MaxActivePerUser}); wait for one to finish, or DELETE it, and try again.");
        }

        var job = new FhirExportJob
        {
            Id = Guid.NewGuid(),
            Status = FhirExportStatus.Queued,
            Level = level,
            RequestedByUserId = userId,
            RequestUrl = requestUrl,
            Types = string.Join(',', types),
            Since = parsed.Value.Since,
            CreatedAt = clock.GetUtcNow(),
        };
        db.FhirExportJobs.Add(job);
        var since = job.Since is { } s ? " since=" + FhirExportParameters.FormatInstant(s) : "";
        audit.Add(AuditAction.Export, AuditEntity, job.Id.ToString(), null, detail: $"fhir $export kick-off level={level.ToString().ToLowerInvariant()} types={job.Types}{since}");
        await audit.SaveAsync(cancellationToken);
        worker.Wake();

        http.Response.Headers.ContentLocation = StatusUrl(request, job.Id);
        return FhirHttp.Resource(
            OperationOutcomes.AllOk($"Export {job.Id} accepted; poll the Content-Location for its status."), StatusCodes.Status202Accepted);
    }

    public async Task<IResult> StatusAsync(HttpContext http, string jobId, CancellationToken cancellationToken)
    {
        if (await FindOwnAsync(http.User, jobId, cancellationToken) is not { } job)
        {
            return FhirHttp.NotFound($"Export {jobId}");
        }

        switch (job.Status)
        {
            case FhirExportStatus.Queued:
            case FhirExportStatus.Running:
                http.Response.Headers["X-Progress"] = job.Status == FhirExportStatus.Queued
                    ? "queued"
                    : $"{job.CurrentType ?? "starting"}: {job.ResourcesWritten.ToString(CultureInfo.InvariantCulture)} resources written";
                http.Response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return Results.StatusCode(StatusCodes.Status202Accepted);
            case FhirExportStatus.Failed:
                return FhirHttp.Outcome(StatusCodes.Status500InternalServerError, OperationOutcome.IssueType.Exception,
                    $"The export failed ({job.Error}); nothing was kept. Start a new export, or ask the clinic's administrator if it fails again.");
        }

        http.Response.Headers.Expires = job.ExpiresAt!.Value.ToString("R", CultureInfo.InvariantCulture);
        var files = FhirExportWorker.DeserializeFiles(job.OutputJson);
        var fhirBase = FhirEndpoints.BaseUrl(http.Request);
        FhirExportManifestFile Entry(FhirExportFile f) => new(f.Type, $"{fhirBase}/{FhirExportEndpoints.File}/{job.Id:D}/{f.File}", f.Count);
        var manifest = new FhirExportManifest(
            FhirExportParameters.FormatInstant(job.StartedAt!.Value),
            job.RequestUrl,
            RequiresAccessToken: true,
            files.Where(f => f.Type != FhirExportRunner.OutcomeType).Select(Entry).ToList(),
            files.Where(f => f.Type == FhirExportRunner.OutcomeType).Select(Entry).ToList());
        return Results.Json(manifest, FhirExportManifest.Json, "application/json", StatusCodes.Status200OK);
    }

    public async Task<IResult> DeleteAsync(HttpContext http, string jobId, CancellationToken cancellationToken)
    {
        if (await FindOwnAsync(http.User, jobId, cancellationToken) is not { } job)
        {
            return FhirHttp.NotFound($"Export {jobId}");
        }

        await db.FhirExportJobs.Where(j => j.Id == job.Id).ExecuteDeleteAsync(cancellationToken);
        worker.Cancel(job.Id);
        storage.Delete(job.Id);
        await audit.RecordAsync(AuditAction.Delete, AuditEntity, job.Id.ToString(), null, detail: $"fhir $export deleted status={job.Status.ToString().ToLowerInvariant()}", cancellationToken: cancellationToken);
        return FhirHttp.Resource(OperationOutcomes.AllOk($"Export {job.Id} and its files were deleted."), StatusCodes.Status202Accepted);
    }

    public async Task<IResult> DownloadAsync(HttpContext http, string jobId, string file, CancellationToken cancellationToken)
    {
        var job = await FindOwnAsync(http.User, jobId, cancellationToken);
        var entry = job is { Status: FhirExportStatus.Completed }
            ? FhirExportWorker.DeserializeFiles(job.OutputJson).FirstOrDefault(f => f.File == file)
            : null;
        var path = entry is null ? null : storage.FilePath(job!.Id, entry.File);
        if (entry is null || !File.Exists(path))
        {
            return FhirHttp.NotFound($"Export file {jobId}/{file}");
        }

        await audit.RecordAsync(AuditAction.Export, entry.Type, job!.Id.ToString(), null,
            detail: $"fhir $export download file={entry.File} resources={entry.Count.ToString(CultureInfo.InvariantCulture)}", cancellationToken: cancellationToken);
        return TypedResults.PhysicalFile(path!, FhirFormats.NdjsonMediaType);
    }

    /// <summary>The status URL of a job, as the client addressed this server.</summary>
    public static string StatusUrl(HttpRequest request, Guid jobId) => $"{FhirEndpoints.BaseUrl(request)}/{FhirExportEndpoints.Status}/{jobId:D}";

    private async Task<FhirExportJob?> FindOwnAsync(ClaimsPrincipal user, string jobId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(jobId, "D", out var id) || user.UserId() is not { } userId)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var job = await db.FhirExportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        return job is not null && job.RequestedByUserId == userId && (job.ExpiresAt is not { } expires || expires > now) ? job : null;
    }

    /// <summary>
    /// The types to export: those asked for, each checked, or every type of the level the user may read. Types whose
    /// records belong to patients are the care team's; a type the user may read only for one patient is not exported.
    /// </summary>
    private static (IReadOnlyList<string> Types, IResult? Refusal) ChooseTypes(
        ClaimsPrincipal user, FhirExportLevel level, IReadOnlyList<IFhirResourceSource> candidates, IReadOnlyList<string>? asked)
    {
        bool MayExport(IFhirResourceSource source) => FhirAccessDecision.Decide(user, source.Access) is { Allowed: true, CompartmentPatient: null };

        if (asked is null)
        {
            var allowed = candidates.Where(MayExport).Select(s => s.ResourceType).ToList();
            return allowed.Count > 0
                ? (allowed, null)
                : ([], FhirHttp.Forbidden(level == FhirExportLevel.Patient
                    ? "Your role may not export patient records."
                    : "Your role may not export any resource type."));
        }

        var issues = new List<FhirIssue>();
        var forbidden = new List<string>();
        var chosen = new List<string>();
        foreach (var type in asked)
        {
            var source = candidates.FirstOrDefault(s => s.ResourceType == type);
            if (source is null)
            {
                issues.Add(new FhirIssue("_type", level == FhirExportLevel.Patient
                    ? $"'{type}' is not a type of the patient compartment that Respite serves; GET /fhir/metadata lists the types."
                    : $"Respite does not serve the resource type '{type}'; GET /fhir/metadata lists those it does.", FhirIssueKind.NotSupported));
            }
            else if (!MayExport(source))
            {
                forbidden.Add(type);
            }
            else
            {
                chosen.Add(type);
            }
        }

        if (issues.Count > 0)
        {
            return ([], FhirHttp.Outcome(StatusCodes.Status400BadRequest, issues));
        }

        return forbidden.Count > 0
            ? ([], FhirHttp.Forbidden($"Your role may not export {string.Join(", ", forbidden)}."))
            : (chosen, null);
    }

    private static async Task<FhirParseResult<List<KeyValuePair<string, string>>>> ReadParametersAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && request.ContentType is null))
        {
            return FhirParseResult<List<KeyValuePair<string, string>>>.Success([]);
        }

        if (FhirHttp.RequestFormat(request) != FhirWireFormat.Json)
        {
            return FhirParseResult<List<KeyValuePair<string, string>>>.Failure(
                [new FhirIssue("", "Send the kick-off parameters as a Parameters resource in application/fhir+json.", FhirIssueKind.NotSupported)]);
        }

        using var reader = new StreamReader(request.Body);
        var parsed = FhirFormats.ParseJson<Parameters>(await reader.ReadToEndAsync(cancellationToken));
        return parsed.Succeeded
            ? FhirExportParameters.FromParameters(parsed.Value!)
            : FhirParseResult<List<KeyValuePair<string, string>>>.Failure(parsed.Issues);
    }
}

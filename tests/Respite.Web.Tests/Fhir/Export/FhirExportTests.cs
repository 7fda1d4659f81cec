using System.Net;
using System.Text;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Respite.Data.Auditing;
using Respite.Data.Exports;
using Respite.Data.Identity;
using Respite.Fhir;
using Respite.Web.Features.Fhir.Export;
using Respite.Web.Tests.Fhir.Sources;
using Respite.Web.Tests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir.Export;

public sealed class FhirExportTests(FhirExportFactory factory) : IClassFixture<FhirExportFactory>
{
    /// <summary>Every type the care team may read in bulk: all but the audit log.</summary>
    private static readonly string[] CareTeamTypes =
    [
        "Appointment", "CarePlan", "Condition", "Encounter", "Location", "MedicationAdministration", "Observation", "Patient",
        "Practitioner", "Questionnaire", "QuestionnaireResponse",
    ];

    private static readonly string[] CompartmentTypes =
        ["Appointment", "CarePlan", "Condition", "Encounter", "MedicationAdministration", "Observation", "Patient", "QuestionnaireResponse"];

    [Fact]
    public async Task KickOff_WithoutPreferRespondAsync_Returns400()
    {
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);

        var response = await FhirExportHarness.KickOffAsync(prescriber, "/fhir/$export", preferAsync: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = await OutcomeAsync(response);
        Assert.Contains("respond-async", outcome.Issue.Single().Diagnostics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/fhir/$export?_outputFormat=application/json", "_outputFormat")]
    [InlineData("/fhir/$export?_outputFormat=text/csv", "_outputFormat")]
    [InlineData("/fhir/$export?_type=Patient,Unicorn", "_type")]
    [InlineData("/fhir/$export?_type=Patient,,Observation", "_type")]
    [InlineData("/fhir/Patient/$export?_type=Location", "_type")]
    [InlineData("/fhir/$export?_since=2026-01-05", "_since")]
    [InlineData("/fhir/$export?_since=2026-01-05T10:00:00", "_since")]
    [InlineData("/fhir/$export?_since=yesterday", "_since")]
    [InlineData("/fhir/$export?_typeFilter=Patient%3Fgender%3Dfemale", "_typeFilter")]
    [InlineData("/fhir/Patient/$export?colour=blue", "colour")]
    public async Task KickOff_BadParameter_Returns400NamingIt(string url, string parameter)
    {
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);

        var response = await FhirExportHarness.KickOffAsync(prescriber, url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = await OutcomeAsync(response);
        Assert.Contains(outcome.Issue, i => i.Expression.Contains(parameter));
    }

    [Fact]
    public async Task KickOff_UnknownParameterUnderLenientHandling_IsIgnored()
    {
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/fhir/$export?_type=Questionnaire&_elements=id");
        request.Headers.Add("Prefer", "respond-async, handling=lenient");

        var response = await prescriber.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await FhirExportHarness.CompleteAsync(prescriber, response.Content.Headers.ContentLocation!.ToString());
    }

    [Theory]
    [InlineData("application%2Ffhir%2Bndjson")]
    [InlineData("application/fhir+ndjson")]
    [InlineData("application/ndjson")]
    [InlineData("ndjson")]
    public async Task KickOff_NdjsonOutputFormats_AreAccepted(string format)
    {
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);

        var (_, manifest) = await FhirExportHarness.ExportAsync(prescriber, $"/fhir/$export?_outputFormat={format}&_type=Questionnaire");

        Assert.Equal(["Questionnaire"], FhirExportHarness.Files(manifest).Select(f => f.Type).Distinct());
    }

    [Fact]
    public async Task SystemExport_CareTeam_EveryLineParses_AndCountsMatchTheSearches()
    {
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var (statusUrl, manifest) = await FhirExportHarness.ExportAsync(prescriber, "/fhir/$export");

        Assert.True(FhirExportParameters.TryParseInstant(manifest.GetProperty("transactionTime").GetString()!, out var transactionTime));
        Assert.InRange(transactionTime, before, DateTimeOffset.UtcNow);
        Assert.Equal("http://localhost/fhir/$export", manifest.GetProperty("request").GetString());
        Assert.True(manifest.GetProperty("requiresAccessToken").GetBoolean());
        Assert.Empty(FhirExportHarness.Files(manifest, "error"));
        var files = FhirExportHarness.Files(manifest);
        Assert.Equal(CareTeamTypes, files.Select(f => f.Type).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(files.GroupBy(f => f.Type), g => g.Count() > 1);

        foreach (var type in files.Select(f => f.Type).Distinct())
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (_, url, count) in files.Where(f => f.Type == type))
            {
                Assert.Contains($"/fhir/$export-file/{FhirExportHarness.JobId(statusUrl):D}/", url, StringComparison.Ordinal);
                var lines = await FhirExportHarness.LinesAsync(prescriber, url);
                Assert.Equal(count, lines.Count);
                Assert.InRange(lines.Count, 1, FhirExportFactory.PerFile);
                foreach (var line in lines)
                {
                    var parsed = FhirFormats.ParseJson(line);
                    Assert.True(parsed.Succeeded, string.Join("; ", parsed.Issues.Select(i => i.Message)));
                    Assert.Equal(type, parsed.Value!.TypeName);
                    Assert.True(ids.Add(parsed.Value.Id!), $"{type}/{parsed.Value.Id} is exported twice.");
                }
            }

            Assert.Equal(await FhirExportHarness.SearchTotalAsync(prescriber, type), ids.Count);
        }

        var jobId = FhirExportHarness.JobId(statusUrl).ToString();
        var prescriberId = await FhirSourceData.UserIdAsync(factory, Roles.Prescriber);
        var events = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.EntityId == jobId).ToListAsync());
        Assert.Single(events, e => e.Action == AuditAction.Export && e.UserId == prescriberId && e.Detail!.StartsWith("fhir $export kick-off level=system", StringComparison.Ordinal));
        var completed = Assert.Single(events, e => e.Action == AuditAction.Export && e.UserId == prescriberId && e.Detail!.StartsWith("fhir $export completed", StringComparison.Ordinal));
        Assert.Contains($"Patient={files.Where(f => f.Type == "Patient").Sum(f => f.Count)}", completed.Detail, StringComparison.Ordinal);
        var downloads = events.Where(e => e.Detail!.StartsWith("fhir $export download", StringComparison.Ordinal)).ToList();
        Assert.Equal(files.Count, downloads.Count);
        Assert.All(downloads, e => Assert.Null(e.PatientId));
        Assert.Equal(files.Select(f => f.Type).Order(StringComparer.Ordinal), downloads.Select(e => e.EntityType).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PatientExport_TypeSubset_WritesOnlyThoseTypes()
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);

        var (_, manifest) = await FhirExportHarness.ExportAsync(nurse, "/fhir/Patient/$export?_type=Patient,Condition&_outputFormat=ndjson");

        var files = FhirExportHarness.Files(manifest);
        Assert.Equal(["Condition", "Patient"], files.Select(f => f.Type).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(await FhirExportHarness.SearchTotalAsync(nurse, "Patient"), files.Where(f => f.Type == "Patient").Sum(f => f.Count));
        Assert.Equal(await FhirExportHarness.SearchTotalAsync(nurse, "Condition"), files.Where(f => f.Type == "Condition").Sum(f => f.Count));
    }

    [Fact]
    public async Task PatientExport_WithoutType_WritesTheCompartmentTypesOnly()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);

        var (_, manifest) = await FhirExportHarness.ExportAsync(desk, "/fhir/Patient/$export");

        Assert.Equal(CompartmentTypes, FhirExportHarness.Files(manifest).Select(f => f.Type).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Since_FiltersPatientsByLastUpdate_AndWarnsWhereItCannotFilter()
    {
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var (_, first) = await FhirExportHarness.ExportAsync(prescriber, "/fhir/$export?_type=Patient");
        var since = first.GetProperty("transactionTime").GetString()!;
        var newPatient = await FhirSourceData.PatientAsync(factory);
        var parameters = new Parameters();
        parameters.Add("_type", new FhirString("Patient,Condition"));
        parameters.Add("_since", new Instant(DateTimeOffset.Parse(since, System.Globalization.CultureInfo.InvariantCulture)));
        parameters.Add("_outputFormat", new FhirString(FhirFormats.NdjsonMediaType));
        var body = new StringContent(FhirFormats.ToJson(parameters), Encoding.UTF8, FhirFormats.JsonMediaType);

        var manifest = await FhirExportHarness.CompleteAsync(prescriber, await FhirExportHarness.StartAsync(prescriber, "/fhir/$export", body));

        var files = FhirExportHarness.Files(manifest);
        var patients = await FhirExportHarness.LinesAsync(prescriber, files.Single(f => f.Type == "Patient").Url);
        Assert.Equal(newPatient.ToString(), FhirFormats.ParseJson(Assert.Single(patients)).Value!.Id);
        Assert.Equal(await FhirExportHarness.SearchTotalAsync(prescriber, "Condition"), files.Where(f => f.Type == "Condition").Sum(f => f.Count));
        var error = Assert.Single(FhirExportHarness.Files(manifest, "error"));
        Assert.Equal("OperationOutcome", error.Type);
        var outcome = (OperationOutcome)FhirFormats.ParseJson(Assert.Single(await FhirExportHarness.LinesAsync(prescriber, error.Url))).Value!;
        var warning = Assert.Single(outcome.Issue);
        Assert.Equal(OperationOutcome.IssueSeverity.Warning, warning.Severity);
        Assert.Equal(["Condition"], warning.Expression);
    }

    [Fact]
    public async Task Patient_MayNotExport()
    {
        var (_, _, patient) = await PortalData.PortalPatientAsync(factory);

        Assert.Equal(HttpStatusCode.Forbidden, (await FhirExportHarness.KickOffAsync(patient, "/fhir/$export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await FhirExportHarness.KickOffAsync(patient, "/fhir/Patient/$export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await FhirExportHarness.KickOffAsync(patient, "/fhir/$export?_type=Questionnaire")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_Gets401()
    {
        var anonymous = await factory.ClientForAsync("anonymous");

        Assert.Equal(HttpStatusCode.Unauthorized, (await FhirExportHarness.KickOffAsync(anonymous, "/fhir/$export")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/fhir/$export-status/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Admin_ExportsTheAuditLogAndDirectories_NotPatientData()
    {
        var admin = await factory.ClientForAsync(Roles.Admin);

        Assert.Equal(HttpStatusCode.Forbidden, (await FhirExportHarness.KickOffAsync(admin, "/fhir/$export?_type=Location,Patient")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await FhirExportHarness.KickOffAsync(admin, "/fhir/Patient/$export")).StatusCode);
        var (_, manifest) = await FhirExportHarness.ExportAsync(admin, "/fhir/$export");

        var types = FhirExportHarness.Files(manifest).Select(f => f.Type).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["AuditEvent", "Location", "Practitioner", "Questionnaire"], types);
    }

    [Fact]
    public async Task OtherUsers_SeeNeitherTheStatusNorTheFiles()
    {
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var (statusUrl, manifest) = await FhirExportHarness.ExportAsync(prescriber, "/fhir/$export?_type=Patient");
        var file = FhirExportHarness.Files(manifest).First().Url;

        Assert.Equal(HttpStatusCode.NotFound, (await nurse.GetAsync(statusUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nurse.GetAsync(file)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nurse.DeleteAsync(statusUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await prescriber.GetAsync(file.Replace("Patient-1", "Patient-2", StringComparison.Ordinal))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await prescriber.GetAsync(file.Replace("Patient-1.ndjson", "..%2Frespite.db", StringComparison.Ordinal))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await prescriber.GetAsync($"/fhir/$export-status/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await prescriber.GetAsync(statusUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await prescriber.GetAsync(file)).StatusCode);
    }

    [Fact]
    public async Task Delete_RemovesTheJobAndItsFiles()
    {
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var (statusUrl, manifest) = await FhirExportHarness.ExportAsync(prescriber, "/fhir/$export?_type=Location,Questionnaire");
        var folder = Path.Combine(factory.ExportDirectory, FhirExportHarness.JobId(statusUrl).ToString("N"));
        Assert.True(Directory.Exists(folder));

        Assert.Equal(HttpStatusCode.Accepted, (await prescriber.DeleteAsync(statusUrl)).StatusCode);

        Assert.False(Directory.Exists(folder));
        Assert.Equal(HttpStatusCode.NotFound, (await prescriber.GetAsync(statusUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await prescriber.GetAsync(FhirExportHarness.Files(manifest).First().Url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await prescriber.DeleteAsync(statusUrl)).StatusCode);
        var jobId = FhirExportHarness.JobId(statusUrl).ToString();
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.EntityId == jobId && e.Action == AuditAction.Delete)));
    }

    [Fact]
    public async Task Delete_BeforeTheExportEnds_LeavesNothingBehind()
    {
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var statusUrl = await FhirExportHarness.StartAsync(prescriber, "/fhir/$export");

        Assert.Equal(HttpStatusCode.Accepted, (await prescriber.DeleteAsync(statusUrl)).StatusCode);
        // The worker runs one job at a time: once a later one is complete, the deleted one has stopped.
        await FhirExportHarness.ExportAsync(prescriber, "/fhir/$export?_type=Location");

        Assert.False(Directory.Exists(Path.Combine(factory.ExportDirectory, FhirExportHarness.JobId(statusUrl).ToString("N"))));
        Assert.Equal(HttpStatusCode.NotFound, (await prescriber.GetAsync(statusUrl)).StatusCode);
    }

    [Fact]
    public async Task Sweep_RemovesExpiredJobsAndFoldersNoJobOwns()
    {
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var (statusUrl, _) = await FhirExportHarness.ExportAsync(prescriber, "/fhir/$export?_type=Location");
        var jobId = FhirExportHarness.JobId(statusUrl);
        var orphan = Path.Combine(factory.ExportDirectory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(orphan);
        await factory.WithDbAsync(db => db.FhirExportJobs.Where(j => j.Id == jobId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));

        Assert.Equal(HttpStatusCode.NotFound, (await prescriber.GetAsync(statusUrl)).StatusCode);
        await factory.Services.GetRequiredService<FhirExportWorker>().SweepAsync(CancellationToken.None);

        Assert.False(await factory.WithDbAsync(db => db.FhirExportJobs.AnyAsync(j => j.Id == jobId)));
        Assert.False(Directory.Exists(Path.Combine(factory.ExportDirectory, jobId.ToString("N"))));
        Assert.False(Directory.Exists(orphan));
    }

    [Fact]
    public async Task FailedJob_StatusIs500WithAnOperationOutcome()
    {
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var jobId = await QueueJobAsync("Location,Unicorn", FhirExportStatus.Queued, heartbeat: null);

        var response = await PollUntilAsync(prescriber, jobId, status => status != HttpStatusCode.Accepted);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var outcome = await OutcomeAsync(response);
        Assert.Equal(OperationOutcome.IssueType.Exception, outcome.Issue.Single().Code);
        Assert.Contains("InvalidOperationException", outcome.Issue.Single().Diagnostics, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(factory.ExportDirectory, jobId.ToString("N"))));
        var id = jobId.ToString();
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.EntityId == id && e.Outcome == AuditOutcome.Failed)));
    }

    [Fact]
    public async Task RunningJobWithoutHeartbeat_IsStartedAgain()
    {
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var jobId = await QueueJobAsync("Location", FhirExportStatus.Running, heartbeat: DateTimeOffset.UtcNow.AddHours(-1));
        var worker = factory.Services.GetRequiredService<FhirExportWorker>();

        await worker.SweepAsync(CancellationToken.None);
        worker.Wake();

        var response = await PollUntilAsync(prescriber, jobId, status => status != HttpStatusCode.Accepted);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var manifest = await response.ReadJsonAsync();
        Assert.Equal(await FhirExportHarness.SearchTotalAsync(prescriber, "Location"), FhirExportHarness.Files(manifest).Single().Count);
    }

    [Fact]
    public async Task KickOff_BeyondTheUsersActiveExports_Is429WithRetryAfter_UntilOneEnds()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var deskId = await FhirSourceData.UserIdAsync(factory, Roles.FrontDesk);
        var running = Enumerable.Range(0, 2).Select(_ => new FhirExportJob
        {
            Id = Guid.NewGuid(), Status = FhirExportStatus.Running, Level = FhirExportLevel.System, RequestedByUserId = deskId,
            RequestUrl = "http://localhost/fhir/$export", Types = "Location", CreatedAt = DateTimeOffset.UtcNow,
            StartedAt = DateTimeOffset.UtcNow, HeartbeatAt = DateTimeOffset.UtcNow,
        }).ToList();
        await factory.WithDbAsync(db =>
        {
            db.FhirExportJobs.AddRange(running);
            return db.SaveChangesAsync();
        });

        var refused = await FhirExportHarness.KickOffAsync(desk, "/fhir/$export?_type=Location");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(OperationOutcome.IssueType.Throttled, (await OutcomeAsync(refused)).Issue.Single().Code);
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        Assert.Equal(HttpStatusCode.Accepted, (await FhirExportHarness.KickOffAsync(prescriber, "/fhir/$export?_type=Location")).StatusCode);

        var first = running[0].Id;
        await factory.WithDbAsync(db => db.FhirExportJobs.Where(j => j.Id == first).ExecuteUpdateAsync(j => j.SetProperty(x => x.Status, FhirExportStatus.Failed)));
        var statusUrl = await FhirExportHarness.StartAsync(desk, "/fhir/$export?_type=Location");
        Assert.Equal(HttpStatusCode.OK, (await PollUntilAsync(desk, FhirExportHarness.JobId(statusUrl), status => status != HttpStatusCode.Accepted)).StatusCode);
        var ids = running.Select(j => j.Id).ToList();
        await factory.WithDbAsync(db => db.FhirExportJobs.Where(j => ids.Contains(j.Id)).ExecuteUpdateAsync(j => j.SetProperty(x => x.Status, FhirExportStatus.Failed)));
    }

    /// <summary>A job written straight to the table, as one left by another host or an older version would be.</summary>
    private async Task<Guid> QueueJobAsync(string types, FhirExportStatus status, DateTimeOffset? heartbeat)
    {
        var prescriberId = await FhirSourceData.UserIdAsync(factory, Roles.Prescriber);
        var job = new FhirExportJob
        {
            Id = Guid.NewGuid(), Status = status, Level = FhirExportLevel.System, RequestedByUserId = prescriberId,
            RequestUrl = "http://localhost/fhir/$export", Types = types, CreatedAt = DateTimeOffset.UtcNow,
            StartedAt = heartbeat, HeartbeatAt = heartbeat,
        };
        await factory.WithDbAsync(db =>
        {
            db.FhirExportJobs.Add(job);
            return db.SaveChangesAsync();
        });
        factory.Services.GetRequiredService<FhirExportWorker>().Wake();
        return job.Id;
    }

    private static async Task<HttpResponseMessage> PollUntilAsync(HttpClient client, Guid jobId, Func<HttpStatusCode, bool> done)
    {
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            var response = await client.GetAsync($"/fhir/$export-status/{jobId:D}");
            if (done(response.StatusCode))
            {
                return response;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Export {jobId} did not finish within a minute.");
    }

    [Fact]
    public async Task Capability_ListsTheExportOperations()
    {
        var anonymous = await factory.ClientForAsync("anonymous");

        var statement = (CapabilityStatement)FhirFormats.ParseJson(await anonymous.GetStringAsync("/fhir/metadata")).Value!;

        var rest = statement.Rest.Single();
        Assert.Contains(rest.Operation, o => o.Name == "export" && o.Definition == "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export");
        Assert.Contains(rest.Resource.Single(r => r.Type == "Patient").Operation, o => o.Name == "export");
    }

    private static async Task<OperationOutcome> OutcomeAsync(HttpResponseMessage response)
    {
        Assert.Equal(FhirFormats.JsonMediaType, response.Content.Headers.ContentType?.MediaType);
        return (OperationOutcome)FhirFormats.ParseJson(await response.Content.ReadAsStringAsync()).Value!;
    }
}

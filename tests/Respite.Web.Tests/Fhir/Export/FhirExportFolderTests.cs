using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Respite.Data.Identity;
using Respite.Web.Features.Fhir.Export;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests.Fhir.Export;

/// <summary>Test hosts each keep their exports in their own folder, so one host's cleanup cannot take another's files.</summary>
public sealed class FhirExportFolderTests
{
    [Fact]
    public async Task AnotherHostsCleanup_LeavesThisHostsExportFiles()
    {
        await using var first = new RespiteWebApplicationFactory();
        await using var second = new RespiteWebApplicationFactory();
        var prescriber = await first.ClientForAsync(Roles.Prescriber);
        var status = await FhirExportHarness.StartAsync(prescriber, "/fhir/Patient/$export?_type=Patient");
        var manifest = await FhirExportHarness.CompleteAsync(prescriber, status);
        var file = new Uri(manifest.GetProperty("output")[0].GetProperty("url").GetString()!).PathAndQuery;

        // The second host's database has no such job: to its cleanup, a folder of that job in its own folder is an orphan.
        await second.Services.GetRequiredService<FhirExportWorker>().SweepAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, (await prescriber.GetAsync(file)).StatusCode);
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Respite.Data.Identity;
using Respite.Web.Features.Fhir.Export;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests.Fhir.Export;

/// <summary>
/// The exports folder: test hosts each keep their own, so one host's cleanup cannot take another's files; and removals of
/// one job's folder that run at once (a DELETE of the status URL beside the worker's cleanup) all succeed.
/// </summary>
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

    [Fact]
    public async Task RemovalsOfOneJobsFolderAtOnce_EachEndWithoutError_AndTheFolderIsGone()
    {
        var root = Path.Combine(Path.GetTempPath(), $"respite-export-delete-{Guid.NewGuid():N}");
        try
        {
            var storage = new FhirExportStorage(
                Options.Create(new FhirExportOptions { Directory = root }), new HostingEnvironment { ContentRootPath = Path.GetTempPath() });
            for (var round = 0; round < 20; round++)
            {
                var job = Guid.NewGuid();
                Directory.CreateDirectory(storage.JobDirectory(job));
                for (var i = 0; i < 200; i++)
                {
                    await File.WriteAllTextAsync(storage.FilePath(job, $"Observation-{i}.ndjson"), "{}\n");
                }

                using var start = new Barrier(4);
                await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
                {
                    start.SignalAndWait();
                    storage.Delete(job);
                })));

                Assert.False(Directory.Exists(storage.JobDirectory(job)));
            }
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}

using Microsoft.Extensions.DependencyInjection;
using Respite.Data.Identity;
using Respite.Fhir;
using Respite.Web.Tooling;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir.Export;

/// <summary>
/// A system-level export on PostgreSQL: the job claimed and run by the worker in one repeatable-read snapshot, every file
/// parsed and counted against the searches. Skipped visibly when RESPITE_TEST_POSTGRES is not set.
/// </summary>
public sealed class FhirExportPostgresTests
{
    [SkippableFact]
    public async Task SystemExport_OnPostgres_CountsMatchTheSearches()
    {
        await PostgresHostTests.OnFreshDatabaseAsync(async factory =>
        {
            factory.WithExports(perFile: 25);
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<ClinicHistoryGenerator>().GenerateAsync(new HistoryOptions(Patients: 6, Seed: 5, Years: 1, Locations: 1));
            }

            var prescriber = await factory.ClientForAsync(Roles.Prescriber);
            var (_, manifest) = await FhirExportHarness.ExportAsync(prescriber, "/fhir/$export?_since=2000-01-01T00:00:00Z");

            var files = FhirExportHarness.Files(manifest);
            Assert.Contains(files, f => f.Type == "Observation");
            foreach (var type in files.Select(f => f.Type).Distinct())
            {
                var count = 0;
                foreach (var (_, url, expected) in files.Where(f => f.Type == type))
                {
                    var lines = await FhirExportHarness.LinesAsync(prescriber, url);
                    Assert.Equal(expected, lines.Count);
                    Assert.All(lines, line => Assert.Equal(type, FhirFormats.ParseJson(line).Value!.TypeName));
                    count += lines.Count;
                }

                Assert.Equal(await FhirExportHarness.SearchTotalAsync(prescriber, type), count);
            }

            Assert.NotEmpty(FhirExportHarness.Files(manifest, "error"));
        });
    }
}

using Microsoft.Extensions.DependencyInjection;
using Respite.Web.Tests.Infrastructure;
using Respite.Web.Tooling;

namespace Respite.Web.Tests.Fhir.Export;

/// <summary>
/// A host for the export tests: the demo clinic plus a small generated history (so that every patient type has
/// resources, Observations enough to fill several files), exports written in files of <see cref="PerFile"/> resources.
/// </summary>
public sealed class FhirExportFactory : RespiteWebApplicationFactory, IAsyncLifetime
{
    public const int PerFile = 40;

    public FhirExportFactory() => this.WithExports(PerFile);

    public string ExportDirectory => FhirExportHarness.ExportDirectory(this);

    public async Task InitializeAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var generator = scope.ServiceProvider.GetRequiredService<ClinicHistoryGenerator>();
        await generator.GenerateAsync(new HistoryOptions(Patients: 8, Seed: 11, Years: 1, Locations: 1));
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

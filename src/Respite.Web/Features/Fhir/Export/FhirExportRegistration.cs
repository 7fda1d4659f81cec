namespace Respite.Web.Features.Fhir.Export;

public static class FhirExportRegistration
{
    /// <summary>Bulk export: its settings (<c>Fhir:Export</c>), the exports folder, the endpoints' service and the worker.</summary>
    public static IServiceCollection AddRespiteFhirExport(this IServiceCollection services)
    {
        services.AddOptions<FhirExportOptions>().BindConfiguration(FhirExportOptions.Section);
        services.AddSingleton<FhirExportStorage>();
        services.AddScoped<FhirExportRunner>();
        services.AddScoped<FhirExportService>();
        services.AddSingleton<FhirExportWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<FhirExportWorker>());
        return services;
    }
}

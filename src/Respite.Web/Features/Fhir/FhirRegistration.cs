using Respite.Web.Features.Fhir.Sources;

namespace Respite.Web.Features.Fhir;

public static class FhirRegistration
{
    /// <summary>The <c>/fhir</c> services: one source per resource type served, the search and write services.</summary>
    public static IServiceCollection AddRespiteFhir(this IServiceCollection services)
    {
        services.AddScoped<IFhirResourceSource, PatientSource>();
        services.AddScoped<IFhirResourceSource, ObservationSource>();
        services.AddScoped<IFhirResourceSource, QuestionnaireResponseSource>();
        services.AddFhirSources();
        services.AddScoped<FhirSources>();
        services.AddScoped<FhirReadService>();
        services.AddScoped<FhirWriteService>();
        Export.FhirExportRegistration.AddRespiteFhirExport(services);
        return services;
    }
}

/// <summary>The sources of every resource type served, by type name.</summary>
public sealed class FhirSources(IEnumerable<IFhirResourceSource> sources)
{
    private readonly Dictionary<string, IFhirResourceSource> byType = sources.ToDictionary(s => s.ResourceType, StringComparer.Ordinal);

    public IEnumerable<IFhirResourceSource> All => byType.Values.OrderBy(s => s.ResourceType, StringComparer.Ordinal);

    public IFhirResourceSource? Find(string type) => byType.GetValueOrDefault(type);
}

namespace Respite.Web.Features.Fhir.Sources;

public static class FhirSourceRegistration
{
    /// <summary>
    /// The sources of the read-only resource types: Practitioner, Location, Questionnaire, Condition, Encounter,
    /// MedicationAdministration, Appointment, CarePlan and AuditEvent.
    /// </summary>
    public static IServiceCollection AddFhirSources(this IServiceCollection services)
    {
        services.AddScoped<IFhirResourceSource, PractitionerSource>();
        services.AddScoped<IFhirResourceSource, LocationSource>();
        services.AddScoped<IFhirResourceSource, QuestionnaireSource>();
        services.AddScoped<IFhirResourceSource, ConditionSource>();
        services.AddScoped<IFhirResourceSource, EncounterSource>();
        services.AddScoped<IFhirResourceSource, MedicationAdministrationSource>();
        services.AddScoped<IFhirResourceSource, AppointmentSource>();
        services.AddScoped<IFhirResourceSource, CarePlanSource>();
        services.AddScoped<IFhirResourceSource, AuditEventSource>();
        return services;
    }
}

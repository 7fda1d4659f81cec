using System.Reflection;
using Hl7.Fhir.Model;

namespace Respite.Web.Features.Fhir;

/// <summary>
/// The CapabilityStatement, generated from the sources registered and the writes supported, so that it never claims what
/// the server does not do.
/// </summary>
public static class FhirCapability
{
    /// <summary>The resource types that take create, and those that take update, through <c>/fhir</c>.</summary>
    public static IReadOnlySet<string> Creatable { get; } = new HashSet<string>(StringComparer.Ordinal) { "Patient", "Observation", "QuestionnaireResponse" };

    public static IReadOnlySet<string> Updatable { get; } = new HashSet<string>(StringComparer.Ordinal) { "Patient" };

    public static CapabilityStatement Build(IEnumerable<IFhirResourceSource> sources, string fhirBase)
    {
        var version = typeof(FhirCapability).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var rest = new CapabilityStatement.RestComponent
        {
            Mode = CapabilityStatement.RestfulCapabilityMode.Server,
            Documentation = "Respite's FHIR R4 API. Every interaction but this one needs a bearer token from POST /api/auth/login. "
                + "A patient signed in sees only their own record; anything else answers 404.",
            Security = new CapabilityStatement.SecurityComponent
            {
                Cors = false,
                Description = "Bearer tokens issued by POST /api/auth/login (ASP.NET Core Identity), roles prescriber, nurse, front-desk, admin and patient.",
            },
        };

        foreach (var source in sources)
        {
            var resource = new CapabilityStatement.ResourceComponent
            {
                Type = source.ResourceType,
                Versioning = CapabilityStatement.ResourceVersionPolicy.Versioned,
                ReadHistory = false,
                UpdateCreate = false,
                ConditionalCreate = false,
                ConditionalUpdate = false,
                ConditionalDelete = CapabilityStatement.ConditionalDeleteStatus.NotSupported,
            };
            resource.Interaction.Add(Interaction(CapabilityStatement.TypeRestfulInteraction.Read));
            resource.Interaction.Add(Interaction(CapabilityStatement.TypeRestfulInteraction.Vread));
            resource.Interaction.Add(Interaction(CapabilityStatement.TypeRestfulInteraction.SearchType));
            if (Creatable.Contains(source.ResourceType))
            {
                resource.Interaction.Add(Interaction(CapabilityStatement.TypeRestfulInteraction.Create));
            }

            if (Updatable.Contains(source.ResourceType))
            {
                resource.Interaction.Add(Interaction(CapabilityStatement.TypeRestfulInteraction.Update));
            }

            foreach (var parameter in source.SearchParameters)
            {
                resource.SearchParam.Add(new CapabilityStatement.SearchParamComponent
                {
                    Name = parameter.Name,
                    Type = parameter.SearchParamType,
                    Documentation = parameter.Documentation,
                });
            }

            if (source.ResourceType == "Patient")
            {
                resource.Operation.Add(new CapabilityStatement.OperationComponent
                {
                    Name = "everything",
                    Definition = "http://hl7.org/fhir/OperationDefinition/Patient-everything",
                    Documentation = "Every resource of the patient's record that Respite serves, in one searchset Bundle.",
                });
                resource.Operation.Add(new CapabilityStatement.OperationComponent
                {
                    Name = "export",
                    Definition = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export",
                    Documentation = "Bulk Data export of every patient's compartment as NDJSON files (Prefer: respond-async; _outputFormat, _type, _since). Care team only.",
                });
            }

            rest.Resource.Add(resource);
        }

        rest.Operation.Add(new CapabilityStatement.OperationComponent
        {
            Name = "export",
            Definition = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export",
            Documentation = "Bulk Data export of every type the requester may read as NDJSON files (Prefer: respond-async; _outputFormat, _type, _since).",
        });

        return new CapabilityStatement
        {
            Id = "respite",
            Url = fhirBase + "/metadata",
            Name = "RespiteCapabilityStatement",
            Title = "Respite FHIR R4 server",
            Status = PublicationStatus.Active,
            Date = "2026-12-05",
            Publisher = "Respite",
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "Respite", Version = version },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "Respite clinic", Url = fhirBase },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["application/fhir+json", "application/fhir+xml", "json", "xml"],
            Rest = [rest],
        };
    }

    private static CapabilityStatement.ResourceInteractionComponent Interaction(CapabilityStatement.TypeRestfulInteraction code) => new() { Code = code };
}

using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Hl7.Fhir.Validation;

namespace Respite.Fhir;

/// <summary>
/// FHIR R4 JSON and XML as Respite writes and reads them, through Firely's POCO serializers. Output is deterministic:
/// elements in the order the specification defines, no narrative added, the same resource always giving the same text.
/// </summary>
public static class FhirFormats
{
    public const string JsonMediaType = "application/fhir+json";
    public const string XmlMediaType = "application/fhir+xml";
    public const string NdjsonMediaType = "application/fhir+ndjson";

    private static readonly FhirJsonSerializer JsonSerializer = new();
    private static readonly FhirXmlSerializer XmlSerializer = new();

    // Why: strict settings so that an unknown element, a wrong primitive format or a wrong cardinality in what a client sends
    // is reported with its path rather than silently dropped.
    private static readonly FhirJsonDeserializer JsonDeserializer = new(new DeserializerSettings());
    private static readonly FhirXmlDeserializer XmlDeserializer = new(new DeserializerSettings());

    public static string ToJson(Base resource, bool pretty = false)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return JsonSerializer.SerializeToString(resource, pretty);
    }

    public static byte[] ToJsonBytes(Base resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return JsonSerializer.SerializeToBytes(resource);
    }

    /// <summary>One line of a bulk-export NDJSON file: compact JSON ending in a line feed.</summary>
    public static string ToNdjsonLine(Resource resource) => ToJson(resource) + "\n";

    public static string ToXml(Base resource, bool pretty = false)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return XmlSerializer.SerializeToString(resource, pretty);
    }

    /// <summary>Reads a resource from FHIR JSON; syntax and structure problems come back as issues with their paths, never as exceptions.</summary>
    public static FhirParseResult<Resource> ParseJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonDeserializer.TryDeserializeResource(json, out var resource, out var errors) && resource is not null
                ? FhirParseResult<Resource>.Success(resource)
                : FhirParseResult<Resource>.Failure(IssuesOf(errors, resource));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException or DeserializationFailedException)
        {
            return FhirParseResult<Resource>.Failure([new FhirIssue("", "The body is not valid FHIR JSON: " + e.Message, FhirIssueKind.Structure)]);
        }
    }

    /// <summary>Reads a resource from FHIR XML, with the same error reporting as <see cref="ParseJson"/>.</summary>
    public static FhirParseResult<Resource> ParseXml(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        try
        {
            return XmlDeserializer.TryDeserializeResource(xml, out var resource, out var errors) && resource is not null
                ? FhirParseResult<Resource>.Success(resource)
                : FhirParseResult<Resource>.Failure(IssuesOf(errors, resource));
        }
        catch (Exception e) when (e is System.Xml.XmlException or FormatException or InvalidOperationException or DeserializationFailedException)
        {
            return FhirParseResult<Resource>.Failure([new FhirIssue("", "The body is not valid FHIR XML: " + e.Message, FhirIssueKind.Structure)]);
        }
    }

    /// <summary>Reads a resource of one type, reporting a body of another type at <c>resourceType</c>.</summary>
    public static FhirParseResult<T> ParseJson<T>(string json)
        where T : Resource
    {
        var parsed = ParseJson(json);
        if (!parsed.Succeeded)
        {
            return FhirParseResult<T>.Failure(parsed.Issues);
        }

        return parsed.Value is T typed
            ? FhirParseResult<T>.Success(typed)
            : FhirParseResult<T>.Failure([new FhirIssue("resourceType", $"Expected a {typeof(T).Name}, got a {parsed.Value!.TypeName}.", FhirIssueKind.NotSupported)]);
    }

    /// <summary>
    /// Firely's attribute validation of a resource (cardinality, required elements, primitive formats, coded values),
    /// as issues with the element paths Firely reports.
    /// </summary>
    public static IReadOnlyList<FhirIssue> ValidateStructure(Base resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.Validate()
            .Select(e => new FhirIssue(e.InstancePath ?? "", e.BaseErrorMessage ?? e.Message, FhirIssueKind.Structure))
            .ToList();
    }

    private static List<FhirIssue> IssuesOf(IEnumerable<CodedException>? errors, Resource? partial)
    {
        var issues = (errors ?? [])
            .Select(e => e is ExtendedCodedException x
                ? new FhirIssue(x.InstancePath ?? "", x.BaseErrorMessage ?? x.Message, FhirIssueKind.Structure)
                : new FhirIssue("", e.Message, FhirIssueKind.Structure))
            .ToList();
        if (issues.Count == 0)
        {
            issues.Add(new FhirIssue("", partial is null ? "The body holds no FHIR resource." : "The resource could not be read.", FhirIssueKind.Structure));
        }

        return issues;
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

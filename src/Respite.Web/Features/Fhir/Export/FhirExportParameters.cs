using System.Globalization;
using Hl7.Fhir.Model;
using Respite.Fhir;

namespace Respite.Web.Features.Fhir.Export;

/// <summary>
/// The parameters of a <c>$export</c> kick-off: the types asked for (null: every type the requester may export) and the
/// <c>_since</c> instant. Read from the query string (GET) or a Parameters resource (POST).
/// </summary>
public sealed record FhirExportParameters(IReadOnlyList<string>? Types, DateTimeOffset? Since)
{
    /// <summary>The values of <c>_outputFormat</c> accepted; each means FHIR NDJSON, the only format written.</summary>
    public static IReadOnlySet<string> OutputFormats { get; } =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { FhirFormats.NdjsonMediaType, "application/ndjson", "ndjson" };

    /// <summary>Parameters of the Bulk Data specification that Respite does not implement: refused, or ignored under lenient handling.</summary>
    public static IReadOnlySet<string> Unsupported { get; } =
        new HashSet<string>(StringComparer.Ordinal) { "_typeFilter", "_elements", "patient", "includeAssociatedData" };

    public static FhirParseResult<FhirExportParameters> Parse(IEnumerable<KeyValuePair<string, string>> parameters, bool lenient)
    {
        var issues = new List<FhirIssue>();
        List<string>? types = null;
        DateTimeOffset? since = null;
        foreach (var (name, value) in parameters)
        {
            switch (name)
            {
                case "_outputFormat":
                    // A '+' left unescaped in a query string arrives as a space.
                    if (!OutputFormats.Contains(value.Replace(' ', '+')))
                    {
                        issues.Add(new FhirIssue(name, $"_outputFormat '{value}' is not supported; Respite writes {FhirFormats.NdjsonMediaType} (also accepted as application/ndjson or ndjson).", FhirIssueKind.NotSupported));
                    }

                    break;
                case "_type":
                    types ??= [];
                    foreach (var type in value.Split(',', StringSplitOptions.TrimEntries))
                    {
                        if (type.Length == 0)
                        {
                            issues.Add(new FhirIssue(name, "_type lists resource types separated by commas, with none empty."));
                        }
                        else if (!types.Contains(type, StringComparer.Ordinal))
                        {
                            types.Add(type);
                        }
                    }

                    break;
                case "_since":
                    if (TryParseInstant(value, out var instant))
                    {
                        since = instant;
                    }
                    else
                    {
                        issues.Add(new FhirIssue(name, $"_since must be a FHIR instant with a time zone (2026-01-05T10:00:00Z or 2026-01-05T10:00:00.000+01:00); '{value}' is not."));
                    }

                    break;
                default:
                    if (!lenient)
                    {
                        issues.Add(new FhirIssue(name, Unsupported.Contains(name)
                            ? $"The $export parameter '{name}' is not supported by Respite."
                            : $"'{name}' is not a $export parameter; Respite reads _outputFormat, _type and _since.", FhirIssueKind.NotSupported));
                    }

                    break;
            }
        }

        return FhirParseResult<FhirExportParameters>.From(() => new FhirExportParameters(types, since), issues);
    }

    /// <summary>The name/value pairs of a Parameters resource (<c>valueString</c>, <c>valueInstant</c>, … of any primitive type).</summary>
    public static FhirParseResult<List<KeyValuePair<string, string>>> FromParameters(Parameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var issues = new List<FhirIssue>();
        var pairs = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < parameters.Parameter.Count; i++)
        {
            var parameter = parameters.Parameter[i];
            if (parameter.Value is PrimitiveType primitive && primitive.ToString() is { } text && parameter.Name is { Length: > 0 } name)
            {
                pairs.Add(new(name, text));
            }
            else
            {
                issues.Add(new FhirIssue($"Parameters.parameter[{i}]", "Each parameter needs a name and a primitive value (valueString, valueInstant, …).", FhirIssueKind.Structure));
            }
        }

        return FhirParseResult<List<KeyValuePair<string, string>>>.From(() => pairs, issues);
    }

    /// <summary>A FHIR instant: date, time to the second or finer, and a time zone.</summary>
    public static bool TryParseInstant(string value, out DateTimeOffset instant) =>
        DateTimeOffset.TryParseExact(
            value,
            ["yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"],
            CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal,
            out instant)
        && (value.EndsWith('Z') || value[^6] is '+' or '-');

    /// <summary>An instant as the manifest and <c>_since</c> write it: UTC, milliseconds.</summary>
    public static string FormatInstant(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

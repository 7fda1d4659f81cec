using System.Globalization;
using Respite.Fhir;

namespace Respite.Web.Features.Fhir;

/// <summary>The result parameters of a search: page size and offset, and whether the total was asked for.</summary>
public sealed record FhirPaging(int Count, int Offset, bool Total)
{
    public const int DefaultCount = 50;
    public const int MaxCount = 500;
}

/// <summary>
/// Reads a search's query string against the parameters a resource type supports: every value checked for syntax, every
/// problem reported with the parameter's name as its path. Unknown parameters are errors unless the client asked for
/// lenient handling, in which case they are ignored and left out of the paging links.
/// </summary>
public static class FhirSearchParser
{
    /// <summary>Parameters about the response rather than the match, accepted by every search.</summary>
    public static IReadOnlySet<string> ResultParameters { get; } = new HashSet<string>(StringComparer.Ordinal) { "_count", "_offset", "_total", "_format" };

    public sealed record Parsed(FhirQuery Query, FhirPaging Paging, IReadOnlyList<KeyValuePair<string, string>> Applied);

    public static FhirParseResult<Parsed> Parse(
        IEnumerable<KeyValuePair<string, string>> parameters,
        IReadOnlyList<FhirSearchParameter> supported,
        bool lenient,
        Guid? compartmentPatient)
    {
        var issues = new List<FhirIssue>();
        var query = new FhirQuery { CompartmentPatient = compartmentPatient };
        var applied = new List<KeyValuePair<string, string>>();
        var count = FhirPaging.DefaultCount;
        var offset = 0;
        var total = false;
        var byName = supported.ToDictionary(p => p.Name, StringComparer.Ordinal);

        foreach (var (rawName, value) in parameters)
        {
            var colon = rawName.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? rawName : rawName[..colon];
            var modifier = colon < 0 ? null : rawName[(colon + 1)..];
            switch (name)
            {
                case "_count":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count > FhirPaging.MaxCount)
                    {
                        issues.Add(Problem(rawName, $"_count must be a whole number from 0 to {FhirPaging.MaxCount}."));
                    }
                    else
                    {
                        applied.Add(new(rawName, value));
                    }

                    continue;
                case "_offset":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
                    {
                        issues.Add(Problem(rawName, "_offset must be a whole number, 0 or more."));
                    }

                    continue;
                case "_total":
                    if (value is not ("none" or "estimate" or "accurate"))
                    {
                        issues.Add(Problem(rawName, "_total must be none, estimate or accurate."));
                    }

                    total = value is "accurate" or "estimate";
                    applied.Add(new(rawName, value));
                    continue;
                case "_format":
                    continue;
            }

            if (!byName.TryGetValue(name, out var definition))
            {
                if (!lenient)
                {
                    issues.Add(new FhirIssue(rawName, $"The search parameter '{rawName}' is not supported here; the CapabilityStatement lists those that are.", FhirIssueKind.NotSupported));
                }

                continue;
            }

            if (value.Length == 0)
            {
                continue;
            }

            var before = issues.Count;
            switch (definition.Kind)
            {
                case FhirParameterKind.Token:
                    RejectModifier(issues, rawName, modifier);
                    query.AddTokens(name, SplitOr(value).Select(FhirToken.Parse).ToList());
                    break;
                case FhirParameterKind.String:
                    RejectModifier(issues, rawName, modifier);
                    query.AddStrings(name, SplitOr(value).Select(v => v.Trim()).Where(v => v.Length > 0).ToList());
                    break;
                case FhirParameterKind.Date:
                    RejectModifier(issues, rawName, modifier);
                    if (FhirDateValues.TryParse(value, out var from, out var to, out var error))
                    {
                        query.NarrowRange(name, from, to);
                    }
                    else
                    {
                        issues.Add(Problem(rawName, error!));
                    }

                    break;
                case FhirParameterKind.Reference:
                    if (modifier is not null && modifier != definition.Target)
                    {
                        issues.Add(new FhirIssue(rawName, $"'{name}' refers to a {definition.Target}; the modifier ':{modifier}' is not supported.", FhirIssueKind.NotSupported));
                    }
                    else if (SplitOr(value).Count > 1)
                    {
                        issues.Add(new FhirIssue(rawName, $"'{name}' takes one {definition.Target}; search once per {definition.Target}.", FhirIssueKind.NotSupported));
                    }
                    else if (ReferenceId(value, definition.Target!) is { } id)
                    {
                        query.AddReference(name, id);
                    }
                    else
                    {
                        issues.Add(Problem(rawName, $"'{value}' is not a reference to a {definition.Target} ({definition.Target}/{{id}} or {{id}})."));
                    }

                    break;
            }

            if (issues.Count == before)
            {
                applied.Add(new(rawName, value));
            }
        }

        return FhirParseResult<Parsed>.From(() => new Parsed(query, new FhirPaging(count, offset, total), applied), issues);
    }

    /// <summary>The id in <c>id</c>, <c>Type/id</c>, <c>Type/id/_history/n</c> or an absolute URL ending so; null when the type differs.</summary>
    public static string? ReferenceId(string value, string type)
    {
        var parts = value.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 1)
        {
            return FhirReferences.IsValidId(parts[0]) ? parts[0] : null;
        }

        var history = Array.IndexOf(parts, "_history");
        if (history >= 0)
        {
            parts = parts[..history];
        }

        return parts.Length >= 2 && parts[^2] == type && FhirReferences.IsValidId(parts[^1]) ? parts[^1] : null;
    }

    private static List<string> SplitOr(string value)
    {
        // A comma escaped as \, belongs to the value.
        var values = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length && value[i + 1] is ',' or '\\' or '|' or '$')
            {
                current.Append(value[++i]);
            }
            else if (value[i] == ',')
            {
                values.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(value[i]);
            }
        }

        values.Add(current.ToString());
        return values;
    }

    private static void RejectModifier(List<FhirIssue> issues, string rawName, string? modifier)
    {
        if (modifier is not null)
        {
            issues.Add(new FhirIssue(rawName, $"The modifier ':{modifier}' is not supported.", FhirIssueKind.NotSupported));
        }
    }

    private static FhirIssue Problem(string path, string message) => new(path, message, FhirIssueKind.Value);
}

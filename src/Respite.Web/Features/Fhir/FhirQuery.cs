using System.Globalization;
using Hl7.Fhir.Model;

namespace Respite.Web.Features.Fhir;

/// <summary>A token search value: <c>code</c>, <c>system|code</c>, <c>|code</c> (no system) or <c>system|</c> (any code of the system).</summary>
public sealed record FhirToken(string? System, string? Code)
{
    /// <summary>True when the coding matches: the system when one was given, the code when one was given.</summary>
    public bool Matches(string? system, string? code) =>
        (System is null || (System.Length == 0 ? string.IsNullOrEmpty(system) : System == system))
        && (Code is null || Code == code);

    public bool Matches(Coding coding) => Matches(coding.System, coding.Code);

    public bool MatchesAny(CodeableConcept? concept) => concept?.Coding.Any(Matches) == true;

    public static FhirToken Parse(string value)
    {
        var bar = value.IndexOf('|', StringComparison.Ordinal);
        if (bar < 0)
        {
            return new FhirToken(null, value);
        }

        var code = value[(bar + 1)..];
        return new FhirToken(value[..bar], code.Length == 0 ? null : code);
    }
}

/// <summary>
/// The instants a set of date parameters allows: from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive), either
/// open. Several parameters narrow it (<c>date=ge2026-01-01&amp;date=lt2026-02-01</c>).
/// </summary>
public sealed record FhirInstantRange(DateTimeOffset? From, DateTimeOffset? To)
{
    public static FhirInstantRange All { get; } = new(null, null);

    public bool IsAll => From is null && To is null;

    /// <summary>True when no instant can match (the bounds cross).</summary>
    public bool IsEmpty => From is { } from && To is { } to && from >= to;

    public bool Contains(DateTimeOffset at) => (From is not { } from || at >= from) && (To is not { } to || at < to);

    /// <summary>True when the day (taken as the UTC day) overlaps the range.</summary>
    public bool Overlaps(DateOnly day)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return Overlaps(start, start.AddDays(1));
    }

    /// <summary>True when the period [start, end) overlaps the range; an open end is a period still running.</summary>
    public bool Overlaps(DateTimeOffset start, DateTimeOffset? end) =>
        (To is not { } to || start < to) && (From is not { } from || (end ?? DateTimeOffset.MaxValue) > from);

    public FhirInstantRange Narrow(DateTimeOffset? from, DateTimeOffset? to) => new(
        from is { } f && (From is null || f > From) ? f : From,
        to is { } t && (To is null || t < To) ? t : To);
}

/// <summary>The kinds of search parameter Respite reads.</summary>
public enum FhirParameterKind
{
    Token,
    Reference,
    Date,
    String,
}

/// <summary>
/// A search parameter a resource type supports, as listed in the CapabilityStatement. A reference parameter names the
/// resource type it points to; Respite reads its value as that type's id.
/// </summary>
public sealed record FhirSearchParameter(string Name, FhirParameterKind Kind, string Documentation, string? Target = null)
{
    public SearchParamType SearchParamType => Kind switch
    {
        FhirParameterKind.Token => SearchParamType.Token,
        FhirParameterKind.Reference => SearchParamType.Reference,
        FhirParameterKind.Date => SearchParamType.Date,
        _ => SearchParamType.String,
    };

    public static FhirSearchParameter Id { get; } = new("_id", FhirParameterKind.Token, "The resource id.");

    public static FhirSearchParameter LastUpdated { get; } = new("_lastUpdated", FhirParameterKind.Date, "When the resource last changed.");

    public static FhirSearchParameter Patient { get; } = new("patient", FhirParameterKind.Reference, "The patient the resource is about.", "Patient");

    public static FhirSearchParameter Subject { get; } = new("subject", FhirParameterKind.Reference, "The patient the resource is about (same as patient).", "Patient");
}

/// <summary>
/// A parsed search: the values of each parameter the resource type supports, already checked for syntax. Values of one
/// parameter repeated are combined with AND (dates narrow the range); comma-separated values within one are OR.
/// </summary>
public sealed class FhirQuery
{
    private readonly Dictionary<string, List<IReadOnlyList<FhirToken>>> tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> references = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FhirInstantRange> ranges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<IReadOnlyList<string>>> strings = new(StringComparer.Ordinal);

    /// <summary>
    /// The only patient whose resources may be returned, set for a patient signed in to their own record; sources filter by it
    /// and the endpoint drops anything else, so a mistake in one source cannot show another patient's data.
    /// </summary>
    public Guid? CompartmentPatient { get; init; }

    /// <summary>
    /// The patient the search is restricted to, from <c>patient</c>, <c>subject</c> or the compartment. Null when
    /// unrestricted. <see cref="MatchesNothing"/> is true when they disagree.
    /// </summary>
    public Guid? PatientId
    {
        get
        {
            var ids = PatientIds();
            return ids.Count == 1 ? ids[0] : null;
        }
    }

    /// <summary>True when the parameters cannot match any resource (two different patients, an id that is not Respite's, crossed dates).</summary>
    public bool MatchesNothing
    {
        get
        {
            if (ranges.Values.Any(r => r.IsEmpty))
            {
                return true;
            }

            var ids = PatientIds();
            return ids.Count > 1 || (ids.Count == 0 && (CompartmentPatient is not null || HasPatientFilter));
        }
    }

    private bool HasPatientFilter => references.ContainsKey("patient") || references.ContainsKey("subject");

    /// <summary>The values of a token parameter, each list an OR of alternatives; the lists are ANDed.</summary>
    public IReadOnlyList<IReadOnlyList<FhirToken>> Tokens(string name) =>
        tokens.TryGetValue(name, out var list) ? list : [];

    /// <summary>The ids named by a reference parameter (ANDed: all must agree to match anything).</summary>
    public IReadOnlyList<string> References(string name) =>
        references.TryGetValue(name, out var list) ? list : [];

    public FhirInstantRange Range(string name) => ranges.TryGetValue(name, out var range) ? range : FhirInstantRange.All;

    /// <summary>The values of a string parameter, each list an OR of alternatives; the lists are ANDed.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Strings(string name) =>
        strings.TryGetValue(name, out var list) ? list : [];

    /// <summary>The ids a <c>_id</c> parameter allows (one OR list), or null when there is none.</summary>
    public IReadOnlyList<string>? Ids => tokens.TryGetValue("_id", out var list)
        ? list.Select(l => (IEnumerable<string>)l.Select(t => t.Code ?? "")).Aggregate((a, b) => a.Intersect(b)).ToList()
        : null;

    /// <summary>A reference parameter read as Respite GUIDs: null when absent, an empty list when a value is not a Respite id.</summary>
    public IReadOnlyList<Guid>? GuidReferences(string name)
    {
        if (!references.TryGetValue(name, out var list))
        {
            return null;
        }

        var ids = list.Select(v => Guid.TryParseExact(v, "D", out var id) ? id : (Guid?)null).ToList();
        return ids.Any(i => i is null) ? [] : ids.Select(i => i!.Value).Distinct().ToList();
    }

    internal void AddTokens(string name, IReadOnlyList<FhirToken> values) => Add(tokens, name, values);

    internal void AddReference(string name, string id) => Add(references, name, id);

    internal void AddStrings(string name, IReadOnlyList<string> values) => Add(strings, name, values);

    internal void NarrowRange(string name, DateTimeOffset? from, DateTimeOffset? to) =>
        ranges[name] = Range(name).Narrow(from, to);

    private List<Guid> PatientIds()
    {
        var ids = new List<Guid>();
        foreach (var name in new[] { "patient", "subject" })
        {
            if (references.TryGetValue(name, out var values))
            {
                foreach (var value in values)
                {
                    if (Guid.TryParseExact(value, "D", out var id))
                    {
                        ids.Add(id);
                    }
                    else
                    {
                        return [];
                    }
                }
            }
        }

        if (CompartmentPatient is { } own)
        {
            ids.Add(own);
        }

        return ids.Distinct().ToList();
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string name, T value)
    {
        if (!map.TryGetValue(name, out var list))
        {
            map[name] = list = [];
        }

        list.Add(value);
    }
}

/// <summary>FHIR date search values: a prefix and a date, dateTime or instant of any precision, as the range it covers.</summary>
public static class FhirDateValues
{
    private static readonly string[] Prefixes = ["eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"];

    /// <summary>
    /// Reads <c>ge2026-01-05</c>, <c>2026-01</c>, <c>lt2026-01-05T10:00:00+01:00</c> as the bounds it sets. A value without a
    /// time zone is read as UTC. Only eq, gt, ge, lt and le are supported.
    /// </summary>
    public static bool TryParse(string value, out DateTimeOffset? from, out DateTimeOffset? to, out string? error)
    {
        from = null;
        to = null;
        error = null;
        var prefix = "eq";
        if (value.Length >= 2 && Prefixes.Contains(value[..2]))
        {
            prefix = value[..2];
            value = value[2..];
        }

        if (prefix is "ne" or "sa" or "eb" or "ap")
        {
            error = $"The prefix '{prefix}' is not supported; use eq, gt, ge, lt or le.";
            return false;
        }

        if (!TryParseSpan(value, out var start, out var end))
        {
            error = $"'{value}' is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][Z|+hh:mm]).";
            return false;
        }

        switch (prefix)
        {
            case "eq":
                from = start;
                to = end;
                break;
            case "gt":
                from = end;
                break;
            case "ge":
                from = start;
                break;
            case "lt":
                to = start;
                break;
            case "le":
                to = end;
                break;
        }

        return true;
    }

    /// <summary>The instants a value of any precision covers: [start, end).</summary>
    public static bool TryParseSpan(string value, out DateTimeOffset start, out DateTimeOffset end)
    {
        start = end = default;
        var styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        var invariant = CultureInfo.InvariantCulture;
        if (value.Length == 4 && DateTimeOffset.TryParseExact(value, "yyyy", invariant, styles, out start))
        {
            end = start.AddYears(1);
            return true;
        }

        if (value.Length == 7 && DateTimeOffset.TryParseExact(value, "yyyy-MM", invariant, styles, out start))
        {
            end = start.AddMonths(1);
            return true;
        }

        if (value.Length == 10 && DateTimeOffset.TryParseExact(value, "yyyy-MM-dd", invariant, styles, out start))
        {
            end = start.AddDays(1);
            return true;
        }

        if (value.Length < 16 || value[10] != 'T')
        {
            return false;
        }

        string[] minutes = ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mmK"];
        string[] seconds = ["yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"];
        if (DateTimeOffset.TryParseExact(value, minutes, invariant, styles, out start))
        {
            end = start.AddMinutes(1);
            return true;
        }

        if (DateTimeOffset.TryParseExact(value, seconds, invariant, styles, out start))
        {
            var fraction = value.IndexOf('.', StringComparison.Ordinal) >= 0;
            end = fraction ? start.AddTicks(1) : start.AddSeconds(1);
            return true;
        }

        return false;
    }
}

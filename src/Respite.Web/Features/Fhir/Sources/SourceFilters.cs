using System.Linq.Expressions;

namespace Respite.Web.Features.Fhir.Sources;

/// <summary>Turns search values into database filters that both SQLite and PostgreSQL translate.</summary>
internal static class SourceFilters
{
    /// <summary>The GUIDs a <c>_id</c> parameter allows: null when there is none, empty when no value is a Respite id.</summary>
    public static IReadOnlyList<Guid>? GuidIds(FhirQuery query) =>
        query.Ids?.Select(v => Guid.TryParseExact(v, "D", out var id) ? id : (Guid?)null).OfType<Guid>().Distinct().ToList();

    /// <summary>
    /// The values whose coding matches one of the tokens of an OR list: each value of an enumeration (a status, a category)
    /// with the codings the resource shows for it.
    /// </summary>
    public static List<T> Allowed<T>(IReadOnlyList<FhirToken> anyOf, IEnumerable<T> values, Func<T, IEnumerable<(string System, string Code)>> codings) =>
        values.Where(v => codings(v).Any(c => anyOf.Any(t => t.Matches(c.System, c.Code)))).ToList();

    /// <summary>
    /// The rows matching at least one of the predicates, as one OR in the WHERE clause (a list of predicates built from
    /// the values of a parameter; no predicate matches nothing).
    /// </summary>
    public static IQueryable<T> WhereAny<T>(this IQueryable<T> source, IEnumerable<Expression<Func<T, bool>>> predicates)
    {
        var parameter = Expression.Parameter(typeof(T), "row");
        Expression? body = null;
        foreach (var predicate in predicates)
        {
            var rebound = new Rebind(predicate.Parameters[0], parameter).Visit(predicate.Body);
            body = body is null ? rebound : Expression.OrElse(body, rebound);
        }

        return source.Where(Expression.Lambda<Func<T, bool>>(body ?? Expression.Constant(false), parameter));
    }

    /// <summary>The search's string values lower-cased, for FHIR's case-insensitive starts-with match.</summary>
    public static IEnumerable<IReadOnlyList<string>> LowerStrings(FhirQuery query, string name) =>
        query.Strings(name).Select(list => (IReadOnlyList<string>)list.Select(v => v.ToLowerInvariant()).ToList());

    /// <summary>The UTC day of an instant: a whole-day period ends after the instant when its last day is this day or later.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    /// <summary>The last (UTC) day that starts before <paramref name="to"/>.</summary>
    public static DateOnly LastDayBefore(DateTimeOffset to)
    {
        var day = DayOf(to);
        return to.UtcDateTime.TimeOfDay == TimeSpan.Zero ? day.AddDays(-1) : day;
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}

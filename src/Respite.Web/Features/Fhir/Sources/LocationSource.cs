using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Scheduling;
using Respite.Data;
using Respite.Fhir.Locations;

namespace Respite.Web.Features.Fhir.Sources;

/// <summary>The clinic's locations with their weekly opening hours.</summary>
public sealed class LocationSource(RespiteDbContext db) : IFhirResourceSource
{
    private const string StatusSystem = "http://hl7.org/fhir/location-status";

    public string ResourceType => "Location";

    public FhirAccess Access => FhirAccess.Directory;

    public IReadOnlyList<FhirSearchParameter> SearchParameters { get; } =
    [
        FhirSearchParameter.Id,
        new("name", FhirParameterKind.String, "The start of the location's name, case-insensitive."),
        new("status", FhirParameterKind.Token, "active or inactive."),
    ];

    public async Task<FhirEntry?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "D", out var guid))
        {
            return null;
        }

        var location = await Project(db.Locations.AsNoTracking().Where(l => l.Id == guid)).FirstOrDefaultAsync(cancellationToken);
        return location is null ? null : new FhirEntry(LocationMapper.ToFhir(location), null);
    }

    public async IAsyncEnumerable<FhirEntry> SearchAsync(FhirQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query.MatchesNothing)
        {
            yield break;
        }

        var rows = db.Locations.AsNoTracking();
        if (SourceFilters.GuidIds(query) is { } ids)
        {
            rows = rows.Where(l => ids.Contains(l.Id));
        }

        foreach (var names in SourceFilters.LowerStrings(query, "name"))
        {
            rows = rows.WhereAny(names.Select(n => (Expression<Func<Data.Scheduling.Location, bool>>)(l => l.Name.ToLower().StartsWith(n))));
        }

        foreach (var status in query.Tokens("status"))
        {
            var allowed = SourceFilters.Allowed(status, [true, false], active => [(StatusSystem, active ? "active" : "inactive")]);
            rows = rows.Where(l => allowed.Contains(l.Active));
        }

        await foreach (var location in Project(rows.OrderBy(l => l.Name).ThenBy(l => l.Id)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return new FhirEntry(LocationMapper.ToFhir(location), null);
        }
    }

    private static IQueryable<ClinicLocation> Project(IQueryable<Data.Scheduling.Location> locations) =>
        locations.Select(l => new ClinicLocation(
            l.Id,
            l.Name,
            l.TimeZoneId,
            l.Address,
            l.Phone,
            l.Active,
            l.Hours.OrderBy(h => h.Day).ThenBy(h => h.Opens).Select(h => new OpeningInterval(h.Day, h.Opens, h.Closes)).ToList()));
}

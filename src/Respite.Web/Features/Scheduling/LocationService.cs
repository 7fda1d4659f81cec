using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Scheduling;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Scheduling;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Scheduling;

/// <summary>The clinic's locations: time zone, opening hours, closed dates, chairs and rooms.</summary>
public sealed class LocationService(RespiteDbContext db, AuditTrail audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<LocationDto>> ListAsync(bool includeInactive = false, CancellationToken cancellationToken = default)
    {
        var query = db.Locations.AsNoTracking().Include(l => l.Hours).Include(l => l.Chairs).AsSplitQuery();
        if (!includeInactive)
        {
            query = query.Where(l => l.Active);
        }

        var locations = await query.OrderBy(l => l.Name).ToListAsync(cancellationToken);
        return [.. locations.Select(ToDto)];
    }

    public async Task<Outcome<LocationDto>> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var location = await LoadAsync(id, tracking: false, cancellationToken);
        return location is null ? Outcome<LocationDto>.NotFound("The location") : Outcome<LocationDto>.Success(ToDto(location));
    }

    public async Task<Outcome<LocationDto>> CreateAsync(LocationInput input, CancellationToken cancellationToken = default)
    {
        var location = new Location { Id = Guid.CreateVersion7(clock.GetUtcNow()) };
        var errors = Apply(location, input, creating: true);
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<LocationDto>();
        }

        if (await db.Locations.AnyAsync(l => l.Name == location.Name, cancellationToken))
        {
            return Outcome<LocationDto>.Invalid("name", "A location with this name exists.");
        }

        location.Version = Guid.NewGuid();
        db.Locations.Add(location);
        audit.Add(AuditAction.Create, "Location", location.Id.ToString(), null);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<LocationDto>.Success(ToDto(location));
    }

    public async Task<Outcome<LocationDto>> UpdateAsync(Guid id, LocationInput input, CancellationToken cancellationToken = default)
    {
        var location = await LoadAsync(id, tracking: true, cancellationToken);
        if (location is null)
        {
            return Outcome<LocationDto>.NotFound("The location");
        }

        if (input.Version is null)
        {
            return Outcome<LocationDto>.Invalid("version", "The version last read is required.");
        }

        if (input.Version != location.Version)
        {
            return Outcome<LocationDto>.Conflict("The location was changed by someone else. Reload it and apply your change again.");
        }

        var errors = Apply(location, input, creating: false);
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<LocationDto>();
        }

        if (await db.Locations.AnyAsync(l => l.Name == location.Name && l.Id != id, cancellationToken))
        {
            return Outcome<LocationDto>.Invalid("name", "A location with this name exists.");
        }

        location.Version = Guid.NewGuid();
        audit.Add(AuditAction.Update, "Location", location.Id.ToString(), null);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<LocationDto>.Success(ToDto(location));
    }

    public async Task<Outcome<LocationDto>> AddChairAsync(Guid locationId, ChairInput input, CancellationToken cancellationToken = default)
    {
        var location = await LoadAsync(locationId, tracking: true, cancellationToken);
        if (location is null)
        {
            return Outcome<LocationDto>.NotFound("The location");
        }

        var errors = new ErrorBag();
        var name = errors.Required("name", input.Name, 100);
        if (input.Kind is { } kind && !Enum.IsDefined(kind))
        {
            errors.Add("kind", "Use chair or room.");
        }

        if (input.SortOrder is < 0 or > 1000)
        {
            errors.Add("sortOrder", "Must be between 0 and 1000.");
        }

        if (name is not null && location.Chairs.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add("name", "The location has a chair or room with this name.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<LocationDto>();
        }

        var chair = new Chair
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            LocationId = locationId,
            Name = name!,
            Kind = input.Kind ?? ChairKind.Chair,
            SortOrder = input.SortOrder ?? (location.Chairs.Count == 0 ? 0 : location.Chairs.Max(c => c.SortOrder) + 1),
            Active = input.Active ?? true,
        };
        // The location is tracked with its chairs: adding the chair puts it in location.Chairs as well.
        db.Chairs.Add(chair);
        location.Version = Guid.NewGuid();
        audit.Add(AuditAction.Create, "Chair", chair.Id.ToString(), null);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<LocationDto>.Success(ToDto(location));
    }

    public async Task<Outcome<LocationDto>> UpdateChairAsync(Guid locationId, Guid chairId, ChairInput input, CancellationToken cancellationToken = default)
    {
        var location = await LoadAsync(locationId, tracking: true, cancellationToken);
        var chair = location?.Chairs.FirstOrDefault(c => c.Id == chairId);
        if (location is null || chair is null)
        {
            return Outcome<LocationDto>.NotFound("The chair");
        }

        var errors = new ErrorBag();
        var name = input.Name is null ? chair.Name : errors.Required("name", input.Name, 100);
        if (input.Kind is { } kind && !Enum.IsDefined(kind))
        {
            errors.Add("kind", "Use chair or room.");
        }

        if (input.SortOrder is < 0 or > 1000)
        {
            errors.Add("sortOrder", "Must be between 0 and 1000.");
        }

        if (name is not null && location.Chairs.Any(c => c.Id != chairId && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add("name", "The location has a chair or room with this name.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<LocationDto>();
        }

        chair.Name = name!;
        chair.Kind = input.Kind ?? chair.Kind;
        chair.SortOrder = input.SortOrder ?? chair.SortOrder;
        chair.Active = input.Active ?? chair.Active;
        location.Version = Guid.NewGuid();
        audit.Add(AuditAction.Update, "Chair", chair.Id.ToString(), null);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<LocationDto>.Success(ToDto(location));
    }

    // One query: a location has few opening intervals and chairs, so their joined rows stay few, and it saves the two
    // round trips of a split query on every booking and day view.
    internal Task<Location?> LoadAsync(Guid id, bool tracking, CancellationToken cancellationToken) =>
        tracking ? LocationTracked.For(db)(db, id, cancellationToken) : LocationRead.For(db)(db, id, cancellationToken);

    // Compiled once, as every booking and day view loads a location (docs/benchmarks.md, change 13).
    private static readonly PerModel<Func<RespiteDbContext, Guid, CancellationToken, Task<Location?>>> LocationTracked =
        new(() => EF.CompileAsyncQuery((RespiteDbContext db, Guid id, CancellationToken _) =>
            db.Locations.Include(l => l.Hours).Include(l => l.Chairs).AsSingleQuery().FirstOrDefault(l => l.Id == id)));

    private static readonly PerModel<Func<RespiteDbContext, Guid, CancellationToken, Task<Location?>>> LocationRead =
        new(() => EF.CompileAsyncQuery((RespiteDbContext db, Guid id, CancellationToken _) =>
            db.Locations.Include(l => l.Hours).Include(l => l.Chairs).AsSingleQuery().AsNoTracking().FirstOrDefault(l => l.Id == id)));

    internal static OpeningHours HoursOf(Location location) =>
        new(location.Hours.Select(h => new OpeningInterval(h.Day, h.Opens, h.Closes)), location.ClosedDates);

    internal static TimeZoneInfo ZoneOf(Location location) => TimeZoneInfo.FindSystemTimeZoneById(location.TimeZoneId);

    internal static bool TryFindZone(string id, out TimeZoneInfo? zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = null;
            return false;
        }
    }

    public static LocationDto ToDto(Location l) => new(
        l.Id, l.Name, l.TimeZoneId, l.Address, l.Phone, l.Active,
        [.. l.Hours.OrderBy(h => h.Day == DayOfWeek.Sunday ? 7 : (int)h.Day).ThenBy(h => h.Opens).Select(h => new HoursDto(h.Day, h.Opens, h.Closes))],
        [.. l.ClosedDates.Order()],
        [.. l.Chairs.OrderBy(c => c.SortOrder).ThenBy(c => c.Name).Select(c => new ChairDto(c.Id, c.Name, c.Kind, c.SortOrder, c.Active))],
        l.Version);

    private ErrorBag Apply(Location location, LocationInput input, bool creating)
    {
        var errors = new ErrorBag();
        var name = creating || input.Name is not null ? errors.Required("name", input.Name, 200) : location.Name;
        var zoneId = creating || input.TimeZoneId is not null ? errors.Required("timeZoneId", input.TimeZoneId, 64) : location.TimeZoneId;
        if (zoneId is not null && (zoneId.Contains('/') is false && zoneId != "UTC" || !TryFindZone(zoneId, out _)))
        {
            errors.Add("timeZoneId", "Use an IANA time zone id such as America/New_York or Europe/London.");
        }

        var address = input.Address is null ? location.Address : errors.Optional("address", input.Address, 500);
        var phone = input.Phone is null ? location.Phone : errors.Phone("phone", input.Phone);
        if (creating && input.Hours is null)
        {
            errors.Add("hours", "Opening hours are required (e.g. Monday 08:00–18:00).");
        }

        var hours = new List<LocationHours>();
        for (var i = 0; input.Hours is not null && i < input.Hours.Count; i++)
        {
            var h = input.Hours[i];
            if (h is null || h.Day is null || !Enum.IsDefined(h.Day.Value))
            {
                errors.Add($"hours[{i}].day", "A weekday (monday…sunday) is required.");
                continue;
            }

            if (h.Opens is null || h.Closes is null || h.Closes <= h.Opens)
            {
                errors.Add($"hours[{i}].closes", "Give the opening and closing time; it must close after it opens.");
                continue;
            }

            if (hours.Any(x => x.Day == h.Day && x.Opens < h.Closes && h.Opens < x.Closes))
            {
                errors.Add($"hours[{i}]", "Overlaps another interval of the same day.");
                continue;
            }

            hours.Add(new LocationHours { Id = Guid.NewGuid(), LocationId = location.Id, Day = h.Day.Value, Opens = h.Opens.Value, Closes = h.Closes.Value });
        }

        if (input.Hours is { Count: > 28 })
        {
            errors.Add("hours", "At most 28 intervals.");
        }

        if (input.ClosedDates is { Count: > 400 })
        {
            errors.Add("closedDates", "At most 400 closed dates.");
        }

        if (!errors.IsEmpty)
        {
            return errors;
        }

        location.Name = name!;
        location.TimeZoneId = zoneId!;
        location.Address = address;
        location.Phone = phone;
        location.Active = input.Active ?? location.Active;
        if (input.Hours is not null)
        {
            db.RemoveRange(location.Hours);
            location.Hours.Clear();
            location.Hours.AddRange(hours);
            if (!creating)
            {
                db.AddRange(hours);
            }
        }

        if (input.ClosedDates is not null)
        {
            location.ClosedDates = [.. input.ClosedDates.Distinct().Order()];
        }

        return errors;
    }
}

using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Protocols;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Protocols;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Protocols;

/// <summary>A protocol as the clinic uses it: its current definition, its revision and what it was changed from.</summary>
public sealed record EffectiveProtocol(
    ProtocolDefinition Definition,
    int Revision,
    ProtocolDefinition? CitedDefault,
    string? ChangeReason,
    string? ChangedBy,
    DateTimeOffset? ChangedAt)
{
    /// <summary>True when the clinic uses the cited default unchanged.</summary>
    public bool IsCitedDefault => CitedDefault is not null && (Revision == 0 || Equivalent(Definition, CitedDefault));

    public static bool Equivalent(ProtocolDefinition a, ProtocolDefinition b) =>
        JsonSerializer.Serialize(a, JsonDefaults.Options) == JsonSerializer.Serialize(b, JsonDefaults.Options);
}

public sealed record ProtocolChangeInput
{
    /// <summary>The whole definition as edited (its id must match the route).</summary>
    public ProtocolDefinition? Definition { get; init; }

    /// <summary>Why the clinic changes the protocol (clinical governance); required.</summary>
    public string? Reason { get; init; }

    /// <summary>The revision last read; a newer one answers 409.</summary>
    public int? Revision { get; init; }
}

public sealed record ProtocolCloneInput(string? FromId, string? Id, string? Name, string? Reason);

public sealed record ProtocolResetInput(string? Reason, int? Revision);

public sealed record ProtocolRevisionDto(int Revision, bool IsReset, string Reason, string ChangedBy, DateTimeOffset ChangedAt);

/// <summary>
/// The clinic's protocol library: the cited defaults of <see cref="ProtocolLibrary"/>, each editable by a prescriber
/// with a written reason, plus protocols the clinic derives from them. Every change is a new, audited revision.
/// </summary>
public sealed class ProtocolCatalog(RespiteDbContext db, AuditTrail audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<EffectiveProtocol>> AllAsync(CancellationToken cancellationToken = default)
    {
        var latest = await LatestRevisionsAsync(cancellationToken);
        var result = new List<EffectiveProtocol>();
        foreach (var cited in ProtocolLibrary.All)
        {
            result.Add(latest.TryGetValue(cited.Id, out var row) ? ToEffective(row, cited) : new EffectiveProtocol(cited, 0, cited, null, null, null));
        }

        result.AddRange(latest.Values.Where(r => !ProtocolLibrary.TryGet(r.ProtocolId, out _)).OrderBy(r => r.ProtocolId).Select(r => ToEffective(r, null)));
        return result;
    }

    public async Task<IReadOnlyList<ProtocolDefinition>> DefinitionsAsync(CancellationToken cancellationToken = default) =>
        [.. (await AllAsync(cancellationToken)).Select(p => p.Definition)];

    public async Task<EffectiveProtocol?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await AllAsync(cancellationToken)).FirstOrDefault(p => string.Equals(p.Definition.Id, id.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The definition of a given revision (0 = the cited default), for plans made from an older revision.</summary>
    public async Task<ProtocolDefinition?> RevisionAsync(string id, int revision, CancellationToken cancellationToken = default)
    {
        if (revision == 0)
        {
            return ProtocolLibrary.TryGet(id, out var cited) ? cited : null;
        }

        var row = await db.ProtocolRevisions.AsNoTracking().FirstOrDefaultAsync(r => r.ProtocolId == id && r.Revision == revision, cancellationToken);
        return row is null ? null : Deserialize(row.DefinitionJson);
    }

    public async Task<IReadOnlyList<ProtocolRevisionDto>> HistoryAsync(string id, CancellationToken cancellationToken = default) =>
        await db.ProtocolRevisions.AsNoTracking().Where(r => r.ProtocolId == id).OrderByDescending(r => r.Revision)
            .Select(r => new ProtocolRevisionDto(r.Revision, r.IsReset, r.Reason, r.ChangedByName, r.ChangedAt))
            .ToListAsync(cancellationToken);

    public async Task<Outcome<EffectiveProtocol>> UpdateAsync(ClaimsPrincipal user, string id, ProtocolChangeInput input, CancellationToken cancellationToken = default)
    {
        var current = await FindAsync(id, cancellationToken);
        if (current is null)
        {
            return Outcome<EffectiveProtocol>.NotFound("The protocol");
        }

        var errors = new ErrorBag();
        var reason = errors.Required("reason", input.Reason, 2000);
        if (input.Revision is null)
        {
            errors.Add("revision", "The revision last read is required.");
        }

        if (input.Definition is null)
        {
            errors.Add("definition", "The protocol definition is required.");
        }
        else
        {
            if (!string.Equals(input.Definition.Id, current.Definition.Id, StringComparison.Ordinal))
            {
                errors.Add("definition.id", "The id cannot change; derive a new protocol instead.");
            }

            if (input.Definition.Modality != current.Definition.Modality)
            {
                errors.Add("definition.modality", "The modality cannot change; derive a new protocol instead.");
            }

            if (input.Definition.RequiresTreatmentResistance != current.Definition.RequiresTreatmentResistance)
            {
                errors.Add("definition.requiresTreatmentResistance", "The indication's need for treatment resistance cannot change; derive a new protocol instead.");
            }

            if (current.CitedDefault is not null && input.Definition.Source != current.CitedDefault.Source)
            {
                errors.Add("definition.source", "The cited source of a default protocol is kept; describe the clinic's change in the reason.");
            }

            AddValidation(errors, input.Definition, "definition.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<EffectiveProtocol>();
        }

        if (input.Revision != current.Revision)
        {
            return Outcome<EffectiveProtocol>.Conflict($"Revision {current.Revision} of this protocol exists; reload it and apply your change again.");
        }

        return await SaveAsync(user, input.Definition!, current.Revision + 1, reason!, isReset: false, current.CitedDefault, cancellationToken);
    }

    public async Task<Outcome<EffectiveProtocol>> CloneAsync(ClaimsPrincipal user, ProtocolCloneInput input, CancellationToken cancellationToken = default)
    {
        var errors = new ErrorBag();
        var reason = errors.Required("reason", input.Reason, 2000);
        var name = errors.Required("name", input.Name, 200);
        var id = errors.Required("id", input.Id, 60)?.ToLowerInvariant();
        var from = input.FromId is null ? null : await FindAsync(input.FromId, cancellationToken);
        if (from is null)
        {
            errors.Add("fromId", "Choose the protocol to start from.");
        }

        if (id is not null && await FindAsync(id, cancellationToken) is not null)
        {
            errors.Add("id", "A protocol with this id exists.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<EffectiveProtocol>();
        }

        var definition = from!.Definition with
        {
            Id = id!,
            Name = name!,
            Source = $"Derived by the clinic from '{from.Definition.Id}' ({from.Definition.Source})",
        };
        if (ProtocolValidator.Validate(definition).Count > 0)
        {
            AddValidation(errors, definition, "");
            return errors.ToOutcome<EffectiveProtocol>();
        }

        return await SaveAsync(user, definition, 1, reason!, isReset: false, null, cancellationToken);
    }

    public async Task<Outcome<EffectiveProtocol>> ResetAsync(ClaimsPrincipal user, string id, ProtocolResetInput input, CancellationToken cancellationToken = default)
    {
        var current = await FindAsync(id, cancellationToken);
        if (current?.CitedDefault is null)
        {
            return Outcome<EffectiveProtocol>.NotFound("The default protocol");
        }

        var errors = new ErrorBag();
        var reason = errors.Required("reason", input.Reason, 2000);
        if (input.Revision is null)
        {
            errors.Add("revision", "The revision last read is required.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<EffectiveProtocol>();
        }

        if (input.Revision != current.Revision)
        {
            return Outcome<EffectiveProtocol>.Conflict($"Revision {current.Revision} of this protocol exists; reload it first.");
        }

        return await SaveAsync(user, current.CitedDefault, current.Revision + 1, reason!, isReset: true, current.CitedDefault, cancellationToken);
    }

    private async Task<Outcome<EffectiveProtocol>> SaveAsync(
        ClaimsPrincipal user, ProtocolDefinition definition, int revision, string reason, bool isReset, ProtocolDefinition? cited, CancellationToken cancellationToken)
    {
        var row = new ProtocolRevision
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            ProtocolId = definition.Id,
            Revision = revision,
            DefinitionJson = JsonSerializer.Serialize(definition, JsonDefaults.Options),
            IsReset = isReset,
            Reason = reason,
            ChangedByUserId = user.UserId() ?? "",
            ChangedByName = user.FindFirst("respite:display_name")?.Value ?? user.Identity?.Name ?? "",
            ChangedAt = clock.GetUtcNow(),
        };
        db.ProtocolRevisions.Add(row);
        audit.Add(AuditAction.Update, "Protocol", $"{definition.Id}@{revision}", null, detail: isReset ? "reset to the cited default" : "revised");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Outcome<EffectiveProtocol>.Conflict("Someone else changed this protocol at the same time; reload it.");
        }

        return Outcome<EffectiveProtocol>.Success(ToEffective(row, cited));
    }

    private static void AddValidation(ErrorBag errors, ProtocolDefinition definition, string prefix)
    {
        foreach (var (field, message) in ProtocolValidator.Validate(definition))
        {
            errors.Add(prefix + field, message);
        }
    }

    private async Task<Dictionary<string, ProtocolRevision>> LatestRevisionsAsync(CancellationToken cancellationToken)
    {
        var rows = await db.ProtocolRevisions.AsNoTracking().ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ProtocolId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Revision)!);
    }

    private static EffectiveProtocol ToEffective(ProtocolRevision row, ProtocolDefinition? cited) =>
        new(Deserialize(row.DefinitionJson), row.Revision, cited, row.Reason, row.ChangedByName, row.ChangedAt);

    private static ProtocolDefinition Deserialize(string json) =>
        JsonSerializer.Deserialize<ProtocolDefinition>(json, JsonDefaults.Options)
        ?? throw new InvalidOperationException("A stored protocol revision is empty.");
}

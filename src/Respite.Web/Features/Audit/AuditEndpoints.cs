using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Audit;

public sealed record AuditEventDto(
    long Id, DateTimeOffset OccurredAt, string? UserId, string? UserName, string? Role, AuditAction Action,
    Guid? PatientId, string EntityType, string? EntityId, AuditOutcome Outcome, string? TraceId, string? Detail);

public sealed record AuditPage(IReadOnlyList<AuditEventDto> Items, long? NextBefore);

public sealed record AuditQuery(Guid? PatientId, string? UserId, AuditAction? Action, AuditOutcome? Outcome, DateTimeOffset? From, DateTimeOffset? To, long? Before, int Limit);

/// <summary>Browse the append-only audit trail (administrators). Reading the trail is itself audited.</summary>
public sealed class AuditBrowser(RespiteDbContext db, AuditTrail audit)
{
    public async Task<Outcome<AuditPage>> SearchAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        if (query.Limit is < 1 or > 500)
        {
            return Outcome<AuditPage>.Invalid("limit", "Limit must be between 1 and 500.");
        }

        if (query.From is { } from && query.To is { } to && from > to)
        {
            return Outcome<AuditPage>.Invalid("from", "From must not be after to.");
        }

        var events = db.AuditEvents.AsNoTracking();
        if (query.PatientId is { } patientId)
        {
            events = events.Where(e => e.PatientId == patientId);
        }

        if (!string.IsNullOrWhiteSpace(query.UserId))
        {
            events = events.Where(e => e.UserId == query.UserId);
        }

        if (query.Action is { } action)
        {
            events = events.Where(e => e.Action == action);
        }

        if (query.Outcome is { } outcome)
        {
            events = events.Where(e => e.Outcome == outcome);
        }

        if (query.From is { } start)
        {
            events = events.Where(e => e.OccurredAt >= start);
        }

        if (query.To is { } end)
        {
            events = events.Where(e => e.OccurredAt <= end);
        }

        if (query.Before is { } before)
        {
            events = events.Where(e => e.Id < before);
        }

        var rows = await events.OrderByDescending(e => e.Id).Take(query.Limit + 1).ToListAsync(cancellationToken);
        var page = rows.Take(query.Limit).Select(e => new AuditEventDto(
            e.Id, e.OccurredAt, e.UserId, e.UserName, e.Role, e.Action, e.PatientId, e.EntityType, e.EntityId, e.Outcome, e.TraceId, e.Detail)).ToList();
        await audit.RecordAsync(AuditAction.Read, "AuditEvent", null, query.PatientId, detail: $"count={page.Count}", cancellationToken: cancellationToken);
        return Outcome<AuditPage>.Success(new AuditPage(page, rows.Count > query.Limit ? page[^1].Id : null));
    }
}

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", async (
                AuditBrowser browser, Guid? patientId, string? userId, string? action, string? outcome,
                DateTimeOffset? from, DateTimeOffset? to, long? before, int? limit, CancellationToken ct) =>
            {
                if (!TryParse<AuditAction>(action, out var parsedAction))
                {
                    return Problems.Validation("action", $"Use one of: {string.Join(", ", Enum.GetNames<AuditAction>())}.");
                }

                if (!TryParse<AuditOutcome>(outcome, out var parsedOutcome))
                {
                    return Problems.Validation("outcome", $"Use one of: {string.Join(", ", Enum.GetNames<AuditOutcome>())}.");
                }

                return (await browser.SearchAsync(new AuditQuery(patientId, userId, parsedAction, parsedOutcome, from, to, before, limit ?? 100), ct))
                    .ToResult(TypedResults.Ok);
            })
            .RequireAuthorization(Policies.Admin)
            .WithTags("Audit")
            .WithName("SearchAudit")
            .WithSummary("The audit trail, newest first (administrators).");
        return app;
    }

    private static bool TryParse<T>(string? value, out T? parsed)
        where T : struct, Enum
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        if (Enum.TryParse<T>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var result) && Enum.IsDefined(result))
        {
            parsed = result;
            return true;
        }

        return false;
    }
}

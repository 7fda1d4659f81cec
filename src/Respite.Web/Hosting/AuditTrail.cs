using System.Diagnostics;
using System.Security.Claims;
using Respite.Data;
using Respite.Data.Auditing;

namespace Respite.Web.Hosting;

/// <summary>
/// Appends audit events for the current request. Events are added to the same unit of work as the change
/// they describe, so a write and its audit event are saved together or not at all.
/// </summary>
public sealed class AuditTrail(RespiteDbContext db, IHttpContextAccessor httpContextAccessor, TimeProvider clock)
{
    public void Add(
        AuditAction action,
        string entityType,
        string? entityId,
        Guid? patientId,
        AuditOutcome outcome = AuditOutcome.Success,
        string? detail = null,
        ClaimsPrincipal? user = null)
    {
        var http = httpContextAccessor.HttpContext;
        user ??= http?.User;
        db.AuditEvents.Add(new AuditEvent
        {
            OccurredAt = clock.GetUtcNow(),
            UserId = user?.UserId(),
            UserName = user?.Identity?.IsAuthenticated == true ? user.Identity.Name : null,
            Role = user is null ? null : user.RoleSummary(),
            Action = action,
            PatientId = patientId,
            EntityType = entityType,
            EntityId = entityId,
            Outcome = outcome,
            TraceId = Activity.Current?.TraceId.ToString() ?? http?.TraceIdentifier,
            Detail = detail is { Length: > 400 } ? detail[..400] : detail,
        });
    }

    public Task SaveAsync(CancellationToken cancellationToken = default) => db.SaveChangesAsync(cancellationToken);

    /// <summary>Adds an event and saves it at once; used for reads and refusals, where nothing else is saved.</summary>
    public async Task RecordAsync(
        AuditAction action,
        string entityType,
        string? entityId,
        Guid? patientId,
        AuditOutcome outcome = AuditOutcome.Success,
        string? detail = null,
        CancellationToken cancellationToken = default)
    {
        Add(action, entityType, entityId, patientId, outcome, detail);
        await db.SaveChangesAsync(cancellationToken);
    }
}

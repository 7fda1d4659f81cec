using System.Diagnostics;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Postgres;

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
        ClaimsPrincipal? user = null) =>
        db.AuditEvents.Add(Event(action, entityType, entityId, patientId, outcome, detail, user));

    public Task SaveAsync(CancellationToken cancellationToken = default) => db.SaveChangesAsync(cancellationToken);

    /// <summary>
    /// Inserts the new rows of a write and its successful audit event as one unit, outside the change tracker
    /// (<see cref="NewRows"/>): for the busiest writes, where <c>SaveChanges</c> costs the server more than the rows
    /// do. Nothing else may be pending on the context.
    /// </summary>
    public Task InsertAsync(
        IReadOnlyList<object> rows, AuditAction action, string entityType, string? entityId, Guid? patientId, string? detail = null,
        CancellationToken cancellationToken = default) =>
        InsertAsync([.. rows, Success(action, entityType, entityId, patientId, detail)], cancellationToken);

    /// <summary>
    /// Inserts new rows and the successful audit events made for them (<see cref="Success"/>), in the order given, as one
    /// unit outside the change tracker, as <see cref="InsertAsync(IReadOnlyList{object}, AuditAction, string, string?, Guid?, string?, CancellationToken)"/>
    /// does for a write with one event. Nothing else may be pending on the context.
    /// </summary>
    public Task InsertAsync(IReadOnlyList<object> rowsAndEvents, CancellationToken cancellationToken = default) =>
        NewRows.InsertAsync(db, rowsAndEvents, cancellationToken);

    /// <summary>A successful event of the current request, to insert with the rows it describes.</summary>
    public AuditEvent Success(AuditAction action, string entityType, string? entityId, Guid? patientId, string? detail = null) =>
        Event(action, entityType, entityId, patientId, AuditOutcome.Success, detail);

    /// <summary>Adds an event and saves it at once; used for reads and refusals, where nothing else is saved.</summary>
    public Task RecordAsync(
        AuditAction action,
        string entityType,
        string? entityId,
        Guid? patientId,
        AuditOutcome outcome = AuditOutcome.Success,
        string? detail = null,
        CancellationToken cancellationToken = default) =>
        AppendAsync([Event(action, entityType, entityId, patientId, outcome, detail)], cancellationToken);

    /// <summary>
    /// Records one successful event per patient at once, for a read that shows many patients (a list, a board); nothing
    /// else is saved with them.
    /// </summary>
    public Task RecordEachAsync(AuditAction action, string entityType, IEnumerable<Guid> patientIds, string? detail, CancellationToken cancellationToken = default) =>
        AppendAsync([.. patientIds.Distinct().Select(id => Event(action, entityType, null, id, AuditOutcome.Success, detail))], cancellationToken);

    // Events saved on their own (no other change pending) go in outside the change tracker. On PostgreSQL, with no
    // transaction open, they go in one statement (PostgresAppend): EF Core would send an INSERT … RETURNING per event,
    // and a board of 24 patients cost more in audit rows than in everything else it reads. Otherwise they go in as new
    // rows (NewRows), which join a transaction the context has open. With other changes pending, they are saved with
    // that unit of work.
    private async Task AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        if (db.ChangeTracker.HasChanges())
        {
            db.AuditEvents.AddRange(events);
            await db.SaveChangesAsync(cancellationToken);
        }
        else if (db.Database.IsNpgsql() && db.Database.CurrentTransaction is null)
        {
            await PostgresAppend.AppendAsync(db, events, cancellationToken);
        }
        else
        {
            await NewRows.InsertAsync(db, events, cancellationToken);
        }
    }

    private AuditEvent Event(AuditAction action, string entityType, string? entityId, Guid? patientId, AuditOutcome outcome, string? detail, ClaimsPrincipal? user = null)
    {
        var http = httpContextAccessor.HttpContext;
        user ??= http?.User;
        return new AuditEvent
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
        };
    }
}

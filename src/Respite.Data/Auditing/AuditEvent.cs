namespace Respite.Data.Auditing;

/// <summary>
/// One append-only audit event: who did what to which patient's data, when, with what outcome.
/// Rows are never updated or deleted; the context refuses to save such changes and the database has triggers that do the same.
/// </summary>
public sealed class AuditEvent
{
    public long Id { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public string? UserId { get; set; }

    public string? UserName { get; set; }

    public string? Role { get; set; }

    public AuditAction Action { get; set; }

    public Guid? PatientId { get; set; }

    public string EntityType { get; set; } = "";

    public string? EntityId { get; set; }

    public AuditOutcome Outcome { get; set; }

    public string? TraceId { get; set; }

    /// <summary>A short machine-readable detail such as a rule id or route; never free text about the patient.</summary>
    public string? Detail { get; set; }
}

namespace Respite.Fhir.Auditing;

/// <summary>What was done (Respite.Data's <c>AuditAction</c>).</summary>
public enum AuditEntryAction
{
    Read,
    Search,
    Create,
    Update,
    Delete,
    Sign,
    Acknowledge,
    Login,
    LoginFailed,
    Export,
}

/// <summary>How it ended (Respite.Data's <c>AuditOutcome</c>).</summary>
public enum AuditEntryOutcome
{
    Success,
    Denied,
    NotFound,
    Invalid,
    Failed,
}

/// <summary>
/// One audit event. Only ids and machine-readable details: the user's name or e-mail is not part of it, so that an
/// exported audit trail carries no PHI beyond references.
/// </summary>
/// <param name="UserId">The account that acted; null for an anonymous request.</param>
/// <param name="Role">Respite role name of that account (<c>nurse</c>, <c>patient</c>, …).</param>
/// <param name="EntityType">What kind of record was touched (<c>Patient</c>, <c>TreatmentSession</c>, …).</param>
/// <param name="Detail">A short machine-readable detail such as a rule id or route.</param>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset OccurredAt,
    string? UserId,
    string? Role,
    AuditEntryAction Action,
    Guid? PatientId,
    string EntityType,
    string? EntityId,
    AuditEntryOutcome Outcome,
    string? TraceId = null,
    string? Detail = null);

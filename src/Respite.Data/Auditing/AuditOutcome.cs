namespace Respite.Data.Auditing;

public enum AuditOutcome
{
    Success,
    Denied,
    NotFound,
    Invalid,
    Failed,
}

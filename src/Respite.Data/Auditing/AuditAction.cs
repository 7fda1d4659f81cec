namespace Respite.Data.Auditing;

public enum AuditAction
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

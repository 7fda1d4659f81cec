namespace Respite.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

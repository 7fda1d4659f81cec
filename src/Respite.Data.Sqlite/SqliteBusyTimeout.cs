using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Respite.Data.Sqlite;

/// <summary>
/// Lets SQLite itself wait for a competing writer, for as long as the connection's timeout (<c>Default Timeout</c>,
/// 30 s unless set). Without it Microsoft.Data.Sqlite retries a busy statement every 150 ms, so two charting writes
/// that meet wait 150 ms where SQLite's own handler waits about as long as the other commit takes. The timeout is set
/// on the native handle at every open (a pooled handle keeps it, but setting it is a single call, not a statement).
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } sqlite)
        {
            var result = raw.sqlite3_busy_timeout(handle, sqlite.DefaultTimeout * 1000);
            if (result != raw.SQLITE_OK)
            {
                throw new SqliteException($"Setting the busy timeout failed ({result}).", result);
            }
        }
    }
}

using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Respite.Data.Sqlite;

/// <summary>
/// Sets two things on the native handle at every open (a pooled handle keeps them, but each is a single call, not a
/// statement):
/// <list type="bullet">
/// <item>The busy timeout: SQLite itself waits for a competing writer, for as long as the connection's timeout
/// (<c>Default Timeout</c>, 30 s unless set). Without it Microsoft.Data.Sqlite retries a busy statement every 150 ms, so
/// two charting writes that meet wait 150 ms where SQLite's own handler waits about as long as the other commit
/// takes.</item>
/// <item>The WAL size at which a commit checkpoints the log into the database file itself,
/// <see cref="CommitCheckpointPages"/>, ten times SQLite's default. Checkpoints are left to
/// <see cref="SqliteCheckpoint"/>, run beside the writers, which a commit does not wait for; see there.</item>
/// </list>
/// </summary>
public sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    /// <summary>
    /// WAL pages after which a commit checkpoints before it returns (SQLite's default: 1,000). It holds the log to about
    /// 40 MB when nothing else checkpoints: a command-line tool, or a server whose checkpoints have stopped.
    /// </summary>
    public const int CommitCheckpointPages = 10_000;

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
            Check(raw.sqlite3_busy_timeout(handle, sqlite.DefaultTimeout * 1000), "busy timeout");
            Check(raw.sqlite3_wal_autocheckpoint(handle, CommitCheckpointPages), "WAL checkpoint size");
        }
    }

    private static void Check(int result, string setting)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException($"Setting the {setting} failed ({result}).", result);
        }
    }
}

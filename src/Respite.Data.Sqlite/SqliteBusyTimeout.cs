using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Respite.Data.Sqlite;

/// <summary>
/// Lets SQLite itself wait for a competing writer, for as long as the connection's timeout (<c>Default Timeout</c>,
/// 30 s unless set). Without it Microsoft.Data.Sqlite retries a busy statement every 150 ms, so two charting writes
/// that meet wait 150 ms where SQLite's own handler waits about as long as the other commit takes.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = Command(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = Command(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection)
    {
        var seconds = connection is SqliteConnection sqlite ? sqlite.DefaultTimeout : 30;
        var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = " + (seconds * 1000).ToString(CultureInfo.InvariantCulture);
        return command;
    }
}

using Microsoft.Data.Sqlite;

namespace Respite.Data.Sqlite;

/// <summary>
/// Checkpoints a SQLite database's write-ahead log beside its writers. Left to itself, SQLite checkpoints inside the
/// commit that takes the log past 1,000 pages: that commit copies the logged pages into the database file and syncs
/// the file before it returns, while every writer queued behind it waits. Under a clinic's load that was about once a
/// second and 1–13 ms each, the largest part of a charting write's slowest 1 % (docs/benchmarks.md). A
/// <c>PASSIVE</c> checkpoint on a connection of its own copies every page no reader still needs, without waiting for
/// readers or writers and without holding them up. The server runs one every half second or so; commits checkpoint
/// themselves only past <see cref="SqliteConnectionSettings.CommitCheckpointPages"/>. Durability is unchanged: a commit
/// is durable once its WAL append is synced, before any checkpoint.
/// </summary>
public static class SqliteCheckpoint
{
    /// <summary>Whether the connection string names a database file (an in-memory database has no log to checkpoint).</summary>
    public static bool IsFile(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        return builder.Mode != SqliteOpenMode.Memory
            && !string.IsNullOrEmpty(builder.DataSource)
            && builder.DataSource != ":memory:";
    }

    /// <summary>
    /// One passive checkpoint of the file's log, on a connection of its own. Null for an in-memory database.
    /// </summary>
    public static async Task<WalCheckpoint?> PassiveAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        if (!IsFile(connectionString))
        {
            return null;
        }

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new WalCheckpoint(reader.GetInt32(0) != 0, reader.GetInt32(1), reader.GetInt32(2))
            : null;
    }
}

/// <summary>
/// What a checkpoint found: whether another checkpoint held the log (<paramref name="Busy"/>), the frames in the log
/// (<paramref name="LogFrames"/>; −1 when the database is not in WAL mode) and how many of them are now in the database
/// file (<paramref name="CheckpointedFrames"/>).
/// </summary>
public readonly record struct WalCheckpoint(bool Busy, int LogFrames, int CheckpointedFrames)
{
    /// <summary>Whether every frame of the log is in the database file.</summary>
    public bool Complete => !Busy && CheckpointedFrames == LogFrames;
}

using Microsoft.EntityFrameworkCore;
using Respite.Data.Auditing;
using Respite.Data.Sqlite;

namespace Respite.Data.Tests;

/// <summary>Commits leave the write-ahead log to a checkpoint run beside them instead of checkpointing it themselves.</summary>
public sealed class SqliteCheckpointTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private string ConnectionString => _database.ConnectionString;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = _database.NewContext();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task CommitAsync(int commits)
    {
        // Each commit appends a few pages: the row, its overflow pages and the index pages it touches. Committed as the
        // server's writes are, by a COMMIT statement: SQLite runs its own checkpoint after a statement that commits
        // runs to its end, which a lone INSERT … RETURNING that EF Core stops reading after its one row does not.
        var detail = new string('x', 6_000);
        for (var i = 0; i < commits; i++)
        {
            await using var db = _database.NewContext();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Add(new AuditEvent
            {
                OccurredAt = DateTimeOffset.UtcNow, Action = AuditAction.Create, EntityType = "checkpoint-test",
                Outcome = AuditOutcome.Success, Detail = detail,
            });
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
    }

    [Fact]
    public async Task Commits_PastSqlitesDefaultOfAThousandPages_DoNotCheckpointTheLog()
    {
        await CommitAsync(500);

        // With SQLite's default, the commit past 1,000 pages copies the log into the file and the next one starts the
        // log again from its first frame, so the log never holds much more than 1,000 frames.
        var checkpoint = await SqliteCheckpoint.PassiveAsync(ConnectionString);

        Assert.NotNull(checkpoint);
        Assert.True(checkpoint.Value.LogFrames > 1_500, $"log frames: {checkpoint.Value.LogFrames}");
        Assert.True(checkpoint.Value.Complete, checkpoint.Value.ToString());
    }

    [Fact]
    public async Task PassiveCheckpoint_CopiesTheLog_AndTheNextCommitStartsItAgain()
    {
        await CommitAsync(50);
        var first = await SqliteCheckpoint.PassiveAsync(ConnectionString);
        await CommitAsync(1);
        var second = await SqliteCheckpoint.PassiveAsync(ConnectionString);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.True(first.Value.Complete, first.Value.ToString());
        Assert.True(first.Value.LogFrames > 50, first.Value.ToString());
        Assert.True(second.Value.Complete, second.Value.ToString());
        Assert.InRange(second.Value.LogFrames, 1, 10);
        await using var db = _database.NewContext();
        Assert.Equal(51, await db.AuditEvents.CountAsync(e => e.EntityType == "checkpoint-test"));
    }

    [Fact]
    public async Task EveryOpen_SetsTheCommitCheckpointSize()
    {
        // Opened twice: the second open takes the pooled handle.
        for (var i = 0; i < 2; i++)
        {
            await using var db = _database.NewContext();
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA wal_autocheckpoint";
            Assert.Equal((long)SqliteConnectionSettings.CommitCheckpointPages, await command.ExecuteScalarAsync());
        }
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=respite;Mode=Memory;Cache=Shared")]
    [InlineData("Data Source=")]
    public async Task InMemoryDatabase_HasNoLogToCheckpoint(string connectionString)
    {
        Assert.False(SqliteCheckpoint.IsFile(connectionString));
        Assert.Null(await SqliteCheckpoint.PassiveAsync(connectionString));
    }

    [Fact]
    public void FileDatabase_IsAFile() => Assert.True(SqliteCheckpoint.IsFile(ConnectionString));
}

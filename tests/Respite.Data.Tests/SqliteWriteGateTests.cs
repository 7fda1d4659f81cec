using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Respite.Data.Auditing;
using Respite.Data.Settings;
using Respite.Data.Sqlite;

namespace Respite.Data.Tests;

/// <summary>Concurrent saves to one SQLite file queue in the process instead of polling the file lock.</summary>
public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"respite-gate-{Guid.NewGuid():N}.db");
    private DbContextOptions<RespiteDbContext> _options = null!;

    public async Task InitializeAsync()
    {
        _options = SqliteDatabase.CreateOptions($"Data Source={_path};Default Timeout=3");
        await using var db = new RespiteDbContext(_options);
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL");
    }

    public Task DisposeAsync()
    {
        using (var connection = new SqliteConnection($"Data Source={_path};Default Timeout=3"))
        {
            SqliteConnection.ClearPool(connection);
        }

        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }

    private static AuditEvent Event(string entity) => new()
    {
        OccurredAt = DateTimeOffset.UtcNow, Action = AuditAction.Create, EntityType = entity, Outcome = AuditOutcome.Success,
    };

    [Fact]
    public async Task EveryOpen_WaitsInSqlite_ForTheConnectionTimeout()
    {
        // Opened twice: the second open takes the pooled handle, which must still wait 3 s, not poll.
        for (var i = 0; i < 2; i++)
        {
            await using var db = new RespiteDbContext(_options);
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA busy_timeout";
            Assert.Equal(3000L, await command.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task ConcurrentSaves_AllCommit()
    {
        var writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await using var db = new RespiteDbContext(_options);
                db.Add(Event($"writer-{w}"));
                await db.SaveChangesAsync();
            }
        }));
        await Task.WhenAll(writers);

        await using var check = new RespiteDbContext(_options);
        Assert.Equal(320, await check.AuditEvents.CountAsync(e => e.EntityType.StartsWith("writer-")));
    }

    [Fact]
    public async Task FailedSave_ReleasesTheQueue()
    {
        await using (var first = new RespiteDbContext(_options))
        {
            first.Add(Event("kept"));
            await first.SaveChangesAsync();
        }

        await using (var failing = new RespiteDbContext(_options))
        {
            var duplicate = Event("duplicate");
            duplicate.Id = (await failing.AuditEvents.MaxAsync(e => e.Id));
            failing.Add(duplicate);
            await Assert.ThrowsAsync<DbUpdateException>(() => failing.SaveChangesAsync());
        }

        // A queue left held would make this save wait the whole 3 s connection timeout before going ahead.
        var clock = Stopwatch.StartNew();
        await using (var next = new RespiteDbContext(_options))
        {
            next.Add(Event("after"));
            await next.SaveChangesAsync();
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"the save after a failed one waited {clock.Elapsed}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ConcurrencyConflict_ReleasesTheQueue(bool async)
    {
        // A row changed or removed since it was read: EF Core reports it through its own path (not SaveChangesFailed).
        await using (var stale = new RespiteDbContext(_options))
        {
            stale.Remove(new ClinicSetting { Key = "removed-meanwhile", Version = Guid.NewGuid() });
            if (async)
            {
                await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync());
            }
            else
            {
                Assert.Throws<DbUpdateConcurrencyException>(() => stale.SaveChanges());
            }
        }

        var clock = Stopwatch.StartNew();
        await using (var next = new RespiteDbContext(_options))
        {
            next.Add(Event("after-conflict"));
            await next.SaveChangesAsync();
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"the save after a conflict waited {clock.Elapsed}");
    }

    [Fact]
    public async Task SaveInsideTheCallersTransaction_DoesNotBlockOrGetBlockedByQueuedSaves()
    {
        await using var owner = new RespiteDbContext(_options);
        await using var transaction = await owner.Database.BeginTransactionAsync();
        owner.Add(Event("in-transaction"));
        await owner.SaveChangesAsync();

        // A queued save now waits for the transaction's write lock in SQLite's busy handler.
        var queued = Task.Run(async () =>
        {
            await using var db = new RespiteDbContext(_options);
            db.Add(Event("queued"));
            await db.SaveChangesAsync();
        });
        await Task.Delay(200);

        // The transaction's second save does not queue behind it (which would wait for ever on each other).
        var clock = Stopwatch.StartNew();
        owner.Add(Event("in-transaction"));
        await owner.SaveChangesAsync();
        await transaction.CommitAsync();
        await queued;

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the transaction and the queued save took {clock.Elapsed}");
        await using var check = new RespiteDbContext(_options);
        Assert.Equal(3, await check.AuditEvents.CountAsync(e => e.EntityType == "in-transaction" || e.EntityType == "queued"));
    }

    [Fact]
    public async Task UnitsQueuedTogether_AreCommittedTogether_AndOneThatFails_IsUndoneAlone()
    {
        var hold = new NewRowsTests.HeldSave();
        var held = Task.Run(async () =>
        {
            await using var db = new RespiteDbContext(new DbContextOptionsBuilder<RespiteDbContext>(_options).AddInterceptors(hold).Options);
            db.Add(Event("held"));
            await db.SaveChangesAsync();
        });
        await hold.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Ten units queue behind the save; the fourth inserts its row and then fails.
        var queue = _options.FindExtension<CoreOptionsExtension>()!.Interceptors!.OfType<IWriteQueue>().Single();
        var transactions = new System.Collections.Concurrent.ConcurrentBag<DbTransaction>();
        var queued = new CountdownEvent(10);
        var units = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            await using var db = new RespiteDbContext(_options);
            await db.Database.OpenConnectionAsync();
            var run = queue.RunAsync(db, async (connection, transaction, ct) =>
            {
                transactions.Add(transaction);
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = $"INSERT INTO audit_events (\"OccurredAt\", \"Action\", \"EntityType\", \"Outcome\") VALUES ('2026-12-07 09:00:00', 'Create', 'unit-{i}', 'Success')";
                await command.ExecuteNonQueryAsync(ct);
                if (i == 3)
                {
                    throw new InvalidOperationException("unit 3 fails");
                }
            }, CancellationToken.None);

            // A unit is queued by the time RunAsync hands back its task.
            queued.Signal();
            await run;
        })).ToList();
        Assert.True(queued.Wait(TimeSpan.FromSeconds(30)), "the ten units did not queue");
        await Task.Delay(200);
        Assert.DoesNotContain(units, u => u.IsCompleted);

        hold.Release.SetResult();
        await held;
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => units[3]);
        Assert.Equal("unit 3 fails", failed.Message);
        await Task.WhenAll(units.Where((_, i) => i != 3));

        // One transaction for all ten, one commit; the failed unit's row is gone, the others' are there.
        Assert.Single(transactions.Distinct());
        await using var check = new RespiteDbContext(_options);
        var written = await check.AuditEvents.Where(e => e.EntityType.StartsWith("unit-")).Select(e => e.EntityType).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 10).Where(i => i != 3).Select(i => $"unit-{i}").Order(), written.Order());
        Assert.Equal(1, await check.AuditEvents.CountAsync(e => e.EntityType == "held"));
    }

    [Fact]
    public async Task ConcurrentNewRowsAndSaves_AllCommit()
    {
        var writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await using var db = new RespiteDbContext(_options);
                if (w % 2 == 0)
                {
                    await NewRows.InsertAsync(db, [Event($"rows-{w}")]);
                }
                else
                {
                    db.Add(Event($"save-{w}"));
                    await db.SaveChangesAsync();
                }
            }
        }));
        await Task.WhenAll(writers);

        await using var check = new RespiteDbContext(_options);
        Assert.Equal(160, await check.AuditEvents.CountAsync(e => e.EntityType.StartsWith("rows-")));
        Assert.Equal(160, await check.AuditEvents.CountAsync(e => e.EntityType.StartsWith("save-")));
    }
}

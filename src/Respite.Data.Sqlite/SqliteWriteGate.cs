using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Respite.Data.Sqlite;

/// <summary>
/// Lets one <c>SaveChanges</c> at a time write to a SQLite file, the others queuing in order. SQLite has a single
/// writer; without the queue, writers that meet poll the file lock with sleeps that grow to 100 ms, which is where a busy
/// clinic's slowest requests came from (every request writes, if only its audit event). A save inside a transaction
/// the caller opened does not queue (it may already hold the file's write lock); it waits in SQLite's busy handler as
/// before. Saves through other processes on the same file are not seen and also meet in the busy handler. Rows
/// inserted with <see cref="NewRows"/> take the same queue (<see cref="IWriteQueue"/>).
/// </summary>
public sealed class SqliteWriteGate : SaveEndInterceptor, IWriteQueue
{
    /// <summary>How many queued units one commit takes at most.</summary>
    public const int MaxUnitsPerCommit = 64;

    private static readonly ConcurrentDictionary<string, Group> Groups = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<DbContext, SemaphoreSlim> _held = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (GateFor(eventData.Context) is ({ } group, var timeout) && group.Gate.Wait(timeout))
        {
            _held.AddOrUpdate(eventData.Context!, group.Gate);
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (GateFor(eventData.Context) is ({ } group, var timeout) && await group.Gate.WaitAsync(timeout, cancellationToken))
        {
            _held.AddOrUpdate(eventData.Context!, group.Gate);
        }

        return result;
    }

    /// <summary>
    /// Runs a unit of new rows (<see cref="NewRows"/>) in its turn, in a transaction it shares with the units queued
    /// behind the same writer: the first unit to find no writer at work writes every unit queued by then (up to
    /// <see cref="MaxUnitsPerCommit"/>), each in a savepoint of its own, and commits them together, with one flush of the
    /// file for all of them. A unit that fails is rolled back to its savepoint and gets its own exception; the others
    /// commit. Each unit's caller returns once its rows are committed (or throws). The writer then hands on to the first
    /// unit queued after its own, if any. SaveChanges takes the same queue, one save at a time.
    /// </summary>
    public async Task RunAsync(DbContext context, Func<DbConnection, DbTransaction, CancellationToken, Task> unit, CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)context.Database.GetDbConnection();
        if (GateFor(context) is not ({ } group, var timeout))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await unit(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        var queued = new QueuedUnit(unit);
        bool lead;
        lock (group)
        {
            group.Queue.Add(queued);
            lead = !group.Writing;
            group.Writing = true;
        }

        if (!lead)
        {
            // Once queued, the unit is written whether or not its caller still waits: it may already be in a transaction.
            await Task.WhenAny(queued.Written.Task, queued.Lead.Task);
        }

        if (lead || queued.Lead.Task.IsCompleted)
        {
            await WriteQueuedAsync(group, timeout, connection);
        }

        await queued.Written.Task;
    }

    private static async Task WriteQueuedAsync(Group group, TimeSpan timeout, SqliteConnection connection)
    {
        // Past the connection's timeout the writer goes ahead unqueued, as a save does, and meets SaveChanges in
        // SQLite's busy handler. The units queued while it waited go with it.
        var entered = await group.Gate.WaitAsync(timeout);
        List<QueuedUnit> batch;
        lock (group)
        {
            batch = group.Queue.GetRange(0, Math.Min(MaxUnitsPerCommit, group.Queue.Count));
            group.Queue.RemoveRange(0, batch.Count);
        }

        var written = new List<QueuedUnit>(batch.Count);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync();
            foreach (var unit in batch)
            {
                await ExecuteAsync(connection, transaction, "SAVEPOINT new_rows");
                try
                {
                    await unit.Work(connection, transaction, CancellationToken.None);
                    await ExecuteAsync(connection, transaction, "RELEASE new_rows");
                    written.Add(unit);
                }
                catch (Exception failed) when (failed is not OutOfMemoryException)
                {
                    await ExecuteAsync(connection, transaction, "ROLLBACK TO new_rows");
                    await ExecuteAsync(connection, transaction, "RELEASE new_rows");
                    unit.Written.TrySetException(failed);
                }
            }

            await transaction.CommitAsync();
            written.ForEach(unit => unit.Written.TrySetResult());
        }
        catch (Exception failed)
        {
            // The transaction could not begin or commit: nothing of this batch was written.
            batch.ForEach(unit => unit.Written.TrySetException(failed));
        }
        finally
        {
            if (entered)
            {
                group.Gate.Release();
            }

            lock (group)
            {
                if (group.Queue.Count > 0)
                {
                    group.Queue[0].Lead.TrySetResult();
                }
                else
                {
                    group.Writing = false;
                }
            }
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, DbTransaction transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>One file's queue: its gate, which one save or one writer of queued units holds at a time, the units queued, and whether a writer is at work on them.</summary>
    private sealed class Group
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public List<QueuedUnit> Queue { get; } = [];

        public bool Writing { get; set; }
    }

    private sealed class QueuedUnit(Func<DbConnection, DbTransaction, CancellationToken, Task> work)
    {
        public Func<DbConnection, DbTransaction, CancellationToken, Task> Work { get; } = work;

        /// <summary>Completed when the unit is committed, or with its exception.</summary>
        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completed when the unit's caller is to write the queue.</summary>
        public TaskCompletionSource Lead { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// The queue of the context's file and how long to wait in it: the connection's timeout, after which the save goes
    /// ahead unqueued and meets the others in SQLite's busy handler, so a stuck queue can slow writes but never stop them.
    /// </summary>
    private (Group? Group, TimeSpan Timeout) GateFor(DbContext? context)
    {
        if (context is null || context.Database.CurrentTransaction is not null
            || context.Database.GetDbConnection() is not SqliteConnection connection)
        {
            return (null, TimeSpan.Zero);
        }

        Release(context);
        var file = connection.DataSource;
        return string.IsNullOrEmpty(file) || file == ":memory:"
            ? (null, TimeSpan.Zero)
            : (Groups.GetOrAdd(Path.GetFullPath(file), _ => new Group()), TimeSpan.FromSeconds(Math.Max(1, connection.DefaultTimeout)));
    }

    // However the save ended, a conflict included (SaveEndInterceptor): the queue is released, and the save's own
    // transaction rolls back as any exception leaves it.
    protected override void SaveEnded(DbContext? context) => Release(context);

    private void Release(DbContext? context)
    {
        if (context is not null && _held.TryGetValue(context, out var gate))
        {
            _held.Remove(context);
            gate.Release();
        }
    }
}

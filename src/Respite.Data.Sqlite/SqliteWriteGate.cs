using System.Collections.Concurrent;
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
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<DbContext, SemaphoreSlim> _held = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (GateFor(eventData.Context) is ({ } gate, var timeout) && gate.Wait(timeout))
        {
            _held.AddOrUpdate(eventData.Context!, gate);
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (GateFor(eventData.Context) is ({ } gate, var timeout) && await gate.WaitAsync(timeout, cancellationToken))
        {
            _held.AddOrUpdate(eventData.Context!, gate);
        }

        return result;
    }

    public async ValueTask<IDisposable?> EnterAsync(DbContext context, CancellationToken cancellationToken) =>
        GateFor(context) is ({ } gate, var timeout) && await gate.WaitAsync(timeout, cancellationToken) ? new Turn(gate) : null;

    /// <summary>
    /// The queue of the context's file and how long to wait in it: the connection's timeout, after which the save goes
    /// ahead unqueued and meets the others in SQLite's busy handler, so a stuck queue can slow writes but never stop them.
    /// </summary>
    private (SemaphoreSlim? Gate, TimeSpan Timeout) GateFor(DbContext? context)
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
            : (Gates.GetOrAdd(Path.GetFullPath(file), _ => new SemaphoreSlim(1, 1)), TimeSpan.FromSeconds(Math.Max(1, connection.DefaultTimeout)));
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

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}

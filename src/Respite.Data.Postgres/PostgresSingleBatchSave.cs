using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Respite.Data.Postgres;

/// <summary>
/// Saves a small set of new rows without <c>BEGIN</c> and <c>COMMIT</c> around them. EF Core sends such a save as one
/// batch, and Npgsql sends a batch as its statements followed by a single Sync, which PostgreSQL runs as one implicit
/// transaction: a statement that fails rolls back the ones before it and skips the rest, as the explicit transaction
/// would. The explicit one costs a round trip more, its <c>COMMIT</c>: a charting write took three round trips with it
/// and takes two without (docs/benchmarks.md, change 12).
/// </summary>
/// <remarks>
/// Only a save that is surely one batch qualifies: every pending change an insert (an update's lost-race check comes
/// after the batch has run, too late to undo the rest), at most <see cref="MaxRows"/> of them (EF Core splits at its
/// batch size, 1,000 for Npgsql), and none waiting for a key the database generates for another of them (EF Core
/// sends the row with the key first and the rows that point to it in a later batch). No transaction may be open and
/// none asked for. Every other save keeps EF Core's own transaction.
/// </remarks>
public sealed class PostgresSingleBatchSave : SaveEndInterceptor
{
    public const int MaxRows = 64;

    // The contexts whose current save this interceptor took out of a transaction, so that only those are put back.
    private static readonly ConditionalWeakTable<DbContext, object?> SingleBatch = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Prepare(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Prepare(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>Whether the pending changes of <paramref name="context"/> would be saved as one implicit transaction.</summary>
    public static bool Qualifies(DbContext context)
    {
        var database = context.Database;
        if (database.AutoTransactionBehavior != AutoTransactionBehavior.WhenNeeded
            || database.CurrentTransaction is not null
            || System.Transactions.Transaction.Current is not null)
        {
            return false;
        }

        var rows = 0;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Unchanged)
            {
                continue;
            }

            if (entry.State != EntityState.Added || ++rows > MaxRows)
            {
                return false;
            }

            foreach (var foreignKey in entry.Metadata.GetForeignKeys())
            {
                foreach (var property in foreignKey.Properties)
                {
                    if (entry.Property(property.Name).IsTemporary)
                    {
                        return false;
                    }
                }
            }
        }

        return rows > 0;
    }

    private static void Prepare(DbContext? context)
    {
        if (context is not null && Qualifies(context))
        {
            context.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
            SingleBatch.AddOrUpdate(context, null);
        }
    }

    protected override void SaveEnded(DbContext? context) => Restore(context);

    private static void Restore(DbContext? context)
    {
        if (context is not null && SingleBatch.Remove(context))
        {
            context.Database.AutoTransactionBehavior = AutoTransactionBehavior.WhenNeeded;
        }
    }
}

using Microsoft.EntityFrameworkCore;

namespace Respite.Data;

/// <summary>
/// A provider's queue for the writes to one database, which <see cref="NewRows"/> takes for a unit it writes outside
/// <c>SaveChanges</c> (SQLite's <c>SqliteWriteGate</c> queues both). Registered as an interceptor of the context.
/// </summary>
public interface IWriteQueue
{
    /// <summary>Waits for the context's turn to write; disposing the answer lets the next writer in. Null: no queue to take.</summary>
    ValueTask<IDisposable?> EnterAsync(DbContext context, CancellationToken cancellationToken);
}

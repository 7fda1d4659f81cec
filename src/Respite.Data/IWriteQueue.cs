using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Respite.Data;

/// <summary>
/// A provider's queue for the writes to one database, which <see cref="NewRows"/> hands a unit it writes outside
/// <c>SaveChanges</c> (SQLite's <c>SqliteWriteGate</c>, which queues both). Registered as an interceptor of the context.
/// </summary>
public interface IWriteQueue
{
    /// <summary>
    /// Runs <paramref name="unit"/> in its turn, in a transaction on a connection to the context's database (the unit must
    /// use the connection and transaction it is given), and returns once the unit is committed; throws the unit's own
    /// exception, or the commit's, if it was not. The queue may commit units of other callers in the same transaction.
    /// </summary>
    Task RunAsync(DbContext context, Func<DbConnection, DbTransaction, CancellationToken, Task> unit, CancellationToken cancellationToken);
}

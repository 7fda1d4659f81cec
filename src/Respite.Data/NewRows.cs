using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Respite.Data;

/// <summary>
/// Inserts new rows of mapped entity types as one unit, outside the change tracker: one <c>INSERT</c> per row, or per
/// run of rows of one table in a transaction (up to <see cref="RowsPerStatement"/>), built from the EF Core model (each
/// column's name, type mapping and value converter), all of them written or none.
/// <c>SaveChanges</c> does the same for added entities and spends more of the server's time on it than on the rows:
/// detecting changes, ordering the commands, generating their SQL again, reading generated keys back, accepting the
/// changes. For a charting write (a reading, its alerts, its audit event) that was about 40 % of the request
/// (docs/benchmarks.md, change 15).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Rows are inserted in the order given, so a row that points to another comes after it.</item>
/// <item>A key the database generates (an integer identity) holding its default is left to the database, and not read
/// back. Any other key must be set.</item>
/// <item>The context may have no pending changes, which would otherwise be saved apart from these rows.</item>
/// <item>In a transaction the context has open, the rows join it. Otherwise, on PostgreSQL, the statements go as one
/// batch with no <c>BEGIN</c> or <c>COMMIT</c>: PostgreSQL runs a batch as one implicit transaction, as
/// <c>PostgresSingleBatchSave</c> relies on for <c>SaveChanges</c>. On another provider they run in a transaction of
/// their own, or in the provider's write queue (<see cref="IWriteQueue"/>: SQLite's commits the units queued at the
/// same time together).</item>
/// <item>One more row may go with them, written only if the database still holds it as it was read
/// (<see cref="GuardedRow"/>): an update of a stored row guarded by its concurrency token, or an insert unless its key is
/// stored by then. It comes last in the unit, and whether it was written is returned.</item>
/// <item>A failure is thrown as <see cref="DbUpdateException"/> with the provider's exception inside, as
/// <c>SaveChanges</c> throws it.</item>
/// </list>
/// </remarks>
public static class NewRows
{
    private const string Npgsql = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>How many rows one <c>INSERT</c> writes at most.</summary>
    public const int RowsPerStatement = 50;

    private static readonly ConcurrentDictionary<IEntityType, Plan> Plans = new();

    public static Task InsertAsync(DbContext db, IReadOnlyList<object> rows, CancellationToken cancellationToken = default) =>
        WriteAsync(db, rows, null, cancellationToken);

    /// <summary>
    /// Inserts the rows, and in the same unit writes <paramref name="guarded"/> if the database still holds it as it was
    /// read (<see cref="GuardedRow"/>). Returns whether the guarded row was written; the rows are inserted either way.
    /// </summary>
    public static Task<bool> InsertAsync(DbContext db, IReadOnlyList<object> rows, GuardedRow guarded, CancellationToken cancellationToken = default) =>
        WriteAsync(db, rows, guarded, cancellationToken);

    private static async Task<bool> WriteAsync(DbContext db, IReadOnlyList<object> rows, GuardedRow? guarded, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rows.Count);
        if (db.ChangeTracker.HasChanges())
        {
            throw new InvalidOperationException("The context has pending changes; save them before inserting new rows apart from them.");
        }

        var statements = new Statement[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i] ?? throw new ArgumentException("A row is null.", nameof(rows));
            var entity = db.Model.FindEntityType(row.GetType()) ?? throw new ArgumentException($"{row.GetType().Name} is not mapped.", nameof(rows));
            statements[i] = Plans.GetOrAdd(entity, PlanFor, db).For(row);
        }

        var guard = guarded is null ? (Guard?)null : GuardFor(db, guarded);

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // A database that cannot be reached fails the open above, as any query's would; what fails from here is the write.
            var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            return transaction is null && db.Database.ProviderName == Npgsql && connection.CanCreateBatch
                ? await InsertAsBatchAsync(connection, statements, guard, cancellationToken)
                : await InsertInTransactionAsync(db, connection, transaction, statements, guard, cancellationToken);
        }
        catch (DbException failed)
        {
            throw new DbUpdateException("An error occurred while inserting new rows; see the inner exception.", failed);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<bool> InsertAsBatchAsync(DbConnection connection, Statement[] statements, Guard? guard, CancellationToken cancellationToken)
    {
        await using var batch = connection.CreateBatch();
        await using var factory = connection.CreateCommand();
        foreach (var statement in statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Sql;
            statement.AddParameters(factory, command.Parameters, 0);
            batch.BatchCommands.Add(command);
        }

        if (guard is { } last)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = last.Sql;
            last.AddParameters(factory, command.Parameters);
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        return guard is not null && batch.BatchCommands[^1].RecordsAffected == 1;
    }

    private static async Task<bool> InsertInTransactionAsync(
        DbContext db, DbConnection connection, DbTransaction? transaction, Statement[] statements, Guard? guard, CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            return await ExecuteAsync(connection, transaction, statements, guard, cancellationToken);
        }

        if (db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<IWriteQueue>().FirstOrDefault() is { } queue)
        {
            var written = false;
            await queue.RunAsync(
                db, async (queueConnection, queueTransaction, ct) => written = await ExecuteAsync(queueConnection, queueTransaction, statements, guard, ct), cancellationToken);
            return written;
        }

        await using var own = await connection.BeginTransactionAsync(cancellationToken);
        var done = await ExecuteAsync(connection, own, statements, guard, cancellationToken);
        await own.CommitAsync(cancellationToken);
        return done;
    }

    // Rows of one table that write the same columns, one after the other, go in one INSERT with a VALUES list per row
    // (up to RowsPerStatement): SQLite prepares each statement it is given, and the rows of a board's audit events were
    // as many statements to parse as rows (docs/benchmarks.md, change 20).
    private static async Task<bool> ExecuteAsync(DbConnection connection, DbTransaction transaction, Statement[] statements, Guard? guard, CancellationToken cancellationToken)
    {
        for (var start = 0; start < statements.Length;)
        {
            var first = statements[start];
            var end = start + 1;
            while (end < statements.Length && end - start < RowsPerStatement
                && ReferenceEquals(statements[end].Plan, first.Plan) && statements[end].Omitted == first.Omitted)
            {
                end++;
            }

            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = first.Plan.SqlFor(first.Omitted, end - start);
            var parameter = 0;
            for (var i = start; i < end; i++)
            {
                parameter = statements[i].AddParameters(command, command.Parameters, parameter);
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
            start = end;
        }

        if (guard is not { } last)
        {
            return false;
        }

        await using var guarded = connection.CreateCommand();
        guarded.Transaction = transaction;
        guarded.CommandText = last.Sql;
        last.AddParameters(guarded, guarded.Parameters);
        return await guarded.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static Guard GuardFor(DbContext db, GuardedRow guarded)
    {
        var row = guarded.Row ?? throw new ArgumentException("The guarded row is null.", nameof(guarded));
        var entity = db.Model.FindEntityType(row.GetType()) ?? throw new ArgumentException($"{row.GetType().Name} is not mapped.", nameof(guarded));
        var plan = Plans.GetOrAdd(entity, PlanFor, db);
        if (plan.Token is null)
        {
            throw new NotSupportedException($"{entity.DisplayName()} has no single concurrency token to guard its writes with.");
        }

        if (plan.For(row).Omitted != 0)
        {
            throw new NotSupportedException($"A guarded {entity.DisplayName()} row must hold all of its values, its key included.");
        }

        return new Guard(plan, row, guarded.Stored, guarded.ReadToken);
    }

    private static Plan PlanFor(IEntityType entity, DbContext db)
    {
        if (entity.GetTableName() is not { } tableName)
        {
            throw new NotSupportedException($"{entity.DisplayName()} is not mapped to a table.");
        }

        var table = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
        if (entity.GetDeclaredNavigations().Any(n => n.TargetEntityType.IsOwned()) || entity.GetComplexProperties().Any())
        {
            throw new NotSupportedException($"{entity.DisplayName()} has owned or complex members, which new rows do not write.");
        }

        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = entity.GetProperties()
            .Select(p => p.PropertyInfo is null && p.FieldInfo is null
                ? throw new NotSupportedException($"{entity.DisplayName()}.{p.Name} is a shadow property, which new rows do not write.")
                : new Column(p, p.GetGetter(), (RelationalTypeMapping)p.GetRelationalTypeMapping(), sql.DelimitIdentifier(p.GetColumnName(table)!),
                    StoreGenerated(p), p.IsKey()))
            .ToArray();
        if (columns.Length > 64)
        {
            throw new NotSupportedException($"{entity.DisplayName()} has more than 64 columns.");
        }

        var tokens = columns.Where(c => c.Property.IsConcurrencyToken).ToArray();
        return new Plan(sql.DelimitIdentifier(table.Name, table.Schema), columns, tokens.Length == 1 ? tokens[0] : null, Positional: db.Database.ProviderName == Npgsql);
    }

    // A key the database generates: an integer identity (SQLite's INTEGER PRIMARY KEY, PostgreSQL's identity column).
    private static bool StoreGenerated(IProperty property) =>
        property.ValueGenerated != ValueGenerated.Never && property.IsKey()
        && (Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType) is var type
        && (type == typeof(long) || type == typeof(int) || type == typeof(short));

    private sealed record Column(IProperty Property, IClrPropertyGetter Getter, RelationalTypeMapping Mapping, string Name, bool StoreGenerated, bool Key);

    /// <summary>What inserting rows of one entity type takes: its table, its columns, and the SQL for each set of columns the rows write and each number of rows.</summary>
    private sealed record Plan(string Table, Column[] Columns, Column? Token, bool Positional)
    {
        private static readonly string[] Names = [.. Enumerable.Range(0, 512).Select(n => $"@p{n}")];

        private readonly ConcurrentDictionary<(ulong Omitted, int Rows), string> _sql = new();

        public Statement For(object row)
        {
            // Bit i set: column i holds a value the database generates, and is left out.
            var omitted = 0UL;
            for (var i = 0; i < Columns.Length; i++)
            {
                var column = Columns[i];
                if (!column.Getter.HasSentinelValueUsingContainingEntity(row))
                {
                    continue;
                }

                if (column.StoreGenerated)
                {
                    omitted |= 1UL << i;
                }
                else if (column.Key)
                {
                    throw new InvalidOperationException($"The key {column.Property.DeclaringType.DisplayName()}.{column.Property.Name} of a new row is not set.");
                }
            }

            return new Statement(SqlFor(omitted, 1), this, row, omitted);
        }

        /// <summary>The <c>INSERT</c> of <paramref name="rows"/> rows that leave out the same columns.</summary>
        public string SqlFor(ulong omitted, int rows) => _sql.GetOrAdd((omitted, rows), key => Sql(key.Omitted, key.Rows));

        /// <summary>Adds the row's parameters, numbered from <paramref name="first"/>; returns the number after its last.</summary>
        public int AddParameters(DbCommand factory, DbParameterCollection parameters, object row, ulong omitted, int first)
        {
            var n = first;
            for (var i = 0; i < Columns.Length; i++)
            {
                if ((omitted & (1UL << i)) != 0)
                {
                    continue;
                }

                var column = Columns[i];
                parameters.Add(column.Mapping.CreateParameter(factory, Name(n), column.Getter.GetClrValueUsingContainingEntity(row), column.Property.IsNullable));
                n++;
            }

            return n;
        }

        /// <summary>The columns in the order of <see cref="UpdateSql"/>'s parameters: every column but the key, then the key.</summary>
        private Column[] UpdateColumns => field ??= [.. Columns.Where(c => !c.Key), .. Columns.Where(c => c.Key)];

        /// <summary>Updates a stored row where it still has the token it was read with: every column but the key set, then the key, then the token read.</summary>
        public string UpdateSql => field ??= Update();

        private string Update()
        {
            var set = Columns.Count(c => !c.Key);
            return $"UPDATE {Table} SET {string.Join(", ", UpdateColumns[..set].Select((c, n) => $"{c.Name} = {Parameter(n)}"))} "
                + $"WHERE {string.Join(" AND ", UpdateColumns[set..].Select((c, n) => $"{c.Name} = {Parameter(set + n)}"))} "
                + $"AND {Token!.Name} = {Parameter(UpdateColumns.Length)}";
        }

        /// <summary>Inserts a row unless one with its key is stored by then.</summary>
        public string InsertUnlessStoredSql => field ??=
            $"{SqlFor(0, 1)} ON CONFLICT ({string.Join(", ", Columns.Where(c => c.Key).Select(c => c.Name))}) DO NOTHING";

        /// <summary>The parameters of <see cref="UpdateSql"/> (<paramref name="readToken"/> last) or of <see cref="InsertUnlessStoredSql"/>.</summary>
        public void AddGuardedParameters(DbCommand factory, DbParameterCollection parameters, object row, bool update, object? readToken)
        {
            if (!update)
            {
                AddParameters(factory, parameters, row, 0, 0);
                return;
            }

            var n = 0;
            foreach (var column in UpdateColumns)
            {
                parameters.Add(column.Mapping.CreateParameter(factory, Name(n++), column.Getter.GetClrValueUsingContainingEntity(row), column.Property.IsNullable));
            }

            parameters.Add(Token!.Mapping.CreateParameter(factory, Name(n), readToken, Token.Property.IsNullable));
        }

        /// <summary>Parameter <paramref name="n"/> as the SQL refers to it: <c>$n+1</c> for Npgsql's positional parameters, else <c>@pn</c>.</summary>
        private string Parameter(int n) => Positional ? $"${n + 1}" : $"@p{n}";

        /// <summary>Parameter <paramref name="n"/>'s name: none when positional.</summary>
        private string Name(int n) => Positional ? "" : n < Names.Length ? Names[n] : $"@p{n}";

        private string Sql(ulong omitted, int rows)
        {
            var written = Columns.Where((_, i) => (omitted & (1UL << i)) == 0).ToArray();
            var values = Enumerable.Range(0, rows).Select(row =>
                "(" + string.Join(", ", written.Select((_, n) => Parameter((row * written.Length) + n))) + ")");
            return $"INSERT INTO {Table} ({string.Join(", ", written.Select(c => c.Name))}) VALUES {string.Join(", ", values)}";
        }
    }

    private readonly record struct Statement(string Sql, Plan Plan, object Row, ulong Omitted)
    {
        public int AddParameters(DbCommand factory, DbParameterCollection parameters, int first) => Plan.AddParameters(factory, parameters, Row, Omitted, first);
    }

    private readonly record struct Guard(Plan Plan, object Row, bool Update, object? ReadToken)
    {
        public string Sql => Update ? Plan.UpdateSql : Plan.InsertUnlessStoredSql;

        public void AddParameters(DbCommand factory, DbParameterCollection parameters) => Plan.AddGuardedParameters(factory, parameters, Row, Update, ReadToken);
    }
}

/// <summary>
/// A row written together with new rows (<see cref="NewRows"/>) only if the database still holds it as it was read, by
/// its entity's concurrency token: a <paramref name="Stored"/> row is updated (every column) where its token still has
/// <paramref name="ReadToken"/>, which the row's own new token replaces; a row that was not stored is inserted unless a
/// row with its key is stored by then. Whether it was written is the caller's to act on; the new rows are inserted either way.
/// </summary>
public sealed record GuardedRow(object Row, bool Stored, object? ReadToken);

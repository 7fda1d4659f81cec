using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Respite.Data.Postgres;

/// <summary>
/// Appends rows of one mapped entity type in a single statement, outside the change tracker:
/// <c>INSERT INTO t (columns) SELECT * FROM unnest(@c0, @c1, …)</c>, one array parameter per column. The statement's
/// text does not depend on the number of rows, so PostgreSQL keeps it prepared; values the database generates (an
/// identity key) are left to it and not read back. EF Core's own save sends one <c>INSERT … RETURNING</c> per row.
/// The rows are not tracked afterwards: use it for rows nothing reads back in the same unit of work, such as the audit
/// events of a list of patients just read.
/// </summary>
public static class PostgresAppend
{
    private static readonly ConcurrentDictionary<IEntityType, Plan> Plans = new();

    public static async Task<int> AppendAsync<T>(DbContext db, IReadOnlyCollection<T> rows, CancellationToken cancellationToken = default)
        where T : class
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var plan = Plans.GetOrAdd(entity, PlanFor);
        var parameters = new NpgsqlParameter[plan.Columns.Length];
        for (var c = 0; c < plan.Columns.Length; c++)
        {
            var column = plan.Columns[c];
            var values = Array.CreateInstance(column.ProviderType, rows.Count);
            var i = 0;
            foreach (var row in rows)
            {
                var value = column.Getter.GetClrValueUsingContainingEntity(row);
                values.SetValue(value is not null && column.Converter is { } converter ? converter.ConvertToProvider(value) : value, i++);
            }

            parameters[c] = new NpgsqlParameter($"c{c}", values);
        }

        return await db.Database.ExecuteSqlRawAsync(plan.Sql, parameters, cancellationToken);
    }

    private static Plan PlanFor(IEntityType entity)
    {
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Where(p => p.PropertyInfo is not null && p.ValueGenerated == ValueGenerated.Never)
            .Select(p =>
            {
                var converter = p.GetTypeMapping().Converter;
                var provider = converter?.ProviderClrType ?? p.ClrType;
                return new Column(p.GetGetter(), converter, p.IsNullable && provider.IsValueType && Nullable.GetUnderlyingType(provider) is null
                    ? typeof(Nullable<>).MakeGenericType(provider)
                    : provider, p.GetColumnName(table)!);
            })
            .ToArray();
        var name = table.Schema is null ? $"\"{table.Name}\"" : $"\"{table.Schema}\".\"{table.Name}\"";
        var sql = $"INSERT INTO {name} ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) "
            + $"SELECT * FROM unnest({string.Join(", ", columns.Select((_, i) => $"@c{i}"))})";
        return new Plan(sql, columns);
    }

    private sealed record Column(IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter, Type ProviderType, string Name);

    private sealed record Plan(string Sql, Column[] Columns);
}

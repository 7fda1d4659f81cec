using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Respite.Data;

namespace Respite.Reliability.Tests.Infrastructure;

/// <summary>Checks of a whole database, the same SQL on both providers, read through the EF model or the catalog.</summary>
public static class DatabaseChecks
{
    /// <summary>
    /// Rows whose foreign key points at no row, for every foreign key of the EF model ("table.column: n rows"); empty when
    /// every reference resolves. PostgreSQL enforces them anyway; SQLite only with foreign_keys on, so both are counted.
    /// </summary>
    public static async Task<List<string>> OrphansAsync(RespiteDbContext db)
    {
        var orphans = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is null)
            {
                continue;
            }

            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var key in entity.GetForeignKeys())
            {
                var principal = key.PrincipalEntityType.GetTableName();
                if (principal is null || (principal == table && key.PrincipalEntityType != entity))
                {
                    continue;
                }

                var principalStore = StoreObjectIdentifier.Table(principal, key.PrincipalEntityType.GetSchema());
                var columns = key.Properties.Select(p => Quote(p.GetColumnName(store)!)).ToList();
                var principalColumns = key.PrincipalKey.Properties.Select(p => Quote(p.GetColumnName(principalStore)!)).ToList();
                var notNull = string.Join(" AND ", columns.Select(c => $"c.{c} IS NOT NULL"));
                var match = string.Join(" AND ", columns.Zip(principalColumns, (c, p) => $"p.{p} = c.{c}"));
                var count = await ScalarAsync(db, $"SELECT count(*) FROM {Quote(table)} c WHERE {notNull} AND NOT EXISTS (SELECT 1 FROM {Quote(principal)} p WHERE {match})");
                if (count != "0")
                {
                    orphans.Add($"{table}.{string.Join(",", columns)} -> {principal}: {count} rows");
                }
            }
        }

        return orphans;
    }

    /// <summary>SQLite's own checks: <c>integrity_check</c> "ok" and no row from <c>foreign_key_check</c>.</summary>
    public static async Task<string> SqliteIntegrityAsync(RespiteDbContext db)
    {
        var integrity = await ScalarAsync(db, "PRAGMA integrity_check");
        var foreignKeys = await RowsAsync(db, "PRAGMA foreign_key_check");
        return integrity == "ok" && foreignKeys.Count == 0 ? "ok" : $"integrity_check: {integrity}; foreign_key_check: {string.Join("; ", foreignKeys)}";
    }

    /// <summary>Every base table of the database (not only the EF model's): sqlite_master or information_schema.</summary>
    public static async Task<List<string>> TablesAsync(RespiteDbContext db) =>
        await RowsAsync(db, db.Database.IsSqlite()
            ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name");

    /// <summary>
    /// One line per table: name, row count and a SHA-256 of its rows (each row's columns in order, rendered invariantly,
    /// rows sorted), so two databases compare equal only when every table holds the same rows.
    /// </summary>
    public static async Task<Dictionary<string, string>> FingerprintAsync(RespiteDbContext db)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in await TablesAsync(db))
        {
            var rows = await RowsAsync(db, $"SELECT * FROM {Quote(table)}");
            rows.Sort(StringComparer.Ordinal);
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", rows))));
            result[table] = $"{rows.Count} rows, sha256 {hash[..16]}";
        }

        return result;
    }

    public static async Task<string?> ScalarAsync(RespiteDbContext db, string sql)
    {
        var rows = await RowsAsync(db, sql);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Each row as its columns rendered invariantly and joined with a unit separator.</summary>
    public static async Task<List<string>> RowsAsync(RespiteDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync();
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(Render(reader));
        }

        return rows;
    }

    private static string Render(DbDataReader reader)
    {
        var values = new string[reader.FieldCount];
        for (var i = 0; i < reader.FieldCount; i++)
        {
            values[i] = reader.IsDBNull(i) ? "\u2400" : reader.GetValue(i) switch
            {
                byte[] bytes => Convert.ToHexString(bytes),
                DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
                DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                var other => other.ToString() ?? "",
            };
        }

        return string.Join('\u001f', values);
    }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

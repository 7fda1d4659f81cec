using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace Respite.Data.Postgres;

/// <summary>The production PostgreSQL provider with this assembly's migrations.</summary>
public static class PostgresDatabase
{
    /// <summary>
    /// How many statements each pooled connection keeps prepared on the server unless the connection string says
    /// otherwise (Npgsql's <c>Max Auto Prepare</c>; its default, 0, prepares nothing). A statement is prepared once it has
    /// run <c>Auto Prepare Min Usages</c> times (Npgsql's default, 5) on that connection, and stays prepared when the
    /// connection goes back to the pool, so the hot paths (charting, opening a chart, the day view) skip PostgreSQL's
    /// parse and plan. Measured: about 17 % more charting writes per second at saturation (docs/benchmarks.md).
    /// </summary>
    public const int DefaultMaxAutoPrepare = 50;

    /// <summary>
    /// Whether a pooled connection skips resetting its server session when it goes back to the pool, unless the
    /// connection string says otherwise (Npgsql's <c>No Reset On Close</c>; its default, false, resets). EF Core opens and
    /// closes the connection around each query, so with the reset every query carries six more statements (<c>SET
    /// SESSION AUTHORIZATION DEFAULT</c>, <c>RESET ALL</c>, <c>pg_advisory_unlock_all()</c> and three <c>DISCARD</c>/
    /// <c>CLOSE</c>/<c>UNLISTEN</c>): a chart opened ran eight statements and 48 reset statements. The reset only undoes
    /// session state (settings, advisory locks, temporary tables, listeners, cursors) and Respite sets none; a transaction
    /// left open is still rolled back. <c>PostgresSessionStateTests</c> fails when code that sets such state appears.
    /// Measured: 13–30 % more chart reads per second at saturation (docs/benchmarks.md, change 9).
    /// </summary>
    public const bool DefaultNoResetOnClose = true;

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        RespiteDatabase.ApplyCommon(options.UseNpgsql(
            WithDefaults(connectionString),
            npgsql => npgsql.MigrationsAssembly(typeof(PostgresDatabase).Assembly.GetName().Name)))
            .AddInterceptors(new PostgresSingleBatchSave());

    public static DbContextOptions<RespiteDbContext> CreateOptions(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<RespiteDbContext>();
        Configure(builder, connectionString);
        return builder.Options;
    }

    /// <summary>
    /// Closes the idle pooled connections that <see cref="Configure"/> opened for this connection string, and only those
    /// (e.g. before the database is dropped). Npgsql's <c>ClearAllPools</c> would also close every other database's
    /// connections in the process, and with them the statements each keeps prepared.
    /// </summary>
    public static void ClearPool(string connectionString)
    {
        using var connection = new NpgsqlConnection(WithDefaults(connectionString));
        NpgsqlConnection.ClearPool(connection);
    }

    /// <summary>The connection string with Respite's defaults for what it leaves unset; a value it sets is kept.</summary>
    public static string WithDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets(connectionString, "maxautoprepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!Sets(connectionString, "noresetonclose"))
        {
            builder.NoResetOnClose = DefaultNoResetOnClose;
        }

        return builder.ConnectionString;
    }

    // Npgsql's builder answers every keyword it knows as present; the connection string as written says what was set.
    // Npgsql reads a keyword without regard to case or spaces ("Max Auto Prepare", "MaxAutoPrepare").
    private static bool Sets(string connectionString, string keyword)
    {
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return written.Keys.Cast<string>().Any(key => string.Equals(key.Replace(" ", "", StringComparison.Ordinal), keyword, StringComparison.OrdinalIgnoreCase));
    }
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<RespiteDbContext>
{
    public RespiteDbContext CreateDbContext(string[] args) =>
        new(PostgresDatabase.CreateOptions("Host=127.0.0.1;Database=respite_design;Username=postgres"));
}

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

    /// <summary>
    /// The pool's size unless the connection string says otherwise: it opens at most this many connections (Npgsql's
    /// <c>Maximum Pool Size</c>; its default, 100, is all of PostgreSQL's default <c>max_connections</c>) and keeps those it
    /// has opened (<c>Minimum Pool Size</c>, the same number unless set). More connections than PostgreSQL has cores to run
    /// them only wait there; a burst of requests waits in the pool instead, which costs less than starting a server
    /// process for each. Kept, because Npgsql otherwise closes, every <c>Connection Idle Lifetime</c> (300 s), as many
    /// connections as sat idle in the pool at the median of its samples: it hands its connections out in turn, so under a
    /// steady load nearly all of them count as idle and it closes them together, and the requests arriving then open new
    /// ones together (34 in 100 ms, each taking up to 160 ms; charting at 300 requests/s had a p99 of up to 190 ms in
    /// those 10 s against 5–9 ms around them; docs/benchmarks.md, change 18). A connection the server has ended is still
    /// dropped when it is next used.
    /// </summary>
    public const int DefaultPoolSize = 20;

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

        // Npgsql's own minimum is 0, so a maximum left unset only grows to meet a minimum the connection string sets.
        if (!Sets(connectionString, "maxpoolsize", "maximumpoolsize"))
        {
            builder.MaxPoolSize = Math.Max(DefaultPoolSize, builder.MinPoolSize);
        }

        if (!Sets(connectionString, "minpoolsize", "minimumpoolsize"))
        {
            builder.MinPoolSize = builder.MaxPoolSize;
        }

        return builder.ConnectionString;
    }

    // Npgsql's builder answers every keyword it knows as present; the connection string as written says what was set.
    // Npgsql reads a keyword without regard to case or spaces ("Max Auto Prepare", "MaxAutoPrepare"), and some under
    // more than one name ("Maximum Pool Size", "MaxPoolSize").
    private static bool Sets(string connectionString, params string[] keywords)
    {
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return written.Keys.Cast<string>().Any(key => keywords.Contains(key.Replace(" ", "", StringComparison.Ordinal), StringComparer.OrdinalIgnoreCase));
    }
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<RespiteDbContext>
{
    public RespiteDbContext CreateDbContext(string[] args) =>
        new(PostgresDatabase.CreateOptions("Host=127.0.0.1;Database=respite_design;Username=postgres"));
}

using Microsoft.Data.Sqlite;
using Npgsql;
using Respite.Data;
using Respite.Data.Postgres;
using Respite.Data.Sqlite;

namespace Respite.Reliability.Tests.Infrastructure;

/// <summary>
/// A database of its own for one test: a new SQLite file in a new folder, or a new database on the PostgreSQL server of
/// RESPITE_TEST_POSTGRES (the test is skipped visibly without one), dropped afterwards.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "RESPITE_TEST_POSTGRES";

    private readonly string? _adminConnectionString;

    private TestDatabase(string provider, string connectionString, string directory, string? adminConnectionString, string? name)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Directory = directory;
        _adminConnectionString = adminConnectionString;
        Name = name;
    }

    /// <summary><c>Sqlite</c> or <c>Postgres</c>, as Database:Provider.</summary>
    public string Provider { get; }

    public string ConnectionString { get; }

    /// <summary>A folder of its own (the SQLite file, the e-mail pickup folder, backups).</summary>
    public string Directory { get; }

    /// <summary>The PostgreSQL database name (null for SQLite).</summary>
    public string? Name { get; }

    public bool IsSqlite => Provider == "Sqlite";

    public string? AdminConnectionString => _adminConnectionString;

    public static TestDatabase Sqlite(string? connectionStringExtra = null)
    {
        var directory = NewDirectory();
        var file = Path.Combine(directory, "respite.db");
        return new TestDatabase("Sqlite", $"Data Source={file}{connectionStringExtra}", directory, null, null);
    }

    /// <summary>A new PostgreSQL database; skips the test when RESPITE_TEST_POSTGRES is not set.</summary>
    public static async Task<TestDatabase> PostgresAsync()
    {
        var admin = System.Environment.GetEnvironmentVariable(PostgresVariable);
        Skip.If(string.IsNullOrEmpty(admin), $"PostgreSQL is not available: set {PostgresVariable} (./test.sh starts a throw-away cluster).");
        var name = $"respite_reliability_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        return new TestDatabase("Postgres", connectionString, NewDirectory(), admin, name);
    }

    /// <summary>Another database of the same provider (e.g. the empty target of a restore).</summary>
    public async Task<TestDatabase> SiblingAsync() => IsSqlite ? Sqlite() : await PostgresAsync();

    /// <summary>A DbContext on this database, outside the server (for checks of what is stored).</summary>
    public RespiteDbContext NewContext() => new(IsSqlite
        ? SqliteDatabase.CreateOptions(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString())
        : PostgresDatabase.CreateOptions(ConnectionString));

    public async ValueTask DisposeAsync()
    {
        if (_adminConnectionString is not null)
        {
            PostgresDatabase.ClearPool(ConnectionString);
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "respite-reliability-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }
}

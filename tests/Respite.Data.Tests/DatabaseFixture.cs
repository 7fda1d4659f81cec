using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Respite.Clinical.Patients;
using Respite.Data;
using Respite.Data.Patients;
using Respite.Data.Postgres;
using Respite.Data.Sessions;
using Respite.Data.Sqlite;

namespace Respite.Data.Tests;

/// <summary>
/// A fresh, fully migrated database per test on the named provider: a new SQLite file, or a new database on the
/// throw-away PostgreSQL cluster that ./test.sh starts (connection string in RESPITE_TEST_POSTGRES).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "RESPITE_TEST_POSTGRES";

    private readonly string? _sqlitePath;
    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqlitePath, string? postgresAdmin, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        var options = provider == DatabaseProvider.Sqlite
            ? SqliteDatabase.CreateOptions(connectionString)
            : PostgresDatabase.CreateOptions(connectionString);
        Options = options;
        _sqlitePath = sqlitePath;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }

    public DbContextOptions<RespiteDbContext> Options { get; }

    /// <summary>The connection string this database's contexts use, before the provider adds its defaults.</summary>
    public string ConnectionString { get; }

    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable(PostgresVariable);

    public RespiteDbContext NewContext() => new(Options);

    /// <summary>Saves a patient and an IV session checked in at <paramref name="at"/>, still in progress; answers the session's id.</summary>
    public async Task<Guid> SeedOpenSessionAsync(DateTimeOffset at)
    {
        await using var db = NewContext();
        var patient = new Patient
        {
            Id = Guid.NewGuid(), RecordNumber = "R-1", GivenName = "Test", FamilyName = "Session", DateOfBirth = new DateOnly(1980, 5, 17),
            Sex = Sex.Female, CreatedAt = at, UpdatedAt = at, Version = Guid.NewGuid(),
        };
        patient.RefreshSearchText();
        var session = new TreatmentSession
        {
            Id = Guid.NewGuid(), PatientId = patient.Id, Kind = SessionKind.IvInfusion, Status = SessionStatus.InProgress,
            CheckedInAt = at, CheckedInByUserId = "nurse", Version = Guid.NewGuid(),
        };
        db.AddRange(patient, session);
        await db.SaveChangesAsync();
        return session.Id;
    }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        TestDatabase database;
        if (provider == DatabaseProvider.Sqlite)
        {
            var path = Path.Combine(Path.GetTempPath(), $"respite-data-{Guid.NewGuid():N}.db");
            database = new TestDatabase(provider, $"Data Source={path}", path, null, null);
        }
        else
        {
            var admin = PostgresConnectionString ?? throw new InvalidOperationException($"{PostgresVariable} is not set.");
            var name = $"respite_test_{Guid.NewGuid():N}";
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await command.ExecuteNonQueryAsync();
            }

            var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
            database = new TestDatabase(provider, builder.ConnectionString, null, admin, name);
        }

        await using var context = database.NewContext();
        await context.Database.MigrateAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqlitePath is not null)
        {
            // Only this database's pool: clearing every pool would close the connections of tests running alongside,
            // and with them what a connection keeps (PostgreSQL's prepared statements).
            using (var connection = new SqliteConnection(ConnectionString))
            {
                SqliteConnection.ClearPool(connection);
            }

            // With the log and its index, when a test put the file in WAL mode.
            foreach (var file in new[] { _sqlitePath, _sqlitePath + "-wal", _sqlitePath + "-shm" })
            {
                File.Delete(file);
            }
        }

        if (_postgresAdmin is not null && _postgresName is not null)
        {
            PostgresDatabase.ClearPool(ConnectionString);
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}

public static class Providers
{
    public static TheoryData<DatabaseProvider> Both() => new() { DatabaseProvider.Sqlite, DatabaseProvider.Postgres };

    /// <summary>Skips a PostgreSQL row visibly, with the reason, when no server is configured; ./test.sh always provides one.</summary>
    public static void SkipIfUnavailable(DatabaseProvider provider) =>
        Skip.If(
            provider == DatabaseProvider.Postgres && string.IsNullOrEmpty(TestDatabase.PostgresConnectionString),
            $"PostgreSQL is not available: set {TestDatabase.PostgresVariable} (./test.sh starts a throw-away cluster).");
}

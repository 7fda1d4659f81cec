using Microsoft.EntityFrameworkCore;
using Npgsql;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Postgres;

namespace Respite.Data.Tests;

public sealed class PostgresDatabaseTests
{
    [Fact]
    public void WithDefaults_PreparesStatements_WhenTheConnectionStringDoesNotSay()
    {
        var connection = new NpgsqlConnectionStringBuilder(PostgresDatabase.WithDefaults("Host=db.example;Database=respite;Username=respite"));

        Assert.Equal(PostgresDatabase.DefaultMaxAutoPrepare, connection.MaxAutoPrepare);
        Assert.Equal("db.example", connection.Host);
        Assert.Equal("respite", connection.Database);
    }

    [Theory]
    [InlineData("Host=db.example;Max Auto Prepare=0", 0)]
    [InlineData("Host=db.example;max auto prepare=7", 7)]
    [InlineData("Host=db.example;MaxAutoPrepare=12", 12)]
    public void WithDefaults_KeepsWhatTheConnectionStringSays(string connectionString, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(PostgresDatabase.WithDefaults(connectionString)).MaxAutoPrepare);

    [Fact]
    public void WithDefaults_SkipsTheSessionReset_WhenTheConnectionStringDoesNotSay() =>
        Assert.True(new NpgsqlConnectionStringBuilder(PostgresDatabase.WithDefaults("Host=db.example")).NoResetOnClose);

    [Theory]
    [InlineData("Host=db.example;No Reset On Close=false")]
    [InlineData("Host=db.example;noresetonclose=False")]
    public void WithDefaults_KeepsTheSessionReset_WhenTheConnectionStringAsksForIt(string connectionString) =>
        Assert.False(new NpgsqlConnectionStringBuilder(PostgresDatabase.WithDefaults(connectionString)).NoResetOnClose);

    [Fact]
    public void WithDefaults_MakesAFixedSizePool_WhenTheConnectionStringDoesNotSay()
    {
        var connection = new NpgsqlConnectionStringBuilder(PostgresDatabase.WithDefaults("Host=db.example"));

        Assert.Equal(PostgresDatabase.DefaultPoolSize, connection.MaxPoolSize);
        Assert.Equal(PostgresDatabase.DefaultPoolSize, connection.MinPoolSize);
    }

    [Theory]
    [InlineData("Host=db.example;Maximum Pool Size=50", 50, 50)]
    [InlineData("Host=db.example;maxpoolsize=8", 8, 8)]
    [InlineData("Host=db.example;Minimum Pool Size=0", PostgresDatabase.DefaultPoolSize, 0)]
    [InlineData("Host=db.example;MinPoolSize=5", PostgresDatabase.DefaultPoolSize, 5)]
    [InlineData("Host=db.example;Minimum Pool Size=30", 30, 30)]
    [InlineData("Host=db.example;MaxPoolSize=40;minimum pool size=2", 40, 2)]
    public void WithDefaults_KeepsThePoolSizesTheConnectionStringSets(string connectionString, int maximum, int minimum)
    {
        var connection = new NpgsqlConnectionStringBuilder(PostgresDatabase.WithDefaults(connectionString));

        Assert.Equal((maximum, minimum), (connection.MaxPoolSize, connection.MinPoolSize));
    }

    [SkippableFact]
    public async Task ThePool_KeepsTheConnectionsItOpened_PastTheIdleLifetime()
    {
        Providers.SkipIfUnavailable(DatabaseProvider.Postgres);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        // Npgsql's pruning, made quick: it closes idle connections above the minimum after two samples a second apart.
        var application = "pool-" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = PostgresDatabase.WithDefaults(
            database.ConnectionString + $";Application Name={application};Connection Idle Lifetime=2;Connection Pruning Interval=1");
        try
        {
            var open = new List<NpgsqlConnection>();
            for (var i = 0; i < 4; i++)
            {
                var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                open.Add(connection);
            }

            foreach (var connection in open)
            {
                await connection.DisposeAsync();
            }

            Assert.Equal(4L, await BackendsAsync(database, application));
            await Task.Delay(TimeSpan.FromSeconds(4.5));
            Assert.Equal(4L, await BackendsAsync(database, application));
        }
        finally
        {
            await using var pooled = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(pooled);
        }
    }

    [SkippableFact]
    public async Task ATransactionLeftOpen_IsRolledBack_WhenItsConnectionGoesBackToThePool()
    {
        Providers.SkipIfUnavailable(DatabaseProvider.Postgres);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var db = database.NewContext();
        var connectionString = db.Database.GetConnectionString()!;
        Assert.True(new NpgsqlConnectionStringBuilder(connectionString).NoResetOnClose);

        int backend;
        await using (var first = new NpgsqlConnection(connectionString))
        {
            await first.OpenAsync();
            backend = first.ProcessID;
            var transaction = await first.BeginTransactionAsync();
            await using var insert = new NpgsqlCommand(
                "INSERT INTO audit_events (\"OccurredAt\", \"Action\", \"EntityType\", \"Outcome\") VALUES (now(), 'Read', 'Pool', 'Success')", first, transaction);
            await insert.ExecuteNonQueryAsync();
        }

        await using var second = new NpgsqlConnection(connectionString);
        await second.OpenAsync();
        Assert.Equal(backend, second.ProcessID);
        // The same server session: had its transaction stayed open, it would see its own row.
        await using var check = new NpgsqlCommand("SELECT count(*) FROM audit_events WHERE \"EntityType\" = 'Pool'", second);
        Assert.Equal(0L, Convert.ToInt64(await check.ExecuteScalarAsync()));
    }

    [SkippableFact]
    public async Task Append_WritesEveryColumnAsEfCoreWould_InOneStatement()
    {
        Providers.SkipIfUnavailable(DatabaseProvider.Postgres);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var at = new DateTimeOffset(2026, 12, 6, 9, 30, 15, 123, TimeSpan.Zero).AddTicks(4560);
        var patient = Guid.NewGuid();
        AuditEvent[] rows =
        [
            new() { OccurredAt = at, UserId = "u-1", UserName = "nurse@clinic", Role = "nurse", Action = AuditAction.Read, PatientId = patient,
                EntityType = "Appointment", EntityId = null, Outcome = AuditOutcome.Success, TraceId = "trace-1", Detail = "day view 2026-12-07" },
            new() { OccurredAt = at.AddHours(-5).ToOffset(TimeSpan.FromHours(-5)), UserId = null, UserName = null, Role = null, Action = AuditAction.LoginFailed,
                PatientId = null, EntityType = "User", EntityId = "x", Outcome = AuditOutcome.Denied, TraceId = null, Detail = "Zoë \u2014 ünïcode" },
            new() { OccurredAt = at.AddDays(-400), UserId = "u-2", UserName = "dr@clinic", Role = "prescriber,admin", Action = AuditAction.Export,
                PatientId = patient, EntityType = "Patient", EntityId = patient.ToString(), Outcome = AuditOutcome.NotFound, TraceId = "t", Detail = new string('d', 400) },
        ];

        await using (var db = database.NewContext())
        {
            Assert.Equal(0, await PostgresAppend.AppendAsync(db, Array.Empty<AuditEvent>()));
            Assert.Equal(3, await PostgresAppend.AppendAsync(db, rows));
            Assert.Equal(1, await PostgresAppend.AppendAsync(db, rows[..1]));
            Assert.Empty(db.ChangeTracker.Entries());
        }

        await using var read = database.NewContext();
        var stored = await read.AuditEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(4, stored.Count);
        Assert.Equal(stored.Count, stored.Select(e => e.Id).Distinct().Count());
        foreach (var (expected, actual) in rows.Append(rows[0]).Zip(stored))
        {
            Assert.Equal(expected.OccurredAt.UtcDateTime, actual.OccurredAt.UtcDateTime);
            Assert.Equal(expected.OccurredAt, actual.OccurredAt);
            Assert.Equal((expected.UserId, expected.UserName, expected.Role, expected.Action, expected.PatientId),
                (actual.UserId, actual.UserName, actual.Role, actual.Action, actual.PatientId));
            Assert.Equal((expected.EntityType, expected.EntityId, expected.Outcome, expected.TraceId, expected.Detail),
                (actual.EntityType, actual.EntityId, actual.Outcome, actual.TraceId, actual.Detail));
        }

        // Queries that filter on the converted columns find the appended rows.
        Assert.Equal(2, await read.AuditEvents.CountAsync(e => e.Action == AuditAction.Read && e.OccurredAt == at));
        Assert.Equal(1, await read.AuditEvents.CountAsync(e => e.Outcome == AuditOutcome.Denied && e.PatientId == null));
    }

    [SkippableFact]
    public async Task AQueryRunOften_StaysPreparedOnItsConnection_AfterTheConnectionGoesBackToThePool()
    {
        Providers.SkipIfUnavailable(DatabaseProvider.Postgres);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var id = Guid.NewGuid();
        await using (var db = database.NewContext())
        {
            for (var i = 0; i < 6; i++)
            {
                Assert.Null(await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id));
            }
        }

        // Sequential contexts take the one idle pooled connection again: its server session still has the statement.
        await using var again = database.NewContext();
        await again.Database.OpenConnectionAsync();
        await using var command = again.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%FROM patients%'";
        Assert.Equal(1L, Convert.ToInt64(await command.ExecuteScalarAsync()));
    }

    [SkippableFact]
    public async Task ClearPool_ClosesOnlyThatDatabasesConnections()
    {
        Providers.SkipIfUnavailable(DatabaseProvider.Postgres);
        await using var kept = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var cleared = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        foreach (var database in new[] { kept, cleared })
        {
            await using var db = database.NewContext();
            for (var i = 0; i < 6; i++)
            {
                Assert.Null(await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == Guid.Empty));
            }
        }

        PostgresDatabase.ClearPool(cleared.ConnectionString);

        Assert.Equal(1L, await PreparedPatientQueriesAsync(kept));
        Assert.Equal(0L, await PreparedPatientQueriesAsync(cleared));
    }

    private static async Task<long> BackendsAsync(TestDatabase database, string application)
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = @application", admin);
        command.Parameters.AddWithValue("application", application);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task<long> PreparedPatientQueriesAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%FROM patients%'";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}

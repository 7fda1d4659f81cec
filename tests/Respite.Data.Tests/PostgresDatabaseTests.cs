using Microsoft.EntityFrameworkCore;
using Npgsql;
using Respite.Data;
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
}

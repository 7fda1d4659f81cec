using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Respite.Data.Sqlite;

/// <summary>The embedded SQLite provider with this assembly's migrations.</summary>
public static class SqliteDatabase
{
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        RespiteDatabase.ApplyCommon(options.UseSqlite(
            connectionString,
            sqlite => sqlite.MigrationsAssembly(typeof(SqliteDatabase).Assembly.GetName().Name))
            .AddInterceptors(new SqliteConnectionSettings(), new SqliteWriteGate()));

    public static DbContextOptions<RespiteDbContext> CreateOptions(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<RespiteDbContext>();
        Configure(builder, connectionString);
        return builder.Options;
    }
}

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<RespiteDbContext>
{
    public RespiteDbContext CreateDbContext(string[] args) =>
        new(SqliteDatabase.CreateOptions("Data Source=design-time.db"));
}

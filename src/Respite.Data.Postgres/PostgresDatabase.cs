using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Respite.Data.Postgres;

/// <summary>The production PostgreSQL provider with this assembly's migrations.</summary>
public static class PostgresDatabase
{
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        RespiteDatabase.ApplyCommon(options.UseNpgsql(
            connectionString,
            npgsql => npgsql.MigrationsAssembly(typeof(PostgresDatabase).Assembly.GetName().Name)));

    public static DbContextOptions<RespiteDbContext> CreateOptions(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<RespiteDbContext>();
        Configure(builder, connectionString);
        return builder.Options;
    }
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<RespiteDbContext>
{
    public RespiteDbContext CreateDbContext(string[] args) =>
        new(PostgresDatabase.CreateOptions("Host=127.0.0.1;Database=respite_design;Username=postgres"));
}

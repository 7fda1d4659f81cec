using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Postgres;
using Respite.Data.Sqlite;

namespace Respite.Web.Hosting;

public static class Database
{
    public static WebApplicationBuilder AddRespiteDatabase(this WebApplicationBuilder builder)
    {
        var provider = RespiteDatabase.ParseProvider(builder.Configuration["Database:Provider"]);
        var connectionString = builder.Configuration.GetConnectionString("Respite");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.Postgres)
            {
                throw new InvalidOperationException("ConnectionStrings:Respite is required when Database:Provider is Postgres.");
            }

            var folder = Path.Combine(builder.Environment.ContentRootPath, "App_Data");
            Directory.CreateDirectory(folder);
            connectionString = $"Data Source={Path.Combine(folder, "respite.db")}";
        }

        // Pooled: a request takes a context whose options and services are built once, instead of building them again
        // for every request (a measurable share of a charting write; see docs/benchmarks.md). The context holds no
        // state of its own beyond what EF Core resets when it goes back to the pool.
        builder.Services.AddDbContextPool<RespiteDbContext>(options =>
        {
            switch (provider)
            {
                case DatabaseProvider.Sqlite:
                    SqliteDatabase.Configure(options, connectionString);
                    break;
                case DatabaseProvider.Postgres:
                    PostgresDatabase.Configure(options, connectionString);
                    break;
            }
        });
        if (provider == DatabaseProvider.Sqlite && SqliteCheckpoint.IsFile(connectionString))
        {
            var interval = SqliteCheckpointWorker.IntervalFrom(builder.Configuration);
            builder.Services.AddSingleton(services => new SqliteCheckpointWorker(
                connectionString, interval, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<SqliteCheckpointWorker>>()));
            builder.Services.AddHostedService(services => services.GetRequiredService<SqliteCheckpointWorker>());
        }

        builder.Services.AddDataProtection()
            .SetApplicationName("Respite")
            .PersistKeysToDbContext<RespiteDbContext>();
        return builder;
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<RespiteDbContext>();
        if (app.Configuration.GetValue("Database:MigrateOnStartup", true))
        {
            await db.Database.MigrateAsync();
        }

        if (db.Database.IsSqlite())
        {
            // Why: write-ahead logging lets readers go on while a write commits, and a commit is one append to the WAL;
            // the mode is stored in the database file. SQLite's synchronous default (FULL, checked by the reliability
            // tests) syncs that append before the commit returns: an acknowledged write survives a crash of the app and
            // of the machine. See docs/reliability.md.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL");
        }

        var seeder = services.GetRequiredService<DemoSeeder>();
        await seeder.EnsureInitialAdminAsync();
        if (app.Configuration.GetValue("Demo:Seed", false))
        {
            await seeder.SeedIfEmptyAsync();
        }
    }
}

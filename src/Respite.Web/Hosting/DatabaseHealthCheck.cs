using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Respite.Data;

namespace Respite.Web.Hosting;

/// <summary>
/// <c>/health</c> reads one row of the migrations history: Unhealthy (503) while the database cannot be reached or stays
/// locked beyond the check's 5-second timeout, Healthy again as soon as it answers.
/// </summary>
public sealed class DatabaseHealthCheck(RespiteDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            db.Database.SetCommandTimeout(TimeSpan.FromSeconds(5));
            // Why: a table, not `SELECT 1`: SQLite answers `SELECT 1` without touching (or locking) the database file.
            await db.Database.SqlQueryRaw<string>("SELECT \"MigrationId\" AS \"Value\" FROM \"__EFMigrationsHistory\" LIMIT 1").ToListAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (DatabaseUnavailable.Is(e))
        {
            return HealthCheckResult.Unhealthy(DatabaseUnavailable.Title);
        }
    }
}

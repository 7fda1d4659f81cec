using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Auditing;

namespace Respite.Data.Tests;

public sealed class PerModelTests
{
    [SkippableFact]
    public async Task OneCompiledQuery_ServesSqliteAndPostgres_InOneProcess()
    {
        Providers.SkipIfUnavailable(DatabaseProvider.Postgres);
        await using var sqlite = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var postgres = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await AddAuditAsync(sqlite, 2);
        await AddAuditAsync(postgres, 3);
        var count = new PerModel<Func<RespiteDbContext, string, CancellationToken, Task<int>>>(
            () => EF.CompileAsyncQuery((RespiteDbContext db, string type, CancellationToken _) => db.AuditEvents.Count(e => e.EntityType == type)));

        for (var round = 0; round < 2; round++)
        {
            await using var onSqlite = sqlite.NewContext();
            await using var onPostgres = postgres.NewContext();
            Assert.Equal(2, await count.For(onSqlite)(onSqlite, "PerModel", default));
            Assert.Equal(3, await count.For(onPostgres)(onPostgres, "PerModel", default));
        }

        // EF Core's own compiled query refuses the second model: the reason PerModel exists.
        var single = EF.CompileAsyncQuery((RespiteDbContext db, string type, CancellationToken _) => db.AuditEvents.Count(e => e.EntityType == type));
        await using (var first = sqlite.NewContext())
        {
            Assert.Equal(2, await single(first, "PerModel", default));
        }

        await using var second = postgres.NewContext();
        await Assert.ThrowsAsync<InvalidOperationException>(() => single(second, "PerModel", default));
    }

    private static async Task AddAuditAsync(TestDatabase database, int rows)
    {
        await using var db = database.NewContext();
        db.AuditEvents.AddRange(Enumerable.Range(0, rows).Select(i => new AuditEvent
        {
            OccurredAt = DateTimeOffset.UnixEpoch.AddDays(i), Action = AuditAction.Read, EntityType = "PerModel", Outcome = AuditOutcome.Success,
        }));
        await db.SaveChangesAsync();
    }
}

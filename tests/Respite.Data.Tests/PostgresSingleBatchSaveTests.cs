using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Respite.Clinical.Dosing;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Postgres;
using Respite.Data.Sessions;

namespace Respite.Data.Tests;

public sealed class PostgresSingleBatchSaveTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 9, 30, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task NewRowsOfACharting_AreSavedInOneCommand_WithoutATransaction()
    {
        Providers.SkipIfUnavailable(DatabaseProvider.Postgres);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var counter = new Counter();
        var sessionId = await database.SeedOpenSessionAsync(T0);

        await using (var db = Counted(database, counter))
        {
            var reading = new VitalsReading { Id = Guid.NewGuid(), SessionId = sessionId, TakenAt = T0, Systolic = 230, Diastolic = 130, SpO2 = 80, RecordedAt = T0, RecordedByUserId = "nurse" };
            db.Add(reading);
            db.Add(Alert(sessionId, reading.Id, "SAF-BP-004"));
            db.Add(Alert(sessionId, reading.Id, "SAF-SPO2-001"));
            db.Add(Audit("VitalsReading", reading.Id.ToString()));
            await db.SaveChangesAsync();

            Assert.Equal(1, counter.Commands);
            Assert.Equal(0, counter.Transactions);
            Assert.Equal(AutoTransactionBehavior.WhenNeeded, db.Database.AutoTransactionBehavior);
        }

        await using var check = database.NewContext();
        Assert.Equal(1, await check.Set<VitalsReading>().CountAsync());
        Assert.Equal(2, await check.Set<SessionAlert>().CountAsync());
        Assert.Equal(1, await check.AuditEvents.CountAsync(e => e.EntityType == "VitalsReading"));
    }

    [SkippableFact]
    public async Task AStatementThatFails_TakesTheEarlierOnesOfTheBatchWithIt()
    {
        Providers.SkipIfUnavailable(DatabaseProvider.Postgres);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var counter = new Counter();

        await using (var db = Counted(database, counter))
        {
            // The audit rows go first (EF Core orders by table); the reading's session does not exist, so its insert fails.
            db.Add(Audit("VitalsReading", "first"));
            db.Add(Audit("VitalsReading", "second"));
            db.Add(new VitalsReading { Id = Guid.NewGuid(), SessionId = Guid.NewGuid(), TakenAt = T0, HeartRate = 80, RecordedAt = T0, RecordedByUserId = "nurse" });

            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.Equal(0, counter.Transactions);
            Assert.Equal(AutoTransactionBehavior.WhenNeeded, db.Database.AutoTransactionBehavior);
        }

        await using var check = database.NewContext();
        Assert.Equal(0, await check.AuditEvents.CountAsync());
        Assert.Equal(0, await check.Set<VitalsReading>().CountAsync());
    }

    [SkippableFact]
    public async Task ASaveThatChangesARow_KeepsItsTransaction()
    {
        Providers.SkipIfUnavailable(DatabaseProvider.Postgres);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var counter = new Counter();
        var sessionId = await database.SeedOpenSessionAsync(T0);

        await using var db = Counted(database, counter);
        var session = await db.TreatmentSessions.SingleAsync(s => s.Id == sessionId);
        session.Status = SessionStatus.Discharged;
        session.Version = Guid.NewGuid();
        db.Add(Audit("TreatmentSession", sessionId.ToString()));
        await db.SaveChangesAsync();

        Assert.Equal(1, counter.Transactions);
    }

    [Fact]
    public void OnlyNewRows_FewEnough_WithNoKeyStillToCome_Qualify()
    {
        using (var db = new ParentsAndChildren())
        {
            db.Add(new Parent());
            db.Add(new Parent());
            Assert.True(PostgresSingleBatchSave.Qualifies(db));
        }

        using (var db = new ParentsAndChildren())
        {
            Assert.False(PostgresSingleBatchSave.Qualifies(db)); // nothing to save
            db.Add(new Parent { Children = [new Child()] }); // the child waits for its parent's generated key
            Assert.False(PostgresSingleBatchSave.Qualifies(db));
        }

        using (var db = new ParentsAndChildren())
        {
            db.AddRange(Enumerable.Range(0, PostgresSingleBatchSave.MaxRows).Select(_ => new Parent()));
            Assert.True(PostgresSingleBatchSave.Qualifies(db));
            db.Add(new Parent());
            Assert.False(PostgresSingleBatchSave.Qualifies(db));
        }

        using (var db = new ParentsAndChildren())
        {
            db.Attach(new Parent { Id = 7 }).Entity.Name = "renamed";
            db.Add(new Parent());
            Assert.False(PostgresSingleBatchSave.Qualifies(db));
        }

        using (var db = new ParentsAndChildren())
        {
            db.Attach(new Parent { Id = 7 });
            db.Add(new Child { ParentId = 7 }); // the parent's key is known
            Assert.True(PostgresSingleBatchSave.Qualifies(db));
            db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
            Assert.False(PostgresSingleBatchSave.Qualifies(db));
        }
    }

    private static SessionAlert Alert(Guid sessionId, Guid readingId, string ruleId) => new()
    {
        Id = Guid.NewGuid(), SessionId = sessionId, RuleId = ruleId, Severity = CheckOutcome.Block, Message = ruleId, RaisedAt = T0, ReadingId = readingId,
    };

    private static AuditEvent Audit(string entityType, string entityId) => new()
    {
        OccurredAt = T0, UserId = "nurse", Action = AuditAction.Create, EntityType = entityType, EntityId = entityId, Outcome = AuditOutcome.Success,
    };

    private static RespiteDbContext Counted(TestDatabase database, Counter counter) =>
        new(new DbContextOptionsBuilder<RespiteDbContext>(database.Options).AddInterceptors(counter).Options);

    private sealed class Counter : DbCommandInterceptor, IDbTransactionInterceptor
    {
        public int Commands { get; private set; }

        public int Transactions { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands++;
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Commands++;
            return ValueTask.FromResult(result);
        }

        public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            Transactions++;
            return ValueTask.FromResult(result);
        }
    }

    private sealed class Parent
    {
        public int Id { get; set; }

        public string? Name { get; set; }

        public List<Child> Children { get; set; } = [];
    }

    private sealed class Child
    {
        public int Id { get; set; }

        public int ParentId { get; set; }
    }

    private sealed class ParentsAndChildren : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseNpgsql("Host=unused.invalid");

        protected override void OnModelCreating(ModelBuilder model)
        {
            model.Entity<Parent>();
            model.Entity<Child>();
        }
    }
}

using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Dosing;
using Respite.Data.Assessments;
using Respite.Data.Auditing;
using Respite.Data.Outcomes;
using Respite.Data.Sessions;

namespace Respite.Data.Tests;

/// <summary>New rows inserted outside the change tracker are stored exactly as SaveChanges stores them, all or none.</summary>
public sealed class NewRowsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 30, 15, 123, TimeSpan.FromHours(-5));

    [SkippableTheory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task EveryColumn_IsStoredAsSaveChangesStoresIt(DatabaseProvider provider)
    {
        Providers.SkipIfUnavailable(provider);
        await using var database = await TestDatabase.CreateAsync(provider);
        var sessionId = await database.SeedOpenSessionAsync(T0);
        (VitalsReading Reading, SessionAlert Alert, AuditEvent Audit) Rows(string userId) =>
            (new VitalsReading
            {
                Id = Guid.NewGuid(), SessionId = sessionId, TakenAt = T0.AddTicks(4560), PreDose = true, Systolic = 231, Diastolic = 129,
                HeartRate = null, SpO2 = 88, RespiratoryRate = null, Moaas = 3, RecordedAt = T0.AddMinutes(1).ToOffset(TimeSpan.FromHours(2)),
                RecordedByUserId = userId,
            },
            new SessionAlert
            {
                Id = Guid.NewGuid(), SessionId = sessionId, RuleId = "SAF-BP-004", Severity = CheckOutcome.Block, Message = "Zoë — 231/129 ünïcode",
                ReadingId = null, RaisedAt = T0.AddMinutes(1),
            },
            new AuditEvent
            {
                OccurredAt = T0.AddMinutes(1), UserId = userId, UserName = "nurse@clinic", Role = "nurse", Action = AuditAction.Create,
                PatientId = Guid.NewGuid(), EntityType = "VitalsReading", EntityId = null, Outcome = AuditOutcome.Success, TraceId = null, Detail = "SAF-BP-004",
            });

        var saved = Rows("saved");
        var inserted = Rows("inserted");
        saved.Alert.ReadingId = saved.Reading.Id;
        inserted.Alert.ReadingId = inserted.Reading.Id;
        inserted.Audit.PatientId = saved.Audit.PatientId;
        await using (var db = database.NewContext())
        {
            db.AddRange(saved.Reading, saved.Alert, saved.Audit);
            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            await NewRows.InsertAsync(db, [inserted.Reading, inserted.Alert, inserted.Audit]);
            Assert.Empty(db.ChangeTracker.Entries());
            Assert.Equal(0, inserted.Audit.Id); // a key the database generates is not read back
        }

        // Column by column as the database holds them, so that a value converted differently shows (a time, an enum, a key).
        await using var read = database.NewContext();
        var savedReading = await StoredAsync(read, "vitals_readings", "Id", saved.Reading.Id);
        var insertedReading = await StoredAsync(read, "vitals_readings", "Id", inserted.Reading.Id);
        Assert.Equal(Without(savedReading, "Id", "RecordedByUserId"), Without(insertedReading, "Id", "RecordedByUserId"));
        var savedAlert = await StoredAsync(read, "session_alerts", "Id", saved.Alert.Id);
        var insertedAlert = await StoredAsync(read, "session_alerts", "Id", inserted.Alert.Id);
        Assert.Equal(Without(savedAlert, "Id", "ReadingId"), Without(insertedAlert, "Id", "ReadingId"));
        Assert.Equal(Without(await StoredAsync(read, "audit_events", "UserId", "saved"), "Id", "UserId"),
            Without(await StoredAsync(read, "audit_events", "UserId", "inserted"), "Id", "UserId"));

        // Read back through EF Core, with the values they were given.
        var reading = await read.Set<VitalsReading>().AsNoTracking().SingleAsync(r => r.Id == inserted.Reading.Id);
        Assert.Equal((inserted.Reading.TakenAt, inserted.Reading.RecordedAt, true, 231, 129, (int?)null, 88, (int?)null, 3),
            (reading.TakenAt, reading.RecordedAt, reading.PreDose, reading.Systolic, reading.Diastolic, reading.HeartRate, reading.SpO2, reading.RespiratoryRate, reading.Moaas));
        Assert.Equal(1, await read.Set<SessionAlert>().CountAsync(a => a.ReadingId == inserted.Reading.Id && a.Severity == CheckOutcome.Block));
        var audits = await read.AuditEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(["saved", "inserted"], audits.Select(e => e.UserId));
        Assert.True(audits[1].Id > audits[0].Id);
        Assert.Equal(1, await read.AuditEvents.CountAsync(e => e.Action == AuditAction.Create && e.UserId == "inserted" && e.OccurredAt == T0.AddMinutes(1)));
    }

    [SkippableTheory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task AScoreAndItsSafetyAlert_AreStoredAsSaveChangesStoresThem(DatabaseProvider provider)
    {
        Providers.SkipIfUnavailable(provider);
        await using var database = await TestDatabase.CreateAsync(provider);
        var patientId = await SeededPatientAsync(database);

        (Assessment Score, SafetyAlert Alert) Rows(string userId)
        {
            var score = new Assessment
            {
                Id = Guid.NewGuid(), PatientId = patientId, InstrumentCode = "phq9", AnswersJson = "[3,3,3,3,3,3,2,2,2]", Total = 24.5m, Band = "severe",
                Flags = ["item9-positive", "sévère"], Context = AssessmentContext.PreSession, Respondent = Respondent.Clinician,
                AnsweredAt = T0.AddTicks(7), RecordedAt = T0.AddMinutes(2).ToOffset(TimeSpan.FromHours(3)), RecordedByUserId = userId, Notes = "Zoë, ünïcode",
            };
            return (score, new SafetyAlert
            {
                Id = Guid.NewGuid(), PatientId = patientId, RuleId = "SAF-SUI-001", Message = "Item 9 answered above 0", AssessmentId = score.Id,
                RaisedAt = T0.AddMinutes(2), RaisedByUserId = userId,
            });
        }

        var saved = Rows("saved");
        var inserted = Rows("inserted");
        await using (var db = database.NewContext())
        {
            db.AddRange(saved.Score, saved.Alert);
            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            await NewRows.InsertAsync(db, [inserted.Score, inserted.Alert, Audit()]);
        }

        await using var read = database.NewContext();
        Assert.Equal(Without(await StoredAsync(read, "assessments", "Id", saved.Score.Id), "Id", "RecordedByUserId"),
            Without(await StoredAsync(read, "assessments", "Id", inserted.Score.Id), "Id", "RecordedByUserId"));
        Assert.Equal(Without(await StoredAsync(read, "safety_alerts", "Id", saved.Alert.Id), "Id", "AssessmentId", "RaisedByUserId"),
            Without(await StoredAsync(read, "safety_alerts", "Id", inserted.Alert.Id), "Id", "AssessmentId", "RaisedByUserId"));
        var score = await read.Assessments.AsNoTracking().SingleAsync(a => a.Id == inserted.Score.Id);
        Assert.Equal(["item9-positive", "sévère"], score.Flags);
        Assert.Equal((24.5m, AssessmentContext.PreSession, inserted.Score.RecordedAt), (score.Total, score.Context, score.RecordedAt));
        Assert.Equal(inserted.Score.Id, (await read.SafetyAlerts.AsNoTracking().SingleAsync(a => a.Id == inserted.Alert.Id)).AssessmentId);
    }

    [SkippableTheory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task ARowThatFails_TakesTheOthersWithIt(DatabaseProvider provider)
    {
        Providers.SkipIfUnavailable(provider);
        await using var database = await TestDatabase.CreateAsync(provider);
        var sessionId = await database.SeedOpenSessionAsync(T0);
        var reading = Reading(sessionId, T0);

        // The reading and the audit event go first; the second reading has the first one's key.
        await using (var db = database.NewContext())
        {
            var failed = await Assert.ThrowsAsync<DbUpdateException>(() => NewRows.InsertAsync(db, [reading, Audit(), Reading(sessionId, T0, reading.Id)]));
            Assert.NotNull(failed.InnerException);

            // The same with the two readings in one statement, after the events' statement.
            await Assert.ThrowsAsync<DbUpdateException>(() => NewRows.InsertAsync(db, [Audit(), Audit(), reading, Reading(sessionId, T0, reading.Id)]));
        }

        await using (var db = database.NewContext())
        {
            Assert.Equal(0, await db.Set<VitalsReading>().CountAsync());
            Assert.Equal(0, await db.AuditEvents.CountAsync());

            // The connection is usable again, and the same rows go in.
            await NewRows.InsertAsync(db, [reading, Audit()]);
            Assert.Equal(1, await db.Set<VitalsReading>().CountAsync());
            Assert.Equal(1, await db.AuditEvents.CountAsync());
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task ManyRowsOfOneTable_AreStoredAsGiven_InStatementsOfSeveralRows(DatabaseProvider provider)
    {
        Providers.SkipIfUnavailable(provider);
        await using var database = await TestDatabase.CreateAsync(provider);
        var sessionId = await database.SeedOpenSessionAsync(T0);
        AuditEvent Event(int i) => new()
        {
            OccurredAt = T0.AddSeconds(i), UserId = $"user-{i}", UserName = i % 3 == 0 ? null : $"nürse {i}", Role = "nurse",
            Action = i % 2 == 0 ? AuditAction.Read : AuditAction.Create, PatientId = i % 4 == 0 ? null : Guid.NewGuid(), EntityType = "Patient",
            EntityId = $"{i}", Outcome = i % 7 == 0 ? AuditOutcome.NotFound : AuditOutcome.Success, Detail = i % 5 == 0 ? null : $"détail {i}",
        };

        // One event, a reading, then runs of 50, 50 and 19 events of a board, and a reading: every row, in the order given.
        var events = Enumerable.Range(0, 2 * NewRows.RowsPerStatement + 20).Select(Event).ToList();
        var readings = new[] { Reading(sessionId, T0), Reading(sessionId, T0.AddMinutes(1)) };
        await using (var db = database.NewContext())
        {
            await NewRows.InsertAsync(db, [events[0], readings[0], .. events.Skip(1), readings[1]]);
        }

        // In a transaction the context opened (PostgreSQL's path for the SQLite queue's).
        var more = Enumerable.Range(events.Count, NewRows.RowsPerStatement + 1).Select(Event).ToList();
        await using (var db = database.NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await NewRows.InsertAsync(db, more);
            await transaction.CommitAsync();
        }

        await using var read = database.NewContext();
        var stored = await read.AuditEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        static object Of(AuditEvent e) => (e.OccurredAt, e.UserId, e.UserName, e.Role, e.Action, e.PatientId, e.EntityType, e.EntityId, e.Outcome, e.Detail);
        Assert.Equal([.. events.Concat(more).Select(Of)], stored.Select(Of));
        Assert.Equal(stored.Count, stored.Select(e => e.Id).Distinct().Count());
        Assert.Equal(readings.Select(r => r.Id).Order(), (await read.Set<VitalsReading>().Select(r => r.Id).ToListAsync()).Order());
    }

    [SkippableTheory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task AReadingAfterItsSessionClosed_IsRefusedByTheDatabase_WithItsAuditEvent(DatabaseProvider provider)
    {
        Providers.SkipIfUnavailable(provider);
        await using var database = await TestDatabase.CreateAsync(provider);
        var sessionId = await database.SeedOpenSessionAsync(T0);
        await using (var db = database.NewContext())
        {
            var session = await db.TreatmentSessions.SingleAsync(s => s.Id == sessionId);
            session.Status = SessionStatus.Cancelled;
            session.CancelledAt = T0.AddMinutes(10);
            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            var refused = await Assert.ThrowsAsync<DbUpdateException>(() => NewRows.InsertAsync(db, [Reading(sessionId, T0.AddMinutes(11)), Audit()]));
            Assert.True(VitalsAfterClose.Is(refused), refused.InnerException?.Message);

            // Recorded before the close, it passes.
            await NewRows.InsertAsync(db, [Reading(sessionId, T0.AddMinutes(9)), Audit()]);
        }

        await using var check = database.NewContext();
        Assert.Equal(1, await check.Set<VitalsReading>().CountAsync());
        Assert.Equal(1, await check.AuditEvents.CountAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task InATransactionTheContextOpened_TheRowsJoinIt(DatabaseProvider provider)
    {
        Providers.SkipIfUnavailable(provider);
        await using var database = await TestDatabase.CreateAsync(provider);
        var sessionId = await database.SeedOpenSessionAsync(T0);
        await using (var db = database.NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await NewRows.InsertAsync(db, [Reading(sessionId, T0), Audit()]);
            Assert.Equal(1, await db.Set<VitalsReading>().CountAsync());
            await transaction.RollbackAsync();
            Assert.Equal(0, await db.Set<VitalsReading>().CountAsync());
        }

        await using (var db = database.NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await NewRows.InsertAsync(db, [Reading(sessionId, T0), Audit()]);
            db.AuditEvents.Add(Audit());
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        await using var check = database.NewContext();
        Assert.Equal(1, await check.Set<VitalsReading>().CountAsync());
        Assert.Equal(2, await check.AuditEvents.CountAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task AGuardedRow_IsWrittenOnlyIfStillAsRead_AndTheRowsAreInsertedEitherWay(DatabaseProvider provider)
    {
        Providers.SkipIfUnavailable(provider);
        await using var database = await TestDatabase.CreateAsync(provider);
        var patientId = await SeededPatientAsync(database);

        PatientOutcomeSnapshot Snapshot(int sessions, Guid version) => new()
        {
            PatientId = patientId, Modality = TreatmentModality.Iv, Indication = TreatmentIndication.Both, FirstTreatmentAt = T0, SessionsGiven = sessions,
            BaselinePhq9 = 19, LatestPhq9 = 7.5m, Responded = true, RespondedAt = T0.AddDays(sessions), ResponseDurationDays = 12.25,
            TrajectoryJson = "{\"phq9\":[]}", ComputedAt = T0.AddHours(sessions), SettingsFingerprint = "f00d", Version = version,
        };
        async Task<bool> WriteAsync(PatientOutcomeSnapshot row, bool stored, Guid? read)
        {
            await using var db = database.NewContext();
            return await NewRows.InsertAsync(db, [Audit()], new GuardedRow(row, stored, read));
        }

        async Task<PatientOutcomeSnapshot> StoredAsync()
        {
            await using var db = database.NewContext();
            return await db.PatientOutcomeSnapshots.AsNoTracking().SingleAsync(s => s.PatientId == patientId);
        }

        var first = Guid.NewGuid();
        Assert.True(await WriteAsync(Snapshot(1, first), stored: false, read: null));            // none stored: inserted
        Assert.False(await WriteAsync(Snapshot(2, Guid.NewGuid()), stored: false, read: null));  // one stored by then: left
        Assert.Equal((1, first), ((await StoredAsync()).SessionsGiven, (await StoredAsync()).Version));

        Assert.False(await WriteAsync(Snapshot(3, Guid.NewGuid()), stored: true, read: Guid.NewGuid()));   // another version stored: left
        Assert.Equal((1, first), ((await StoredAsync()).SessionsGiven, (await StoredAsync()).Version));

        var next = Snapshot(4, Guid.NewGuid());
        next.Remitted = false;
        next.LocationId = null;
        Assert.True(await WriteAsync(next, stored: true, read: first));   // still as read: every column written
        var stored = await StoredAsync();
        Assert.Equivalent(next, stored, strict: true);
        Assert.Equal(T0.AddHours(4), stored.ComputedAt);

        await using (var db = database.NewContext())
        {
            Assert.Equal(4, await db.AuditEvents.CountAsync());   // the rows beside it, whether it was written or not
            await Assert.ThrowsAsync<NotSupportedException>(() => NewRows.InsertAsync(db, [Audit()], new GuardedRow(Audit(), Stored: false, ReadToken: null)));
            Assert.Equal(4, await db.AuditEvents.CountAsync());
        }
    }

    [Fact]
    public async Task PendingChanges_AKeyNotSet_AndNoRows_AreRefused()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var sessionId = await database.SeedOpenSessionAsync(T0);
        await using var db = database.NewContext();

        db.AuditEvents.Add(Audit());
        await Assert.ThrowsAsync<InvalidOperationException>(() => NewRows.InsertAsync(db, [Reading(sessionId, T0)]));
        db.ChangeTracker.Clear();

        await Assert.ThrowsAsync<InvalidOperationException>(() => NewRows.InsertAsync(db, [Reading(sessionId, T0, Guid.Empty)]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => NewRows.InsertAsync(db, []));
        await Assert.ThrowsAsync<ArgumentException>(() => NewRows.InsertAsync(db, ["not an entity"]));
        Assert.Equal(0, await db.Set<VitalsReading>().CountAsync());
        Assert.Equal(0, await db.AuditEvents.CountAsync());
    }

    [Fact]
    public async Task OnSqlite_TheRowsWaitTheirTurnInTheWriteQueue()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var sessionId = await database.SeedOpenSessionAsync(T0);
        var hold = new HeldSave();
        var held = Task.Run(async () =>
        {
            await using var db = new RespiteDbContext(new DbContextOptionsBuilder<RespiteDbContext>(database.Options).AddInterceptors(hold).Options);
            db.AuditEvents.Add(Audit());
            await db.SaveChangesAsync();
        });
        await hold.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // A save has the queue: the rows wait behind it.
        var insert = Task.Run(async () =>
        {
            await using var db = database.NewContext();
            await NewRows.InsertAsync(db, [Reading(sessionId, T0), Audit()]);
        });
        await Task.Delay(500);
        Assert.False(insert.IsCompleted, "the rows were written while a save had the queue");

        var clock = Stopwatch.StartNew();
        hold.Release.SetResult();
        await held;
        await insert;
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the rows waited {clock.Elapsed} after the save");

        await using var check = database.NewContext();
        Assert.Equal(2, await check.AuditEvents.CountAsync());
        Assert.Equal(1, await check.Set<VitalsReading>().CountAsync());
    }

    /// <summary>Holds a save, with the write queue taken (it runs after SqliteWriteGate), until released.</summary>
    internal sealed class HeldSave : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(
            Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            Entered.TrySetResult();
            await Release.Task;
            return result;
        }
    }

    private static async Task<Dictionary<string, object?>> StoredAsync(RespiteDbContext db, string table, string keyColumn, object key)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<Dictionary<string, object?>>();
            while (await reader.ReadAsync())
            {
                rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
            }

            // SQLite holds a key as text (EF Core writes it in upper case), PostgreSQL as uuid.
            return Assert.Single(rows, r => string.Equals(r[keyColumn]?.ToString(), key.ToString(), StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static Dictionary<string, object?> Without(Dictionary<string, object?> row, params string[] columns) =>
        row.Where(c => !columns.Contains(c.Key)).ToDictionary();

    private static VitalsReading Reading(Guid sessionId, DateTimeOffset recordedAt, Guid? id = null) => new()
    {
        Id = id ?? Guid.NewGuid(), SessionId = sessionId, TakenAt = recordedAt.AddSeconds(-30), Systolic = 120, Diastolic = 80, HeartRate = 70,
        SpO2 = 98, RecordedAt = recordedAt, RecordedByUserId = "nurse",
    };

    /// <summary>Seeds an open session at <see cref="T0"/>; returns its patient.</summary>
    private static async Task<Guid> SeededPatientAsync(TestDatabase database)
    {
        var sessionId = await database.SeedOpenSessionAsync(T0);
        await using var db = database.NewContext();
        return await db.TreatmentSessions.Where(s => s.Id == sessionId).Select(s => s.PatientId).SingleAsync();
    }

    private static AuditEvent Audit() => new()
    {
        OccurredAt = T0, UserId = "nurse", Action = AuditAction.Create, EntityType = "VitalsReading", Outcome = AuditOutcome.Success,
    };
}

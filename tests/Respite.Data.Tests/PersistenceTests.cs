using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Patients;
using Respite.Clinical.Screening;
using Respite.Data.Assessments;
using Respite.Data.Auditing;
using Respite.Data.Patients;
using Respite.Data.Sessions;

namespace Respite.Data.Tests;

/// <summary>Every test runs on SQLite and on PostgreSQL, against a schema built by that provider's real migrations.</summary>
public sealed class PersistenceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    [SkippableTheory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Migrations_CreateEveryTable(DatabaseProvider provider)
    {
        Providers.SkipIfUnavailable(provider);
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await db.Patients.CountAsync());
        Assert.Equal(0, await db.AuditEvents.CountAsync());
        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Equal(0, await db.DataProtectionKeys.CountAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Patient_WithCollectionsAndEnums_RoundTrips(DatabaseProvider provider)
    {
        Providers.SkipIfUnavailable(provider);
        await using var database = await TestDatabase.CreateAsync(provider);
        var id = Guid.NewGuid();
        await using (var db = database.NewContext())
        {
            var patient = NewPatient(id, "R-000001", "Ängström", T0);
            patient.MedicalFlags = [MedicalFlag.Hypertension, MedicalFlag.Psychosis];
            patient.PainSymptoms = [PainSymptom.BurningPain, PainSymptom.SuicidalThoughts];
            patient.Conditions.Add(new PatientCondition { Icd10Code = "G90.50", Text = "CRPS I", Category = ConditionCategory.ChronicPain });
            patient.AntidepressantTrials.Add(new AntidepressantTrialRecord { Drug = "Sertraline", DoseMg = 150.5m, Weeks = 8, Adequate = true });
            patient.Weights.Add(new WeightMeasurement { WeightKg = 72.35m, MeasuredOn = new DateOnly(2026, 2, 27), RecordedAt = T0 });
            db.Patients.Add(patient);
            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            var read = await db.Patients.Include(p => p.Conditions).Include(p => p.AntidepressantTrials).Include(p => p.Weights).SingleAsync(p => p.Id == id);
            Assert.Equal("Ängström", read.FamilyName);
            Assert.Equal(Sex.Female, read.Sex);
            Assert.Equal(new DateOnly(1980, 5, 17), read.DateOfBirth);
            Assert.Equal([MedicalFlag.Hypertension, MedicalFlag.Psychosis], read.MedicalFlags);
            Assert.Equal([PainSymptom.BurningPain, PainSymptom.SuicidalThoughts], read.PainSymptoms);
            Assert.Equal("G90.50", read.Conditions.Single().Icd10Code);
            Assert.Equal(150.5m, read.AntidepressantTrials.Single().DoseMg);
            Assert.Equal(72.35m, read.Weights.Single().WeightKg);
            Assert.Equal(T0, read.CreatedAt);
            Assert.Equal(TimeSpan.Zero, read.CreatedAt.Offset);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Assessments_OrderAndFilterByInstant(DatabaseProvider provider)
    {
        Providers.SkipIfUnavailable(provider);
        await using var database = await TestDatabase.CreateAsync(provider);
        var id = Guid.NewGuid();
        await using (var db = database.NewContext())
        {
            db.Patients.Add(NewPatient(id, "R-000002", "Order", T0));
            foreach (var (hours, total) in new[] { (5, 12m), (-2, 20m), (30, 3m) })
            {
                db.Assessments.Add(new Assessment
                {
                    Id = Guid.NewGuid(), PatientId = id, InstrumentCode = "phq9", AnswersJson = "[]", Total = total, Band = "x",
                    Flags = ["suicidal-ideation"], AnsweredAt = T0.AddHours(hours).ToOffset(TimeSpan.FromHours(-5)), RecordedAt = T0,
                });
            }

            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            var ordered = await db.Assessments.Where(a => a.PatientId == id && a.AnsweredAt > T0).OrderByDescending(a => a.AnsweredAt).Select(a => a.Total).ToListAsync();
            Assert.Equal([3m, 12m], ordered);
            var flags = await db.Assessments.Where(a => a.PatientId == id).Select(a => a.Flags).FirstAsync();
            Assert.Equal(["suicidal-ideation"], flags);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Patient_ConcurrentEdits_SecondSaveIsRejected(DatabaseProvider provider)
    {
        Providers.SkipIfUnavailable(provider);
        await using var database = await TestDatabase.CreateAsync(provider);
        var id = Guid.NewGuid();
        await using (var db = database.NewContext())
        {
            db.Patients.Add(NewPatient(id, "R-000003", "Concurrent", T0));
            await db.SaveChangesAsync();
        }

        await using var first = database.NewContext();
        await using var second = database.NewContext();
        var a = await first.Patients.SingleAsync(p => p.Id == id);
        var b = await second.Patients.SingleAsync(p => p.Id == id);
        a.GivenName = "First";
        a.Version = Guid.NewGuid();
        await first.SaveChangesAsync();
        b.GivenName = "Second";
        b.Version = Guid.NewGuid();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task RecordNumber_IsUnique(DatabaseProvider provider)
    {
        Providers.SkipIfUnavailable(provider);
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        db.Patients.Add(NewPatient(Guid.NewGuid(), "R-000009", "One", T0));
        db.Patients.Add(NewPatient(Guid.NewGuid(), "R-000009", "Two", T0));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task AuditEvents_AreAppendOnly_InTheContextAndInTheDatabase(DatabaseProvider provider)
    {
        Providers.SkipIfUnavailable(provider);
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            db.AuditEvents.Add(new AuditEvent { OccurredAt = T0, Action = AuditAction.Read, EntityType = "Patient", Outcome = AuditOutcome.Success });
            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            var row = await db.AuditEvents.SingleAsync();
            row.Outcome = AuditOutcome.Denied;
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        await using (var db = database.NewContext())
        {
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_events SET \"Outcome\" = 'Denied'"));
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_events"));
            Assert.Equal(AuditOutcome.Success, (await db.AuditEvents.AsNoTracking().SingleAsync()).Outcome);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task VitalsReading_RecordedAfterItsSessionClosed_IsRefusedByTheDatabase_WithTheRestOfTheSave(DatabaseProvider provider)
    {
        Providers.SkipIfUnavailable(provider);
        await using var database = await TestDatabase.CreateAsync(provider);
        var patientId = Guid.NewGuid();
        TreatmentSession Session(SessionStatus status, DateTimeOffset? dischargedAt, DateTimeOffset? cancelledAt) => new()
        {
            Id = Guid.NewGuid(), PatientId = patientId, Kind = SessionKind.IvInfusion, Status = status, CheckedInAt = T0,
            CheckedInByUserId = "nurse", DischargedAt = dischargedAt, CancelledAt = cancelledAt, Version = Guid.NewGuid(),
        };
        var open = Session(SessionStatus.InProgress, null, null);
        var discharged = Session(SessionStatus.Discharged, T0.AddMinutes(90), null);
        var cancelled = Session(SessionStatus.Cancelled, null, T0.AddMinutes(10));
        await using (var db = database.NewContext())
        {
            db.Patients.Add(NewPatient(patientId, "R-000001", "Vitals", T0));
            db.AddRange(open, discharged, cancelled);

            // Readings recorded before the close pass: a clinic's history is written with its sessions already closed.
            db.AddRange(Reading(discharged.Id, T0.AddMinutes(90)), Reading(cancelled.Id, T0.AddMinutes(5)));
            await db.SaveChangesAsync();
        }

        foreach (var (sessionId, recordedAt) in new[] { (discharged.Id, T0.AddMinutes(90).AddTicks(10)), (cancelled.Id, T0.AddHours(3)) })
        {
            await using var db = database.NewContext();
            db.Add(Reading(sessionId, recordedAt));
            db.AuditEvents.Add(new AuditEvent { OccurredAt = recordedAt, Action = AuditAction.Create, EntityType = "VitalsReading", Outcome = AuditOutcome.Success });
            var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.True(VitalsAfterClose.Is(refused), refused.InnerException?.Message);
        }

        await using (var db = database.NewContext())
        {
            db.Add(Reading(open.Id, T0.AddHours(5)));
            await db.SaveChangesAsync();
            Assert.Equal(3, await db.Set<VitalsReading>().CountAsync());
            Assert.Equal(0, await db.AuditEvents.CountAsync());
        }
    }

    private static VitalsReading Reading(Guid sessionId, DateTimeOffset recordedAt) => new()
    {
        Id = Guid.NewGuid(), SessionId = sessionId, TakenAt = recordedAt.AddSeconds(-30), Systolic = 120, Diastolic = 80, HeartRate = 70,
        SpO2 = 98, RecordedAt = recordedAt, RecordedByUserId = "nurse",
    };

    private static Patient NewPatient(Guid id, string recordNumber, string family, DateTimeOffset at)
    {
        var patient = new Patient
        {
            Id = id, RecordNumber = recordNumber, GivenName = "Test", FamilyName = family, DateOfBirth = new DateOnly(1980, 5, 17),
            Sex = Sex.Female, CreatedAt = at, UpdatedAt = at, Version = Guid.NewGuid(),
        };
        patient.RefreshSearchText();
        return patient;
    }
}

using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Respite.Data;
using Respite.Data.Assessments;
using Respite.Data.Identity;
using Respite.Data.Outcomes;
using Respite.Data.Patients;
using Respite.Data.Plans;
using Respite.Data.Postgres;
using Respite.Data.Sessions;
using Respite.Data.Sqlite;
using Respite.Web.Features.Outcomes;
using Respite.Web.Features.Settings;
using Respite.Web.Tests.Infrastructure;
using Respite.Web.Tooling;

namespace Respite.Web.Tests;

/// <summary>
/// Every stored outcome snapshot says what the patient's own outcome summary says, which reads the scores and sessions
/// by its own queries: after a generated history (snapshots computed many patients at a time) and after a new score
/// (one patient), on SQLite and on PostgreSQL.
/// </summary>
public sealed class OutcomeSnapshotAgreementTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    [Fact]
    public Task Snapshots_AgreeWithEachPatientsSummary_OnSqlite() => AgreeAsync(factory);

    [SkippableFact]
    public Task Snapshots_AgreeWithEachPatientsSummary_OnPostgres() => PostgresHostTests.OnFreshDatabaseAsync(AgreeAsync);

    [Fact]
    public async Task RecomputingInAScopeThatHoldsTheSnapshot_UpdatesThatRow()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RespiteDbContext>();
        var service = scope.ServiceProvider.GetRequiredService<OutcomeSnapshotService>();
        var patientId = await db.PatientOutcomeSnapshots.OrderBy(s => s.PatientId).Select(s => s.PatientId).FirstAsync();
        var held = await db.PatientOutcomeSnapshots.SingleAsync(s => s.PatientId == patientId);
        held.ComputedAt = DateTimeOffset.UnixEpoch;

        await service.RecomputeAsync(patientId);
        await service.RecomputeAsync(patientId);

        Assert.True(held.ComputedAt > DateTimeOffset.UnixEpoch);
        var stored = await factory.WithDbAsync(d => d.PatientOutcomeSnapshots.AsNoTracking().Where(s => s.PatientId == patientId).ToListAsync());
        Assert.Equal(held.ComputedAt, Assert.Single(stored).ComputedAt);
        Assert.Equal(held.SessionsGiven, stored[0].SessionsGiven);
    }

    [Fact]
    public async Task APatientWithNoDosedSessionLeft_LosesTheSnapshot_HeldOrNot()
    {
        var patients = await factory.WithDbAsync(db => db.PatientOutcomeSnapshots.OrderBy(s => s.PatientId).Select(s => s.PatientId).Skip(1).Take(2).ToListAsync());
        Assert.Equal(2, patients.Count);
        await factory.WithDbAsync(db => db.TreatmentSessions.Where(s => patients.Contains(s.PatientId))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SessionStatus.Cancelled)));

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RespiteDbContext>();
            await db.PatientOutcomeSnapshots.SingleAsync(s => s.PatientId == patients[0]);   // held by the context
            await scope.ServiceProvider.GetRequiredService<OutcomeSnapshotService>().RecomputeAsync(patients);
        }

        Assert.Equal(0, await factory.WithDbAsync(db => db.PatientOutcomeSnapshots.CountAsync(s => patients.Contains(s.PatientId))));
    }

    [Fact]
    public Task AScore_WhoseSnapshotIsWrittenBetweenItsReadAndItsUnit_LeavesBothScoresInIt_OnSqlite() =>
        ComeBetweenAsync(factory, (service, score) => service.InsertWithScoreAsync([score], score), competing: 1);

    [SkippableFact]
    public Task AScore_WhoseSnapshotIsWrittenBetweenItsReadAndItsUnit_LeavesBothScoresInIt_OnPostgres() =>
        PostgresHostTests.OnFreshDatabaseAsync(f => ComeBetweenAsync(f, (service, score) => service.InsertWithScoreAsync([score], score), competing: 1));

    [Fact]
    public Task ARecompute_WhoseSnapshotIsWrittenBetweenItsReadAndItsSave_ReadsAgain_OnSqlite() =>
        ComeBetweenAsync(factory, (service, score) => service.RecomputeAsync(score.PatientId), competing: 2, recordFirst: true);

    [SkippableFact]
    public Task ARecompute_WhoseSnapshotIsWrittenBetweenItsReadAndItsSave_ReadsAgain_OnPostgres() =>
        PostgresHostTests.OnFreshDatabaseAsync(f => ComeBetweenAsync(f, (service, score) => service.RecomputeAsync(score.PatientId), competing: 2, recordFirst: true));

    /// <summary>
    /// A PHQ-9 of 20 answered an hour ago is written by <paramref name="write"/> on a context of its own; right after
    /// that write has read the patient's facts, a PHQ-9 answered now (every item <paramref name="competing"/>, which no
    /// other test's latest score is) is recorded through the API, and its request writes the snapshot. The snapshot must
    /// then hold both (the new PHQ-9 is the latest), as the summary does. With
    /// <paramref name="recordFirst"/> the PHQ-9 of 20 is stored before, and <paramref name="write"/> only recomputes.
    /// </summary>
    private static async Task ComeBetweenAsync(
        RespiteWebApplicationFactory factory, Func<OutcomeSnapshotService, Assessment, Task> write, int competing, bool recordFirst = false)
    {
        var patientId = await factory.WithDbAsync(db => db.PatientOutcomeSnapshots.OrderBy(s => s.PatientId).Select(s => s.PatientId).FirstAsync());
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var now = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var score = new Assessment
        {
            Id = Guid.CreateVersion7(), PatientId = patientId, InstrumentCode = "phq9", AnswersJson = "[3,3,3,3,3,3,2,0,0]", Total = 20,
            Band = "moderately-severe", Flags = [], Context = AssessmentContext.PreSession, Respondent = Respondent.Patient,
            AnsweredAt = now.AddHours(-1), RecordedAt = now, RecordedByUserId = "test",
        };
        if (recordFirst)
        {
            await factory.WithDbAsync(async db =>
            {
                await NewRows.InsertAsync(db, [score]);
                return score.Id;
            });
        }

        var between = new AfterFactsRead(async () =>
        {
            var response = await nurse.PostAsJsonAsync($"/api/patients/{patientId}/assessments", new { instrument = "phq9", answers = Enumerable.Repeat(competing, 9).ToArray() });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        });
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var pooled = scope.ServiceProvider.GetRequiredService<RespiteDbContext>();
            var options = new DbContextOptionsBuilder<RespiteDbContext>();
            if (pooled.Database.IsSqlite())
            {
                SqliteDatabase.Configure(options, pooled.Database.GetConnectionString()!);
            }
            else
            {
                PostgresDatabase.Configure(options, pooled.Database.GetConnectionString()!);
            }

            await using var db = new RespiteDbContext(options.AddInterceptors(between).Options);
            var settings = ActivatorUtilities.CreateInstance<ClinicSettingsService>(scope.ServiceProvider, db);
            await write(ActivatorUtilities.CreateInstance<OutcomeSnapshotService>(scope.ServiceProvider, db, settings), score);
        }

        Assert.Equal(1, between.Runs);
        var snapshot = await factory.WithDbAsync(db => db.PatientOutcomeSnapshots.AsNoTracking().SingleAsync(s => s.PatientId == patientId));
        Assert.Equal(9m * competing, snapshot.LatestPhq9);
        Assert.True(await factory.WithDbAsync(db => db.Assessments.AnyAsync(a => a.Id == score.Id)));
        await CompareAllAsync(factory);
    }

    /// <summary>Runs an action once, when the first read of outcome facts (a UNION ALL ending in the stored snapshot) on its context has read its rows.</summary>
    private sealed class AfterFactsRead(Func<Task> action) : DbCommandInterceptor
    {
        public int Runs { get; private set; }

        public override async ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
        {
            if (Runs == 0 && command.CommandText.Contains("UNION ALL", StringComparison.Ordinal)
                && command.CommandText.Contains("patient_outcome_snapshots", StringComparison.Ordinal))
            {
                Runs++;
                await action();
            }

            return result;
        }
    }

    private static async Task AgreeAsync(RespiteWebApplicationFactory factory)
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var counts = await scope.ServiceProvider.GetRequiredService<ClinicHistoryGenerator>()
                .GenerateAsync(new HistoryOptions(Patients: 30, Seed: 11, Years: 2, Locations: 2));
            Assert.Equal(30, counts.Snapshots);
        }

        var compared = await CompareAllAsync(factory);
        Assert.True(compared >= 30, $"{compared} snapshots");   // the generated patients, and the demo's treated ones

        // A new PHQ-9 and a new pain score for one patient: that patient's snapshot follows both.
        var patientId = await factory.WithDbAsync(db => db.PatientOutcomeSnapshots.OrderBy(s => s.PatientId).Select(s => s.PatientId).FirstAsync());
        var before = await factory.WithDbAsync(db => db.PatientOutcomeSnapshots.AsNoTracking().SingleAsync(s => s.PatientId == patientId));
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var phq9 = await nurse.PostAsJsonAsync($"/api/patients/{patientId}/assessments", new { instrument = "phq9", answers = new[] { 3, 3, 3, 3, 3, 3, 3, 0, 0 } });
        Assert.Equal(HttpStatusCode.Created, phq9.StatusCode);
        var pain = await nurse.PostAsJsonAsync($"/api/patients/{patientId}/assessments", new { instrument = "nrs-pain", answers = new[] { 9 } });
        Assert.Equal(HttpStatusCode.Created, pain.StatusCode);
        var after = await factory.WithDbAsync(db => db.PatientOutcomeSnapshots.AsNoTracking().SingleAsync(s => s.PatientId == patientId));
        Assert.Equal(21m, after.LatestPhq9);
        Assert.Equal(9m, after.LatestPain);
        Assert.True(after.ComputedAt > before.ComputedAt);
        Assert.Equal(compared, await CompareAllAsync(factory));
    }

    /// <summary>Compares every snapshot with the summary and the record; returns how many were compared.</summary>
    private static async Task<int> CompareAllAsync(RespiteWebApplicationFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RespiteDbContext>();
        var outcomes = scope.ServiceProvider.GetRequiredService<OutcomeService>();
        var snapshots = await db.PatientOutcomeSnapshots.AsNoTracking().ToListAsync();
        var treated = await db.TreatmentSessions.AsNoTracking()
            .Where(s => s.Status == SessionStatus.InProgress || s.Status == SessionStatus.Discharged)
            .Select(s => new { s.PatientId, s.Kind })
            .ToListAsync();
        Assert.Equal(treated.Select(s => s.PatientId).Distinct().Order(), snapshots.Select(s => s.PatientId).Order());

        foreach (var snapshot in snapshots)
        {
            var summary = (await outcomes.BuildAsync(snapshot.PatientId, CancellationToken.None)).Summary;
            var id = snapshot.PatientId.ToString();
            Assert.Equal((id, summary.SessionsGiven), (id, snapshot.SessionsGiven));
            Assert.Equal((id, summary.FirstTreatmentAt), (id, snapshot.FirstTreatmentAt));
            Assert.Equal((id, summary.LastSessionAt), (id, snapshot.LastTreatmentAt));
            Assert.Equal((id, summary.Depression.Baseline?.Value), (id, snapshot.BaselinePhq9));
            Assert.Equal((id, summary.Depression.Latest?.Value), (id, snapshot.LatestPhq9));
            Assert.Equal((id, summary.Depression.Responded), (id, snapshot.Responded));
            Assert.Equal((id, summary.Depression.Remitted), (id, snapshot.Remitted));
            Assert.Equal((id, summary.Pain.Baseline?.Value), (id, snapshot.BaselinePain));
            Assert.Equal((id, summary.Pain.Latest?.Value), (id, snapshot.LatestPain));
            Assert.Equal((id, summary.Pain.Meaningful), (id, snapshot.PainMeaningful));
            Assert.Equal((id, summary.DualResponse), (id, snapshot.DualResponse));
            Assert.Equal((id, summary.DepressionRelapse.RespondedAt), (id, snapshot.RespondedAt));
            Assert.Equal((id, summary.DepressionRelapse.RelapsedAt), (id, snapshot.RelapsedAt));

            var kinds = treated.Where(s => s.PatientId == snapshot.PatientId).Select(s => s.Kind).Distinct().ToList();
            var modality = kinds.Count == 2 ? TreatmentModality.Both : kinds[0] == SessionKind.IvInfusion ? TreatmentModality.Iv : TreatmentModality.Esketamine;
            Assert.Equal((id, modality), (id, snapshot.Modality));
            Assert.Equal((id, await IndicationAsync(db, snapshot.PatientId)), (id, snapshot.Indication));
        }

        return snapshots.Count;
    }

    private static async Task<TreatmentIndication> IndicationAsync(RespiteDbContext db, Guid patientId)
    {
        var named = (await db.TreatmentPlans.AsNoTracking().Where(p => p.PatientId == patientId && p.Status != PlanStatus.Draft).ToListAsync())
            .SelectMany(p => p.Indications).ToHashSet();
        bool depression = named.Contains("depression"), pain = named.Contains("chronic-pain");
        if (!depression && !pain)
        {
            var categories = await db.PatientConditions.AsNoTracking().Where(c => c.PatientId == patientId).Select(c => c.Category).ToListAsync();
            depression = categories.Contains(ConditionCategory.Depression);
            pain = categories.Contains(ConditionCategory.ChronicPain);
        }

        return depression && pain ? TreatmentIndication.Both
            : depression ? TreatmentIndication.Depression
            : pain ? TreatmentIndication.Pain
            : TreatmentIndication.Unspecified;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Auditing;
using Respite.Data.Sessions;
using Respite.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Respite.Reliability.Tests;

/// <summary>
/// Nothing acknowledged is lost when the server is killed (SIGKILL) while nurses chart: 8 clients chart vitals on their
/// own sessions, the process is killed after a seeded random time, started again on the same database, and every
/// acknowledged reading must be there (API and database), with its audit event, no orphan row, and new writes accepted.
/// The seed is RESPITE_CRASH_SEED (default 20260); the figures are printed. See docs/reliability.md.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Clients = 8;
    private const int Cycles = 3;

    [Fact]
    public async Task KillDuringCharting_Sqlite_KeepsEveryAcknowledgedReading()
    {
        await using var database = TestDatabase.Sqlite();
        await RunAsync(database);
    }

    [SkippableFact]
    public async Task KillDuringCharting_Postgres_KeepsEveryAcknowledgedReading()
    {
        await using var database = await TestDatabase.PostgresAsync();
        await RunAsync(database);
    }

    private async Task RunAsync(TestDatabase database)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("RESPITE_CRASH_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 20260;
        var random = new Random(seed);
        var total = Stopwatch.StartNew();
        var server = await ServerProcess.StartAsync(database);
        try
        {
            using var desk = await ClinicClient.SignInAsync(server.Address, ClinicClient.FrontDesk);
            using var signedIn = await ClinicClient.SignInAsync(server.Address, ClinicClient.Nurse);
            var sessions = new List<Guid>();
            for (var i = 0; i < Clients; i++)
            {
                sessions.Add(await signedIn.CheckInAsync(await desk.RegisterPatientAsync($"Crash{i}")));
            }

            var acknowledged = new ConcurrentDictionary<Guid, Guid>();
            var unexpected = new ConcurrentQueue<string>();
            output.WriteLine($"{database.Provider}, seed {seed}, {Clients} clients, {Cycles} cycles");
            for (var cycle = 1; cycle <= Cycles; cycle++)
            {
                var runFor = TimeSpan.FromMilliseconds(random.Next(1500, 3500));
                var killed = false;
                using var nurse = signedIn.At(server.Address);
                var before = acknowledged.Count;
                var clients = sessions.Select((session, client) => Task.Run(async () =>
                {
                    for (var sequence = 0; ; sequence++)
                    {
                        try
                        {
                            acknowledged[await nurse.ChartVitalsAsync(session, sequence)] = session;
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
                        {
                            if (!Volatile.Read(ref killed))
                            {
                                unexpected.Enqueue($"cycle {cycle}, client {client}, before the kill: {e.Message}");
                            }

                            return;
                        }
                    }
                })).ToList();

                await Task.Delay(runFor);
                Volatile.Write(ref killed, true);
                await server.KillAsync();
                await Task.WhenAll(clients);
                var thisCycle = acknowledged.Count - before;

                var restart = Stopwatch.StartNew();
                server = await ServerProcess.StartAsync(database);
                var restartedIn = restart.Elapsed;
                var found = await VerifyAsync(database, signedIn.At(server.Address), sessions, acknowledged);

                // The restarted server takes new writes at once (and the next cycle charts on).
                using var after = signedIn.At(server.Address);
                foreach (var session in sessions)
                {
                    acknowledged[await after.ChartVitalsAsync(session, 0)] = session;
                }

                output.WriteLine(
                    $"cycle {cycle}: killed after {runFor.TotalMilliseconds:F0} ms, {thisCycle} writes acknowledged in the cycle, " +
                    $"{found.Acknowledged} of {found.Acknowledged} acknowledged so far found; {found.Stored} readings stored " +
                    $"({found.Stored - found.Acknowledged} committed without their acknowledgement reaching the client); restart {restartedIn.TotalSeconds:F1} s");
            }

            Assert.Empty(unexpected);
            if (database.IsSqlite)
            {
                await using var db = database.NewContext();
                Assert.Equal("wal", await DatabaseChecks.ScalarAsync(db, "PRAGMA journal_mode"));
                Assert.True(await DatabaseChecks.ScalarAsync(db, "PRAGMA synchronous") == "2", "SQLite's synchronous default is FULL (2): every commit is synced.");
            }

            output.WriteLine($"total: {acknowledged.Count} writes acknowledged, all found, in {total.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Every acknowledged reading is shown by the API and stored with its audit event; nothing is half-written.</summary>
    private static async Task<(int Acknowledged, int Stored)> VerifyAsync(
        TestDatabase database, ClinicClient nurse, List<Guid> sessions, ConcurrentDictionary<Guid, Guid> acknowledged)
    {
        using (nurse)
        {
            foreach (var session in sessions)
            {
                var shown = await nurse.ReadingIdsAsync(session);
                var missing = acknowledged.Where(a => a.Value == session && !shown.Contains(a.Key)).Select(a => a.Key).ToList();
                Assert.True(missing.Count == 0, $"{missing.Count} acknowledged readings of session {session} are not shown by the API: {string.Join(", ", missing.Take(5))}");
            }
        }

        await using var db = database.NewContext();
        var stored = await db.Set<VitalsReading>().Where(v => sessions.Contains(v.SessionId)).Select(v => new { v.Id, v.SessionId, v.PreDose }).ToListAsync();
        var storedIds = stored.Select(v => v.Id).ToHashSet();
        var audited = (await db.AuditEvents
                .Where(a => a.EntityType == "VitalsReading" && a.Action == AuditAction.Create && a.Outcome == AuditOutcome.Success)
                .Select(a => a.EntityId).ToListAsync())
            .Select(id => Guid.Parse(id!)).ToHashSet();

        var lost = acknowledged.Keys.Where(id => !storedIds.Contains(id)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged readings are not in the database.");
        Assert.All(stored, v => Assert.Equal(acknowledged.GetValueOrDefault(v.Id, v.SessionId), v.SessionId));
        var charted = stored.Count(v => !v.PreDose);
        // Reading and audit event are one transaction: neither exists without the other. (The baseline reading of the
        // check-in is audited with the session it belongs to.)
        Assert.DoesNotContain(stored, v => !v.PreDose && !audited.Contains(v.Id));
        var everyReading = (await db.Set<VitalsReading>().Select(v => v.Id).ToListAsync()).ToHashSet();
        Assert.Empty(audited.Except(everyReading));
        Assert.Empty(await DatabaseChecks.OrphansAsync(db));
        if (database.IsSqlite)
        {
            Assert.Equal("ok", await DatabaseChecks.SqliteIntegrityAsync(db));
        }

        return (acknowledged.Count, charted);
    }
}

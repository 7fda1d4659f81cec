using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Auditing;
using Respite.Data.Sessions;
using Respite.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Respite.Reliability.Tests;

/// <summary>
/// <c>backup --out FILE</c> and <c>restore --from FILE</c> (docs/reliability.md): a backup taken while nurses chart restores
/// into an empty database as one consistent state; a backup of the stopped clinic restores with every row of every table
/// equal, the append-only audit trigger still refusing changes, and the server running on the copy.
/// </summary>
public sealed class BackupRestoreTests(ITestOutputHelper output)
{
    [Fact]
    public async Task BackupAndRestore_Sqlite_CopiesEveryTableExactly()
    {
        await using var database = TestDatabase.Sqlite();
        await RunAsync(database);
    }

    [SkippableFact]
    public async Task BackupAndRestore_Postgres_CopiesEveryTableExactly()
    {
        await using var database = await TestDatabase.PostgresAsync();
        await RunAsync(database);
    }

    private async Task RunAsync(TestDatabase source)
    {
        var watch = Stopwatch.StartNew();
        // Realistic data: two years of a small clinic's history, then the demo clinic and sessions charted over HTTP.
        await CommandAsync(source, "generate-history", "--patients", "12", "--seed", "5", "--years", "2", "--locations", "1");
        var server = await ServerProcess.StartAsync(source);
        Guid session;
        var online = Path.Combine(source.Directory, "online.backup");
        try
        {
            using var desk = await ClinicClient.SignInAsync(server.Address, ClinicClient.FrontDesk);
            using var nurse = await ClinicClient.SignInAsync(server.Address, ClinicClient.Nurse);
            var sessions = new List<Guid>();
            for (var i = 0; i < 4; i++)
            {
                sessions.Add(await nurse.CheckInAsync(await desk.RegisterPatientAsync($"Backup{i}")));
            }

            session = sessions[0];
            using var stop = new CancellationTokenSource();
            var charting = sessions.Select(s => Task.Run(async () =>
            {
                var n = 0;
                while (!stop.IsCancellationRequested)
                {
                    await nurse.ChartVitalsAsync(s, n++);
                }

                return n;
            })).ToList();

            // The online backup is taken while the four sessions are being charted.
            await Task.Delay(500);
            await CommandAsync(source, "backup", "--out", online);
            await stop.CancelAsync();
            var charted = (await Task.WhenAll(charting)).Sum();
            output.WriteLine($"{source.Provider}: {charted} readings charted by 4 clients while the online backup ran");
        }
        finally
        {
            await server.DisposeAsync();
        }

        // The online copy is one committed state: every reading has its audit event, nothing refers to a missing row.
        await using (var fromOnline = await source.SiblingAsync())
        {
            await CommandAsync(fromOnline, "restore", "--from", online);
            await using var db = fromOnline.NewContext();
            Assert.Empty(await DatabaseChecks.OrphansAsync(db));
            var audited = (await db.AuditEvents.Where(a => a.EntityType == "VitalsReading" && a.Action == AuditAction.Create && a.Outcome == AuditOutcome.Success)
                .Select(a => a.EntityId).ToListAsync()).ToHashSet();
            var readings = await db.Set<VitalsReading>().Where(v => !v.PreDose && v.RecordedByUserId != "history-generator")
                .Select(v => v.Id).ToListAsync();
            Assert.NotEmpty(readings);
            Assert.All(readings, id => Assert.Contains(id.ToString(), audited));
            output.WriteLine($"online backup: {readings.Count} charted readings restored, each with its audit event, no orphan rows");
        }

        // The stopped clinic, backed up and restored into an empty database: every table equal, row for row.
        var file = Path.Combine(source.Directory, "clinic.backup");
        await CommandAsync(source, "backup", "--out", file);
        await using var target = await source.SiblingAsync();
        await CommandAsync(target, "restore", "--from", file);
        Dictionary<string, string> expected;
        await using (var db = source.NewContext())
        {
            expected = await DatabaseChecks.FingerprintAsync(db);
        }

        await using (var db = target.NewContext())
        {
            var actual = await DatabaseChecks.FingerprintAsync(db);
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (table, fingerprint) in expected)
            {
                Assert.True(fingerprint == actual[table], $"{table}: expected {fingerprint}, restored {actual[table]}");
            }

            // The append-only trigger came with the data.
            var change = await Assert.ThrowsAnyAsync<Exception>(() =>
                db.Database.ExecuteSqlRawAsync("UPDATE audit_events SET \"Detail\" = 'changed' WHERE \"Id\" = (SELECT min(\"Id\") FROM audit_events)"));
            Assert.Contains("append-only", change.Message, StringComparison.Ordinal);
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_events"));
            output.WriteLine($"{expected.Count} tables, {expected.Values.Sum(f => int.Parse(f.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture))} rows restored equal; " +
                $"{(new FileInfo(file).Length + 1023) / 1024} KiB backup; audit trigger refuses UPDATE and DELETE");
        }

        // Restore never overwrites: the target now holds data.
        var again = await ServerProcess.RunCommandAsync(target, "restore", "--from", file);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("empty", again.Output, StringComparison.Ordinal);

        // The server runs on the restored copy and shows the charted session.
        await using (var restored = await ServerProcess.StartAsync(target))
        {
            using var nurse = await ClinicClient.SignInAsync(restored.Address, ClinicClient.Nurse);
            Assert.NotEmpty(await nurse.ReadingIdsAsync(session));
            await nurse.ChartVitalsAsync(session, 0);
        }

        output.WriteLine($"{source.Provider}: done in {watch.Elapsed.TotalSeconds:F1} s");
    }

    private async Task CommandAsync(TestDatabase database, params string[] arguments)
    {
        var (exitCode, text) = await ServerProcess.RunCommandAsync(database, arguments);
        output.WriteLine($"$ {string.Join(' ', arguments[..1])}: {text.Trim().Split('\n').LastOrDefault()}");
        Assert.True(exitCode == 0, $"{string.Join(' ', arguments)} exited with {exitCode}:\n{text}");
    }
}

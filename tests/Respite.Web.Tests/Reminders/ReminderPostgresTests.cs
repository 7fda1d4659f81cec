using Microsoft.EntityFrameworkCore;
using Npgsql;
using Respite.Data.Postgres;
using Respite.Data.Portal;
using Respite.Web.Features.Reminders;
using Respite.Web.Tests.Infrastructure;
using static Respite.Web.Tests.Reminders.ReminderTestData;

namespace Respite.Web.Tests.Reminders;

/// <summary>
/// The dedupe key and the send claim on PostgreSQL: concurrent scheduler runs queue each reminder once, a duplicate
/// key is recognised as a unique violation (23505), and concurrent senders deliver each message once.
/// Skipped visibly when RESPITE_TEST_POSTGRES is not set.
/// </summary>
public sealed class ReminderPostgresTests
{
    [SkippableFact]
    public async Task OnPostgres_ConcurrentRunsQueueOnce_AndConcurrentSendersDeliverOnce()
    {
        var admin = Environment.GetEnvironmentVariable("RESPITE_TEST_POSTGRES");
        Skip.If(string.IsNullOrEmpty(admin), "PostgreSQL is not available: set RESPITE_TEST_POSTGRES (./test.sh starts a throw-away cluster).");
        var name = $"respite_reminders_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        try
        {
            using var factory = new RespiteWebApplicationFactory()
                .With("Database:Provider", "Postgres")
                .With("ConnectionStrings:Respite", connectionString)
                .With("App:PublicBaseUrl", ReminderFactory.BaseUrl);

            var location = await LocationAsync(factory);
            var patients = new List<Guid>();
            DateTimeOffset start = default;
            for (var i = 0; i < 4; i++)
            {
                var patient = await PatientAsync(factory);
                patients.Add(patient.Id);
                start = Start(await BookAsync(factory, patient.Id, location, SchedulingData.Monday(36), $"{9 + i:00}:00"));
            }

            var now = start.AddHours(-20);
            await Task.WhenAll(ScheduleAsync(factory, now), ScheduleAsync(factory, now), ScheduleAsync(factory, now));
            var rows = await factory.WithDbAsync(db => db.OutboundEmails.AsNoTracking().Where(e => e.PatientId != null && patients.Contains(e.PatientId.Value)).ToListAsync());
            Assert.Equal(patients.Count, rows.Count);
            Assert.Equal(patients.Count, rows.Select(r => r.DedupeKey).Distinct().Count());

            var duplicate = new OutboundEmail
            {
                Id = Guid.NewGuid(), Kind = EmailKind.AppointmentReminder, ToAddress = "x@example.org", Subject = "s", Body = "b",
                DedupeKey = rows[0].DedupeKey, CreatedAt = now, NextAttemptAt = now.AddYears(50),
            };
            var exception = await Assert.ThrowsAsync<DbUpdateException>(() => factory.WithDbAsync(async db => { db.OutboundEmails.Add(duplicate); return await db.SaveChangesAsync(); }));
            Assert.True(UniqueViolation.Is(exception));

            await Task.WhenAll(SendAsync(factory, now), SendAsync(factory, now), SendAsync(factory, now));
            var sent = await factory.WithDbAsync(db => db.OutboundEmails.AsNoTracking().Where(e => e.PatientId != null && patients.Contains(e.PatientId.Value)).ToListAsync());
            Assert.All(sent, row =>
            {
                Assert.Equal(now, row.SentAt);
                Assert.Equal(1, row.Attempts);
                Assert.True(File.Exists(Path.Combine(factory.HostDirectory, "outbox", $"{row.Id:N}@respite.eml")));
            });
        }
        finally
        {
            PostgresDatabase.ClearPool(connectionString);
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

/// <summary>
/// The whole host on PostgreSQL (Database:Provider=Postgres): migrations at start, demo seed, sign-in, intake,
/// questionnaire, alert, screening and audit. Skipped visibly when RESPITE_TEST_POSTGRES is not set.
/// </summary>
public sealed class PostgresHostTests
{
    [SkippableFact]
    public async Task Host_OnPostgres_RunsTheScreeningWorkflow()
    {
        var admin = Environment.GetEnvironmentVariable("RESPITE_TEST_POSTGRES");
        Skip.If(string.IsNullOrEmpty(admin), "PostgreSQL is not available: set RESPITE_TEST_POSTGRES (./test.sh starts a throw-away cluster).");
        var name = $"respite_web_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
            using var factory = new RespiteWebApplicationFactory()
                .With("Database:Provider", "Postgres")
                .With("ConnectionStrings:Respite", connectionString);

            var desk = await factory.ClientForAsync(Roles.FrontDesk);
            var family = "Postgres" + Guid.NewGuid().ToString("N")[..6];
            var patient = await TestData.CreatePatientAsync(desk, TestData.NewPatient(family));
            var id = patient.GetProperty("id").GetString();
            var search = await (await desk.GetAsync($"/api/patients?query={family.ToUpperInvariant()}")).ReadJsonAsync();
            Assert.Equal(1, search.GetProperty("total").GetInt32());

            var assessment = await (await desk.PostAsJsonAsync($"/api/patients/{id}/assessments", new { instrument = "phq9", answers = new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1 } })).ReadJsonAsync();
            var alertId = assessment.GetProperty("raisedAlerts")[0].GetProperty("id").GetString();
            var prescriber = await factory.ClientForAsync(Roles.Prescriber);
            var screening = await (await prescriber.PostAsync($"/api/patients/{id}/screenings", null)).ReadJsonAsync();
            var screeningId = screening.GetProperty("id").GetString();
            Assert.Equal(HttpStatusCode.Conflict, (await prescriber.PostAsJsonAsync($"/api/patients/{id}/screenings/{screeningId}/sign", new { note = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await prescriber.PostAsJsonAsync($"/api/patients/{id}/alerts/{alertId}/acknowledge", new { note = "Seen." })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await prescriber.PostAsJsonAsync($"/api/patients/{id}/screenings/{screeningId}/sign", new { note = "ok" })).StatusCode);

            var auditAdmin = await factory.ClientForAsync(Roles.Admin);
            var audit = await (await auditAdmin.GetAsync($"/api/audit?patientId={id}&action=sign")).ReadJsonAsync();
            Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("outcome").GetString() == "denied");
            Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("outcome").GetString() == "success");
            Assert.Equal("postgres", await factory.WithDbAsync(db => Task.FromResult(db.Database.ProviderName!.Contains("Npgsql", StringComparison.Ordinal) ? "postgres" : "other")));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

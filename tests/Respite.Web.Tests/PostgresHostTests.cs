using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respite.Data.Postgres;
using Respite.Data.Auditing;
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
        await OnFreshDatabaseAsync(async factory =>
        {

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
            Assert.Null(factory.Services.GetService<Respite.Web.Hosting.SqliteCheckpointWorker>());
        });
    }

    [SkippableFact]
    public async Task Host_OnPostgres_PortalDiary_DueAnsweredAndCrisis()
    {
        await OnFreshDatabaseAsync(async factory =>
        {
            var patient = await factory.ClientForAsync(Roles.Patient);
            var due = await (await patient.GetAsync("/api/portal/questionnaires")).ReadJsonAsync();
            var patientId = due.GetProperty("patientId").GetString();
            Assert.Equal(2, due.GetProperty("due").GetArrayLength());

            var nurse = await factory.ClientForAsync(Roles.Nurse);
            Assert.Equal(HttpStatusCode.Conflict, (await nurse.PostAsJsonAsync($"/api/patients/{patientId}/questionnaire-assignments", new { instrument = "phq9", trigger = "diary", cadenceDays = 7 })).StatusCode);
            Assert.Equal(2, (await (await nurse.PostAsync($"/api/patients/{patientId}/questionnaire-assignments/defaults", null)).ReadJsonAsync()).GetArrayLength());

            var answer = await (await patient.PostAsJsonAsync($"/api/patients/{patientId}/assessments", new { instrument = "phq9", answers = new[] { 1, 1, 1, 1, 1, 1, 0, 0, 1 } })).ReadJsonAsync();
            Assert.Equal("+1 555 0199", answer.GetProperty("crisis").GetProperty("clinicPhone").GetString());
            var after = await (await patient.GetAsync("/api/portal/questionnaires")).ReadJsonAsync();
            Assert.DoesNotContain(after.GetProperty("due").EnumerateArray(), d => d.GetProperty("instrument").GetString() == "phq9" && d.GetProperty("context").GetString() == "diary");
        });
    }

    [SkippableFact]
    public async Task Host_OnPostgres_BooksASeries_SellsAPackage_UsesACredit()
    {
        await OnFreshDatabaseAsync(async factory =>
        {

            var monday = SchedulingData.Monday(2);
            var location = await SchedulingData.CreateLocationAsync(factory, closedDates: [monday.AddDays(2).ToString("yyyy-MM-dd")]);
            var locationId = location.GetProperty("id").GetString();
            var (patientId, planId) = await SchedulingData.SignedPlanAsync(factory, monday.ToString("yyyy-MM-dd"));
            var desk = await factory.ClientForAsync(Roles.FrontDesk);
            var booked = await desk.PostAsJsonAsync($"/api/patients/{patientId}/plans/{planId}/bookings", new { locationId, startTime = "09:00", confirm = true });
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
            var slots = (await booked.ReadJsonAsync()).GetProperty("slots").EnumerateArray().ToList();
            Assert.Equal(6, slots.Count(s => s.GetProperty("appointmentId").ValueKind == System.Text.Json.JsonValueKind.String));
            Assert.Equal(monday.AddDays(3).ToString("yyyy-MM-dd"), slots[1].GetProperty("date").GetString());

            var other = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
            Assert.Equal(HttpStatusCode.Created, (await desk.PostAsJsonAsync($"/api/patients/{other}/appointments", new { kind = "follow-up", locationId, date = monday.ToString("yyyy-MM-dd"), startTime = "11:00" })).StatusCode);
            var day = await (await desk.GetAsync($"/api/locations/{locationId}/day?date={monday:yyyy-MM-dd}")).ReadJsonAsync();
            Assert.Equal(2, day.GetProperty("appointments").GetArrayLength());
            Assert.DoesNotContain(day.GetProperty("due").EnumerateArray(), d => d.GetProperty("patientId").GetString() == patientId);
            var clash = await desk.PostAsJsonAsync($"/api/patients/{patientId}/appointments", new { kind = "follow-up", locationId, date = monday.ToString("yyyy-MM-dd"), startTime = "09:30" });
            Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
            var ics = await desk.GetAsync($"/api/patients/{patientId}/appointments.ics");
            Assert.Contains("BEGIN:VEVENT", await ics.Content.ReadAsStringAsync());

            var products = await (await desk.GetAsync("/api/packages/products")).ReadJsonAsync();
            var productId = products.EnumerateArray().First(p => p.GetProperty("name").GetString() == "6-infusion induction package").GetProperty("id").GetString();
            var sale = await (await desk.PostAsJsonAsync($"/api/patients/{patientId}/packages", new { productId })).ReadJsonAsync();
            var paid = await (await desk.PostAsJsonAsync($"/api/patients/{patientId}/packages/{sale.GetProperty("id").GetString()}/payments", new { amount = 700.25m, method = "cash" })).ReadJsonAsync();
            Assert.Equal(1999.75m, paid.GetProperty("balanceDue").GetDecimal());

            var nurse = await factory.ClientForAsync(Roles.Nurse);
            var first = (await (await desk.GetAsync($"/api/patients/{patientId}/appointments")).ReadJsonAsync())[0];
            var done = await (await nurse.PostAsJsonAsync($"/api/patients/{patientId}/appointments/{first.GetProperty("id").GetString()}/complete",
                new { version = first.GetProperty("version").GetString() })).ReadJsonAsync();
            Assert.True(done.GetProperty("credit").GetProperty("consumed").GetBoolean());
            var esketamine = await (await nurse.PostAsJsonAsync($"/api/patients/{patientId}/sessions", new
            {
                kind = "esketamine", baseline = new { systolic = 126, diastolic = 80 }, rideHomeArranged = true, remsEnrolled = true,
                lastFood = DateTimeOffset.UtcNow.AddHours(-3), lastLiquid = DateTimeOffset.UtcNow.AddHours(-1),
            })).ReadJsonAsync();
            var device = await nurse.PostAsJsonAsync($"/api/sessions/{esketamine.GetProperty("id").GetString()}/doses", new { kind = "esketamine-device", lotNumber = "L-1" });
            Assert.Equal(HttpStatusCode.Created, device.StatusCode);
            var due = await (await nurse.GetAsync($"/api/rems-forms?locationId={locationId}")).ReadJsonAsync();
            Assert.Equal(0, due.GetArrayLength());
            Assert.Single((await (await nurse.GetAsync("/api/rems-forms")).ReadJsonAsync()).EnumerateArray());
            Assert.Equal(5, (await (await desk.GetAsync($"/api/patients/{patientId}/packages")).ReadJsonAsync()).GetProperty("creditsRemaining").GetInt32());

            // Reads of many patients at once (the day view, the REMS due list) are audited in one statement on PostgreSQL:
            // one event per patient shown, with who read it, as EF Core would have written it.
            var pid = Guid.Parse(patientId!);
            var reads = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking()
                .Where(e => e.PatientId == pid && e.Action == AuditAction.Read && (e.EntityType == "Appointment" || e.EntityType == "RemsForm"))
                .OrderBy(e => e.Id).ToListAsync());
            var dayRead = Assert.Single(reads, e => e.EntityType == "Appointment" && e.Detail!.StartsWith("day view", StringComparison.Ordinal));
            Assert.Equal($"day view {monday:yyyy-MM-dd}", dayRead.Detail);
            Assert.Equal(AuditOutcome.Success, dayRead.Outcome);
            Assert.Equal(Roles.FrontDesk, dayRead.Role);
            Assert.False(string.IsNullOrEmpty(dayRead.UserId));
            Assert.False(string.IsNullOrEmpty(dayRead.TraceId));
            Assert.Null(dayRead.EntityId);
            Assert.InRange(dayRead.OccurredAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
            var otherId = Guid.Parse(other!);
            Assert.Equal(1, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.PatientId == otherId && e.Action == AuditAction.Read && e.Detail == dayRead.Detail)));
            var remsRead = Assert.Single(reads, e => e.EntityType == "RemsForm");
            Assert.Equal("due list", remsRead.Detail);
            Assert.Equal(Roles.Nurse, remsRead.Role);
            Assert.True(remsRead.Id > dayRead.Id);
        });
    }

    [SkippableFact]
    public async Task Host_OnPostgres_MarksAnEntryInError_DischargesThenTakesAnAddendum()
    {
        await OnFreshDatabaseAsync(async factory =>
        {
            var desk = await factory.ClientForAsync(Roles.FrontDesk);
            var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
            var nurse = await factory.ClientForAsync(Roles.Nurse);
            var t0 = DateTimeOffset.UtcNow.AddMinutes(-120);
            var session = await (await nurse.PostAsJsonAsync($"/api/patients/{patientId}/sessions", new
            {
                kind = "iv-infusion", checkedInAt = t0.AddMinutes(-10), baseline = new { systolic = 124, diastolic = 80 }, rideHomeArranged = true,
            })).ReadJsonAsync();
            var id = session.GetProperty("id").GetString();
            await nurse.PostAsJsonAsync($"/api/sessions/{id}/doses", new { kind = "start", at = t0, rateMgPerHour = 50 });
            var wrong = await (await nurse.PostAsJsonAsync($"/api/sessions/{id}/vitals", new { takenAt = t0.AddMinutes(10), spo2 = 85 })).ReadJsonAsync();
            await nurse.PostAsJsonAsync($"/api/sessions/{id}/doses", new { kind = "stop", at = t0.AddMinutes(40) });
            var current = await (await nurse.GetAsync($"/api/sessions/{id}")).ReadJsonAsync();
            Assert.True(current.GetProperty("vitalsOverdue").GetBoolean());
            var marked = await nurse.PostAsJsonAsync($"/api/sessions/{id}/entries/{wrong.GetProperty("reading").GetProperty("id").GetString()}/entered-in-error",
                new { reason = "Probe was off the finger.", version = current.GetProperty("version").GetString() });
            Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
            var alertId = wrong.GetProperty("alerts")[0].GetProperty("id").GetString();
            await nurse.PostAsJsonAsync($"/api/sessions/{id}/alerts/{alertId}/acknowledge", new { note = "Probe off; SpO2 98 % on recheck." });
            await nurse.PostAsJsonAsync($"/api/sessions/{id}/vitals", new { takenAt = DateTimeOffset.UtcNow.AddMinutes(-1), systolic = 126, diastolic = 80, spo2 = 98, moaas = 5 });
            var version = (await (await nurse.GetAsync($"/api/sessions/{id}")).ReadJsonAsync()).GetProperty("version").GetString();
            Assert.Equal(HttpStatusCode.OK, (await nurse.PostAsJsonAsync($"/api/sessions/{id}/discharge", new { ambulating = true, escortPresent = true, version })).StatusCode);
            var withAddendum = await nurse.PostAsJsonAsync($"/api/sessions/{id}/addenda", new { text = "The low SpO2 at 10 min was a probe artefact." });
            Assert.Equal(HttpStatusCode.Created, withAddendum.StatusCode);
            var reloaded = await (await nurse.GetAsync($"/api/sessions/{id}")).ReadJsonAsync();
            Assert.Equal("Noah Nurse", reloaded.GetProperty("addenda")[0].GetProperty("by").GetString());
            Assert.Single(reloaded.GetProperty("vitals").EnumerateArray(), v => v.GetProperty("enteredInError").GetBoolean());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, reloaded.GetProperty("vitalsDueAt").ValueKind);
        });
    }

    /// <summary>Runs the host on a new PostgreSQL database, dropped afterwards; skipped visibly without a server.</summary>
    [SkippableFact]
    public async Task GeneratedHistory_OnPostgres_IsCopiedIn_AndTheDashboardReadsIt()
    {
        await OnFreshDatabaseAsync(async factory =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var generator = scope.ServiceProvider.GetRequiredService<Respite.Web.Tooling.ClinicHistoryGenerator>();
            var counts = await generator.GenerateAsync(new Respite.Web.Tooling.HistoryOptions(Patients: 60, Seed: 3, Years: 2, Locations: 2));
            Assert.Equal(60, counts.Snapshots);
            Assert.Equal(counts.Vitals, await factory.WithDbAsync(db => db.Set<Respite.Data.Sessions.VitalsReading>().CountAsync()));
            Assert.Equal(counts.Assessments, await factory.WithDbAsync(db => db.Assessments.CountAsync(a => a.RecordedByUserId == "history-generator")));

            var prescriber = await factory.ClientForAsync(Roles.Prescriber);
            var body = await (await prescriber.GetAsync("/api/dashboard/outcomes?modality=iv")).ReadJsonAsync();
            Assert.True(body.GetProperty("patientsTreated").GetInt32() > 30);
            Assert.True(body.GetProperty("durability").GetProperty("responders").GetInt32() > 0);
        });
    }

    internal static async Task OnFreshDatabaseAsync(Func<RespiteWebApplicationFactory, Task> test)
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

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        try
        {
            using var factory = new RespiteWebApplicationFactory()
                .With("Database:Provider", "Postgres")
                .With("ConnectionStrings:Respite", connectionString);
            await test(factory);
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

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Respite.Data.Identity;
using Respite.Web.Tests.Fhir;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests.Security;

/// <summary>
/// Runs a clinic's day with distinctive patient details while every log entry the app writes is captured, with every
/// configured level turned down to Trace as an operator chasing a problem would (message, structured values, scopes and
/// exceptions), then looks for those details in the log.
/// </summary>
public sealed class PhiLogTests
{
    private const string Given = "Zebulonia";
    private const string Family = "Quillfeatherstone";
    private const string Email = "zebulonia.quill@example.org";
    private const string Phone = "+1 555 013 7742";
    private const string Birth = "1971-03-14";
    private const string FhirGiven = "Ottoline";
    private const string FhirFamily = "Brackenburyhollis";
    private const string EnquiryFamily = "Wetherspoonax";

    private static readonly string[] Phi =
    [
        Given, Family, Email, "555 013 7742", "5550137742", Birth, "3/14/1971", "14/03/1971",
        FhirGiven, FhirFamily, "1968-11-02", EnquiryFamily, "enquirer.wetherspoonax@example.org",
    ];

    [Fact]
    public async Task AClinicDay_WithDistinctivePatientDetails_LeavesNoneInTheLog()
    {
        var log = new CapturingLoggerProvider();
        using var factory = new LoggingFactory(log);
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);

        var patient = await TestData.CreatePatientAsync(desk, new
        {
            givenName = Given, familyName = Family, dateOfBirth = Birth, sex = "female", email = Email, phone = Phone, weightKg = 71.5,
            conditions = new[] { new { icd10 = "F33.2", text = "Major depressive disorder", category = "depression" } },
            antidepressantTrials = new[]
            {
                new { drug = "Sertraline", doseMg = 150, weeks = 8, adequate = true },
                new { drug = "Venlafaxine", doseMg = 225, weeks = 8, adequate = true },
            },
        });
        var id = patient.GetProperty("id").GetString()!;
        object Edit(string email, string? version) => new { givenName = Given, familyName = Family, dateOfBirth = Birth, sex = "female", email, phone = Phone, weightKg = 70.0, version };
        var edited = await desk.PutAsJsonAsync($"/api/patients/{id}", Edit(Email, patient.GetProperty("version").GetString()));
        Assert.True(edited.StatusCode == HttpStatusCode.OK, patient.GetRawText() + await edited.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await desk.PutAsJsonAsync($"/api/patients/{id}", Edit(Email, patient.GetProperty("version").GetString()))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await desk.PutAsJsonAsync($"/api/patients/{id}", Edit(Given + "@" + Family, null))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await desk.PostAsJsonAsync("/api/patients", new { givenName = Given, familyName = Family, dateOfBirth = "14/03/1971", email = Email })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await desk.PostAsync("/api/patients", new StringContent($$"""{"givenName":"{{Given}}","familyName":{{Family}}}""", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync($"/api/patients?query={Family}")).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await desk.PostAsJsonAsync($"/api/patients/{id}/assessments", new { instrument = "phq9", answers = new[] { 2, 2, 2, 2, 2, 2, 2, 2, 0 } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await desk.PostAsJsonAsync($"/api/patients/{id}/assessments", new { instrument = "phq9", answers = new[] { 2, 9 } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await desk.PostAsJsonAsync($"/api/patients/{id}/assessments", new { instrument = Family, answers = new[] { 1 } })).StatusCode);
        var screening = await (await prescriber.PostAsync($"/api/patients/{id}/screenings", null)).ReadJsonAsync();
        var signed = await prescriber.PostAsJsonAsync($"/api/patients/{id}/screenings/{screening.GetProperty("id").GetString()}/sign", new { note = "Reviewed" });
        Assert.True(signed.StatusCode == HttpStatusCode.OK, await signed.Content.ReadAsStringAsync());

        var sessionId = await ChartedSessionAsync(factory, desk, nurse, prescriber, id);
        Assert.Equal(HttpStatusCode.OK, (await nurse.GetAsync($"/api/sessions/{sessionId}")).StatusCode);

        var fhirPatient = new Patient
        {
            Name = [new HumanName { Family = FhirFamily, Given = [FhirGiven] }],
            BirthDate = "1968-11-02",
            Gender = AdministrativeGender.Male,
        };
        var created = await FhirWire.ReadAsync<Patient>(await FhirWire.PostAsync(desk, "/fhir/Patient", fhirPatient), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync($"/fhir/Patient/{created.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync($"/fhir/Patient?name={FhirFamily}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync($"/fhir/Patient?family={Family}&given={Given}")).StatusCode);
        var broken = $$"""{"resourceType":"Patient","name":[{"family":"{{FhirFamily}}","given":["{{FhirGiven}}"]}],"birthDate":"{{FhirFamily}}"}""";
        Assert.True((await desk.PostAsync("/fhir/Patient", new StringContent(broken, Encoding.UTF8, "application/fhir+json"))).StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity);
        Assert.Equal(HttpStatusCode.BadRequest, (await desk.PostAsync("/fhir/Patient", new StringContent($"{{\"resourceType\":\"Patient\",\"name\":[{{\"family\":{FhirFamily}", Encoding.UTF8, "application/fhir+json"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await desk.GetAsync($"/fhir/Patient/{Guid.NewGuid()}")).StatusCode);

        var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/login", new { email = Email, password = Family })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync("/api/consultation-requests", new
        {
            givenName = Given, familyName = EnquiryFamily, email = "enquirer.wetherspoonax@example.org", phone = Phone, dateOfBirth = Birth,
            concern = "both", painConditions = new[] { "fibromyalgia" }, preferredTimes = "Tuesday afternoons",
            message = $"My friend {Given} {Family} recommended you",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsJsonAsync("/api/consultation-requests", new { givenName = Given, familyName = EnquiryFamily, email = Family })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await desk.GetAsync($"/api/patients/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await desk.GetAsync($"/api/patients/{Guid.NewGuid()}?email={Email}")).StatusCode);
        await anonymous.GetAsync($"/patients/{Guid.NewGuid()}?name={Family}");

        var invitation = await desk.PostAsJsonAsync($"/api/patients/{id}/portal-invitations", new { email = Email });
        Assert.True(invitation.IsSuccessStatusCode, await invitation.Content.ReadAsStringAsync());
        var admin = await factory.ClientForAsync(Roles.Admin);
        Assert.True((await admin.PostAsync("/api/admin/outbox/send-due", null)).IsSuccessStatusCode);

        Assert.True(log.Entries.Count > 100, $"only {log.Entries.Count} log entries were captured");
        var leaks = log.Entries
            .SelectMany(entry => Phi.Where(value => entry.Text.Contains(value, StringComparison.OrdinalIgnoreCase)).Select(value => $"[{entry.Category}] '{value}' in: {entry.Text}"))
            .Distinct()
            .ToList();
        Assert.True(leaks.Count == 0, "Patient details in the log:\n" + string.Join("\n", leaks.Take(20)));
    }

    /// <summary>Books the patient's first planned IV session, checks in, doses and charts vitals, one of them alarming.</summary>
    private static async Task<string> ChartedSessionAsync(RespiteWebApplicationFactory factory, HttpClient desk, HttpClient nurse, HttpClient prescriber, string id)
    {
        var plan = await (await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans", new
        {
            protocolId = "iv-ketamine-depression", startDate = SchedulingData.Monday(1).ToString("yyyy-MM-dd"), indications = new[] { "depression" },
            overrideReason = "Reviewed with the patient; benefits outweigh the findings.",
        })).ReadJsonAsync();
        var planId = plan.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans/{planId}/sign", new { version = plan.GetProperty("version").GetString() })).StatusCode);
        var location = await SchedulingData.CreateLocationAsync(factory);
        var booked = await desk.PostAsJsonAsync($"/api/patients/{id}/plans/{planId}/bookings", new { locationId = location.GetProperty("id").GetString(), startTime = "09:00", confirm = true });
        Assert.True(booked.IsSuccessStatusCode, await booked.Content.ReadAsStringAsync());
        var appointment = (await (await desk.GetAsync($"/api/patients/{id}/appointments")).ReadJsonAsync())[0];
        var checkIn = await nurse.PostAsJsonAsync($"/api/patients/{id}/sessions", new
        {
            appointmentId = appointment.GetProperty("id").GetString(), checkedInAt = DateTimeOffset.UtcNow.AddMinutes(-30),
            baseline = new { systolic = 124, diastolic = 80, heartRate = 72, spo2 = 98 }, rideHomeArranged = true,
        });
        Assert.Equal(HttpStatusCode.Created, checkIn.StatusCode);
        var sessionId = (await checkIn.ReadJsonAsync()).GetProperty("id").GetString()!;
        await nurse.PostAsJsonAsync($"/api/sessions/{sessionId}/vitals", new { takenAt = DateTimeOffset.UtcNow.AddMinutes(-10), systolic = 186, diastolic = 104, heartRate = 90, spo2 = 97 });
        await nurse.PostAsJsonAsync($"/api/sessions/{sessionId}/vitals", new { takenAt = DateTimeOffset.UtcNow.AddMinutes(-5), systolic = 130, diastolic = 82, heartRate = 75, spo2 = 99 });
        await nurse.PostAsJsonAsync($"/api/sessions/{sessionId}/vitals", new { takenAt = "not a time", systolic = Family });
        return sessionId;
    }

    private sealed class LoggingFactory(CapturingLoggerProvider log) : RespiteWebApplicationFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            foreach (var category in new[] { "Default", "Microsoft", "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "System" })
            {
                builder.UseSetting($"Logging:LogLevel:{category}", "Trace");
            }

            builder.ConfigureLogging(logging => logging.AddProvider(log));
        }
    }

    private sealed record LogEntry(string Category, string Text);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogEntry> _entries = new();

        public IReadOnlyCollection<LogEntry> Entries => _entries;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable BeginScope<TState>(TState state)
                where TState : notnull
            {
                entries.Enqueue(new LogEntry(category, "scope: " + Describe(state)));
                return NoScope.Instance;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var text = new StringBuilder().Append(formatter(state, exception)).Append(" | ").Append(Describe(state));
                if (exception is not null)
                {
                    text.Append(" | ").Append(exception);
                }

                entries.Enqueue(new LogEntry(category, text.ToString()));
            }

            private static string Describe(object? state) => state is IEnumerable<KeyValuePair<string, object?>> values
                ? string.Join("; ", values.Select(v => $"{v.Key}={v.Value}"))
                : state?.ToString() ?? "";
        }

        private sealed class NoScope : IDisposable
        {
            public static readonly NoScope Instance = new();

            public void Dispose()
            {
            }
        }
    }
}

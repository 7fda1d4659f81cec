using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Respite.Data.Identity;
using Respite.Web.Features.Reminders;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests.Reminders;

/// <summary>A host with reminder links configured (and, for delivery tests, an SMTP relay on 127.0.0.1).</summary>
public sealed class ReminderFactory : RespiteWebApplicationFactory
{
    public const string BaseUrl = "https://clinic.example.test";

    public ReminderFactory()
    {
        With("App:PublicBaseUrl", BaseUrl);
        With("Email:MaxAttempts", "3");
        With("Email:RetryAfterSeconds", "60");
    }
}

/// <summary>The same host delivering through <see cref="SmtpTestServer"/> with MailKit.</summary>
public sealed class SmtpReminderFactory : RespiteWebApplicationFactory
{
    public SmtpReminderFactory()
    {
        With("App:PublicBaseUrl", ReminderFactory.BaseUrl);
        With("Email:MaxAttempts", "3");
        With("Email:RetryAfterSeconds", "60");
        With("Email:Transport", "Smtp");
        With("Email:Smtp:Host", "127.0.0.1");
        With("Email:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        With("Email:Smtp:Security", "None");
        With("Email:Smtp:TimeoutSeconds", "10");
    }

    public SmtpTestServer Smtp { get; } = new();

    private int _disposed;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Smtp.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}

public static class ReminderTestData
{
    public const string Zone = "America/New_York";

    /// <summary>A patient with a unique first name, family name and address (null address: none on record).</summary>
    public static async Task<(Guid Id, string Given, string Family, string? Email, string RecordNumber)> PatientAsync(
        RespiteWebApplicationFactory factory, bool withEmail = true)
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var given = "Gwen" + tag;
        var family = "Fairweather" + tag;
        var email = withEmail ? $"patient.{tag}@example.org" : null;
        var patient = await TestData.CreatePatientAsync(desk, new
        {
            givenName = given, familyName = family, dateOfBirth = "1979-03-14", sex = "female", email, weightKg = 70.5,
            conditions = new object[] { new { icd10 = "F33.2", text = "Major depressive disorder, recurrent severe", category = "depression" } },
        });
        return (Guid.Parse(patient.GetProperty("id").GetString()!), given, family, email, patient.GetProperty("recordNumber").GetString()!);
    }

    /// <summary>A weekday location in <paramref name="zone"/> with a chair and a consultation room.</summary>
    public static async Task<Guid> LocationAsync(RespiteWebApplicationFactory factory, string zone = Zone, string? phone = "+1 555 0142")
    {
        var admin = await factory.ClientForAsync(Roles.Admin);
        var created = await admin.PostAsJsonAsync("/api/locations", new
        {
            name = "Clinic " + Guid.NewGuid().ToString("N")[..8], timeZoneId = zone, address = "1 Test Street", phone,
            hours = SchedulingData.WeekdayHours(), closedDates = Array.Empty<string>(),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/locations/{id}/chairs", new { name = "Chair 1", kind = "chair" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/locations/{id}/chairs", new { name = "Room", kind = "room" })).StatusCode);
        return Guid.Parse(id!);
    }

    public static async Task<JsonElement> BookAsync(RespiteWebApplicationFactory factory, Guid patientId, Guid locationId, DateOnly date, string time = "09:00")
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var response = await desk.PostAsJsonAsync($"/api/patients/{patientId}/appointments", new
        {
            kind = "follow-up", locationId, date = date.ToString("yyyy-MM-dd"), startTime = time,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public static DateTimeOffset Start(JsonElement appointment) => appointment.GetProperty("start").GetDateTimeOffset();

    public static Guid Id(JsonElement element) => Guid.Parse(element.GetProperty("id").GetString()!);

    public static async Task<(ScheduleRun Scheduled, SendRun Sent)> RunAsync(RespiteWebApplicationFactory factory, DateTimeOffset now) =>
        await factory.Services.GetRequiredService<ReminderWorker>().RunOnceAsync(now);

    public static async Task<ScheduleRun> ScheduleAsync(RespiteWebApplicationFactory factory, DateTimeOffset now)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderScheduler>().RunOnceAsync(now);
    }

    public static async Task<SendRun> SendAsync(RespiteWebApplicationFactory factory, DateTimeOffset now)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync(now);
    }
}

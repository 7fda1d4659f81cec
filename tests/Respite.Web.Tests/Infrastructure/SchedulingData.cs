using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Respite.Data.Identity;

namespace Respite.Web.Tests.Infrastructure;

/// <summary>Locations and signed plans for scheduling tests; each call makes its own, so tests stay independent.</summary>
public static class SchedulingData
{
    public const string Zone = "America/New_York";

    public static object WeekdayHours(string opens = "08:00", string closes = "18:00") =>
        new[] { "monday", "tuesday", "wednesday", "thursday", "friday" }.Select(d => new { day = d, opens, closes }).ToArray();

    /// <summary>A weekday location (08:00–18:00 New York) with two chairs and a consultation room.</summary>
    public static async Task<JsonElement> CreateLocationAsync(RespiteWebApplicationFactory factory, int chairs = 2, IEnumerable<string>? closedDates = null)
    {
        var admin = await factory.ClientForAsync(Roles.Admin);
        var created = await admin.PostAsJsonAsync("/api/locations", new
        {
            name = "Clinic " + Guid.NewGuid().ToString("N")[..8], timeZoneId = Zone, address = "1 Test Street", hours = WeekdayHours(),
            closedDates = closedDates?.ToArray() ?? [],
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = await created.ReadJsonAsync();
        var id = location.GetProperty("id").GetString();
        for (var i = 1; i <= chairs; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/locations/{id}/chairs", new { name = $"Chair {i}", kind = "chair" })).StatusCode);
        }

        var last = await admin.PostAsJsonAsync($"/api/locations/{id}/chairs", new { name = "Room", kind = "room" });
        Assert.Equal(HttpStatusCode.Created, last.StatusCode);
        var result = await last.ReadJsonAsync();
        Assert.Equal(chairs + 1, result.GetProperty("chairs").GetArrayLength());
        return result;
    }

    public static string ChairId(JsonElement location, string name) =>
        location.GetProperty("chairs").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).GetProperty("id").GetString()!;

    /// <summary>A screened patient with a signed IV-depression plan (6 sessions from <paramref name="start"/>).</summary>
    public static async Task<(string PatientId, string PlanId)> SignedPlanAsync(RespiteWebApplicationFactory factory, string start, string protocolId = "iv-ketamine-depression")
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patient = await TestData.CreatePatientAsync(desk);
        var id = patient.GetProperty("id").GetString()!;
        await desk.PostAsJsonAsync($"/api/patients/{id}/assessments", new { instrument = "phq9", answers = new[] { 2, 2, 2, 2, 2, 2, 2, 2, 0 } });
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var screening = await (await prescriber.PostAsync($"/api/patients/{id}/screenings", null)).ReadJsonAsync();
        var signed = await prescriber.PostAsJsonAsync($"/api/patients/{id}/screenings/{screening.GetProperty("id").GetString()}/sign", new { note = "ok" });
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var indications = protocolId.StartsWith("esketamine", StringComparison.Ordinal) ? new[] { "depression" } : ["depression"];
        var created = await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans", new
        {
            protocolId, startDate = start, indications, overrideReason = "Reviewed with the patient; benefits outweigh the findings.",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var plan = await created.ReadJsonAsync();
        var planId = plan.GetProperty("id").GetString()!;
        var sign = await prescriber.PostAsJsonAsync($"/api/patients/{id}/plans/{planId}/sign", new { version = plan.GetProperty("version").GetString() });
        Assert.Equal(HttpStatusCode.OK, sign.StatusCode);
        return (id, planId);
    }

    /// <summary>The Monday <paramref name="weeksAhead"/> weeks after the next Monday from today.</summary>
    /// <summary>
    /// A signed IV-depression plan booked at a new location and checked in from its first appointment
    /// <paramref name="checkedInMinutesAgo"/> minutes ago (no dose yet).
    /// </summary>
    public static async Task<(string PatientId, string SessionId)> BookedIvSessionAsync(RespiteWebApplicationFactory factory, int week, int checkedInMinutesAgo)
    {
        var location = await CreateLocationAsync(factory);
        var (patientId, planId) = await SignedPlanAsync(factory, Monday(week).ToString("yyyy-MM-dd"));
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var booked = await desk.PostAsJsonAsync($"/api/patients/{patientId}/plans/{planId}/bookings", new { locationId = location.GetProperty("id").GetString(), startTime = "09:00", confirm = true });
        Assert.True(booked.IsSuccessStatusCode, await booked.Content.ReadAsStringAsync());
        var appointment = (await (await desk.GetAsync($"/api/patients/{patientId}/appointments")).ReadJsonAsync())[0];
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var response = await nurse.PostAsJsonAsync($"/api/patients/{patientId}/sessions", new
        {
            appointmentId = appointment.GetProperty("id").GetString(), checkedInAt = DateTimeOffset.UtcNow.AddMinutes(-checkedInMinutesAgo),
            baseline = new { systolic = 124, diastolic = 80, heartRate = 72, spo2 = 98 }, rideHomeArranged = true,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (patientId, (await response.ReadJsonAsync()).GetProperty("id").GetString()!);
    }

    public static DateOnly Monday(int weeksAhead = 1)
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        while (day.DayOfWeek != DayOfWeek.Monday)
        {
            day = day.AddDays(1);
        }

        return day.AddDays(7 * weeksAhead);
    }
}

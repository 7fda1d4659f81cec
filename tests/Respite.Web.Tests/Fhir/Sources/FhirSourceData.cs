using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests.Fhir.Sources;

/// <summary>Patients and sessions made through the API for the source tests; each call makes its own.</summary>
internal static class FhirSourceData
{
    /// <summary>A new patient with two conditions: F33.2 (depression) and M79.7 (chronic pain).</summary>
    public static async Task<Guid> PatientAsync(RespiteWebApplicationFactory factory)
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        return Guid.Parse((await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!);
    }

    /// <summary>A session checked in without an appointment: an IV infusion (1 mg/mL) or an esketamine session.</summary>
    public static async Task<Guid> CheckInAsync(RespiteWebApplicationFactory factory, Guid patientId, DateTimeOffset checkedInAt, bool esketamine = false)
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        object body = esketamine
            ? new
            {
                kind = "esketamine", checkedInAt, baseline = new { systolic = 128, diastolic = 80 }, lastFood = checkedInAt.AddHours(-4),
                lastLiquid = checkedInAt.AddHours(-1), rideHomeArranged = true, remsEnrolled = true, possiblyPregnant = false,
            }
            : new
            {
                kind = "iv-infusion", checkedInAt, weightKg = 80, baseline = new { systolic = 124, diastolic = 78, heartRate = 70, spo2 = 98 },
                rideHomeArranged = true, newInteractingMedication = false, concentrationMgPerMl = 1m,
            };
        var response = await nurse.PostAsJsonAsync($"/api/patients/{patientId}/sessions", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Guid.Parse((await response.ReadJsonAsync()).GetProperty("id").GetString()!);
    }

    public static async Task DoseAsync(RespiteWebApplicationFactory factory, Guid sessionId, object body)
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var response = await nurse.PostAsJsonAsync($"/api/sessions/{sessionId}/doses", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The session's dose entries in charted order.</summary>
    public static Task<List<Guid>> DoseIdsAsync(RespiteWebApplicationFactory factory, Guid sessionId) =>
        factory.WithDbAsync(db => db.TreatmentSessions.Where(s => s.Id == sessionId).SelectMany(s => s.Doses).OrderBy(d => d.At).Select(d => d.Id).ToListAsync());

    public static Task<string> UserIdAsync(RespiteWebApplicationFactory factory, string role)
    {
        var email = Respite.Web.Hosting.DemoSeeder.DemoUsers.Single(u => u.Role == role).Email;
        return factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
    }

    /// <summary>An instant as a FHIR search value (UTC, seconds).</summary>
    public static string Fhir(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

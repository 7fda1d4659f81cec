using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Respite.Web.Tests.Infrastructure;

public static class TestData
{
    public static object NewPatient(string? family = null) => new
    {
        givenName = "Test",
        familyName = family ?? "Patient-" + Guid.NewGuid().ToString("N")[..8],
        dateOfBirth = "1980-05-17",
        sex = "female",
        email = "test.patient@example.com",
        weightKg = 70.5,
        conditions = new object[]
        {
            new { icd10 = "F33.2", text = "Major depressive disorder, recurrent severe", category = "depression" },
            new { icd10 = "M79.7", text = "Fibromyalgia", category = "chronic-pain" },
        },
        antidepressantTrials = new object[]
        {
            new { drug = "Sertraline", doseMg = 150, weeks = 8, adequate = true, outcome = "No response" },
            new { drug = "Venlafaxine", doseMg = 225, weeks = 8, adequate = true },
        },
        medicalFlags = new[] { "hypertension" },
        painSymptoms = new[] { "fatigue", "sleep-problems" },
    };

    public static async Task<JsonElement> CreatePatientAsync(HttpClient client, object? body = null)
    {
        var response = await client.PostAsJsonAsync("/api/patients", body ?? NewPatient());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static string[] ErrorFields(this JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors)
            ? errors.EnumerateObject().Select(p => p.Name).ToArray()
            : [];
}

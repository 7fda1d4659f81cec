using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Respite.Reliability.Tests.Infrastructure;

/// <summary>Signs in a demo user of a running server and does what the reliability tests need over HTTP.</summary>
public sealed class ClinicClient : IDisposable
{
    public const string DemoPassword = "Respite-demo-2026";
    public const string Nurse = "nurse@demo.respite.local";
    public const string FrontDesk = "frontdesk@demo.respite.local";

    private readonly HttpClient _http;

    private ClinicClient(HttpClient http) => _http = http;

    public HttpClient Http => _http;

    public static async Task<ClinicClient> SignInAsync(Uri address, string email)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password = DemoPassword });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
        return new ClinicClient(http);
    }

    /// <summary>The same signed-in user against another address (the restarted server: tokens survive a restart).</summary>
    public ClinicClient At(Uri address)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = _http.Timeout };
        http.DefaultRequestHeaders.Authorization = _http.DefaultRequestHeaders.Authorization;
        return new ClinicClient(http);
    }

    public async Task<Guid> RegisterPatientAsync(string familyName)
    {
        var response = await _http.PostAsJsonAsync("/api/patients", new
        {
            givenName = "Reliability",
            familyName,
            dateOfBirth = "1979-03-14",
            sex = "female",
            email = "reliability.patient@example.com",
            weightKg = 68.5,
            conditions = new object[]
            {
                new { icd10 = "F33.2", text = "Major depressive disorder, recurrent severe", category = "depression" },
                new { icd10 = "M79.7", text = "Fibromyalgia", category = "chronic-pain" },
            },
        });
        return await IdAsync(response, "id");
    }

    public async Task<Guid> CheckInAsync(Guid patientId)
    {
        var response = await _http.PostAsJsonAsync($"/api/patients/{patientId}/sessions", new
        {
            kind = "iv-infusion",
            baseline = new { systolic = 124, diastolic = 80, heartRate = 72, spo2 = 98 },
            rideHomeArranged = true,
        });
        return await IdAsync(response, "id");
    }

    /// <summary>Charts one unremarkable reading (no alert); answers the stored reading's id, or throws.</summary>
    public async Task<Guid> ChartVitalsAsync(Guid sessionId, int sequence, CancellationToken cancellationToken = default)
    {
        var response = await _http.PostAsJsonAsync($"/api/sessions/{sessionId}/vitals", new
        {
            systolic = 118 + (sequence % 10),
            diastolic = 76 + (sequence % 5),
            heartRate = 68 + (sequence % 12),
            spo2 = 97 + (sequence % 3),
            respiratoryRate = 14,
        }, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Charting answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.GetProperty("reading").GetProperty("id").GetGuid();
    }

    /// <summary>The ids of the readings the API shows on a session.</summary>
    public async Task<HashSet<Guid>> ReadingIdsAsync(Guid sessionId)
    {
        var response = await _http.GetAsync($"/api/sessions/{sessionId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("vitals").EnumerateArray().Select(v => v.GetProperty("id").GetGuid())];
    }

    public void Dispose() => _http.Dispose();

    private static async Task<Guid> IdAsync(HttpResponseMessage response, string property)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty(property).GetGuid();
    }
}

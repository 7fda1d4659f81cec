using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hl7.Fhir.Model;
using Respite.Fhir;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir;

/// <summary>FHIR requests and responses as a client sees them on the wire.</summary>
internal static class FhirWire
{
    /// <summary>The resource of a response with the expected status, read from FHIR JSON.</summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
        where T : Resource
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(FhirFormats.JsonMediaType, response.Content.Headers.ContentType?.MediaType);
        var parsed = FhirFormats.ParseJson<T>(text);
        Assert.True(parsed.Succeeded, string.Join("; ", parsed.Issues.Select(i => $"{i.Path}: {i.Message}")));
        return parsed.Value!;
    }

    /// <summary>The OperationOutcome of a refusal with the expected status.</summary>
    public static Task<OperationOutcome> OutcomeAsync(HttpResponseMessage response, HttpStatusCode status) => ReadAsync<OperationOutcome>(response, status);

    /// <summary>The ids of a searchset's entries, in order.</summary>
    public static async Task<List<string>> IdsAsync(HttpClient client, string url) =>
        (await ReadAsync<Bundle>(await client.GetAsync(url))).Entry.Select(e => e.Resource!.Id!).ToList();

    public static StringContent Json(Resource resource, string mediaType = FhirFormats.JsonMediaType) =>
        new(FhirFormats.ToJson(resource), Encoding.UTF8, mediaType);

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Resource resource) => client.PostAsync(url, Json(resource));

    public static async Task<HttpResponseMessage> PutAsync(HttpClient client, string url, Resource resource, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = Json(resource) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        return await client.SendAsync(request);
    }

    /// <summary>The expressions of the outcome's issues.</summary>
    public static List<string> Expressions(OperationOutcome outcome) => outcome.Issue.SelectMany(i => i.Expression).OfType<string>().ToList();

    /// <summary>A relation's URL of a Bundle, or null.</summary>
    public static string? Link(Bundle bundle, string relation) => bundle.Link.FirstOrDefault(l => l.Relation == relation)?.Url;

    /// <summary>An instant as a FHIR search value (UTC, seconds).</summary>
    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The UTC day of an instant as a FHIR search value.</summary>
    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

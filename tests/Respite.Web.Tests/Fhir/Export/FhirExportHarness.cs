using System.Net;
using System.Text.Json;
using Respite.Fhir;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests.Fhir.Export;

/// <summary>Kick-off, polling and download as a Bulk Data client does them.</summary>
internal static class FhirExportHarness
{
    /// <summary>Exports written to the host's own folder, in small files so that splitting shows.</summary>
    public static RespiteWebApplicationFactory WithExports(this RespiteWebApplicationFactory factory, int perFile = 40) =>
        factory.With("Fhir:Export:Directory", ExportDirectory(factory))
            .With("Fhir:Export:MaxResourcesPerFile", perFile.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string ExportDirectory(RespiteWebApplicationFactory factory) => Path.Combine(factory.HostDirectory, "exports");

    public static async Task<HttpResponseMessage> KickOffAsync(HttpClient client, string pathAndQuery, bool preferAsync = true, HttpContent? body = null)
    {
        using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, pathAndQuery) { Content = body };
        request.Headers.Accept.ParseAdd(FhirFormats.JsonMediaType);
        if (preferAsync)
        {
            request.Headers.Add("Prefer", "respond-async");
        }

        return await client.SendAsync(request);
    }

    /// <summary>Kicks off and answers the status URL (the Content-Location of the 202).</summary>
    public static async Task<string> StartAsync(HttpClient client, string pathAndQuery, HttpContent? body = null)
    {
        var response = await KickOffAsync(client, pathAndQuery, body: body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var location = response.Content.Headers.ContentLocation!;
        Assert.Contains("/fhir/$export-status/", location.ToString(), StringComparison.Ordinal);
        return location.ToString();
    }

    /// <summary>Polls the status URL until the manifest is there (at most a minute), checking the in-progress answers.</summary>
    public static async Task<JsonElement> CompleteAsync(HttpClient client, string statusUrl)
    {
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            var response = await client.GetAsync(statusUrl);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                Assert.NotNull(response.Content.Headers.Expires);
                return await response.ReadJsonAsync();
            }

            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            Assert.NotEmpty(response.Headers.GetValues("X-Progress").Single());
            Assert.NotNull(response.Headers.RetryAfter);
            await Task.Delay(50);
        }

        throw new TimeoutException($"The export at {statusUrl} did not complete within a minute.");
    }

    /// <summary>Starts an export and waits for its manifest.</summary>
    public static async Task<(string StatusUrl, JsonElement Manifest)> ExportAsync(HttpClient client, string pathAndQuery) =>
        await CompleteOf(client, await StartAsync(client, pathAndQuery));

    public static async Task<List<string>> LinesAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FhirFormats.NdjsonMediaType, response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return text[..^1].Split('\n').ToList();
    }

    /// <summary>The output entries of a manifest as (type, url, count).</summary>
    public static List<(string Type, string Url, long Count)> Files(JsonElement manifest, string list = "output") =>
        manifest.GetProperty(list).EnumerateArray()
            .Select(f => (f.GetProperty("type").GetString()!, f.GetProperty("url").GetString()!, f.GetProperty("count").GetInt64()))
            .ToList();

    /// <summary>The total of a search of every resource of the type, as this client may see them.</summary>
    public static async Task<int> SearchTotalAsync(HttpClient client, string type)
    {
        var response = await client.GetAsync($"/fhir/{type}?_total=accurate&_count=0");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("total").GetInt32();
    }

    public static Guid JobId(string statusUrl) => Guid.Parse(statusUrl[(statusUrl.LastIndexOf('/') + 1)..]);

    private static async Task<(string, JsonElement)> CompleteOf(HttpClient client, string statusUrl) => (statusUrl, await CompleteAsync(client, statusUrl));
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Respite.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Respite.Web.Tests;

/// <summary>
/// Every /api and /fhir route of the route table, sent hostile input: garbage route values, query strings of the wrong type,
/// malformed JSON, and each field of a valid body (the authorization matrix's) replaced with wrong types, huge and odd
/// strings, extreme numbers, nulls and deep nesting, or left out. Every answer must be below 500, and every 4xx must be a
/// problem (ProblemDetails naming the field for a 400) or, under /fhir, an OperationOutcome. Generation is seeded and
/// repeatable; <c>RESPITE_FUZZ_ITERATIONS</c> (default 1) multiplies the number of field mutations tried.
/// </summary>
public sealed class FuzzTests(RouteRecordingFactory factory, ITestOutputHelper output) : IClassFixture<RouteRecordingFactory>
{
    private const string Placeholder = "\u0001fuzz\u0001";

    private static readonly string Huge = new('x', 100_000);

    /// <summary>Hostile JSON values, as raw JSON text (some of them deliberately not valid JSON).</summary>
    private static readonly string[] HostileValues =
    [
        "null", "\"\"", "\"" + Huge + "\"", "\"\\ud800\"", "\"\\udfff tail\"", "\"\\u202Eevil\\u202C\"", "\"\ud83d\ude00\ud83c\udff3\ufe0f\u200d\ud83c\udf08\"",
        "\"\\u0000\"", "-1", "0", "-2147483649", "9223372036854775808", "-9223372036854775809", "1e308", "-1e308", "1e309", "0.000001",
        "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "NaN", "Infinity", "-Infinity", "true", "[]", "{}", "[null]", "\"../../../etc/passwd\"",
        "\"2026-13-45\"", "\"0001-01-01\"", "\"9999-12-31T23:59:59Z\"", "\"00000000-0000-0000-0000-000000000000\"", "\"8f0e9a57-0000-4000-8000-000000000000\"",
        "\"<script>alert(1)</script>\"", "\"' OR 1=1 --\"", "\"١٢٣\"", "\"-0\"", "\"12abc\"", Nested("[", "]", 70), Nested("{\"a\":", "}", 70),
    ];

    /// <summary>Whole bodies that are not the JSON object a route expects.</summary>
    private static readonly string[] RawBodies =
    [
        "", "{", "}", "{\"", "[", "null", "0", "\"text\"", "[]", "[{}]", "{}", "{\"a\":NaN}", "{} {}", "{,}", "{\"a\":1,}", "{'a':1}",
        "\ufeff{}", Nested("[", "]", 5000), Nested("{\"a\":", "}", 500), "{\"a\":\"" + Huge + "\"}",
    ];

    // Why: no "%00" in a path: TestServer refuses it in the client, and Kestrel answers 400 before the application sees it.
    private static readonly string[] HostileSegments =
    [
        "not-a-guid", "-1", "0", "99999999999999999999", "..%2F..%2Fetc%2Fpasswd", "%F0%9F%98%80", "%E2%80%AE", new('a', 2_000),
        "00000000-0000-0000-0000-000000000000", "8f0e9a57-0000-4000-8000-000000000000", "Patient", "%20",
    ];

    private static readonly string[] HostileQueryValues =
    [
        "abc", "-1", "0", "1e308", "NaN", "", "%00", "2026-13-45", "true", "..%2F..%2Fx", "%F0%9F%98%80", new('9', 400), new('a', 5_000),
        "8f0e9a57-0000-4000-8000-000000000000", "gt2026-99-99", "eq", "Patient%2F..%2F..%2Fx",
    ];

    private static readonly string[] QueryNames =
    [
        "limit", "date", "from", "to", "status", "query", "open", "audience", "modality", "locationId", "includeInactive", "page", "weeks", "days",
    ];

    private static readonly string[] FhirSearchNames =
    [
        "_count", "_id", "_lastUpdated", "_sort", "_include", "_revinclude", "_elements", "_summary", "_total", "_type", "_since", "patient",
        "subject", "date", "birthdate", "name", "family", "given", "code", "status", "identifier", "authored", "encounter", "name:exact", "date:missing",
    ];

    private static string Nested(string open, string close, int depth) =>
        string.Concat(Enumerable.Repeat(open, depth)) + (open == "[" ? "1" : "1") + string.Concat(Enumerable.Repeat(close, depth));

    private static int Iterations => int.TryParse(Environment.GetEnvironmentVariable("RESPITE_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 1;

    private sealed record Probe(string Route, HttpMethod Method, string Url, string? Body, string? ContentType, string Role);

    [Fact]
    public async Task EveryRoute_HostileInput_AnswersProblemNeverServerError()
    {
        var routes = RouteTable.ApiAndFhirRoutes(factory.Services);
        foreach (var role in RespiteWebApplicationFactory.AllRoles)
        {
            await factory.ClientForAsync(role);
        }

        var resolved = await AuthorizationMatrixTests.ResolveAsync(factory);
        var fixture = new AuthorizationMatrixTests.Fixture(factory);
        var fhirTypes = await FhirTypesAsync();
        var probes = new List<Probe>();
        foreach (var route in routes)
        {
            var admitted = (await RouteTable.AdmittedRolesAsync(factory.Services, route)).Where(r => r != "anonymous").ToList();
            var seeds = resolved.Where(r => r.Route?.ToString() == route.ToString()).ToList();
            var random = new Random(StableHash(route.ToString()));
            if (seeds.Count == 0)
            {
                probes.AddRange(ProbesFor(route, PatternUrl(route), null, admitted, fhirTypes, random));
                continue;
            }

            foreach (var seed in seeds)
            {
                var roles = seed.Case.Allowed.Where(admitted.Contains).DefaultIfEmpty(admitted.FirstOrDefault() ?? "anonymous").ToList();
                var body = route.Method is "POST" or "PUT" or "PATCH" ? await seed.Case.BodyAsync(factory, fixture, seed.Url) : null;
                var node = body is null ? null : JsonSerializer.SerializeToNode(body, RespiteWebApplicationFactory.Json);
                probes.AddRange(ProbesFor(route, seed.Url, node, roles, fhirTypes, random));
            }
        }

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        foreach (var role in RespiteWebApplicationFactory.AllRoles)
        {
            clients[role] = await factory.ClientForAsync(role);
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(probes, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (probe, ct) =>
        {
            var (status, problem) = await SendAsync(clients[probe.Role], probe, ct);
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (problem is not null)
            {
                failures.Add($"{probe.Method} {Snip(probe.Url, 200)} as {probe.Role} [{probe.Route}] body {Snip(probe.Body, 160)} -> {status}: {problem}");
            }
        });

        output.WriteLine($"Fuzzed {routes.Count} routes with {probes.Count} requests in {started.Elapsed.TotalSeconds:F1} s (RESPITE_FUZZ_ITERATIONS={Iterations}).");
        output.WriteLine("Statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        var list = failures.Order(StringComparer.Ordinal).ToList();
        Assert.True(list.Count == 0, $"{list.Count} of {probes.Count} requests failed:\n" + string.Join("\n", list.Take(300)));
    }

    private IEnumerable<Probe> ProbesFor(ApiRoute route, string url, JsonNode? body, IReadOnlyList<string> roles, IReadOnlyList<string> fhirTypes, Random random)
    {
        var method = new HttpMethod(route.Method);
        var contentType = route.IsFhir ? "application/fhir+json" : "application/json";
        var validBody = body?.ToJsonString();
        var roleIndex = 0;
        string NextRole() => roles.Count == 0 ? "anonymous" : roles[roleIndex++ % roles.Count];
        Probe Make(string u, string? b, string? type = null) => new(route.ToString(), method, u, b, b is null ? null : type ?? contentType, NextRole());

        yield return Make(url, validBody);

        // Route values: garbage, unknown records, other resource types.
        var patternSegments = route.Pattern.Split('/');
        var (path, query) = SplitQuery(url);
        var urlSegments = path.Split('/');
        if (patternSegments.Length == urlSegments.Length)
        {
            for (var i = 0; i < patternSegments.Length; i++)
            {
                if (!patternSegments[i].StartsWith('{'))
                {
                    continue;
                }

                var values = patternSegments[i] == "{type}" ? HostileSegments.Concat(fhirTypes) : HostileSegments;
                foreach (var value in values)
                {
                    var copy = (string[])urlSegments.Clone();
                    copy[i] = value;
                    yield return Make(string.Join('/', copy) + query, validBody);
                }
            }
        }

        // Query strings of the wrong type, on the route's own parameters and on common ones.
        if (route.Method is "GET" or "DELETE" || route.Pattern.EndsWith("_search", StringComparison.Ordinal) || route.Pattern.Contains("$export", StringComparison.Ordinal))
        {
            var names = System.Web.HttpUtility.ParseQueryString(query.TrimStart('?')).AllKeys.OfType<string>()
                .Concat(route.IsFhir ? FhirSearchNames : QueryNames).Distinct().ToList();
            foreach (var name in names)
            {
                foreach (var value in Sample(HostileQueryValues, 2 * Iterations, random))
                {
                    yield return Make($"{path}?{name}={value}", validBody);
                }
            }
        }

        if (route.Method is not ("POST" or "PUT" or "PATCH"))
        {
            yield break;
        }

        // Whole bodies that are not what the route reads; the valid body with the wrong content type.
        foreach (var raw in RawBodies)
        {
            yield return Make(url, raw);
        }

        if (validBody is not null)
        {
            yield return Make(url, validBody, "text/plain");
            yield return Make(url, "[" + validBody + "]");
        }

        if (body is not JsonObject)
        {
            yield break;
        }

        // Each field of the valid body: wrong types and hostile values, left out, and an unknown field beside them.
        var extra = body.DeepClone().AsObject();
        extra["unexpectedField" + random.Next(1000)] = "surprise";
        yield return Make(url, extra.ToJsonString());
        foreach (var fieldPath in LeafPaths(body).Take(60))
        {
            var without = body.DeepClone();
            Remove(without, fieldPath);
            yield return Make(url, without.ToJsonString());
            foreach (var value in Sample(HostileValues, 4 * Iterations, random))
            {
                var mutated = body.DeepClone();
                Set(mutated, fieldPath, Placeholder);
                yield return Make(url, mutated.ToJsonString().Replace(JsonSerializer.Serialize(Placeholder), value, StringComparison.Ordinal));
            }
        }
    }

    private async Task<(int Status, string? Problem)> SendAsync(HttpClient client, Probe probe, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(probe.Method, probe.Url);
        if (probe.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(probe.Body));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(probe.ContentType!);
        }

        if (probe.Url.Contains("$export", StringComparison.Ordinal))
        {
            request.Headers.Add("Prefer", "respond-async");
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
        {
            return (0, "the request failed in the server: " + e.Message);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                return (status, "server error " + Snip(await response.Content.ReadAsStringAsync(ct), 300));
            }

            if (status < 400)
            {
                return (status, null);
            }

            var media = response.Content.Headers.ContentType?.MediaType;
            var text = await response.Content.ReadAsStringAsync(ct);
            var fhir = probe.Url.StartsWith("/fhir", StringComparison.Ordinal);
            return (status, fhir ? CheckOperationOutcome(media, text) : CheckProblem(status, media, text));
        }
    }

    private static string? CheckProblem(int status, string? media, string text)
    {
        if (media != "application/problem+json")
        {
            return $"content type {media ?? "(none)"}, not application/problem+json: {Snip(text, 200)}";
        }

        JsonElement problem;
        try
        {
            problem = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            return "the problem does not parse: " + Snip(text, 200);
        }

        if (status != 400)
        {
            return null;
        }

        var namesField = problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object && errors.EnumerateObject().Any();
        var hasDetail = problem.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String && detail.GetString()!.Length > 0;
        return namesField || hasDetail ? null : "a 400 without errors or detail: " + Snip(text, 200);
    }

    private static string? CheckOperationOutcome(string? media, string text)
    {
        if (media != "application/fhir+json")
        {
            return $"content type {media ?? "(none)"}, not application/fhir+json: {Snip(text, 200)}";
        }

        try
        {
            var root = JsonDocument.Parse(text).RootElement;
            return root.TryGetProperty("resourceType", out var type) && type.GetString() == "OperationOutcome" ? null : "not an OperationOutcome: " + Snip(text, 200);
        }
        catch (JsonException)
        {
            return "the OperationOutcome does not parse: " + Snip(text, 200);
        }
    }

    private async Task<IReadOnlyList<string>> FhirTypesAsync()
    {
        var client = await factory.ClientForAsync("anonymous");
        var metadata = JsonDocument.Parse(await client.GetStringAsync("/fhir/metadata")).RootElement;
        return metadata.GetProperty("rest")[0].GetProperty("resource").EnumerateArray().Select(r => r.GetProperty("type").GetString()!).ToList();
    }

    /// <summary>A URL for a route no case reaches: its route values filled with new ids.</summary>
    private static string PatternUrl(ApiRoute route) =>
        string.Join('/', route.Pattern.Split('/').Select(s => s.StartsWith('{') ? (s == "{type}" ? "Patient" : Guid.NewGuid().ToString()) : s));

    private static (string Path, string Query) SplitQuery(string url)
    {
        var index = url.IndexOf('?', StringComparison.Ordinal);
        return index < 0 ? (url, "") : (url[..index], url[index..]);
    }

    private static IEnumerable<T> Sample<T>(IReadOnlyList<T> values, int count, Random random) =>
        count >= values.Count ? values : Enumerable.Range(0, count).Select(_ => values[random.Next(values.Count)]).Distinct();

    /// <summary>Every field of a JSON body, nested objects and the first element of arrays included (paths of names and indexes).</summary>
    private static IEnumerable<object[]> LeafPaths(JsonNode node, object[]? prefix = null)
    {
        prefix ??= [];
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    object[] path = [.. prefix, name];
                    yield return path;
                    if (child is not null)
                    {
                        foreach (var nested in LeafPaths(child, path))
                        {
                            yield return nested;
                        }
                    }
                }

                break;
            case JsonArray { Count: > 0 } array when array[0] is { } first:
                object[] item = [.. prefix, 0];
                yield return item;
                foreach (var nested in LeafPaths(first, item))
                {
                    yield return nested;
                }

                break;
        }
    }

    private static JsonNode Parent(JsonNode root, object[] path)
    {
        var node = root;
        foreach (var step in path[..^1])
        {
            node = step is string name ? node[name]! : node[(int)step]!;
        }

        return node;
    }

    private static void Set(JsonNode root, object[] path, string value)
    {
        var parent = Parent(root, path);
        if (path[^1] is string name)
        {
            parent[name] = value;
        }
        else
        {
            parent[(int)path[^1]] = value;
        }
    }

    private static void Remove(JsonNode root, object[] path)
    {
        var parent = Parent(root, path);
        if (path[^1] is string name)
        {
            parent.AsObject().Remove(name);
        }
        else
        {
            parent.AsArray().RemoveAt((int)path[^1]);
        }
    }

    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    private static string Snip(string? text, int length) =>
        text is null ? "(none)" : text.Length <= length ? text : text[..length] + $"…({text.Length} chars)";
}

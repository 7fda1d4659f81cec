using Microsoft.Extensions.DependencyInjection;
using Respite.Web.Features.Fhir;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests.Fhir.Sources;

/// <summary>A source resolved in its own scope of the real host, as the endpoints resolve it, and searches parsed as the endpoints parse them.</summary>
internal static class SourceHarness
{
    public static async Task<FhirEntry?> ReadAsync<TSource>(RespiteWebApplicationFactory factory, string id)
        where TSource : IFhirResourceSource
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var source = ActivatorUtilities.CreateInstance<TSource>(scope.ServiceProvider);
        return await source.ReadAsync(id, CancellationToken.None);
    }

    /// <summary>Every entry the search yields, in order; <paramref name="query"/> is a query string (<c>patient=…&amp;date=ge2026</c>).</summary>
    public static async Task<IReadOnlyList<FhirEntry>> SearchAsync<TSource>(RespiteWebApplicationFactory factory, string query, Guid? compartmentPatient = null)
        where TSource : IFhirResourceSource
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var source = ActivatorUtilities.CreateInstance<TSource>(scope.ServiceProvider);
        var parsed = FhirSearchParser.Parse(Pairs(query), source.SearchParameters, lenient: false, compartmentPatient);
        Assert.True(parsed.Succeeded, string.Join("; ", parsed.Issues.Select(i => $"{i.Path}: {i.Message}")));
        var entries = new List<FhirEntry>();
        await foreach (var entry in source.SearchAsync(parsed.Value!.Query, CancellationToken.None))
        {
            entries.Add(entry);
        }

        return entries;
    }

    public static async Task<IReadOnlyList<string>> IdsAsync<TSource>(RespiteWebApplicationFactory factory, string query, Guid? compartmentPatient = null)
        where TSource : IFhirResourceSource =>
        (await SearchAsync<TSource>(factory, query, compartmentPatient)).Select(e => e.Resource.Id!).ToList();

    private static List<KeyValuePair<string, string>> Pairs(string query) =>
        query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p.Length > 1 ? p[1] : "")))
            .ToList();
}

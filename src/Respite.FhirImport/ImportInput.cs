using System.Runtime.CompilerServices;
using System.Text;
using Hl7.Fhir.Model;
using Respite.Fhir;

namespace Respite.FhirImport;

/// <summary>One resource read from an input file, or the reason it could not be read, with where it came from.</summary>
/// <param name="Origin">The file and line (NDJSON) or entry (Bundle): <c>history.ndjson:12</c>, <c>bundle.json#entry[3]</c>.</param>
/// <param name="Resource">The resource; null when it could not be read.</param>
/// <param name="Key">How other resources in the input refer to it (the Bundle entry's fullUrl, else <c>Type/id</c>).</param>
/// <param name="Issues">Why it could not be read; empty when it was.</param>
public sealed record ImportItem(string Origin, Resource? Resource, string? Key, IReadOnlyList<FhirIssue> Issues)
{
    public string TypeName => Resource?.TypeName ?? "(unreadable)";
}

/// <summary>
/// The files to import: FHIR NDJSON (one resource per line; read as a stream, whatever its size), or a JSON or XML file
/// holding a Bundle (its entries) or a single resource.
/// </summary>
public static class ImportInput
{
    /// <summary>The largest single resource or Bundle file read whole; NDJSON files have no limit.</summary>
    public const long MaxDocumentBytes = 256L * 1024 * 1024;

    public static bool IsNdjson(string path) =>
        path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);

    public static async IAsyncEnumerable<ImportItem> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var name = Path.GetFileName(path);
        if (IsNdjson(path))
        {
            using var reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
            var number = 0;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                yield return Item($"{name}:{number}", FhirFormats.ParseJson(line), null);
            }

            yield break;
        }

        var length = new FileInfo(path).Length;
        if (length > MaxDocumentBytes)
        {
            yield return new ImportItem(name, null, null, [new FhirIssue("", $"The file is {length / (1024 * 1024)} MB; split it, or export it as NDJSON, which is read as a stream.", FhirIssueKind.NotSupported)]);
            yield break;
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var parsed = text.TrimStart().StartsWith('<') ? FhirFormats.ParseXml(text) : FhirFormats.ParseJson(text);
        if (parsed.Value is Bundle bundle)
        {
            for (var i = 0; i < bundle.Entry.Count; i++)
            {
                var entry = bundle.Entry[i];
                var origin = $"{name}#entry[{i}]";
                yield return entry.Resource is null
                    ? new ImportItem(origin, null, entry.FullUrl, [new FhirIssue($"Bundle.entry[{i}].resource", "The entry has no resource.", FhirIssueKind.Required)])
                    : new ImportItem(origin, entry.Resource, entry.FullUrl ?? KeyOf(entry.Resource), []);
            }

            yield break;
        }

        yield return Item(name, parsed, null);
    }

    private static ImportItem Item(string origin, FhirParseResult<Resource> parsed, string? key) =>
        parsed.Succeeded
            ? new ImportItem(origin, parsed.Value, key ?? KeyOf(parsed.Value!), [])
            : new ImportItem(origin, null, null, parsed.Issues);

    private static string? KeyOf(Resource resource) => resource.Id is { } id ? $"{resource.TypeName}/{id}" : null;
}

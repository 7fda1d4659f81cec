using System.Globalization;
using System.Text.Json;

namespace Respite.FhirImport;

/// <summary>What became of one resource of the input.</summary>
public enum ImportResult
{
    /// <summary>Recorded in Respite as a new resource.</summary>
    Created,

    /// <summary>A Patient that is already in Respite (same name and birth date, or the patient named with --patient).</summary>
    Matched,

    /// <summary>Already in Respite (the same instrument answered at the same time, the same measurement on the same day): not recorded twice.</summary>
    AlreadyPresent,

    /// <summary>Not recorded; the reasons say why.</summary>
    Rejected,
}

/// <summary>One rejected resource: where it was, what it was, and every reason Respite gave.</summary>
public sealed record Rejection(string Origin, string Type, string? SourceId, IReadOnlyList<string> Reasons);

/// <summary>The counts per resource type and result, and the rejections with their reasons.</summary>
public sealed class ImportSummary
{
    /// <summary>Rejections kept in full; beyond this only counted, so that a huge input cannot exhaust memory.</summary>
    public const int MaxRejectionsKept = 10_000;

    private readonly SortedDictionary<string, Dictionary<ImportResult, int>> counts = new(StringComparer.Ordinal);
    private readonly List<Rejection> rejections = [];

    public IReadOnlyList<Rejection> Rejections => rejections;

    public int Total => counts.Values.Sum(c => c.Values.Sum());

    public int Accepted => Count(ImportResult.Created) + Count(ImportResult.Matched) + Count(ImportResult.AlreadyPresent);

    public int Rejected => Count(ImportResult.Rejected);

    public int Count(ImportResult result) => counts.Values.Sum(c => c.GetValueOrDefault(result));

    public int Count(string type, ImportResult result) => counts.TryGetValue(type, out var c) ? c.GetValueOrDefault(result) : 0;

    internal void Add(string type, ImportResult result)
    {
        if (!counts.TryGetValue(type, out var byResult))
        {
            counts[type] = byResult = [];
        }

        byResult[result] = byResult.GetValueOrDefault(result) + 1;
    }

    internal void Reject(string origin, string type, string? sourceId, IReadOnlyList<string> reasons)
    {
        Add(type, ImportResult.Rejected);
        if (rejections.Count < MaxRejectionsKept)
        {
            rejections.Add(new Rejection(origin, type, sourceId, reasons));
        }
    }

    /// <summary>The summary as a person reads it: a table of counts, then each rejection with its reasons.</summary>
    public void WriteText(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"Resource type",-24}{"created",9}{"matched",9}{"present",9}{"rejected",9}"));
        foreach (var (type, byResult) in counts)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{type,-24}{byResult.GetValueOrDefault(ImportResult.Created),9}{byResult.GetValueOrDefault(ImportResult.Matched),9}{byResult.GetValueOrDefault(ImportResult.AlreadyPresent),9}{byResult.GetValueOrDefault(ImportResult.Rejected),9}"));
        }

        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"Total",-24}{Count(ImportResult.Created),9}{Count(ImportResult.Matched),9}{Count(ImportResult.AlreadyPresent),9}{Count(ImportResult.Rejected),9}"));
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Accepted} of {Total} resources accepted, {Rejected} rejected."));
        if (rejections.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteLine("Rejected:");
        foreach (var rejection in rejections)
        {
            writer.WriteLine($"  {rejection.Origin} {rejection.Type}{(rejection.SourceId is null ? "" : "/" + rejection.SourceId)}");
            foreach (var reason in rejection.Reasons)
            {
                writer.WriteLine($"    - {reason}");
            }
        }

        if (Rejected > rejections.Count)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  … and {Rejected - rejections.Count} more."));
        }
    }

    /// <summary>The summary as JSON, for a script: counts per type and result, and the rejections.</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        total = Total,
        accepted = Accepted,
        rejected = Rejected,
        types = counts.ToDictionary(c => c.Key, c => c.Value.ToDictionary(r => JsonNamingPolicy.CamelCase.ConvertName(r.Key.ToString()), r => r.Value)),
        rejections = rejections.Select(r => new { origin = r.Origin, type = r.Type, id = r.SourceId, reasons = r.Reasons }),
    }, new JsonSerializerOptions { WriteIndented = true });
}

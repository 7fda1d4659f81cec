using System.Runtime.CompilerServices;
using Hl7.Fhir.Model;

namespace Respite.Fhir.Tests;

/// <summary>
/// Golden R4 JSON in TestFiles/R4, pretty-printed so that a change to a mapping shows up as a readable diff.
/// Set RESPITE_UPDATE_GOLDEN=1 to rewrite the files in the source tree from the current mappers, then review the diff.
/// </summary>
internal static class GoldenFiles
{
    public static void AssertMatches(string name, Base resource)
    {
        var actual = Normalize(FhirFormats.ToJson(resource, pretty: true));
        if (Environment.GetEnvironmentVariable("RESPITE_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(SourcePath(name), actual);
        }

        var expected = Read(name);
        Assert.Equal(expected, actual);
    }

    public static string Read(string name) => Normalize(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestFiles", "R4", name)));

    public static T Parse<T>(string name)
        where T : Resource
    {
        var parsed = FhirFormats.ParseJson<T>(Read(name));
        Assert.True(parsed.Succeeded, string.Join("; ", parsed.Issues.Select(i => $"{i.Path}: {i.Message}")));
        return parsed.Value!;
    }

    /// <summary>Several resources as one reviewable file: a collection Bundle in the order given.</summary>
    public static Bundle Collection(IEnumerable<Resource> resources)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        foreach (var resource in resources)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"{FhirSystems.RespiteBase}{resource.TypeName}/{resource.Id}", Resource = resource });
        }

        return bundle;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n') + "\n";

    private static string SourcePath(string name, [CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "TestFiles", "R4", name);
}

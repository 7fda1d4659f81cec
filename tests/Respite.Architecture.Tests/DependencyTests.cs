using System.Reflection;

namespace Respite.Architecture.Tests;

/// <summary>The pure core stays pure: the compiler enforces it through project references, and these tests double-check.</summary>
public sealed class DependencyTests
{
    private static readonly string[] Forbidden =
    [
        "Microsoft.EntityFrameworkCore",
        "Microsoft.AspNetCore",
        "Hl7.Fhir",
        "Microsoft.Extensions.Logging",
        "Npgsql",
        "Microsoft.Data.Sqlite",
    ];

    [Theory]
    [InlineData("Respite.Pharmacokinetics")]
    [InlineData("Respite.Clinical")]
    public void CoreAssembly_ReferencesNoInfrastructure(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);
        var references = assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        foreach (var reference in references)
        {
            Assert.DoesNotContain(Forbidden, f => reference.StartsWith(f, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Pharmacokinetics_ReferencesNoOtherRespiteAssembly()
    {
        var references = Assembly.Load("Respite.Pharmacokinetics").GetReferencedAssemblies().Select(a => a.Name ?? "");
        Assert.DoesNotContain(references, r => r.StartsWith("Respite.", StringComparison.Ordinal));
    }

    [Fact]
    public void Clinical_ReferencesOnlyPharmacokinetics()
    {
        var references = Assembly.Load("Respite.Clinical").GetReferencedAssemblies().Select(a => a.Name ?? "")
            .Where(r => r.StartsWith("Respite.", StringComparison.Ordinal));
        Assert.All(references, r => Assert.Equal("Respite.Pharmacokinetics", r));
    }

    [Fact]
    public void Fhir_ReferencesNeitherDataAccessNorTheWebHost()
    {
        var references = Assembly.Load("Respite.Fhir").GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();

        Assert.Contains("Hl7.Fhir.R4", references);
        Assert.DoesNotContain(references, r => FhirForbidden.Any(f => r.StartsWith(f, StringComparison.Ordinal)));
        Assert.All(references.Where(r => r.StartsWith("Respite.", StringComparison.Ordinal)),
            r => Assert.Contains(r, new[] { "Respite.Clinical", "Respite.Pharmacokinetics" }));
    }

    [Fact]
    public void Fhir_ProjectFile_BringsInNoDataAccessOrAspNetCore()
    {
        // Why: assembly references list only what the compiled code uses; the project file also rules out what would
        // arrive transitively (a project or package reference, or the ASP.NET Core shared framework).
        var project = DocumentationTests.RepositoryFile("src", "Respite.Fhir", "Respite.Fhir.csproj");

        Assert.DoesNotContain("Respite.Data", project, StringComparison.Ordinal);
        Assert.DoesNotContain("Respite.Web", project, StringComparison.Ordinal);
        Assert.DoesNotContain("FrameworkReference", project, StringComparison.Ordinal);
        Assert.All(FhirForbidden, f => Assert.DoesNotContain(f, project, StringComparison.Ordinal));
    }

    private static readonly string[] FhirForbidden =
    [
        "Respite.Data",
        "Respite.Web",
        "Microsoft.EntityFrameworkCore",
        "Microsoft.AspNetCore",
        "Microsoft.Extensions.Logging",
        "Npgsql",
        "Microsoft.Data.Sqlite",
    ];

    [Theory]
    [InlineData("Respite.Pharmacokinetics")]
    [InlineData("Respite.Clinical")]
    public void CoreAssembly_NeverReadsTheSystemClock(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);
        var path = assembly.Location;
        var il = File.ReadAllBytes(path);
        var text = System.Text.Encoding.UTF8.GetString(il);
        Assert.DoesNotContain("get_UtcNow", text, StringComparison.Ordinal);
        Assert.DoesNotContain("get_Now", text, StringComparison.Ordinal);
        Assert.DoesNotContain("get_Today", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Quantities_AreReadonlyValueTypes()
    {
        var types = Assembly.Load("Respite.Pharmacokinetics").GetTypes()
            .Where(t => t.Namespace == "Respite.Pharmacokinetics.Quantities" && t.IsPublic && !(t.IsAbstract && t.IsSealed));
        Assert.NotEmpty(types);
        Assert.All(types, t =>
        {
            Assert.True(t.IsValueType, $"{t.Name} should be a struct");
            Assert.True(t.GetCustomAttributes().Any(a => a.GetType().Name == "IsReadOnlyAttribute"), $"{t.Name} should be readonly");
        });
    }
}

using System.Reflection;
using Respite.Clinical.Dosing;
using Respite.Clinical.Instruments;
using Respite.Clinical.Screening;

namespace Respite.Architecture.Tests;

/// <summary>The rule catalogue in docs/ names every rule and instrument the code has.</summary>
public sealed class DocumentationTests
{
    internal static string RepositoryFile(params string[] parts) => File.ReadAllText(RepositoryPath(parts));

    internal static string RepositoryPath(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Respite.slnx")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return Path.Combine([directory!.FullName, .. parts]);
    }

    [Fact]
    public void RulesCatalogue_ListsEveryScreeningRule()
    {
        var catalogue = RepositoryFile("docs", "clinical", "rules.md");
        Assert.All(ScreeningRules.All, rule => Assert.Contains($"| {rule.RuleId} |", catalogue, StringComparison.Ordinal));
    }

    [Fact]
    public void RulesCatalogue_ListsEveryInstrument()
    {
        var catalogue = RepositoryFile("docs", "clinical", "rules.md");
        Assert.All(InstrumentCatalog.All, instrument => Assert.Contains($"`{instrument.Code}`", catalogue, StringComparison.Ordinal));
    }

    [Fact]
    public void RulesCatalogue_ListsEveryDoseRule()
    {
        var catalogue = RepositoryFile("docs", "clinical", "rules.md");
        var ids = typeof(DoseRules).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Equal(11, ids.Count);
        Assert.All(ids, id => Assert.Contains($"| {id} |", catalogue, StringComparison.Ordinal));
    }

    [Fact]
    public void RulesCatalogue_ListsEveryPlanRule()
    {
        var catalogue = RepositoryFile("docs", "clinical", "rules.md");
        var ids = typeof(Respite.Clinical.Plans.PlanRules).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Equal(8, ids.Count);
        Assert.All(ids, id => Assert.Contains($"| {id} |", catalogue, StringComparison.Ordinal));
        var session = typeof(Respite.Clinical.Sessions.SessionRules).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Equal(23, session.Count);
        Assert.All(session, id => Assert.Contains($"| {id} |", catalogue, StringComparison.Ordinal));
        var scheduling = typeof(Respite.Clinical.Scheduling.SchedulingRules).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Equal(3, scheduling.Count);
        Assert.All(scheduling, id => Assert.Contains($"| {id} |", catalogue, StringComparison.Ordinal));
    }

    [Fact]
    public void Stylesheet_EveryBlockIsClosed_AndNoneBeforeItOpens()
    {
        var css = System.Text.RegularExpressions.Regex.Replace(RepositoryFile("src", "Respite.Web", "wwwroot", "css", "app.css"), @"/\*.*?\*/", "", System.Text.RegularExpressions.RegexOptions.Singleline);
        var depth = 0;
        var line = 1;
        foreach (var c in css)
        {
            line += c == '\n' ? 1 : 0;
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            Assert.True(depth >= 0, $"A '}}' without its '{{' near line {line} (comments removed).");
        }

        Assert.Equal(0, depth);
    }
}

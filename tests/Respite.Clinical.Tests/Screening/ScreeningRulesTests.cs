using System.Text.RegularExpressions;
using Respite.Clinical.Screening;

namespace Respite.Clinical.Tests.Screening;

public sealed class ScreeningRulesTests
{
    [Fact]
    public void All_Always_HasUniqueWellFormedIdsWithTitleSourceRationaleAndSeverity()
    {
        var ids = ScreeningRules.All.Select(r => r.RuleId).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ScreeningRules.All, r =>
        {
            Assert.Matches(new Regex("^SCR-(CI|IND|TRD|ABU|SUI|DATA)-\\d{3}$"), r.RuleId);
            Assert.False(string.IsNullOrWhiteSpace(r.Title));
            Assert.False(string.IsNullOrWhiteSpace(r.Source));
            Assert.False(string.IsNullOrWhiteSpace(r.Rationale));
            Assert.False(string.IsNullOrWhiteSpace(r.Severity));
        });
    }

    [Fact]
    public void All_Always_ListsTheStableRuleIds()
    {
        Assert.Equal(
            [
                "SCR-CI-001", "SCR-CI-002", "SCR-CI-003", "SCR-CI-004", "SCR-CI-005", "SCR-CI-006", "SCR-CI-007", "SCR-CI-008",
                "SCR-IND-001", "SCR-TRD-001", "SCR-ABU-001", "SCR-ABU-002", "SCR-ABU-003", "SCR-SUI-001", "SCR-SUI-002",
                "SCR-DATA-001", "SCR-DATA-002", "SCR-DATA-003", "SCR-DATA-004",
            ],
            ScreeningRules.All.Select(r => r.RuleId));
    }

    [Fact]
    public void All_EveryRule_IsProducedBySomeInput()
    {
        var worst = new ScreeningInput
        {
            HasDepression = true,
            HasChronicPain = false,
            Flags = Enum.GetValues<MedicalFlag>().ToHashSet(),
            SubstanceUse = SubstanceUseStatus.Current,
            LatestPhq9 = Scores.Phq9(item9: 3),
            LatestCssrs = Scores.CssrsHigh(),
            LatestDast10 = Scores.Dast10(9),
            LatestAuditC = Scores.AuditC(8, Patients.Sex.Male),
        };
        var missing = new ScreeningInput { HasDepression = true, HasChronicPain = true };

        var produced = ScreeningEvaluator.EvaluateAll(worst, ScreeningSettings.Default)
            .Concat(ScreeningEvaluator.EvaluateAll(missing, ScreeningSettings.Default))
            .SelectMany(r => r.Findings)
            .Select(f => f.RuleId)
            .ToHashSet();

        Assert.Equal(ScreeningRules.All.Select(r => r.RuleId).Order(StringComparer.Ordinal), produced.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Get_KnownId_ReturnsRule()
    {
        Assert.Equal("Pregnancy", ScreeningRules.Get(ScreeningRules.Pregnancy).Title);
    }

    [Fact]
    public void Get_UnknownId_Throws()
    {
        Assert.Throws<ArgumentException>(() => ScreeningRules.Get("SCR-XX-999"));
    }

    [Theory]
    [InlineData("SCR-CI-001", "Spravato PI §4")]
    [InlineData("SCR-CI-002", "Spravato PI §4")]
    [InlineData("SCR-CI-003", "Spravato PI §4")]
    [InlineData("SCR-CI-004", "grade B")]
    [InlineData("SCR-CI-005", "grade B")]
    [InlineData("SCR-CI-006", "grade B")]
    [InlineData("SCR-CI-007", "grade C")]
    [InlineData("SCR-CI-008", "grade C")]
    [InlineData("SCR-SUI-002", "Columbia")]
    [InlineData("SCR-TRD-001", "PMC11193313")]
    public void Get_Rule_CitesItsSource(string ruleId, string citation)
    {
        Assert.Contains(citation, ScreeningRules.Get(ruleId).Source, StringComparison.Ordinal);
    }
}

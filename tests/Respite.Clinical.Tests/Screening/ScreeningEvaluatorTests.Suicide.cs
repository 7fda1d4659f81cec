using Respite.Clinical.Instruments;
using Respite.Clinical.Screening;

namespace Respite.Clinical.Tests.Screening;

public sealed partial class ScreeningEvaluatorTests
{
    [Theory]
    [MemberData(nameof(Modalities))]
    public void SCR_SUI_001_Phq9Item9One_CautionsAndRequiresAcknowledgement(Modality modality)
    {
        var result = Evaluate(modality, Scores.Clean() with { LatestPhq9 = Scores.Phq9(item9: 1, others: 0) });

        var finding = Only(result, "SCR-SUI-001");
        Assert.Equal(FindingSeverity.Caution, finding.Severity);
        Assert.True(finding.RequiresAcknowledgement);
        Assert.True(result.SuicideRiskAlert);
        Assert.Equal(Eligibility.EligibleWithCautions, result.Eligibility);
    }

    [Fact]
    public void SCR_SUI_001_Phq9Item9Zero_NoAlert()
    {
        var result = Evaluate(Modality.IvKetamineDepression, Scores.Clean() with { LatestPhq9 = Scores.Phq9(item9: 0, others: 3) });

        Absent(result, "SCR-SUI-001");
        Assert.False(result.SuicideRiskAlert);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void SCR_SUI_001_AlertAtTwo_AlertsOnlyFromTwo(int item9, bool alert)
    {
        var settings = ScreeningSettings.Default with { Phq9Item9AlertAt = 2 };

        var result = Evaluate(Modality.IvKetamineDepression, Scores.Clean() with { LatestPhq9 = Scores.Phq9(item9) }, settings);

        Assert.Equal(alert, result.SuicideRiskAlert);
    }

    [Fact]
    public void SCR_SUI_001_Phq9WithoutItemScores_IsIgnored()
    {
        var stored = new InstrumentScore("phq9", 9m, "mild", [], []);

        Absent(Evaluate(Modality.IvKetamineDepression, Scores.Clean() with { LatestPhq9 = stored }), "SCR-SUI-001");
    }

    public static TheoryData<string, string, bool> CssrsAlertMatrix => new()
    {
        { "low", "none", false },
        { "low", "low", true },
        { "low", "moderate", true },
        { "low", "high", true },
        { "moderate", "low", false },
        { "moderate", "moderate", true },
        { "moderate", "high", true },
        { "high", "low", false },
        { "high", "moderate", false },
        { "high", "high", true },
    };

    [Theory]
    [MemberData(nameof(CssrsAlertMatrix))]
    public void SCR_SUI_002_CssrsRiskAgainstAlertLevel_AlertsAtOrAbove(string alertLevel, string risk, bool alert)
    {
        var cssrs = risk switch
        {
            "none" => Scores.CssrsNone(),
            "low" => Scores.CssrsLow(),
            "moderate" => Scores.CssrsModerate(),
            _ => Scores.CssrsHigh(),
        };
        Assert.Equal(risk, cssrs.Band);

        var result = Evaluate(Modality.EsketamineNasalSpray, Scores.Clean() with { LatestCssrs = cssrs }, ScreeningSettings.Default with { CssrsAlertLevel = alertLevel });

        Assert.Equal(alert, result.Findings.Any(f => f.RuleId == "SCR-SUI-002" && f.RequiresAcknowledgement && f.Severity == FindingSeverity.Caution));
        Assert.Equal(alert, result.SuicideRiskAlert);
    }

    [Fact]
    public void SCR_SUI_002_DefaultAlertLevel_AlertsOnLowRisk()
    {
        var result = Evaluate(Modality.IvKetamineDepression, Scores.Clean() with { LatestCssrs = Scores.CssrsLow() });

        Assert.True(Only(result, "SCR-SUI-002").RequiresAcknowledgement);
    }

    [Fact]
    public void SCR_SUI_002_HighRisk_MessageCallsForSafetyPrecautionsUntilEvaluation()
    {
        var finding = Only(Evaluate(Modality.IvKetamineDepression, Scores.Clean() with { LatestCssrs = Scores.CssrsHigh() }), "SCR-SUI-002");

        Assert.Contains("safety precautions until a mental-health evaluation", finding.Message, StringComparison.Ordinal);
        Assert.Contains("Columbia", finding.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void SCR_SUI_002_RecentBehaviourWithoutIdeation_IsHighRisk()
    {
        var cssrs = Scores.Cssrs(false, false, null, null, null, true, true);

        var finding = Only(Evaluate(Modality.IvKetamineChronicPain, Scores.Clean() with { LatestCssrs = cssrs }), "SCR-SUI-002");

        Assert.Contains("HIGH", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SCR_SUI_BothInstrumentsPositive_GiveTwoAcknowledgements()
    {
        var input = Scores.Clean() with { LatestPhq9 = Scores.Phq9(item9: 2), LatestCssrs = Scores.CssrsModerate() };

        var result = Evaluate(Modality.IvKetamineDepression, input);

        Assert.Equal(["SCR-SUI-001", "SCR-SUI-002"], result.Findings.Where(f => f.RequiresAcknowledgement).Select(f => f.RuleId));
    }

    [Fact]
    public void Evaluate_NonSuicideFindings_NeverRequireAcknowledgement()
    {
        var input = Scores.Clean().With(Enum.GetValues<MedicalFlag>()) with
        {
            SubstanceUse = SubstanceUseStatus.Current,
            LatestDast10 = Scores.Dast10(8),
            AntidepressantTrials = [],
        };

        var findings = ScreeningEvaluator.EvaluateAll(input, ScreeningSettings.Default).SelectMany(r => r.Findings).ToList();

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.False(f.RequiresAcknowledgement));
    }
}

using Respite.Clinical.Screening;

namespace Respite.Clinical.Tests.Screening;

public sealed partial class ScreeningEvaluatorTests
{
    [Theory]
    [InlineData(Modality.IvKetamineDepression)]
    [InlineData(Modality.EsketamineNasalSpray)]
    public void SCR_IND_001_DepressionModality_NoDepression_Excludes(Modality modality)
    {
        var result = Evaluate(modality, Scores.Clean() with { HasDepression = false });

        var finding = Only(result, "SCR-IND-001");
        Assert.Equal(FindingSeverity.Exclusion, finding.Severity);
        Assert.Contains("No depressive disorder", finding.Message, StringComparison.Ordinal);
        Assert.Equal(Eligibility.NotEligible, result.Eligibility);
    }

    [Fact]
    public void SCR_IND_001_ChronicPain_NoChronicPain_Excludes()
    {
        var result = Evaluate(Modality.IvKetamineChronicPain, Scores.Clean() with { HasChronicPain = false });

        Assert.Equal(FindingSeverity.Exclusion, Only(result, "SCR-IND-001").Severity);
        Assert.Equal(Eligibility.NotEligible, result.Eligibility);
    }

    [Fact]
    public void SCR_IND_001_ChronicPain_NoDepression_IsStillEligible()
    {
        var result = Evaluate(Modality.IvKetamineChronicPain, Scores.Clean() with { HasDepression = false, AntidepressantTrials = [] });

        Assert.Equal(Eligibility.Eligible, result.Eligibility);
    }

    [Theory]
    [InlineData(Modality.IvKetamineDepression)]
    [InlineData(Modality.EsketamineNasalSpray)]
    public void SCR_IND_001_DepressionModality_NoChronicPain_IsStillEligible(Modality modality)
    {
        var result = Evaluate(modality, Scores.Clean() with { HasChronicPain = false, LatestPain = null });

        Assert.Equal(Eligibility.Eligible, result.Eligibility);
    }

    [Fact]
    public void SCR_TRD_001_NoDepression_IsNotAlsoReported()
    {
        var result = Evaluate(Modality.EsketamineNasalSpray, Scores.Clean() with { HasDepression = false, AntidepressantTrials = [] });

        Absent(result, "SCR-TRD-001");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void SCR_TRD_001_Esketamine_FewerThanTwoAdequateTrials_Excludes(int adequate)
    {
        var trials = Enumerable.Range(0, adequate).Select(i => new AntidepressantTrial($"Drug {i}", true)).ToList();

        var result = Evaluate(Modality.EsketamineNasalSpray, Scores.Clean() with { AntidepressantTrials = trials });

        var finding = Only(result, "SCR-TRD-001");
        Assert.Equal(FindingSeverity.Exclusion, finding.Severity);
        Assert.Contains($"{adequate} adequate", finding.Message, StringComparison.Ordinal);
        Assert.Equal(Eligibility.NotEligible, result.Eligibility);
    }

    [Fact]
    public void SCR_TRD_001_Esketamine_InadequateTrialsDoNotCount_Excludes()
    {
        var trials = new List<AntidepressantTrial>
        {
            new("Sertraline", true),
            new("Bupropion XL", false, 300m, 3, "Stopped: anxiety"),
            new("Mirtazapine", false),
        };

        var result = Evaluate(Modality.EsketamineNasalSpray, Scores.Clean() with { AntidepressantTrials = trials });

        Assert.Equal(FindingSeverity.Exclusion, Only(result, "SCR-TRD-001").Severity);
    }

    [Fact]
    public void SCR_TRD_001_IvKetamineDepression_FewerThanTwoAdequateTrials_Cautions()
    {
        var result = Evaluate(Modality.IvKetamineDepression, Scores.Clean() with { AntidepressantTrials = [new("Sertraline", true)] });

        Assert.Equal(FindingSeverity.Caution, Only(result, "SCR-TRD-001").Severity);
        Assert.Equal(Eligibility.EligibleWithCautions, result.Eligibility);
    }

    [Fact]
    public void SCR_TRD_001_ChronicPain_NoTrials_IsNotApplied()
    {
        var result = Evaluate(Modality.IvKetamineChronicPain, Scores.Clean() with { AntidepressantTrials = [] });

        Absent(result, "SCR-TRD-001");
        Assert.Equal(Eligibility.Eligible, result.Eligibility);
    }

    [Theory]
    [InlineData(2, Eligibility.NotEligible)]
    [InlineData(3, Eligibility.Eligible)]
    public void SCR_TRD_001_MinimumTrialsSetToThree_ChangesEsketamineOutcome(int adequate, Eligibility eligibility)
    {
        var trials = Enumerable.Range(0, adequate).Select(i => new AntidepressantTrial($"Drug {i}", true)).ToList();
        var settings = ScreeningSettings.Default with { MinimumAdequateAntidepressantTrials = 3 };

        var result = Evaluate(Modality.EsketamineNasalSpray, Scores.Clean() with { AntidepressantTrials = trials }, settings);

        Assert.Equal(eligibility, result.Eligibility);
    }

    [Fact]
    public void SCR_TRD_001_MinimumTrialsSetToOne_AcceptsOneTrial()
    {
        var settings = ScreeningSettings.Default with { MinimumAdequateAntidepressantTrials = 1 };

        var result = Evaluate(Modality.EsketamineNasalSpray, Scores.Clean() with { AntidepressantTrials = [new("Sertraline", true)] }, settings);

        Absent(result, "SCR-TRD-001");
    }
}

using Respite.Clinical.Screening;

namespace Respite.Clinical.Tests.Screening;

public sealed partial class ScreeningEvaluatorTests
{
    [Theory]
    [InlineData(Modality.IvKetamineDepression)]
    [InlineData(Modality.EsketamineNasalSpray)]
    public void SCR_DATA_001_DepressionModality_NoPhq9_CautionsScreeningIncomplete(Modality modality)
    {
        var result = Evaluate(modality, Scores.Clean() with { LatestPhq9 = null });

        var finding = Only(result, "SCR-DATA-001");
        Assert.Equal(FindingSeverity.Caution, finding.Severity);
        Assert.Contains("Screening incomplete", finding.Message, StringComparison.Ordinal);
        Assert.Equal(Eligibility.EligibleWithCautions, result.Eligibility);
    }

    [Fact]
    public void SCR_DATA_001_ChronicPain_NoPhq9_IsNotRequired()
    {
        Absent(Evaluate(Modality.IvKetamineChronicPain, Scores.Clean() with { LatestPhq9 = null }), "SCR-DATA-001");
    }

    [Fact]
    public void SCR_DATA_002_ChronicPain_NoPainScore_CautionsScreeningIncomplete()
    {
        var result = Evaluate(Modality.IvKetamineChronicPain, Scores.Clean() with { LatestPain = null });

        Assert.Equal(FindingSeverity.Caution, Only(result, "SCR-DATA-002").Severity);
        Assert.Equal(Eligibility.EligibleWithCautions, result.Eligibility);
    }

    [Fact]
    public void SCR_DATA_002_ChronicPain_Peg3CountsAsPainScore()
    {
        var result = Evaluate(Modality.IvKetamineChronicPain, Scores.Clean() with { LatestPain = Scores.Peg3(5, 6, 7) });

        Assert.Equal(Eligibility.Eligible, result.Eligibility);
    }

    [Theory]
    [InlineData(Modality.IvKetamineDepression)]
    [InlineData(Modality.EsketamineNasalSpray)]
    public void SCR_DATA_002_DepressionModality_NoPainScore_IsNotRequired(Modality modality)
    {
        Absent(Evaluate(modality, Scores.Clean() with { LatestPain = null }), "SCR-DATA-002");
    }

    [Theory]
    [MemberData(nameof(Modalities))]
    public void SCR_DATA_003_AnyModality_NoCssrs_CautionsScreeningIncomplete(Modality modality)
    {
        var result = Evaluate(modality, Scores.Clean() with { LatestCssrs = null });

        Assert.Equal(FindingSeverity.Caution, Only(result, "SCR-DATA-003").Severity);
        Assert.Equal(Eligibility.EligibleWithCautions, result.Eligibility);
    }

    [Theory]
    [InlineData(true, false, "AUDIT-C")]
    [InlineData(false, true, "DAST-10")]
    [InlineData(false, false, "DAST-10 or AUDIT-C")]
    public void SCR_DATA_004_MissingSubstanceScreen_NamesWhatIsMissing(bool hasDast, bool hasAudit, string missing)
    {
        var input = Scores.Clean() with
        {
            LatestDast10 = hasDast ? Scores.Dast10(0) : null,
            LatestAuditC = hasAudit ? Scores.AuditC(0, Patients.Sex.Male) : null,
        };

        var finding = Only(Evaluate(Modality.IvKetamineDepression, input), "SCR-DATA-004");

        Assert.Equal(FindingSeverity.Caution, finding.Severity);
        Assert.Equal($"Screening incomplete: no {missing} on record.", finding.Message);
    }

    [Fact]
    public void SCR_DATA_NothingRecorded_IsNeverSilentlyEligible()
    {
        var input = new ScreeningInput { HasDepression = true, HasChronicPain = true, AntidepressantTrials = Scores.Clean().AntidepressantTrials };

        var results = ScreeningEvaluator.EvaluateAll(input, ScreeningSettings.Default);

        Assert.All(results, r => Assert.Equal(Eligibility.EligibleWithCautions, r.Eligibility));
        Assert.Equal(["SCR-DATA-001", "SCR-DATA-003", "SCR-DATA-004"], results[0].Findings.Select(f => f.RuleId));
        Assert.Equal(["SCR-DATA-002", "SCR-DATA-003", "SCR-DATA-004"], results[1].Findings.Select(f => f.RuleId));
        Assert.Equal(["SCR-DATA-001", "SCR-DATA-003", "SCR-DATA-004"], results[2].Findings.Select(f => f.RuleId));
    }

    [Fact]
    public void SCR_DATA_FlagIncompleteScreeningOff_KeepsFindingsAsInformation()
    {
        var input = new ScreeningInput { HasDepression = true, HasChronicPain = true, AntidepressantTrials = Scores.Clean().AntidepressantTrials };
        var settings = ScreeningSettings.Default with { FlagIncompleteScreening = false };

        var result = Evaluate(Modality.IvKetamineDepression, input, settings);

        Assert.Equal(3, result.Findings.Count);
        Assert.All(result.Findings, f => Assert.Equal(FindingSeverity.Information, f.Severity));
        Assert.Equal(Eligibility.Eligible, result.Eligibility);
    }

    [Fact]
    public void SCR_DATA_Gad7Missing_IsNotRequired()
    {
        Assert.Equal(Eligibility.Eligible, Evaluate(Modality.IvKetamineDepression, Scores.Clean() with { LatestGad7 = null }).Eligibility);
    }
}

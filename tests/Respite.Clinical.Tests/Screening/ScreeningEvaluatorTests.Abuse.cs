using Respite.Clinical.Patients;
using Respite.Clinical.Screening;

namespace Respite.Clinical.Tests.Screening;

public sealed partial class ScreeningEvaluatorTests
{
    [Theory]
    [InlineData(0, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(6, true)]
    [InlineData(10, true)]
    public void SCR_ABU_001_Dast10_CautionsFromThree(int points, bool caution)
    {
        var result = Evaluate(Modality.IvKetamineChronicPain, Scores.Clean() with { LatestDast10 = Scores.Dast10(points) });

        if (caution)
        {
            Assert.Equal(FindingSeverity.Caution, Only(result, "SCR-ABU-001").Severity);
            Assert.Equal(Eligibility.EligibleWithCautions, result.Eligibility);
        }
        else
        {
            Absent(result, "SCR-ABU-001");
            Assert.Equal(Eligibility.Eligible, result.Eligibility);
        }
    }

    [Fact]
    public void SCR_ABU_001_CautionThresholdLowered_CautionsAtTwo()
    {
        var settings = ScreeningSettings.Default with { Dast10CautionAt = 2 };

        var result = Evaluate(Modality.IvKetamineDepression, Scores.Clean() with { LatestDast10 = Scores.Dast10(2) }, settings);

        Only(result, "SCR-ABU-001");
    }

    [Fact]
    public void SCR_ABU_001_Default_NeverExcludes()
    {
        var result = Evaluate(Modality.EsketamineNasalSpray, Scores.Clean() with { LatestDast10 = Scores.Dast10(10) });

        Assert.Equal(FindingSeverity.Caution, Only(result, "SCR-ABU-001").Severity);
        Assert.Equal(Eligibility.EligibleWithCautions, result.Eligibility);
    }

    [Theory]
    [InlineData(5, FindingSeverity.Caution, Eligibility.EligibleWithCautions)]
    [InlineData(6, FindingSeverity.Exclusion, Eligibility.NotEligible)]
    [InlineData(9, FindingSeverity.Exclusion, Eligibility.NotEligible)]
    public void SCR_ABU_001_ExclusionThresholdSet_ExcludesAtOrAboveIt(int points, FindingSeverity severity, Eligibility eligibility)
    {
        var settings = ScreeningSettings.Default with { Dast10ExclusionAt = 6 };

        var result = Evaluate(Modality.IvKetamineDepression, Scores.Clean() with { LatestDast10 = Scores.Dast10(points) }, settings);

        Assert.Equal(severity, Only(result, "SCR-ABU-001").Severity);
        Assert.Equal(eligibility, result.Eligibility);
    }

    [Theory]
    [InlineData(3, Sex.Female, true)]
    [InlineData(2, Sex.Female, false)]
    [InlineData(3, Sex.Male, false)]
    [InlineData(4, Sex.Male, true)]
    public void SCR_ABU_002_AuditCPositive_Cautions(int total, Sex sex, bool caution)
    {
        var result = Evaluate(Modality.IvKetamineDepression, Scores.Clean() with { LatestAuditC = Scores.AuditC(total, sex) });

        Assert.Equal(caution, result.Findings.Any(f => f.RuleId == "SCR-ABU-002" && f.Severity == FindingSeverity.Caution));
        Assert.Equal(caution ? Eligibility.EligibleWithCautions : Eligibility.Eligible, result.Eligibility);
    }

    [Theory]
    [MemberData(nameof(Modalities))]
    public void SCR_ABU_003_CurrentSubstanceUse_Cautions(Modality modality)
    {
        var result = Evaluate(modality, Scores.Clean() with { SubstanceUse = SubstanceUseStatus.Current });

        Assert.Equal(FindingSeverity.Caution, Only(result, "SCR-ABU-003").Severity);
        Assert.Equal(Eligibility.EligibleWithCautions, result.Eligibility);
    }

    [Fact]
    public void SCR_ABU_003_ChronicPain_CurrentSubstanceUse_WarnsAgainstSerialInfusions()
    {
        var finding = Only(Evaluate(Modality.IvKetamineChronicPain, Scores.Clean() with { SubstanceUse = SubstanceUseStatus.Current }), "SCR-ABU-003");

        Assert.Contains("no serial infusions", finding.Message, StringComparison.Ordinal);
        Assert.Contains("Cohen 2018", finding.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void SCR_ABU_003_Esketamine_CurrentSubstanceUse_CitesBoxedWarning()
    {
        var finding = Only(Evaluate(Modality.EsketamineNasalSpray, Scores.Clean() with { SubstanceUse = SubstanceUseStatus.Current }), "SCR-ABU-003");

        Assert.Contains("boxed warning", finding.Source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SubstanceUseStatus.None)]
    [InlineData(SubstanceUseStatus.Past)]
    public void SCR_ABU_003_NoCurrentUse_NoFinding(SubstanceUseStatus status)
    {
        Absent(Evaluate(Modality.IvKetamineChronicPain, Scores.Clean() with { SubstanceUse = status }), "SCR-ABU-003");
    }
}

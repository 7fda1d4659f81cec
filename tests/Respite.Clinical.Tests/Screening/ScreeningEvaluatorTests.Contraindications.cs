using Respite.Clinical.Screening;

namespace Respite.Clinical.Tests.Screening;

public sealed partial class ScreeningEvaluatorTests
{
    [Fact]
    public void SCR_CI_001_Esketamine_AneurysmalDisease_Excludes()
    {
        var result = Evaluate(Modality.EsketamineNasalSpray, Scores.Clean().With(MedicalFlag.AneurysmalVascularDiseaseOrAvm));

        var finding = Only(result, "SCR-CI-001");
        Assert.Equal(FindingSeverity.Exclusion, finding.Severity);
        Assert.Contains("Spravato PI §4", finding.Source, StringComparison.Ordinal);
        Assert.Equal(Eligibility.NotEligible, result.Eligibility);
    }

    [Theory]
    [InlineData(Modality.IvKetamineDepression)]
    [InlineData(Modality.IvKetamineChronicPain)]
    public void SCR_CI_001_IvKetamine_AneurysmalDisease_Cautions(Modality modality)
    {
        var result = Evaluate(modality, Scores.Clean().With(MedicalFlag.AneurysmalVascularDiseaseOrAvm));

        var finding = Only(result, "SCR-CI-001");
        Assert.Equal(FindingSeverity.Caution, finding.Severity);
        Assert.Contains("Cohen 2018", finding.Source, StringComparison.Ordinal);
        Assert.Equal(Eligibility.EligibleWithCautions, result.Eligibility);
    }

    [Fact]
    public void SCR_CI_002_Esketamine_IntracerebralHaemorrhage_Excludes()
    {
        var result = Evaluate(Modality.EsketamineNasalSpray, Scores.Clean().With(MedicalFlag.IntracerebralHaemorrhage));

        Assert.Equal(FindingSeverity.Exclusion, Only(result, "SCR-CI-002").Severity);
        Assert.Equal(Eligibility.NotEligible, result.Eligibility);
    }

    [Theory]
    [InlineData(Modality.IvKetamineDepression)]
    [InlineData(Modality.IvKetamineChronicPain)]
    public void SCR_CI_002_IvKetamine_IntracerebralHaemorrhage_Cautions(Modality modality)
    {
        var result = Evaluate(modality, Scores.Clean().With(MedicalFlag.IntracerebralHaemorrhage));

        Assert.Equal(FindingSeverity.Caution, Only(result, "SCR-CI-002").Severity);
        Assert.Equal(Eligibility.EligibleWithCautions, result.Eligibility);
    }

    [Theory]
    [MemberData(nameof(Modalities))]
    public void SCR_CI_003_AnyModality_Hypersensitivity_Excludes(Modality modality)
    {
        var result = Evaluate(modality, Scores.Clean().With(MedicalFlag.KetamineHypersensitivity));

        Assert.Equal(FindingSeverity.Exclusion, Only(result, "SCR-CI-003").Severity);
        Assert.Equal(Eligibility.NotEligible, result.Eligibility);
    }

    [Theory]
    [MemberData(nameof(Modalities))]
    public void SCR_CI_004_AnyModality_Pregnancy_CautionsWithoutExcluding(Modality modality)
    {
        var result = Evaluate(modality, Scores.Clean().With(MedicalFlag.Pregnancy));

        var finding = Only(result, "SCR-CI-004");
        Assert.Equal(FindingSeverity.Caution, finding.Severity);
        Assert.False(finding.RequiresAcknowledgement);
        Assert.Equal(Eligibility.EligibleWithCautions, result.Eligibility);
    }

    [Fact]
    public void SCR_CI_004_Esketamine_Pregnancy_CitesTheLabelNotRecommended()
    {
        var finding = Only(Evaluate(Modality.EsketamineNasalSpray, Scores.Clean().With(MedicalFlag.Pregnancy)), "SCR-CI-004");

        Assert.Contains("not recommended", finding.Message, StringComparison.Ordinal);
        Assert.Contains("Spravato", finding.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void SCR_CI_004_IvKetamine_Pregnancy_CitesCohenGradeB()
    {
        var finding = Only(Evaluate(Modality.IvKetamineChronicPain, Scores.Clean().With(MedicalFlag.Pregnancy)), "SCR-CI-004");

        Assert.Contains("grade B", finding.Source, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Modalities))]
    public void SCR_CI_005_AnyModality_Psychosis_Cautions(Modality modality)
    {
        var result = Evaluate(modality, Scores.Clean().With(MedicalFlag.Psychosis));

        Assert.Equal(FindingSeverity.Caution, Only(result, "SCR-CI-005").Severity);
        Assert.Equal(Eligibility.EligibleWithCautions, result.Eligibility);
    }

    [Theory]
    [InlineData(Modality.IvKetamineDepression, MedicalFlag.Hypertension)]
    [InlineData(Modality.IvKetamineChronicPain, MedicalFlag.CardiovascularDisease)]
    [InlineData(Modality.EsketamineNasalSpray, MedicalFlag.Hypertension)]
    [InlineData(Modality.EsketamineNasalSpray, MedicalFlag.CardiovascularDisease)]
    public void SCR_CI_006_AnyModality_HypertensionOrCardiovascularDisease_Cautions(Modality modality, MedicalFlag flag)
    {
        var result = Evaluate(modality, Scores.Clean().With(flag));

        Assert.Equal(FindingSeverity.Caution, Only(result, "SCR-CI-006").Severity);
        Assert.Equal(Eligibility.EligibleWithCautions, result.Eligibility);
    }

    [Fact]
    public void SCR_CI_006_BothFlags_GiveOneFinding()
    {
        var result = Evaluate(Modality.IvKetamineDepression, Scores.Clean().With(MedicalFlag.Hypertension, MedicalFlag.CardiovascularDisease));

        Only(result, "SCR-CI-006");
    }

    [Theory]
    [MemberData(nameof(Modalities))]
    public void SCR_CI_007_AnyModality_LiverDisease_Cautions(Modality modality)
    {
        var result = Evaluate(modality, Scores.Clean().With(MedicalFlag.LiverDisease));

        Assert.Equal(FindingSeverity.Caution, Only(result, "SCR-CI-007").Severity);
        Assert.Equal(Eligibility.EligibleWithCautions, result.Eligibility);
    }

    [Fact]
    public void SCR_CI_007_Esketamine_LiverDisease_MentionsChildPugh()
    {
        var finding = Only(Evaluate(Modality.EsketamineNasalSpray, Scores.Clean().With(MedicalFlag.LiverDisease)), "SCR-CI-007");

        Assert.Contains("Child-Pugh", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Modalities))]
    public void SCR_CI_008_AnyModality_RaisedIntracranialOrIntraocularPressure_CautionsWithCohenWording(Modality modality)
    {
        var result = Evaluate(modality, Scores.Clean().With(MedicalFlag.RaisedIntracranialOrIntraocularPressure));

        var finding = Only(result, "SCR-CI-008");
        Assert.Equal(FindingSeverity.Caution, finding.Severity);
        Assert.Contains("extreme caution", finding.Message, StringComparison.Ordinal);
        Assert.Equal(Eligibility.EligibleWithCautions, result.Eligibility);
    }

    [Theory]
    [MemberData(nameof(Modalities))]
    public void SCR_CI_NoFlags_NoContraindicationFindings(Modality modality)
    {
        var result = Evaluate(modality, Scores.Clean());

        Assert.DoesNotContain(result.Findings, f => f.RuleId.StartsWith("SCR-CI-", StringComparison.Ordinal));
    }
}

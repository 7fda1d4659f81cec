using Respite.Clinical.Instruments;
using Respite.Clinical.Patients;
using Respite.Clinical.Screening;

namespace Respite.Clinical.Tests;

public sealed class ScreeningEvaluatorTests
{
    private static readonly ScreeningSettings Settings = ScreeningSettings.Default;

    private static InstrumentScore Score(InstrumentDefinition instrument, Sex? sex, params object?[] answers) =>
        InstrumentScorer.Score(instrument, answers.Select(a => a switch
        {
            int i => Answer.Number(i),
            bool b => Answer.YesNo(b),
            _ => Answer.Skipped,
        }).ToList(), sex).Score!;

    /// <summary>A complete, unremarkable record: eligible for every modality.</summary>
    private static ScreeningInput Clean() => new()
    {
        HasDepression = true,
        HasChronicPain = true,
        AntidepressantTrials = [new("Sertraline", true), new("Venlafaxine", true)],
        LatestPhq9 = Score(InstrumentCatalog.Phq9, null, 2, 2, 2, 2, 2, 2, 2, 2, 0),
        LatestCssrs = Score(InstrumentCatalog.CssrsScreener, null, false, false, null, null, null, false, null),
        LatestDast10 = Score(InstrumentCatalog.Dast10, null, false, false, true, false, false, false, false, false, false, false),
        LatestAuditC = Score(InstrumentCatalog.AuditC, Sex.Female, 1, 0, 0),
        LatestPain = Score(InstrumentCatalog.NrsPain, null, 7),
    };

    private static ScreeningResult Evaluate(Modality modality, ScreeningInput input, ScreeningSettings? settings = null) =>
        ScreeningEvaluator.Evaluate(modality, input, settings ?? Settings);

    private static ScreeningFinding Single(ScreeningResult result, string ruleId) => Assert.Single(result.Findings, f => f.RuleId == ruleId);

    [Theory]
    [InlineData(Modality.IvKetamineDepression)]
    [InlineData(Modality.IvKetamineChronicPain)]
    [InlineData(Modality.EsketamineNasalSpray)]
    public void Evaluate_CleanRecord_IsEligible(Modality modality)
    {
        var result = Evaluate(modality, Clean());
        Assert.Equal(Eligibility.Eligible, result.Eligibility);
        Assert.Empty(result.Findings);
        Assert.False(result.SuicideRiskAlert);
    }

    [Fact]
    public void SCR_CI_001_AneurysmalDisease_ExcludesEsketamine_CautionsIv()
    {
        var input = Clean() with { Flags = new HashSet<MedicalFlag> { MedicalFlag.AneurysmalVascularDiseaseOrAvm } };
        var esketamine = Evaluate(Modality.EsketamineNasalSpray, input);
        Assert.Equal(Eligibility.NotEligible, esketamine.Eligibility);
        Assert.Equal(FindingSeverity.Exclusion, Single(esketamine, "SCR-CI-001").Severity);
        var iv = Evaluate(Modality.IvKetamineDepression, input);
        Assert.Equal(Eligibility.EligibleWithCautions, iv.Eligibility);
        Assert.Equal(FindingSeverity.Caution, Single(iv, "SCR-CI-001").Severity);
    }

    [Fact]
    public void SCR_CI_002_IntracerebralHaemorrhage_ExcludesEsketamine_CautionsIv()
    {
        var input = Clean() with { Flags = new HashSet<MedicalFlag> { MedicalFlag.IntracerebralHaemorrhage } };
        Assert.Equal(FindingSeverity.Exclusion, Single(Evaluate(Modality.EsketamineNasalSpray, input), "SCR-CI-002").Severity);
        Assert.Equal(FindingSeverity.Caution, Single(Evaluate(Modality.IvKetamineChronicPain, input), "SCR-CI-002").Severity);
    }

    [Theory]
    [InlineData(Modality.IvKetamineDepression)]
    [InlineData(Modality.IvKetamineChronicPain)]
    [InlineData(Modality.EsketamineNasalSpray)]
    public void SCR_CI_003_Hypersensitivity_ExcludesEveryModality(Modality modality)
    {
        var result = Evaluate(modality, Clean() with { Flags = new HashSet<MedicalFlag> { MedicalFlag.KetamineHypersensitivity } });
        Assert.Equal(Eligibility.NotEligible, result.Eligibility);
        Assert.Equal(FindingSeverity.Exclusion, Single(result, "SCR-CI-003").Severity);
    }

    [Theory]
    [InlineData(MedicalFlag.Pregnancy, "SCR-CI-004")]
    [InlineData(MedicalFlag.Psychosis, "SCR-CI-005")]
    [InlineData(MedicalFlag.Hypertension, "SCR-CI-006")]
    [InlineData(MedicalFlag.CardiovascularDisease, "SCR-CI-006")]
    [InlineData(MedicalFlag.LiverDisease, "SCR-CI-007")]
    [InlineData(MedicalFlag.RaisedIntracranialOrIntraocularPressure, "SCR-CI-008")]
    public void SCR_CI_004_To_008_RelativeContraindications_AreCautionsForEveryModality(MedicalFlag flag, string ruleId)
    {
        foreach (var modality in Enum.GetValues<Modality>())
        {
            var result = Evaluate(modality, Clean() with { Flags = new HashSet<MedicalFlag> { flag } });
            Assert.Equal(Eligibility.EligibleWithCautions, result.Eligibility);
            var finding = Single(result, ruleId);
            Assert.Equal(FindingSeverity.Caution, finding.Severity);
            Assert.False(string.IsNullOrWhiteSpace(finding.Source));
        }
    }

    [Fact]
    public void SCR_IND_001_NoPainCondition_ExcludesPainInfusionOnly()
    {
        var input = Clean() with { HasChronicPain = false };
        Assert.Equal(Eligibility.NotEligible, Evaluate(Modality.IvKetamineChronicPain, input).Eligibility);
        Single(Evaluate(Modality.IvKetamineChronicPain, input), "SCR-IND-001");
        Assert.Equal(Eligibility.Eligible, Evaluate(Modality.IvKetamineDepression, input).Eligibility);
    }

    [Fact]
    public void SCR_IND_001_NoDepression_ExcludesDepressionModalities()
    {
        var input = Clean() with { HasDepression = false };
        Assert.Equal(FindingSeverity.Exclusion, Single(Evaluate(Modality.IvKetamineDepression, input), "SCR-IND-001").Severity);
        Assert.Equal(FindingSeverity.Exclusion, Single(Evaluate(Modality.EsketamineNasalSpray, input), "SCR-IND-001").Severity);
        Assert.DoesNotContain(Evaluate(Modality.EsketamineNasalSpray, input).Findings, f => f.RuleId == "SCR-TRD-001");
    }

    [Fact]
    public void SCR_TRD_001_OneAdequateTrial_ExcludesEsketamine_CautionsIvDepression_IgnoredForPain()
    {
        var input = Clean() with { AntidepressantTrials = [new("Sertraline", true), new("Bupropion", false)] };
        Assert.Equal(FindingSeverity.Exclusion, Single(Evaluate(Modality.EsketamineNasalSpray, input), "SCR-TRD-001").Severity);
        Assert.Equal(FindingSeverity.Caution, Single(Evaluate(Modality.IvKetamineDepression, input), "SCR-TRD-001").Severity);
        Assert.DoesNotContain(Evaluate(Modality.IvKetamineChronicPain, input).Findings, f => f.RuleId == "SCR-TRD-001");
    }

    [Fact]
    public void SCR_TRD_001_ThresholdIsASetting()
    {
        var strict = Settings with { MinimumAdequateAntidepressantTrials = 3 };
        Assert.Equal(Eligibility.Eligible, Evaluate(Modality.EsketamineNasalSpray, Clean()).Eligibility);
        Assert.Equal(Eligibility.NotEligible, Evaluate(Modality.EsketamineNasalSpray, Clean(), strict).Eligibility);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(6, true)]
    public void SCR_ABU_001_Dast10AtOrAboveThreshold_Cautions(int yesAnswers, bool caution)
    {
        var answers = new object?[10];
        for (var i = 0; i < 10; i++)
        {
            answers[i] = i == 2 ? true : i < yesAnswers + 1 && i != 2;
        }

        var dast = Score(InstrumentCatalog.Dast10, null, answers);
        Assert.Equal(yesAnswers, dast.Total);
        var result = Evaluate(Modality.IvKetamineChronicPain, Clean() with { LatestDast10 = dast });
        Assert.Equal(caution, result.Findings.Any(f => f.RuleId == "SCR-ABU-001"));
    }

    [Fact]
    public void SCR_ABU_001_ThresholdIsASetting()
    {
        var dast = Score(InstrumentCatalog.Dast10, null, true, true, true, false, false, false, false, false, false, false);
        Assert.Equal(2m, dast.Total);
        var result = Evaluate(Modality.IvKetamineDepression, Clean() with { LatestDast10 = dast }, Settings with { Dast10CautionAt = 2 });
        Single(result, "SCR-ABU-001");
    }

    [Fact]
    public void SCR_ABU_002_AuditCPositive_Cautions()
    {
        var result = Evaluate(Modality.IvKetamineDepression, Clean() with { LatestAuditC = Score(InstrumentCatalog.AuditC, Sex.Male, 2, 1, 1) });
        Assert.Equal(FindingSeverity.Caution, Single(result, "SCR-ABU-002").Severity);
        var negative = Evaluate(Modality.IvKetamineDepression, Clean() with { LatestAuditC = Score(InstrumentCatalog.AuditC, Sex.Male, 1, 1, 1) });
        Assert.DoesNotContain(negative.Findings, f => f.RuleId == "SCR-ABU-002");
    }

    [Fact]
    public void SCR_ABU_003_CurrentSubstanceUse_Cautions_PastDoesNot()
    {
        var current = Evaluate(Modality.IvKetamineChronicPain, Clean() with { SubstanceUse = SubstanceUseStatus.Current });
        Assert.Contains("serial infusions", Single(current, "SCR-ABU-003").Message);
        Assert.DoesNotContain(Evaluate(Modality.IvKetamineChronicPain, Clean() with { SubstanceUse = SubstanceUseStatus.Past }).Findings, f => f.RuleId == "SCR-ABU-003");
    }

    [Theory]
    [InlineData(Modality.IvKetamineDepression)]
    [InlineData(Modality.IvKetamineChronicPain)]
    [InlineData(Modality.EsketamineNasalSpray)]
    public void SCR_SUI_001_Phq9Item9_RequiresAcknowledgement(Modality modality)
    {
        var result = Evaluate(modality, Clean() with { LatestPhq9 = Score(InstrumentCatalog.Phq9, null, 0, 0, 0, 0, 0, 0, 0, 0, 1) });
        var finding = Single(result, "SCR-SUI-001");
        Assert.True(finding.RequiresAcknowledgement);
        Assert.True(result.SuicideRiskAlert);
        Assert.Equal(Eligibility.EligibleWithCautions, result.Eligibility);
    }

    [Fact]
    public void SCR_SUI_001_ThresholdIsASetting()
    {
        var input = Clean() with { LatestPhq9 = Score(InstrumentCatalog.Phq9, null, 0, 0, 0, 0, 0, 0, 0, 0, 1) };
        Assert.False(Evaluate(Modality.IvKetamineDepression, input, Settings with { Phq9Item9AlertAt = 2 }).SuicideRiskAlert);
    }

    [Theory]
    [InlineData("low", new object?[] { true, false, null, null, null, false, null }, true)]
    [InlineData("moderate", new object?[] { true, false, null, null, null, false, null }, false)]
    [InlineData("moderate", new object?[] { true, true, true, false, false, false, null }, true)]
    [InlineData("high", new object?[] { true, true, true, false, false, false, null }, false)]
    [InlineData("high", new object?[] { false, false, null, null, null, true, true }, true)]
    public void SCR_SUI_002_CssrsAtOrAboveAlertLevel_RequiresAcknowledgement(string alertLevel, object?[] answers, bool alert)
    {
        var cssrs = Score(InstrumentCatalog.CssrsScreener, null, answers);
        var result = Evaluate(Modality.EsketamineNasalSpray, Clean() with { LatestCssrs = cssrs }, Settings with { CssrsAlertLevel = alertLevel });
        Assert.Equal(alert, result.Findings.Any(f => f.RuleId == "SCR-SUI-002" && f.RequiresAcknowledgement));
    }

    [Fact]
    public void SCR_SUI_002_HighRisk_MessageCallsForSafetyPrecautions()
    {
        var cssrs = Score(InstrumentCatalog.CssrsScreener, null, true, true, true, true, false, false, null);
        var finding = Single(Evaluate(Modality.IvKetamineDepression, Clean() with { LatestCssrs = cssrs }), "SCR-SUI-002");
        Assert.Contains("safety precautions", finding.Message);
    }

    [Fact]
    public void SCR_DATA_001_To_004_MissingQuestionnaires_AreCautions()
    {
        var empty = new ScreeningInput { HasDepression = true, HasChronicPain = true, AntidepressantTrials = Clean().AntidepressantTrials };
        var depression = Evaluate(Modality.IvKetamineDepression, empty);
        Assert.Equal(["SCR-DATA-001", "SCR-DATA-003", "SCR-DATA-004"], depression.Findings.Select(f => f.RuleId).ToArray());
        Assert.Equal(Eligibility.EligibleWithCautions, depression.Eligibility);
        var pain = Evaluate(Modality.IvKetamineChronicPain, empty);
        Assert.Equal(["SCR-DATA-002", "SCR-DATA-003", "SCR-DATA-004"], pain.Findings.Select(f => f.RuleId).ToArray());
        Assert.Empty(Evaluate(Modality.IvKetamineDepression, empty, Settings with { FlagIncompleteScreening = false }).Findings);
    }

    [Fact]
    public void Evaluate_FindingsOrderedBySeverityThenId()
    {
        var input = Clean() with
        {
            Flags = new HashSet<MedicalFlag> { MedicalFlag.Psychosis, MedicalFlag.AneurysmalVascularDiseaseOrAvm, MedicalFlag.KetamineHypersensitivity },
        };
        var ids = Evaluate(Modality.EsketamineNasalSpray, input).Findings.Select(f => f.RuleId).ToArray();
        Assert.Equal(["SCR-CI-001", "SCR-CI-003", "SCR-CI-005"], ids);
    }

    [Fact]
    public void EvaluateAll_ReturnsEveryModality()
    {
        Assert.Equal(Enum.GetValues<Modality>(), ScreeningEvaluator.EvaluateAll(Clean(), Settings).Select(r => r.Modality).ToArray());
    }

    [Fact]
    public void Rules_CatalogueHasUniqueIdsWithSources()
    {
        var ids = ScreeningRules.All.Select(r => r.RuleId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ScreeningRules.All, r =>
        {
            Assert.Matches("^SCR-[A-Z]+-\\d{3}$", r.RuleId);
            Assert.False(string.IsNullOrWhiteSpace(r.Source));
        });
    }

    [Fact]
    public void Settings_Validate_RejectsOutOfRangeValues()
    {
        Assert.Empty(ScreeningSettings.Default.Validate());
        var bad = ScreeningSettings.Default with { MinimumAdequateAntidepressantTrials = 0, CssrsAlertLevel = "extreme", Dast10CautionAt = 11, Phq9Item9AlertAt = 4 };
        Assert.Equal(["minimumAdequateAntidepressantTrials", "phq9Item9AlertAt", "cssrsAlertLevel", "dast10CautionAt"], bad.Validate().Select(e => e.Field).ToArray());
        Assert.Empty(InstrumentSettings.Default.Validate());
        Assert.Equal(2, (InstrumentSettings.Default with { AuditCPositiveMale = 0, AuditCPositiveFemale = 13 }).Validate().Count);
    }
}

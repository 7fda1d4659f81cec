using Respite.Clinical.Screening;

namespace Respite.Clinical.Tests.Screening;

public sealed partial class ScreeningEvaluatorTests
{
    private static readonly Modality[] AllModalities = [Modality.IvKetamineDepression, Modality.IvKetamineChronicPain, Modality.EsketamineNasalSpray];

    public static TheoryData<Modality> Modalities => new(AllModalities);

    private static ScreeningResult Evaluate(Modality modality, ScreeningInput input, ScreeningSettings? settings = null) =>
        ScreeningEvaluator.Evaluate(modality, input, settings ?? ScreeningSettings.Default);

    private static ScreeningFinding Only(ScreeningResult result, string ruleId) =>
        Assert.Single(result.Findings, f => f.RuleId == ruleId);

    private static void Absent(ScreeningResult result, string ruleId) =>
        Assert.DoesNotContain(result.Findings, f => f.RuleId == ruleId);

    [Theory]
    [MemberData(nameof(Modalities))]
    public void Evaluate_CleanRecord_IsEligibleWithNoFindings(Modality modality)
    {
        var result = Evaluate(modality, Scores.Clean());

        Assert.Equal(modality, result.Modality);
        Assert.Equal(Eligibility.Eligible, result.Eligibility);
        Assert.Empty(result.Findings);
        Assert.False(result.SuicideRiskAlert);
    }

    [Fact]
    public void EvaluateAll_Always_ReturnsOneResultPerModalityInOrder()
    {
        var results = ScreeningEvaluator.EvaluateAll(Scores.Clean().With(MedicalFlag.AneurysmalVascularDiseaseOrAvm), ScreeningSettings.Default);

        Assert.Equal(AllModalities, results.Select(r => r.Modality));
        Assert.Equal([Eligibility.EligibleWithCautions, Eligibility.EligibleWithCautions, Eligibility.NotEligible], results.Select(r => r.Eligibility));
    }

    [Fact]
    public void Evaluate_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => ScreeningEvaluator.Evaluate(Modality.IvKetamineDepression, null!, ScreeningSettings.Default));
        Assert.Throws<ArgumentNullException>(() => ScreeningEvaluator.Evaluate(Modality.IvKetamineDepression, Scores.Clean(), null!));
    }

    [Fact]
    public void Evaluate_UndefinedModality_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScreeningEvaluator.Evaluate((Modality)99, Scores.Clean(), ScreeningSettings.Default));
    }

    [Fact]
    public void Evaluate_ExclusionAndCautions_IsNotEligible()
    {
        var input = Scores.Clean().With(MedicalFlag.KetamineHypersensitivity, MedicalFlag.Psychosis) with { LatestPhq9 = Scores.Phq9(item9: 2) };

        var result = Evaluate(Modality.IvKetamineDepression, input);

        Assert.Equal(Eligibility.NotEligible, result.Eligibility);
        Assert.True(result.SuicideRiskAlert);
    }

    [Fact]
    public void Evaluate_CautionsOnly_IsEligibleWithCautions()
    {
        var result = Evaluate(Modality.EsketamineNasalSpray, Scores.Clean().With(MedicalFlag.LiverDisease));

        Assert.Equal(Eligibility.EligibleWithCautions, result.Eligibility);
    }

    [Fact]
    public void Evaluate_ManyFindings_OrdersBySeverityThenRuleId()
    {
        var input = Scores.Clean().With(
                MedicalFlag.RaisedIntracranialOrIntraocularPressure,
                MedicalFlag.Psychosis,
                MedicalFlag.KetamineHypersensitivity,
                MedicalFlag.AneurysmalVascularDiseaseOrAvm,
                MedicalFlag.IntracerebralHaemorrhage) with
            {
                SubstanceUse = SubstanceUseStatus.Current,
                AntidepressantTrials = [],
                LatestAuditC = null,
                LatestPhq9 = Scores.Phq9(item9: 1),
            };

        var result = Evaluate(Modality.EsketamineNasalSpray, input);

        Assert.Equal(
            ["SCR-CI-001", "SCR-CI-002", "SCR-CI-003", "SCR-TRD-001", "SCR-ABU-003", "SCR-CI-005", "SCR-CI-008", "SCR-DATA-004", "SCR-SUI-001"],
            result.Findings.Select(f => f.RuleId));
        Assert.Equal(
            [FindingSeverity.Exclusion, FindingSeverity.Exclusion, FindingSeverity.Exclusion, FindingSeverity.Exclusion,
             FindingSeverity.Caution, FindingSeverity.Caution, FindingSeverity.Caution, FindingSeverity.Caution, FindingSeverity.Caution],
            result.Findings.Select(f => f.Severity));
    }

    [Theory]
    [InlineData(new FindingSeverity[0], Eligibility.Eligible)]
    [InlineData(new[] { FindingSeverity.Information }, Eligibility.Eligible)]
    [InlineData(new[] { FindingSeverity.Information, FindingSeverity.Caution }, Eligibility.EligibleWithCautions)]
    [InlineData(new[] { FindingSeverity.Caution, FindingSeverity.Exclusion, FindingSeverity.Information }, Eligibility.NotEligible)]
    [InlineData(new[] { FindingSeverity.Exclusion }, Eligibility.NotEligible)]
    public void Aggregate_Severities_GiveWorstEligibility(FindingSeverity[] severities, Eligibility eligibility)
    {
        var findings = severities.Select(s => new ScreeningFinding("SCR-X-001", s, "m", "s", false));

        Assert.Equal(eligibility, ScreeningEvaluator.Aggregate(findings));
    }

    [Fact]
    public void Evaluate_EveryFinding_HasMessageAndSourceFromItsRule()
    {
        var input = new ScreeningInput
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

        var findings = ScreeningEvaluator.EvaluateAll(input, ScreeningSettings.Default).SelectMany(r => r.Findings).ToList();

        Assert.All(findings, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Message));
            Assert.False(string.IsNullOrWhiteSpace(f.Source));
            Assert.Contains(f.Source, ScreeningRules.Get(f.RuleId).Source, StringComparison.Ordinal);
        });
    }
}

using Respite.Clinical.Outcomes;

namespace Respite.Clinical.Tests.Outcomes;

public sealed class OutcomeEvaluatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 14, 0, 0, TimeSpan.Zero);

    private static ScorePoint At(int days, decimal value) => new(Start.AddDays(days), value);

    private static DepressionOutcome Phq9(params ScorePoint[] scores) =>
        OutcomeEvaluator.Depression(scores, Start, DepressionScale.Phq9, OutcomeSettings.Default);

    private static PainOutcome Nrs(params ScorePoint[] scores) =>
        OutcomeEvaluator.Pain(scores, Start, PainScale.Nrs, OutcomeSettings.Default);

    [Theory]
    [InlineData(20, 10, true, false)]    // exactly 50 % lower: a response
    [InlineData(20, 11, false, false)]   // 45 %
    [InlineData(18, 4, true, true)]      // below 5: remission
    [InlineData(8, 5, false, false)]     // 5 is not remission
    [InlineData(12, 15, false, false)]   // worse
    public void Phq9_ResponseIsHalvingFromBaseline_RemissionIsBelowFive(int baseline, int latest, bool responded, bool remitted)
    {
        var outcome = Phq9(At(-1, baseline), At(3, 17), At(21, latest));
        Assert.Equal(OutcomeBasis.Evaluated, outcome.Basis);
        Assert.Equal(responded, outcome.Responded);
        Assert.Equal(remitted, outcome.Remitted);
        Assert.Equal(baseline - latest, outcome.ChangePoints);
    }

    [Fact]
    public void Baseline_IsTheLastScoreBeforeTheFirstTreatment_NotAnyLaterOne()
    {
        var outcome = Phq9(At(-30, 9), At(-1, 22), At(1, 14), At(14, 11));
        Assert.Equal(22m, outcome.Baseline!.Value.Value);
        Assert.Equal(11m, outcome.Latest!.Value.Value);
        Assert.Equal(0.5m, outcome.ChangeFraction);
        Assert.True(outcome.Responded);
    }

    [Fact]
    public void NoScoreBeforeTreatment_HasNoBaseline_ButRemissionCanStillBeRead()
    {
        var outcome = Phq9(At(2, 12), At(20, 3));
        Assert.Equal(OutcomeBasis.NoBaseline, outcome.Basis);
        Assert.Null(outcome.Baseline);
        Assert.Null(outcome.Responded);
        Assert.True(outcome.Remitted);
    }

    [Fact]
    public void OneScore_IsABaselineWithoutFollowUp()
    {
        var outcome = Phq9(At(-1, 19));
        Assert.Equal(OutcomeBasis.NoFollowUp, outcome.Basis);
        Assert.Null(outcome.Responded);
        Assert.Null(outcome.Remitted);
        Assert.Equal(OutcomeBasis.NoBaseline, Phq9().Basis);
    }

    [Fact]
    public void BaselineZero_CannotRespond_ButRemissionIsJudged()
    {
        var outcome = Phq9(At(-1, 0), At(10, 2));
        Assert.Null(outcome.ChangeFraction);
        Assert.Null(outcome.Responded);
        Assert.True(outcome.Remitted);
        Assert.Equal(-2m, outcome.ChangePoints);
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void Madrs_RemissionAtOrBelowTheClinicSetting(int latest, bool remitted)
    {
        var outcome = OutcomeEvaluator.Depression([At(-1, 34), At(28, latest)], Start, DepressionScale.Madrs, OutcomeSettings.Default);
        Assert.True(outcome.Responded);
        Assert.Equal(remitted, outcome.Remitted);
        var esketamineConvention = OutcomeSettings.Default with { MadrsRemissionAtMost = 12 };
        Assert.True(OutcomeEvaluator.Depression([At(-1, 34), At(28, 12)], Start, DepressionScale.Madrs, esketamineConvention).Remitted);
    }

    [Theory]
    [InlineData(8, 8, PainImprovement.Unchanged)]
    [InlineData(8, 9, PainImprovement.Worse)]
    [InlineData(8, 7, PainImprovement.Minimal)]        // 12.5 %, 1 point
    [InlineData(8, 6, PainImprovement.Meaningful)]     // 25 % but 2 points
    [InlineData(10, 7, PainImprovement.Meaningful)]    // 30 %
    [InlineData(5, 4, PainImprovement.Minimal)]        // 20 %, 1 point
    [InlineData(4, 2, PainImprovement.Substantial)]    // 50 %
    [InlineData(7, 3, PainImprovement.Substantial)]    // 57 %
    public void PainNrs_MeaningfulIsThirtyPercentOrTwoPoints_SubstantialIsHalf(int baseline, int latest, PainImprovement expected)
    {
        var outcome = Nrs(At(0, baseline), At(7, latest));
        Assert.Equal(expected, outcome.Improvement);
        Assert.Equal(expected is PainImprovement.Meaningful or PainImprovement.Substantial, outcome.Meaningful);
    }

    [Fact]
    public void Peg_UsesThePercentageOnly()
    {
        // 6.0 → 4.7 is 1.3 points (21.7 %): minimal on the PEG, where points do not count.
        var minimal = OutcomeEvaluator.Pain([At(-1, 6.0m), At(14, 4.7m)], Start, PainScale.Peg, OutcomeSettings.Default);
        Assert.Equal(PainImprovement.Minimal, minimal.Improvement);
        var meaningful = OutcomeEvaluator.Pain([At(-1, 6.0m), At(14, 4.2m)], Start, PainScale.Peg, OutcomeSettings.Default);
        Assert.Equal(PainImprovement.Meaningful, meaningful.Improvement);
        Assert.Equal(0.3m, meaningful.ChangeFraction);
    }

    [Fact]
    public void DualResponse_NeedsBothAtOnce_AndIsUnknownWhenEitherIsUnknown()
    {
        var mood = Phq9(At(-1, 20), At(14, 9));
        var pain = Nrs(At(-1, 8), At(14, 5));
        Assert.True(new DualOutcome(mood, pain).DualResponse);
        Assert.False(new DualOutcome(mood, Nrs(At(-1, 8), At(14, 7))).DualResponse);
        Assert.False(new DualOutcome(Phq9(At(-1, 20), At(14, 14)), pain).DualResponse);
        Assert.Null(new DualOutcome(mood, Nrs(At(3, 8), At(14, 2))).DualResponse);
    }

    [Fact]
    public void Settings_DefaultsAreValid_AndOutOfRangeValuesAreNamed()
    {
        Assert.Empty(OutcomeSettings.Default.Validate());
        var problems = (OutcomeSettings.Default with { Phq9ResponseFraction = 0.05m, PainSubstantialFraction = 0.2m }).Validate();
        Assert.Equal(["phq9ResponseFraction", "painSubstantialFraction"], problems.Select(p => p.Field).ToArray());
    }
}

using Respite.Clinical.Outcomes;

namespace Respite.Clinical.Tests.Outcomes;

/// <summary>Relapse and booster timing on constructed trajectories whose answer is known.</summary>
public sealed class DurabilityTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 10, 5, 15, 0, 0, TimeSpan.Zero);

    private static ScorePoint At(double day, decimal value) => new(Day0.AddDays(day), value);

    private static readonly ScorePoint Baseline = At(-1, 20);

    [Fact]
    public void Relapse_IsTwoConsecutiveScoresAboveTheResponseThreshold_CountedFromTheLastSession()
    {
        ScorePoint[] scores = [Baseline, At(3, 14), At(7, 8), At(14, 9), At(21, 12), At(24, 9), At(28, 11), At(31, 13)];
        var outcome = Durability.Relapse(scores, Day0, Day0.AddDays(10), 0.5m, OutcomeSettings.Default);
        Assert.Equal(Day0.AddDays(7), outcome.RespondedAt);
        Assert.Equal(Day0.AddDays(28), outcome.RelapsedAt);      // day 21 alone was followed by a response again
        Assert.Equal(18, outcome.DaysFromLastSessionToRelapse);
        Assert.True(outcome.Relapsed);

        var strict = Durability.Relapse(scores, Day0, Day0.AddDays(10), 0.5m, OutcomeSettings.Default with { RelapseConsecutiveScores = 1 });
        Assert.Equal(Day0.AddDays(21), strict.RelapsedAt);
    }

    [Fact]
    public void Relapse_NeedsAResponseFirst_AndABaseline()
    {
        var never = Durability.Relapse([Baseline, At(7, 12), At(14, 15), At(21, 16)], Day0, Day0.AddDays(10), 0.5m, OutcomeSettings.Default);
        Assert.Null(never.RespondedAt);
        Assert.False(never.Relapsed);
        var noBaseline = Durability.Relapse([At(2, 20), At(7, 5)], Day0, Day0.AddDays(10), 0.5m, OutcomeSettings.Default);
        Assert.Null(noBaseline.Baseline);
        Assert.False(noBaseline.Relapsed);
    }

    [Fact]
    public void Booster_ALinearRise_CrossesTheThresholdWhereTheLineSays_AndIsProposedThreeDaysBefore()
    {
        // After the last session (day 10): 4, 5, 6, 7 every 4 days = 0.25 points a day from 4; the threshold is 10
        // (half the baseline of 20), crossed 24 days after the last session.
        var last = Day0.AddDays(10);
        ScorePoint[] scores = [Baseline, At(5, 9), At(10, 4), At(14, 5), At(18, 6), At(22, 7)];
        var estimate = Durability.Booster(scores, Day0, last, 0.5m, Day0.AddDays(22), OutcomeSettings.Default);
        Assert.Equal(BoosterBasis.Projected, estimate.Basis);
        Assert.Equal(10m, estimate.Threshold);
        Assert.Equal(4, estimate.ScoresUsed);
        Assert.Equal(0.25, estimate.SlopePerDay!.Value, 6);
        Assert.Equal(last.AddDays(24), estimate.ProjectedLossAt!.Value, TimeSpan.FromSeconds(1));
        Assert.Equal(last.AddDays(21), estimate.ProposedBoosterAt!.Value, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Booster_TheTrendStartsAtTheBestScoreAfterTheSeries()
    {
        // Still improving for a few days after the series (8 → 4), then wearing off at 0.5 a day: loss 12 days after day 14.
        var last = Day0.AddDays(10);
        ScorePoint[] scores = [Baseline, At(10, 8), At(14, 4), At(16, 5), At(18, 6)];
        var estimate = Durability.Booster(scores, Day0, last, 0.5m, Day0.AddDays(18), OutcomeSettings.Default);
        Assert.Equal(3, estimate.ScoresUsed);
        Assert.Equal(0.5, estimate.SlopePerDay!.Value, 6);
        Assert.Equal(Day0.AddDays(26), estimate.ProjectedLossAt!.Value, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Booster_AProposalAlreadyDue_IsNow_NotInThePast()
    {
        var last = Day0.AddDays(10);
        ScorePoint[] scores = [Baseline, At(10, 4), At(12, 6), At(14, 8)];     // 1 a day: loss on day 16, booster day 13
        var now = Day0.AddDays(15);
        var estimate = Durability.Booster(scores, Day0, last, 0.5m, now, OutcomeSettings.Default);
        Assert.Equal(Day0.AddDays(16), estimate.ProjectedLossAt!.Value, TimeSpan.FromSeconds(1));
        Assert.Equal(now, estimate.ProposedBoosterAt);
    }

    [Theory]
    [InlineData(new double[] { 4, 4, 4 }, BoosterBasis.NotWorsening)]
    [InlineData(new double[] { 6, 5, 4 }, BoosterBasis.TooFewScores)]          // still improving: the trend from the best score has one point
    [InlineData(new double[] { 4, 5 }, BoosterBasis.TooFewScores)]
    [InlineData(new double[] { 4, 7, 11 }, BoosterBasis.AlreadyLost)]
    [InlineData(new double[] { 12, 13, 14 }, BoosterBasis.NoResponse)]
    [InlineData(new double[] { 4, 4.01, 4.02 }, BoosterBasis.BeyondHorizon)]
    public void Booster_SaysWhyWhenItProposesNothing(double[] values, BoosterBasis expected)
    {
        var last = Day0.AddDays(10);
        var scores = new List<ScorePoint> { Baseline };
        scores.AddRange(values.Select((v, i) => At(10 + (3 * i), (decimal)v)));
        var estimate = Durability.Booster(scores, Day0, last, 0.5m, Day0.AddDays(20), OutcomeSettings.Default);
        Assert.Equal(expected, estimate.Basis);
        Assert.Null(estimate.ProposedBoosterAt);
    }
}

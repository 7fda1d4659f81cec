using Respite.Clinical.Outcomes;

namespace Respite.Clinical.Tests.Outcomes;

/// <summary>The product-limit estimate against a published worked example, and its edge cases.</summary>
public sealed class KaplanMeierTests
{
    /// <summary>
    /// Remission durations (weeks) of the 21 leukaemia patients on 6-mercaptopurine (Freireich et al., Blood 1963),
    /// the worked Kaplan–Meier example of Kleinbaum &amp; Klein, Survival Analysis: A Self-Learning Text, chapter 2;
    /// a false flag is a censored time.
    /// </summary>
    private static readonly SurvivalObservation[] Freireich6Mp =
    [
        new(6, true), new(6, true), new(6, true), new(6, false), new(7, true), new(9, false), new(10, true), new(10, false),
        new(11, false), new(13, true), new(16, true), new(17, false), new(19, false), new(20, false), new(22, true),
        new(23, true), new(25, false), new(32, false), new(32, false), new(34, false), new(35, false),
    ];

    [Fact]
    public void Estimate_ReproducesTheTextbookTable()
    {
        var curve = KaplanMeier.Estimate(Freireich6Mp);

        Assert.Equal(21, curve.Subjects);
        Assert.Equal(9, curve.Events);
        (double Time, int AtRisk, int Events, double Survival)[] expected =
        [
            (6, 21, 3, 0.8571), (7, 17, 1, 0.8067), (10, 15, 1, 0.7529), (13, 12, 1, 0.6902),
            (16, 11, 1, 0.6275), (22, 7, 1, 0.5378), (23, 6, 1, 0.4482),
        ];
        Assert.Equal(expected.Length, curve.Steps.Count);
        foreach (var (step, want) in curve.Steps.Zip(expected))
        {
            Assert.Equal(want.Time, step.Time);
            Assert.Equal(want.AtRisk, step.AtRisk);
            Assert.Equal(want.Events, step.Events);
            Assert.Equal(want.Survival, step.Survival, 4);
        }

        Assert.Equal(23, curve.Median);
        Assert.Equal(0.0764, curve.Steps[0].StandardError, 4);     // Greenwood, as in the textbook table
        Assert.Equal(12, curve.CensoredAt.Count);
        Assert.Equal(0.6275, curve.SurvivalAt(20), 4);
        Assert.Equal(1.0, curve.SurvivalAt(5.9));
        Assert.Equal(0.8571, curve.SurvivalAt(6), 4);
    }

    [Fact]
    public void Estimate_WithoutCensoring_IsTheEmpiricalSurvival_AndTheMedianIsReachedExactlyAtOneHalf()
    {
        var curve = KaplanMeier.Estimate([new(1, true), new(2, true), new(3, true), new(4, true)]);
        Assert.Equal([0.75, 0.5, 0.25, 0.0], curve.Steps.Select(s => s.Survival));
        Assert.Equal(2, curve.Median);
    }

    [Fact]
    public void Estimate_MedianIsNotReached_WhenMostAreCensored()
    {
        var curve = KaplanMeier.Estimate([new(5, true), new(10, false), new(12, false), new(20, false)]);
        Assert.Null(curve.Median);
        Assert.Equal(0.75, curve.SurvivalAt(100));
    }

    [Fact]
    public void Estimate_OfNobody_IsFlat()
    {
        var curve = KaplanMeier.Estimate([]);
        Assert.Empty(curve.Steps);
        Assert.Equal(0, curve.Subjects);
        Assert.Null(curve.Median);
        Assert.Equal(1.0, curve.SurvivalAt(10));
    }

    [Fact]
    public void Estimate_RejectsNegativeTimes() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KaplanMeier.Estimate([new(-1, true)]));

    [Fact]
    public void ResponseDuration_RunsFromTheFirstResponse_ToRelapseOrTheLatestScore()
    {
        var day0 = new DateTimeOffset(2026, 1, 5, 15, 0, 0, TimeSpan.Zero);
        var relapsed = new RelapseOutcome(new ScorePoint(day0, 20), day0.AddDays(7), day0.AddDays(40), 30);
        Assert.Equal(new SurvivalObservation(33, true), Durability.ResponseDuration(relapsed, day0.AddDays(60)));

        var holding = relapsed with { RelapsedAt = null };
        Assert.Equal(new SurvivalObservation(53, false), Durability.ResponseDuration(holding, day0.AddDays(60)));

        Assert.Null(Durability.ResponseDuration(relapsed with { RespondedAt = null, RelapsedAt = null }, day0.AddDays(60)));
    }
}

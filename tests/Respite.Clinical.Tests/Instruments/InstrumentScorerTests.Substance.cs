using Respite.Clinical.Instruments;
using Respite.Clinical.Patients;

namespace Respite.Clinical.Tests.Instruments;

public sealed partial class InstrumentScorerTests
{
    private static Answer[] DastWithPoints(int points)
    {
        var answers = Answers.YesNo(false, false, true, false, false, false, false, false, false, false);
        int[] order = [0, 1, 3, 4, 5, 6, 7, 8, 9, 2];
        foreach (var index in order.Take(points))
        {
            answers[index] = Answer.YesNo(index != 2);
        }

        return answers;
    }

    [Theory]
    [InlineData(0, "none", null)]
    [InlineData(1, "low", null)]
    [InlineData(2, "low", null)]
    [InlineData(3, "moderate", "dast10-moderate")]
    [InlineData(5, "moderate", "dast10-moderate")]
    [InlineData(6, "substantial", "dast10-substantial")]
    [InlineData(8, "substantial", "dast10-substantial")]
    [InlineData(9, "severe", "dast10-severe")]
    [InlineData(10, "severe", "dast10-severe")]
    public void Score_Dast10Total_FallsInBand(int points, string band, string? flag)
    {
        var score = Scored(InstrumentCatalog.Dast10, DastWithPoints(points));

        Assert.Equal(points, score.Total);
        Assert.Equal(band, score.Band);
        Assert.Equal(flag is null ? [] : [flag], score.Flags);
    }

    [Fact]
    public void Score_Dast10AllNo_ScoresOneForReverseScoredItem3()
    {
        var score = Scored(InstrumentCatalog.Dast10, Answers.YesNo(false, false, false, false, false, false, false, false, false, false));

        Assert.Equal(1m, score.Total);
        Assert.Equal("low", score.Band);
        Assert.Equal(1m, score.ItemScores[2]);
        Assert.Equal(0m, score.ItemScores[0]);
    }

    [Fact]
    public void Score_Dast10AllYes_ScoresNineBecauseItem3IsReversed()
    {
        var score = Scored(InstrumentCatalog.Dast10, Answers.YesNo(true, true, true, true, true, true, true, true, true, true));

        Assert.Equal(9m, score.Total);
        Assert.Equal(0m, score.ItemScores[2]);
    }

    [Fact]
    public void Score_Dast10SkippedItem_Fails()
    {
        var answers = DastWithPoints(0);
        answers[9] = Answer.Skipped;

        Assert.Equal("answers[9]", Assert.Single(Failed(InstrumentCatalog.Dast10, answers)).Field);
    }

    [Theory]
    [InlineData(Sex.Female, 2, "negative")]
    [InlineData(Sex.Female, 3, "positive")]
    [InlineData(Sex.Female, 4, "positive")]
    [InlineData(Sex.Male, 2, "negative")]
    [InlineData(Sex.Male, 3, "negative")]
    [InlineData(Sex.Male, 4, "positive")]
    [InlineData(Sex.Male, 12, "positive")]
    [InlineData(Sex.Female, 0, "negative")]
    [InlineData(Sex.Other, 2, "negative")]
    [InlineData(Sex.Other, 3, "positive")]
    [InlineData(Sex.Unknown, 2, "negative")]
    [InlineData(Sex.Unknown, 3, "positive")]
    public void Score_AuditC_UsesSexSpecificCutOff(Sex sex, int total, string band)
    {
        var score = Scored(InstrumentCatalog.AuditC, Answers.Summing(3, 4, total), sex);

        Assert.Equal(total, score.Total);
        Assert.Equal(band, score.Band);
        Assert.Equal(band == "positive", score.HasFlag(InstrumentFlags.AuditCPositive));
    }

    [Fact]
    public void Score_AuditCWithoutSex_FailsOnSexField()
    {
        var error = Assert.Single(Failed(InstrumentCatalog.AuditC, Answers.Numbers(1, 1, 1), sex: null));

        Assert.Equal("sex", error.Field);
    }

    [Fact]
    public void Score_OtherInstrumentWithoutSex_Succeeds()
    {
        Assert.True(InstrumentScorer.Score(InstrumentCatalog.Phq9, Answers.Repeat(9, 0), null).Succeeded);
    }

    [Theory]
    [InlineData(Sex.Male, 4, "negative")]
    [InlineData(Sex.Male, 5, "positive")]
    [InlineData(Sex.Female, 3, "negative")]
    [InlineData(Sex.Female, 4, "positive")]
    public void Score_AuditCCutOffsChanged_FollowTheSettings(Sex sex, int total, string band)
    {
        var settings = new InstrumentSettings { AuditCPositiveMale = 5, AuditCPositiveFemale = 4 };

        var score = Scored(InstrumentCatalog.AuditC, Answers.Summing(3, 4, total), sex, settings);

        Assert.Equal(band, score.Band);
    }

    [Fact]
    public void Score_AuditCItemAboveFour_Fails()
    {
        var error = Assert.Single(Failed(InstrumentCatalog.AuditC, Answers.Numbers(0, 5, 0), Sex.Male));

        Assert.Equal("answers[1]", error.Field);
        Assert.Contains("0–4", error.Message, StringComparison.Ordinal);
    }
}

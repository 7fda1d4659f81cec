using Respite.Clinical.Instruments;

namespace Respite.Clinical.Tests.Instruments;

public sealed partial class InstrumentScorerTests
{
    [Theory]
    [InlineData(0, "none-minimal")]
    [InlineData(4, "none-minimal")]
    [InlineData(5, "mild")]
    [InlineData(9, "mild")]
    [InlineData(10, "moderate")]
    [InlineData(14, "moderate")]
    [InlineData(15, "moderately-severe")]
    [InlineData(19, "moderately-severe")]
    [InlineData(20, "severe")]
    [InlineData(27, "severe")]
    public void Score_Phq9Total_FallsInBand(int total, string band)
    {
        var score = Scored(InstrumentCatalog.Phq9, Answers.Summing(9, 3, total));

        Assert.Equal(total, score.Total);
        Assert.Equal(band, score.Band);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Score_Phq9Item9AboveZero_FlagsSuicidalIdeationEvenWithLowTotal(int item9)
    {
        var answers = Answers.Repeat(9, 0);
        answers[8] = Answer.Number(item9);

        var score = Scored(InstrumentCatalog.Phq9, answers);

        Assert.Equal("none-minimal", score.Band);
        Assert.Equal([InstrumentFlags.SuicidalIdeation], score.Flags);
        Assert.True(score.HasFlag("suicidal-ideation"));
        Assert.Equal(item9, score.ItemScores[8]);
    }

    [Fact]
    public void Score_Phq9Item9Zero_HasNoFlagEvenWhenSevere()
    {
        var answers = Answers.Repeat(9, 3);
        answers[8] = Answer.Number(0);

        var score = Scored(InstrumentCatalog.Phq9, answers);

        Assert.Equal("severe", score.Band);
        Assert.Empty(score.Flags);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void Score_Phq9Item9FlagAtRaised_FlagsOnlyAtOrAboveIt(int item9, bool flagged)
    {
        var answers = Answers.Repeat(9, 0);
        answers[8] = Answer.Number(item9);

        var score = Scored(InstrumentCatalog.Phq9, answers, settings: new InstrumentSettings { Phq9Item9FlagAt = 2 });

        Assert.Equal(flagged, score.HasFlag(InstrumentFlags.SuicidalIdeation));
    }

    [Theory]
    [InlineData(0, "minimal")]
    [InlineData(4, "minimal")]
    [InlineData(5, "mild")]
    [InlineData(9, "mild")]
    [InlineData(10, "moderate")]
    [InlineData(14, "moderate")]
    [InlineData(15, "severe")]
    [InlineData(21, "severe")]
    public void Score_Gad7Total_FallsInBand(int total, string band)
    {
        var score = Scored(InstrumentCatalog.Gad7, Answers.Summing(7, 3, total));

        Assert.Equal(total, score.Total);
        Assert.Equal(band, score.Band);
        Assert.Empty(score.Flags);
    }

    [Fact]
    public void Score_Gad7ItemAboveThree_Fails()
    {
        var answers = Answers.Repeat(7, 0);
        answers[0] = Answer.Number(4);

        Assert.Equal("answers[0]", Assert.Single(Failed(InstrumentCatalog.Gad7, answers)).Field);
    }
}

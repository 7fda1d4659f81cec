using Respite.Clinical.Instruments;

namespace Respite.Clinical.Tests.Instruments;

public sealed partial class InstrumentScorerTests
{
    [Theory]
    [InlineData(0, 0, "negative")]
    [InlineData(1, 1, "negative")]
    [InlineData(2, 1, "positive")]
    [InlineData(3, 0, "positive")]
    [InlineData(3, 3, "positive")]
    public void Score_Phq2_PositiveAtThreeOrMore(int first, int second, string band)
    {
        var score = Scored(InstrumentCatalog.Phq2, Answers.Numbers(first, second));

        Assert.Equal(first + second, score.Total);
        Assert.Equal(band, score.Band);
        Assert.Equal(band == "positive", score.HasFlag(InstrumentFlags.Phq2Positive));
    }

    [Fact]
    public void Score_Phq2_CutOffIsAClinicSetting()
    {
        var answers = Answers.Numbers(1, 1);

        Assert.Equal("negative", Scored(InstrumentCatalog.Phq2, answers).Band);
        Assert.Equal("positive", Scored(InstrumentCatalog.Phq2, answers, settings: InstrumentSettings.Default with { Phq2PositiveAt = 2 }).Band);
    }

    [Fact]
    public void Score_Phq2_NeverFlagsSuicidalIdeation()
    {
        Assert.DoesNotContain(InstrumentFlags.SuicidalIdeation, Scored(InstrumentCatalog.Phq2, Answers.Numbers(3, 3)).Flags);
    }

    [Theory]
    [InlineData(4, "answers[0]")]
    [InlineData(-1, "answers[0]")]
    public void Score_Phq2_OutOfRange_NamesTheItem(int value, string field)
    {
        var outcome = InstrumentScorer.Score(InstrumentCatalog.Phq2, Answers.Numbers(value, 0), null);

        Assert.False(outcome.Succeeded);
        Assert.Contains(outcome.Errors, e => e.Field == field);
    }
}

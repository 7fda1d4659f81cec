using Respite.Clinical.Instruments;

namespace Respite.Clinical.Tests.Instruments;

public sealed partial class InstrumentScorerTests
{
    [Theory]
    [InlineData(0, "none")]
    [InlineData(1, "mild")]
    [InlineData(4, "mild")]
    [InlineData(5, "moderate")]
    [InlineData(6, "moderate")]
    [InlineData(7, "severe")]
    [InlineData(10, "severe")]
    public void Score_NrsPain_FallsInBand(int value, string band)
    {
        var score = Scored(InstrumentCatalog.NrsPain, Answers.Numbers(value));

        Assert.Equal(value, score.Total);
        Assert.Equal(band, score.Band);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    [InlineData(5.5)]
    public void Score_NrsPainInvalid_FailsOnTheOnlyItem(double value)
    {
        var error = Assert.Single(Failed(InstrumentCatalog.NrsPain, Answers.Numbers((decimal)value)));

        Assert.Equal("answers[0]", error.Field);
        Assert.Contains("0–10", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0, 0, 0.00, "mild")]
    [InlineData(3, 4, 4, 3.67, "mild")]
    [InlineData(4, 4, 4, 4.00, "moderate")]
    [InlineData(5, 5, 6, 5.33, "moderate")]
    [InlineData(7, 7, 6, 6.67, "moderate")]
    [InlineData(7, 7, 7, 7.00, "severe")]
    [InlineData(10, 10, 10, 10.00, "severe")]
    [InlineData(1, 0, 0, 0.33, "mild")]
    [InlineData(2, 0, 0, 0.67, "mild")]
    public void Score_Peg3_IsTheMeanRoundedToTwoPlaces(int pain, int enjoyment, int activity, double mean, string band)
    {
        var score = Scored(InstrumentCatalog.Peg3, Answers.Numbers(pain, enjoyment, activity));

        Assert.Equal((decimal)mean, score.Total);
        Assert.Equal(band, score.Band);
        Assert.Equal([pain, enjoyment, activity], score.ItemScores.Select(v => (int)v!.Value));
    }

    [Fact]
    public void Score_Peg3MeanEndingInFive_RoundsAwayFromZero()
    {
        var instrument = InstrumentCatalog.Peg3 with
        {
            Items = [.. InstrumentCatalog.Peg3.Items, InstrumentCatalog.Peg3.Items[0] with { Number = 4 }, InstrumentCatalog.Peg3.Items[0] with { Number = 5 }, InstrumentCatalog.Peg3.Items[0] with { Number = 6 }, InstrumentCatalog.Peg3.Items[0] with { Number = 7 }, InstrumentCatalog.Peg3.Items[0] with { Number = 8 }],
        };

        var score = Scored(instrument, Answers.Numbers(1, 0, 0, 0, 0, 0, 0, 0));

        Assert.Equal(0.13m, score.Total);
    }

    [Fact]
    public void Score_Peg3FractionalItem_Fails()
    {
        var error = Assert.Single(Failed(InstrumentCatalog.Peg3, Answers.Numbers(3, 4.5m, 4)));

        Assert.Equal("answers[1]", error.Field);
    }
}

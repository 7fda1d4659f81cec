using Respite.Clinical.Instruments;

namespace Respite.Clinical.Tests.Instruments;

public sealed partial class InstrumentScorerTests
{
    [Theory]
    [InlineData(new[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 0, "absent")]
    [InlineData(new[] { 1, 1, 1, 1, 1, 1, 0, 0, 0, 0 }, 6, "absent")]
    [InlineData(new[] { 1, 1, 1, 1, 1, 1, 1, 0, 0, 0 }, 7, "mild")]
    [InlineData(new[] { 2, 2, 2, 2, 2, 2, 2, 2, 2, 1 }, 19, "mild")]
    [InlineData(new[] { 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 }, 20, "moderate")]
    [InlineData(new[] { 4, 4, 4, 4, 4, 4, 4, 3, 3, 0 }, 34, "moderate")]
    [InlineData(new[] { 4, 4, 4, 4, 4, 4, 4, 4, 3, 0 }, 35, "severe")]
    [InlineData(new[] { 6, 6, 6, 6, 6, 6, 6, 6, 6, 6 }, 60, "severe")]
    public void Score_Madrs_SumsTenItemsIntoSnaithBands(int[] answers, int total, string band)
    {
        var score = Scored(InstrumentCatalog.Madrs, Answers.Numbers([.. answers.Select(a => (decimal)a)]));

        Assert.Equal(total, score.Total);
        Assert.Equal(band, score.Band);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(6, true)]
    public void Score_MadrsItem10_FlagsSuicidalThoughtsFromTheSetting(int item10, bool flagged)
    {
        var score = Scored(InstrumentCatalog.Madrs, Answers.Numbers(0, 0, 0, 0, 0, 0, 0, 0, 0, item10));

        Assert.Equal(flagged, score.Flags.Contains(InstrumentFlags.SuicidalIdeation));
    }

    [Fact]
    public void Score_MadrsItem10_FlagThresholdIsAClinicSetting()
    {
        var strict = Scored(InstrumentCatalog.Madrs, Answers.Numbers(0, 0, 0, 0, 0, 0, 0, 0, 0, 1), settings: new InstrumentSettings { MadrsItem10FlagAt = 1 });
        var loose = Scored(InstrumentCatalog.Madrs, Answers.Numbers(0, 0, 0, 0, 0, 0, 0, 0, 0, 3), settings: new InstrumentSettings { MadrsItem10FlagAt = 4 });

        Assert.Contains(InstrumentFlags.SuicidalIdeation, strict.Flags);
        Assert.Empty(loose.Flags);
        Assert.Contains(new InstrumentSettings { MadrsItem10FlagAt = 7 }.Validate(), e => e.Field == "madrsItem10FlagAt");
    }

    [Fact]
    public void Score_MadrsItemOutOfRange_FailsNamingTheItem()
    {
        var errors = Failed(InstrumentCatalog.Madrs, Answers.Numbers(0, 0, 0, 7, 0, 0, 0, 0, 0, 0));

        Assert.Contains(errors, e => e.Field == "answers[3]" && e.Message.Contains("MADRS item 4", StringComparison.Ordinal));
    }
}

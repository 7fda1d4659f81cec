using Respite.Clinical.Instruments;

namespace Respite.Clinical.Tests.Instruments;

public sealed partial class InstrumentScorerTests
{
    public static TheoryData<bool?[], string, decimal> CssrsRiskLevels => new()
    {
        { [false, false, null, null, null, false, null], "none", 0m },
        { [false, false, false, false, false, false, false], "none", 0m },
        { [true, false, null, null, null, false, null], "low", 1m },
        { [false, true, false, false, false, false, null], "low", 1m },
        { [true, true, false, false, false, false, null], "low", 2m },
        { [true, true, true, false, false, false, null], "moderate", 3m },
        { [false, false, null, null, null, true, false], "moderate", 1m },
        { [true, false, null, null, null, true, false], "moderate", 2m },
        { [true, true, false, true, false, false, null], "high", 3m },
        { [true, true, false, false, true, false, null], "high", 3m },
        { [false, false, null, null, null, true, true], "high", 1m },
        { [true, true, true, true, true, true, true], "high", 6m },
    };

    [Theory]
    [MemberData(nameof(CssrsRiskLevels))]
    public void Score_Cssrs_GivesColumbiaRiskLevel(bool?[] answers, string band, decimal total)
    {
        var score = Scored(InstrumentCatalog.CssrsScreener, Answers.YesNo(answers));

        Assert.Equal(band, score.Band);
        Assert.Equal(total, score.Total);
    }

    [Theory]
    [InlineData(new[] { false, false, false, false, false, false, false }, new string[0])]
    [InlineData(new[] { true, false, false, false, false, false, false }, new[] { "suicidal-ideation", "cssrs-low-risk" })]
    [InlineData(new[] { true, true, true, false, false, false, false }, new[] { "suicidal-ideation", "cssrs-moderate-risk" })]
    [InlineData(new[] { false, false, false, false, false, true, false }, new[] { "cssrs-moderate-risk" })]
    [InlineData(new[] { false, false, false, false, false, true, true }, new[] { "cssrs-high-risk" })]
    [InlineData(new[] { true, true, false, false, true, false, false }, new[] { "suicidal-ideation", "cssrs-high-risk" })]
    public void Score_Cssrs_RaisesRiskAndIdeationFlags(bool[] answers, string[] flags)
    {
        var score = Scored(InstrumentCatalog.CssrsScreener, Answers.YesNo(answers.Select(a => (bool?)a).ToArray()));

        Assert.Equal(flags, score.Flags);
    }

    [Fact]
    public void Score_CssrsSkippedFollowUps_AreNullItemScoresAndNotCounted()
    {
        var score = Scored(InstrumentCatalog.CssrsScreener, Answers.YesNo(true, false, null, null, null, false, null));

        Assert.Equal([1m, 0m, null, null, null, 0m, null], score.ItemScores);
        Assert.Equal(1m, score.Total);
    }

    [Fact]
    public void Score_CssrsRecentBehaviour_IsNotCountedInTotal()
    {
        var score = Scored(InstrumentCatalog.CssrsScreener, Answers.YesNo(false, false, null, null, null, true, true));

        Assert.Equal(1m, score.Total);
        Assert.Equal(1m, score.ItemScores[6]);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Score_CssrsFollowUpYesWhenItem2No_FailsOnThatItem(int index)
    {
        var answers = Answers.YesNo(true, false, null, null, null, false, null);
        answers[index] = Answer.YesNo(true);

        var error = Assert.Single(Failed(InstrumentCatalog.CssrsScreener, answers));

        Assert.Equal($"answers[{index}]", error.Field);
        Assert.Contains("only when item 2 is yes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_CssrsAllFollowUpsYesWhenItem2No_ReportsEachOne()
    {
        var errors = Failed(InstrumentCatalog.CssrsScreener, Answers.YesNo(false, false, true, true, true, false, true));

        Assert.Equal(["answers[2]", "answers[3]", "answers[4]", "answers[6]"], errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Score_CssrsFollowUpSkippedWhenItem2Yes_FailsOnThatItem(int index)
    {
        var answers = Answers.YesNo(true, true, false, false, false, false, null);
        answers[index] = Answer.Skipped;

        var error = Assert.Single(Failed(InstrumentCatalog.CssrsScreener, answers));

        Assert.Equal($"answers[{index}]", error.Field);
        Assert.Contains("must be asked when item 2 is yes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_CssrsItem6bSkippedWhenItem6Yes_Fails()
    {
        var error = Assert.Single(Failed(InstrumentCatalog.CssrsScreener, Answers.YesNo(false, false, null, null, null, true, null)));

        Assert.Equal("answers[6]", error.Field);
        Assert.Contains("6b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_CssrsItem6bYesWhenItem6No_Fails()
    {
        var error = Assert.Single(Failed(InstrumentCatalog.CssrsScreener, Answers.YesNo(false, false, null, null, null, false, true)));

        Assert.Equal("answers[6]", error.Field);
        Assert.Contains("only when item 6 is yes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public void Score_CssrsRequiredItemSkipped_Fails(int index)
    {
        var answers = Answers.YesNo(false, false, null, null, null, false, null);
        answers[index] = Answer.Skipped;

        Assert.Contains(Failed(InstrumentCatalog.CssrsScreener, answers), e => e.Field == $"answers[{index}]" && e.Message.Contains("must be answered", StringComparison.Ordinal));
    }

    [Fact]
    public void Score_CssrsGateHasWrongKind_ReportsOnlyTheGate()
    {
        var answers = Answers.YesNo(false, false, true, null, null, false, null);
        answers[1] = Answer.Number(1);

        var error = Assert.Single(Failed(InstrumentCatalog.CssrsScreener, answers));

        Assert.Equal("answers[1]", error.Field);
    }

    [Fact]
    public void Score_CssrsKindErrorAndSkipLogicError_ReportsBoth()
    {
        var answers = Answers.YesNo(false, false, true, null, null, false, null);
        answers[0] = Answer.Number(1);

        var errors = Failed(InstrumentCatalog.CssrsScreener, answers);

        Assert.Equal(["answers[0]", "answers[2]"], errors.Select(e => e.Field));
    }
}

using Respite.Clinical.Instruments;
using Respite.Clinical.Patients;

namespace Respite.Clinical.Tests.Instruments;

public sealed partial class InstrumentScorerTests
{
    private static InstrumentScore Scored(InstrumentDefinition instrument, IReadOnlyList<Answer> answers, Sex? sex = null, InstrumentSettings? settings = null)
    {
        var outcome = InstrumentScorer.Score(instrument, answers, sex, settings ?? InstrumentSettings.Default);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.Select(e => $"{e.Field}: {e.Message}")));
        Assert.Empty(outcome.Errors);
        return outcome.Score!;
    }

    private static IReadOnlyList<AnswerError> Failed(InstrumentDefinition instrument, IReadOnlyList<Answer> answers, Sex? sex = null)
    {
        var outcome = InstrumentScorer.Score(instrument, answers, sex);
        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.Score);
        Assert.NotEmpty(outcome.Errors);
        return outcome.Errors;
    }

    [Theory]
    [InlineData("phq9", 8, "PHQ-9 expects 9 answers, got 8.")]
    [InlineData("phq9", 10, "PHQ-9 expects 9 answers, got 10.")]
    [InlineData("phq9", 0, "PHQ-9 expects 9 answers, got 0.")]
    [InlineData("gad7", 6, "GAD-7 expects 7 answers, got 6.")]
    [InlineData("nrs-pain", 2, "Pain NRS expects 1 answers, got 2.")]
    [InlineData("peg3", 2, "PEG-3 expects 3 answers, got 2.")]
    [InlineData("auditc", 4, "AUDIT-C expects 3 answers, got 4.")]
    public void Score_WrongAnswerCount_FailsOnAnswersField(string code, int count, string message)
    {
        InstrumentCatalog.TryGet(code, out var instrument);

        var errors = Failed(instrument!, Answers.Repeat(count, 1), Sex.Female);

        var error = Assert.Single(errors);
        Assert.Equal("answers", error.Field);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(8)]
    public void Score_CssrsWrongAnswerCount_FailsOnAnswersFieldOnly(int count)
    {
        var errors = Failed(InstrumentCatalog.CssrsScreener, Enumerable.Repeat(Answer.YesNo(true), count).ToArray());

        Assert.Equal("answers", Assert.Single(errors).Field);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    [InlineData(100)]
    public void Score_Phq9OutOfRange_FailsNamingTheItem(int value)
    {
        var answers = Answers.Repeat(9, 1);
        answers[8] = Answer.Number(value);

        var error = Assert.Single(Failed(InstrumentCatalog.Phq9, answers));

        Assert.Equal("answers[8]", error.Field);
        Assert.Contains("item 9", error.Message, StringComparison.Ordinal);
        Assert.Contains("0–3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(0.1)]
    [InlineData(2.999)]
    public void Score_Phq9Fractional_FailsNamingTheItem(double value)
    {
        var answers = Answers.Repeat(9, 1);
        answers[3] = Answer.Number((decimal)value);

        var error = Assert.Single(Failed(InstrumentCatalog.Phq9, answers));

        Assert.Equal("answers[3]", error.Field);
        Assert.Contains("whole number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_WholeNumberWithTrailingZeros_IsAccepted()
    {
        var answers = Answers.Repeat(9, 1);
        answers[0] = Answer.Number(2.00m);

        Assert.Equal(10m, Scored(InstrumentCatalog.Phq9, answers).Total);
    }

    [Fact]
    public void Score_YesNoForScoredItem_FailsExpectingANumber()
    {
        var answers = Answers.Repeat(9, 1);
        answers[2] = Answer.YesNo(true);

        var error = Assert.Single(Failed(InstrumentCatalog.Phq9, answers));

        Assert.Equal("answers[2]", error.Field);
        Assert.Contains("expects a whole number 0–3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_NumberForYesNoItem_FailsExpectingYesOrNo()
    {
        var answers = Answers.YesNo(false, false, false, false, false, false, false, false, false, false);
        answers[4] = Answer.Number(1);

        var error = Assert.Single(Failed(InstrumentCatalog.Dast10, answers));

        Assert.Equal("answers[4]", error.Field);
        Assert.Contains("yes or no", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_SkippedRequiredItem_FailsNamingTheItem()
    {
        var answers = Answers.Repeat(7, 1);
        answers[6] = Answer.Skipped;

        var error = Assert.Single(Failed(InstrumentCatalog.Gad7, answers));

        Assert.Equal("answers[6]", error.Field);
        Assert.Contains("must be answered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_SeveralBadAnswers_ReportsEveryOneInOrder()
    {
        Answer[] answers =
        [
            Answer.Number(1), Answer.Number(5), Answer.Number(1), Answer.Skipped, Answer.Number(1),
            Answer.YesNo(true), Answer.Number(1), Answer.Number(0.5m), Answer.Number(-1),
        ];

        var errors = Failed(InstrumentCatalog.Phq9, answers);

        Assert.Equal(["answers[1]", "answers[3]", "answers[5]", "answers[7]", "answers[8]"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Score_AuditCBadAnswersAndNoSex_ReportsBoth()
    {
        var errors = Failed(InstrumentCatalog.AuditC, Answers.Numbers(1, 5, 1), sex: null);

        Assert.Equal(["answers[1]", "sex"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Score_UnknownInstrumentCode_Throws()
    {
        var custom = InstrumentCatalog.Gad7 with { Code = "custom" };

        Assert.Throws<ArgumentException>(() => InstrumentScorer.Score(custom, Answers.Repeat(7, 1), null));
    }

    [Fact]
    public void Score_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => InstrumentScorer.Score(null!, [], null));
        Assert.Throws<ArgumentNullException>(() => InstrumentScorer.Score(InstrumentCatalog.Phq9, null!, null));
        Assert.Throws<ArgumentNullException>(() => InstrumentScorer.Score(InstrumentCatalog.Phq9, Answers.Repeat(9, 0), null, null!));
    }

    [Fact]
    public void Score_WithoutSettings_UsesDefaults()
    {
        var withDefaults = InstrumentScorer.Score(InstrumentCatalog.AuditC, Answers.Numbers(1, 1, 1), Sex.Female);
        var explicitDefaults = InstrumentScorer.Score(InstrumentCatalog.AuditC, Answers.Numbers(1, 1, 1), Sex.Female, InstrumentSettings.Default);

        Assert.Equal(explicitDefaults.Score!.Band, withDefaults.Score!.Band);
        Assert.Equal("positive", withDefaults.Score.Band);
        Assert.Equal(explicitDefaults.Score.Flags, withDefaults.Score.Flags);
    }

    [Fact]
    public void Score_Success_ReportsInstrumentCodeAndItemScores()
    {
        var score = Scored(InstrumentCatalog.Gad7, Answers.Numbers(0, 1, 2, 3, 0, 1, 2));

        Assert.Equal("gad7", score.Instrument);
        Assert.Equal([0m, 1m, 2m, 3m, 0m, 1m, 2m], score.ItemScores);
    }

    [Fact]
    public void Failure_NoErrors_Throws()
    {
        Assert.Throws<ArgumentException>(() => ScoringOutcome.Failure([]));
    }

    [Theory]
    [InlineData(0, "none-minimal")]
    [InlineData(4.5, "none-minimal")]
    [InlineData(5, "mild")]
    [InlineData(27, "severe")]
    public void BandFor_Total_ReturnsTheBandWhoseMinimumIsNotAbove(double total, string band)
    {
        Assert.Equal(band, InstrumentScorer.BandFor(InstrumentCatalog.Phq9, (decimal)total));
    }

    [Fact]
    public void BandFor_BelowEveryBand_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InstrumentScorer.BandFor(InstrumentCatalog.Phq9, -1m));
    }
}

using Respite.Clinical.Instruments;
using Respite.Clinical.Patients;

namespace Respite.Clinical.Tests;

public sealed class InstrumentScorerTests
{
    private static Answer[] Numbers(params int[] values) => values.Select(v => Answer.Number(v)).ToArray();

    private static Answer[] Flags(params bool?[] values) => values.Select(v => v is { } b ? Answer.YesNo(b) : Answer.Skipped).ToArray();

    /// <summary>Spreads a total over n items of max m, filling from the first item.</summary>
    private static Answer[] Totalling(int total, int items, int max)
    {
        var values = new int[items];
        for (var i = 0; i < items && total > 0; i++)
        {
            values[i] = Math.Min(max, total);
            total -= values[i];
        }

        return Numbers(values);
    }

    private static InstrumentScore Scored(InstrumentDefinition instrument, IReadOnlyList<Answer> answers, Sex? sex = null)
    {
        var outcome = InstrumentScorer.Score(instrument, answers, sex);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.Select(e => $"{e.Field}: {e.Message}")));
        return outcome.Score!;
    }

    private static IReadOnlyList<AnswerError> Errors(InstrumentDefinition instrument, IReadOnlyList<Answer> answers, Sex? sex = null)
    {
        var outcome = InstrumentScorer.Score(instrument, answers, sex);
        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.Score);
        return outcome.Errors;
    }

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
    [InlineData(24, "severe")]
    public void Phq9_TotalAtBandBoundary_HasBand(int total, string band)
    {
        var score = Scored(InstrumentCatalog.Phq9, Totalling(total, 8, 3).Append(Answer.Number(0)).ToArray());
        Assert.Equal(total, score.Total);
        Assert.Equal(band, score.Band);
        Assert.Empty(score.Flags);
    }

    [Fact]
    public void Phq9_Maximum_Is27Severe()
    {
        var score = Scored(InstrumentCatalog.Phq9, Numbers(3, 3, 3, 3, 3, 3, 3, 3, 3));
        Assert.Equal(27m, score.Total);
        Assert.Equal("severe", score.Band);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Phq9_Item9AboveZero_FlagsSuicidalIdeationWhateverTheTotal(int item9)
    {
        var score = Scored(InstrumentCatalog.Phq9, Numbers(0, 0, 0, 0, 0, 0, 0, 0, item9));
        Assert.Equal("none-minimal", score.Band);
        Assert.Equal([InstrumentFlags.SuicidalIdeation], score.Flags);
    }

    [Fact]
    public void Phq9_Item9FlagThresholdIsASetting()
    {
        var settings = InstrumentSettings.Default with { Phq9Item9FlagAt = 2 };
        var one = InstrumentScorer.Score(InstrumentCatalog.Phq9, Numbers(0, 0, 0, 0, 0, 0, 0, 0, 1), null, settings).Score!;
        var two = InstrumentScorer.Score(InstrumentCatalog.Phq9, Numbers(0, 0, 0, 0, 0, 0, 0, 0, 2), null, settings).Score!;
        Assert.Empty(one.Flags);
        Assert.Contains(InstrumentFlags.SuicidalIdeation, two.Flags);
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
    public void Gad7_TotalAtBandBoundary_HasBand(int total, string band)
    {
        var score = Scored(InstrumentCatalog.Gad7, Totalling(total, 7, 3));
        Assert.Equal(total, score.Total);
        Assert.Equal(band, score.Band);
    }

    [Theory]
    [InlineData(0, "none")]
    [InlineData(1, "mild")]
    [InlineData(4, "mild")]
    [InlineData(5, "moderate")]
    [InlineData(6, "moderate")]
    [InlineData(7, "severe")]
    [InlineData(10, "severe")]
    public void NrsPain_ValueAtBandBoundary_HasBand(int value, string band)
    {
        var score = Scored(InstrumentCatalog.NrsPain, Numbers(value));
        Assert.Equal(value, score.Total);
        Assert.Equal(band, score.Band);
    }

    [Theory]
    [InlineData(new[] { 0, 0, 0 }, "0", "mild")]
    [InlineData(new[] { 4, 4, 3 }, "3.67", "mild")]
    [InlineData(new[] { 4, 4, 4 }, "4", "moderate")]
    [InlineData(new[] { 7, 7, 6 }, "6.67", "moderate")]
    [InlineData(new[] { 7, 7, 7 }, "7", "severe")]
    [InlineData(new[] { 5, 5, 6 }, "5.33", "moderate")]
    [InlineData(new[] { 10, 10, 10 }, "10", "severe")]
    public void Peg3_ScoreIsMeanRoundedToTwoPlaces(int[] answers, string expected, string band)
    {
        var score = Scored(InstrumentCatalog.Peg3, Numbers(answers));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), score.Total);
        Assert.Equal(band, score.Band);
    }

    [Fact]
    public void Dast10_Item3IsReverseScored()
    {
        var allNo = Scored(InstrumentCatalog.Dast10, Flags(false, false, false, false, false, false, false, false, false, false));
        Assert.Equal(1m, allNo.Total);
        Assert.Equal("low", allNo.Band);
        var onlyItem3Yes = Scored(InstrumentCatalog.Dast10, Flags(false, false, true, false, false, false, false, false, false, false));
        Assert.Equal(0m, onlyItem3Yes.Total);
        Assert.Equal("none", onlyItem3Yes.Band);
        var allYes = Scored(InstrumentCatalog.Dast10, Flags(true, true, true, true, true, true, true, true, true, true));
        Assert.Equal(9m, allYes.Total);
    }

    [Theory]
    [InlineData(0, "none")]
    [InlineData(1, "low")]
    [InlineData(2, "low")]
    [InlineData(3, "moderate")]
    [InlineData(5, "moderate")]
    [InlineData(6, "substantial")]
    [InlineData(8, "substantial")]
    [InlineData(9, "severe")]
    [InlineData(10, "severe")]
    public void Dast10_TotalAtBandBoundary_HasBand(int total, string band)
    {
        var answers = new bool?[10];
        answers[2] = total < 10;
        var points = 0;
        for (var i = 0; i < 10; i++)
        {
            if (i == 2)
            {
                continue;
            }

            answers[i] = points < total - (total == 10 ? 1 : 0) && points < 9;
            if (answers[i] == true)
            {
                points++;
            }
        }

        if (total == 10)
        {
            answers[2] = false;
        }

        var score = Scored(InstrumentCatalog.Dast10, Flags(answers));
        Assert.Equal(total, score.Total);
        Assert.Equal(band, score.Band);
    }

    [Theory]
    [InlineData(2, Sex.Female, "negative")]
    [InlineData(3, Sex.Female, "positive")]
    [InlineData(3, Sex.Male, "negative")]
    [InlineData(4, Sex.Male, "positive")]
    [InlineData(3, Sex.Other, "positive")]
    [InlineData(3, Sex.Unknown, "positive")]
    [InlineData(12, Sex.Male, "positive")]
    [InlineData(0, Sex.Female, "negative")]
    public void AuditC_SexSpecificCutOff(int total, Sex sex, string band)
    {
        var score = Scored(InstrumentCatalog.AuditC, Totalling(total, 3, 4), sex);
        Assert.Equal(total, score.Total);
        Assert.Equal(band, score.Band);
        Assert.Equal(band == "positive", score.Flags.Contains(InstrumentFlags.AuditCPositive));
    }

    [Fact]
    public void AuditC_CutOffsAreSettings()
    {
        var settings = InstrumentSettings.Default with { AuditCPositiveMale = 5 };
        var outcome = InstrumentScorer.Score(InstrumentCatalog.AuditC, Numbers(2, 1, 1), Sex.Male, settings);
        Assert.Equal("negative", outcome.Score!.Band);
    }

    [Fact]
    public void AuditC_WithoutSex_ReportsSexField()
    {
        Assert.Contains(Errors(InstrumentCatalog.AuditC, Numbers(1, 1, 1)), e => e.Field == "sex");
    }

    [Fact]
    public void Cssrs_AllNo_IsNoRisk()
    {
        var score = Scored(InstrumentCatalog.CssrsScreener, Flags(false, false, null, null, null, false, null));
        Assert.Equal("none", score.Band);
        Assert.Equal(0m, score.Total);
        Assert.Empty(score.Flags);
    }

    [Fact]
    public void Cssrs_WishToBeDeadOnly_IsLowRiskWithIdeation()
    {
        var score = Scored(InstrumentCatalog.CssrsScreener, Flags(true, false, null, null, null, false, null));
        Assert.Equal("low", score.Band);
        Assert.Equal([InstrumentFlags.SuicidalIdeation, InstrumentFlags.CssrsLowRisk], score.Flags);
    }

    [Fact]
    public void Cssrs_ThoughtsWithMethod_IsModerate()
    {
        var score = Scored(InstrumentCatalog.CssrsScreener, Flags(true, true, true, false, false, false, null));
        Assert.Equal("moderate", score.Band);
        Assert.Equal(3m, score.Total);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Cssrs_IntentOrPlan_IsHigh(int index)
    {
        var answers = new bool?[] { true, true, false, false, false, false, null };
        answers[index] = true;
        var score = Scored(InstrumentCatalog.CssrsScreener, Flags(answers));
        Assert.Equal("high", score.Band);
        Assert.Contains(InstrumentFlags.CssrsHighRisk, score.Flags);
    }

    [Fact]
    public void Cssrs_BehaviourWithinThreeMonths_IsHighWithoutIdeation()
    {
        var score = Scored(InstrumentCatalog.CssrsScreener, Flags(false, false, null, null, null, true, true));
        Assert.Equal("high", score.Band);
        Assert.DoesNotContain(InstrumentFlags.SuicidalIdeation, score.Flags);
    }

    [Fact]
    public void Cssrs_BehaviourLongAgo_IsModerate()
    {
        var score = Scored(InstrumentCatalog.CssrsScreener, Flags(false, false, null, null, null, true, false));
        Assert.Equal("moderate", score.Band);
    }

    [Fact]
    public void Cssrs_Item3YesWhenItem2No_IsRejected()
    {
        var errors = Errors(InstrumentCatalog.CssrsScreener, Flags(true, false, true, null, null, false, null));
        Assert.Equal("answers[2]", Assert.Single(errors).Field);
    }

    [Fact]
    public void Cssrs_Items3To5SkippedWhenItem2Yes_AreRejected()
    {
        var errors = Errors(InstrumentCatalog.CssrsScreener, Flags(true, true, null, null, null, false, null));
        Assert.Equal(["answers[2]", "answers[3]", "answers[4]"], errors.Select(e => e.Field).ToArray());
    }

    [Fact]
    public void Cssrs_Item6bMissingWhenBehaviourYes_IsRejected()
    {
        var errors = Errors(InstrumentCatalog.CssrsScreener, Flags(false, false, null, null, null, true, null));
        Assert.Equal("answers[6]", Assert.Single(errors).Field);
    }

    [Fact]
    public void Score_WrongCount_NamesAnswers()
    {
        var error = Assert.Single(Errors(InstrumentCatalog.Phq9, Numbers(0, 0, 0, 0, 0, 0, 0, 0)));
        Assert.Equal("answers", error.Field);
        Assert.Contains("9", error.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    [InlineData(100)]
    public void Phq9_OutOfRange_NamesTheItem(int value)
    {
        var error = Assert.Single(Errors(InstrumentCatalog.Phq9, Numbers(0, 0, 0, 0, value, 0, 0, 0, 0)));
        Assert.Equal("answers[4]", error.Field);
    }

    [Fact]
    public void Score_Fractional_IsRejected()
    {
        var answers = Numbers(0, 0, 0, 0, 0, 0, 0, 0, 0);
        answers[8] = Answer.Number(1.5m);
        Assert.Equal("answers[8]", Assert.Single(Errors(InstrumentCatalog.Phq9, answers)).Field);
    }

    [Fact]
    public void Score_WrongKind_IsRejected()
    {
        var phq9 = Numbers(0, 0, 0, 0, 0, 0, 0, 0, 0);
        phq9[1] = Answer.YesNo(true);
        Assert.Equal("answers[1]", Assert.Single(Errors(InstrumentCatalog.Phq9, phq9)).Field);

        var dast = Flags(false, false, false, false, false, false, false, false, false, false);
        dast[0] = Answer.Number(1);
        Assert.Equal("answers[0]", Assert.Single(Errors(InstrumentCatalog.Dast10, dast)).Field);
    }

    [Fact]
    public void Score_SkippedRequiredItem_IsRejected()
    {
        var answers = Numbers(0, 0, 0, 0, 0, 0, 0);
        answers[6] = Answer.Skipped;
        Assert.Equal("answers[6]", Assert.Single(Errors(InstrumentCatalog.Gad7, answers)).Field);
    }

    [Fact]
    public void Score_ManyProblems_ReportsEveryOne()
    {
        var errors = Errors(InstrumentCatalog.Phq9, Numbers(9, 0, -1, 0, 0, 0, 0, 0, 7));
        Assert.Equal(["answers[0]", "answers[2]", "answers[8]"], errors.Select(e => e.Field).ToArray());
    }

    [Fact]
    public void Catalog_HasEveryInstrumentWithLoinc_AndNoBpi()
    {
        Assert.Equal(["phq9", "gad7", "nrs-pain", "peg3", "cssrs-screener", "dast10", "auditc"], InstrumentCatalog.All.Select(i => i.Code).ToArray());
        Assert.Equal("44261-6", InstrumentCatalog.Phq9.TotalLoinc);
        Assert.Equal("44260-8", InstrumentCatalog.Phq9.Items[8].Loinc);
        Assert.Equal("70274-6", InstrumentCatalog.Gad7.TotalLoinc);
        Assert.Equal("91147-9", InstrumentCatalog.Peg3.TotalLoinc);
        Assert.Equal("75626-2", InstrumentCatalog.AuditC.TotalLoinc);
        Assert.Equal("72514-3", InstrumentCatalog.NrsPain.TotalLoinc);
        Assert.DoesNotContain(InstrumentCatalog.All, i => i.Name.Contains("BPI", StringComparison.OrdinalIgnoreCase));
        Assert.True(InstrumentCatalog.TryGet("PHQ9", out var found));
        Assert.Same(InstrumentCatalog.Phq9, found);
        Assert.False(InstrumentCatalog.TryGet("bpi", out _));
    }

    [Fact]
    public void Answer_WrongAccessor_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Answer.YesNo(true).NumberValue);
        Assert.Throws<InvalidOperationException>(() => Answer.Number(1).YesNoValue);
        Assert.True(Answer.Skipped.IsSkipped);
    }
}

using System.Globalization;
using Respite.Clinical.Patients;

namespace Respite.Clinical.Instruments;

/// <summary>
/// Scores an instrument exactly as CLINICAL-SOURCES §4 gives it. Answers are validated first; every problem is
/// reported with the field it concerns, and nothing is scored unless all answers are valid.
/// </summary>
/// <remarks>
/// AUDIT-C needs <c>sex</c>: men use <see cref="InstrumentSettings.AuditCPositiveMale"/>; women, and people whose sex is
/// recorded as other or unknown, use the lower <see cref="InstrumentSettings.AuditCPositiveFemale"/>, the more sensitive cut-off.
/// Other instruments ignore <c>sex</c>.
/// </remarks>
public static class InstrumentScorer
{
    public static ScoringOutcome Score(InstrumentDefinition instrument, IReadOnlyList<Answer> answers, Sex? sex) =>
        Score(instrument, answers, sex, InstrumentSettings.Default);

    public static ScoringOutcome Score(InstrumentDefinition instrument, IReadOnlyList<Answer> answers, Sex? sex, InstrumentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(settings);

        var errors = Validate(instrument, answers);
        if (instrument.Code == InstrumentCatalog.CssrsScreener.Code && answers.Count == instrument.Items.Count)
        {
            ValidateCssrsSkipLogic(answers, errors);
        }

        if (instrument.Code == InstrumentCatalog.AuditC.Code && sex is null)
        {
            errors.Add(new AnswerError("sex", "AUDIT-C cut-offs depend on sex: give female, male, other or unknown."));
        }

        if (errors.Count > 0)
        {
            return ScoringOutcome.Failure(errors);
        }

        var score = instrument.Code switch
        {
            "phq9" => Phq9(instrument, answers, settings),
            "gad7" or "nrs-pain" => Summed(instrument, answers),
            "peg3" => Peg3(instrument, answers),
            "cssrs-screener" => Cssrs(instrument, answers),
            "dast10" => Dast10(instrument, answers),
            "auditc" => AuditC(instrument, answers, sex!.Value, settings),
            "madrs" => Madrs(instrument, answers, settings),
            "phq2" => Phq2(instrument, answers, settings),
            _ => throw new ArgumentException($"No scoring rule for instrument '{instrument.Code}'.", nameof(instrument)),
        };
        return ScoringOutcome.Success(score);
    }

    /// <summary>The band a total falls in: the band with the highest minimum not above the total.</summary>
    public static string BandFor(InstrumentDefinition instrument, decimal total)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var band = instrument.Bands.LastOrDefault(b => b.Min <= total)
            ?? throw new ArgumentOutOfRangeException(nameof(total), total, $"{instrument.Name} has no band for this total.");
        return band.Name;
    }

    private static List<AnswerError> Validate(InstrumentDefinition instrument, IReadOnlyList<Answer> answers)
    {
        var errors = new List<AnswerError>();
        if (answers.Count != instrument.Items.Count)
        {
            errors.Add(new AnswerError("answers", string.Create(CultureInfo.InvariantCulture,
                $"{instrument.Name} expects {instrument.Items.Count} answers, got {answers.Count}.")));
            return errors;
        }

        for (var i = 0; i < answers.Count; i++)
        {
            var item = instrument.Items[i];
            var answer = answers[i];
            var field = Field(i);
            if (answer.IsSkipped)
            {
                if (!item.Optional)
                {
                    errors.Add(new AnswerError(field, $"{instrument.Name} item {item.Label} must be answered."));
                }

                continue;
            }

            if (item.Kind == AnswerKind.YesNo)
            {
                if (!answer.IsYesNo)
                {
                    errors.Add(new AnswerError(field, $"{instrument.Name} item {item.Label} expects yes or no."));
                }

                continue;
            }

            var range = string.Create(CultureInfo.InvariantCulture, $"a whole number {item.Min}–{item.Max}");
            if (!answer.IsNumber)
            {
                errors.Add(new AnswerError(field, $"{instrument.Name} item {item.Label} expects {range}, not yes/no."));
                continue;
            }

            var value = answer.NumberValue;
            if (value != decimal.Truncate(value) || value < item.Min || value > item.Max)
            {
                errors.Add(new AnswerError(field, string.Create(CultureInfo.InvariantCulture,
                    $"{instrument.Name} item {item.Label} expects {range}; got {value}.")));
            }
        }

        return errors;
    }

    private static void ValidateCssrsSkipLogic(IReadOnlyList<Answer> answers, List<AnswerError> errors)
    {
        FollowUps(answers, gate: 1, followUps: [2, 3, 4], errors);
        FollowUps(answers, gate: 5, followUps: [6], errors);
    }

    private static void FollowUps(IReadOnlyList<Answer> answers, int gate, int[] followUps, List<AnswerError> errors)
    {
        if (!answers[gate].IsYesNo)
        {
            return;
        }

        var gateLabel = InstrumentCatalog.CssrsScreener.Items[gate].Label;
        foreach (var i in followUps)
        {
            var label = InstrumentCatalog.CssrsScreener.Items[i].Label;
            if (answers[gate].YesNoValue && answers[i].IsSkipped)
            {
                errors.Add(new AnswerError(Field(i), $"C-SSRS item {label} must be asked when item {gateLabel} is yes."));
            }
            else if (!answers[gate].YesNoValue && Yes(answers[i]))
            {
                errors.Add(new AnswerError(Field(i), $"C-SSRS item {label} is asked only when item {gateLabel} is yes; item {gateLabel} is no."));
            }
        }
    }

    private static InstrumentScore Phq9(InstrumentDefinition instrument, IReadOnlyList<Answer> answers, InstrumentSettings settings)
    {
        var score = Summed(instrument, answers);
        return answers[8].NumberValue >= settings.Phq9Item9FlagAt
            ? score with { Flags = [InstrumentFlags.SuicidalIdeation] }
            : score;
    }

    private static InstrumentScore Madrs(InstrumentDefinition instrument, IReadOnlyList<Answer> answers, InstrumentSettings settings)
    {
        var score = Summed(instrument, answers);
        return answers[9].NumberValue >= settings.MadrsItem10FlagAt
            ? score with { Flags = [InstrumentFlags.SuicidalIdeation] }
            : score;
    }

    private static InstrumentScore Peg3(InstrumentDefinition instrument, IReadOnlyList<Answer> answers)
    {
        var items = answers.Select(a => (decimal?)a.NumberValue).ToList();
        var mean = Math.Round(items.Sum(v => v!.Value) / items.Count, 2, MidpointRounding.AwayFromZero);
        return new InstrumentScore(instrument.Code, mean, BandFor(instrument, mean), [], items);
    }

    private static InstrumentScore Cssrs(InstrumentDefinition instrument, IReadOnlyList<Answer> answers)
    {
        var items = answers.Select(a => a.IsSkipped ? (decimal?)null : Yes(a) ? 1m : 0m).ToList();
        var total = items.Take(6).Sum(v => v ?? 0m);
        var ideation = answers.Take(5).Any(Yes);
        var behaviour = Yes(answers[5]);
        var recentBehaviour = behaviour && Yes(answers[6]);
        var (band, flag) =
            Yes(answers[3]) || Yes(answers[4]) || recentBehaviour ? (CssrsRisk.High, InstrumentFlags.CssrsHighRisk)
            : Yes(answers[2]) || behaviour ? (CssrsRisk.Moderate, InstrumentFlags.CssrsModerateRisk)
            : Yes(answers[0]) || Yes(answers[1]) ? (CssrsRisk.Low, InstrumentFlags.CssrsLowRisk)
            : (CssrsRisk.None, null);
        var flags = new List<string>();
        if (ideation)
        {
            flags.Add(InstrumentFlags.SuicidalIdeation);
        }

        if (flag is not null)
        {
            flags.Add(flag);
        }

        return new InstrumentScore(instrument.Code, total, band, flags, items);
    }

    private static InstrumentScore Dast10(InstrumentDefinition instrument, IReadOnlyList<Answer> answers)
    {
        var items = answers.Select((a, i) => (decimal?)(a.YesNoValue == (i != 2) ? 1m : 0m)).ToList();
        var total = items.Sum(v => v!.Value);
        var band = BandFor(instrument, total);
        string? flag = band switch
        {
            "moderate" => InstrumentFlags.Dast10Moderate,
            "substantial" => InstrumentFlags.Dast10Substantial,
            "severe" => InstrumentFlags.Dast10Severe,
            _ => null,
        };
        return new InstrumentScore(instrument.Code, total, band, flag is null ? [] : [flag], items);
    }

    private static InstrumentScore AuditC(InstrumentDefinition instrument, IReadOnlyList<Answer> answers, Sex sex, InstrumentSettings settings)
    {
        var items = answers.Select(a => (decimal?)a.NumberValue).ToList();
        var total = items.Sum(v => v!.Value);
        return total >= settings.AuditCPositiveFor(sex)
            ? new InstrumentScore(instrument.Code, total, "positive", [InstrumentFlags.AuditCPositive], items)
            : new InstrumentScore(instrument.Code, total, "negative", [], items);
    }

    private static InstrumentScore Phq2(InstrumentDefinition instrument, IReadOnlyList<Answer> answers, InstrumentSettings settings)
    {
        var items = answers.Select(a => (decimal?)a.NumberValue).ToList();
        var total = items.Sum(v => v!.Value);
        return total >= settings.Phq2PositiveAt
            ? new InstrumentScore(instrument.Code, total, "positive", [InstrumentFlags.Phq2Positive], items)
            : new InstrumentScore(instrument.Code, total, "negative", [], items);
    }

    private static InstrumentScore Summed(InstrumentDefinition instrument, IReadOnlyList<Answer> answers)
    {
        var items = answers.Select(a => (decimal?)a.NumberValue).ToList();
        var total = items.Sum(v => v!.Value);
        return new InstrumentScore(instrument.Code, total, BandFor(instrument, total), [], items);
    }

    private static string Field(int index) => string.Create(CultureInfo.InvariantCulture, $"answers[{index}]");

    private static bool Yes(Answer answer) => answer.IsYesNo && answer.YesNoValue;
}

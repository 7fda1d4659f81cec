using Respite.Clinical.Instruments;
using Respite.Clinical.Patients;
using Respite.Clinical.Screening;

namespace Respite.Clinical.Tests.Screening;

internal static class Scores
{
    public static InstrumentScore Phq9(int item9 = 0, int others = 1)
    {
        var answers = Enumerable.Repeat(Answer.Number(others), 8).Append(Answer.Number(item9)).ToList();
        return Scored(InstrumentCatalog.Phq9, answers, null);
    }

    public static InstrumentScore Cssrs(params bool?[] answers) =>
        Scored(InstrumentCatalog.CssrsScreener, answers.Select(a => a is { } b ? Answer.YesNo(b) : Answer.Skipped).ToList(), null);

    public static InstrumentScore CssrsNone() => Cssrs(false, false, null, null, null, false, null);

    public static InstrumentScore CssrsLow() => Cssrs(true, false, null, null, null, false, null);

    public static InstrumentScore CssrsModerate() => Cssrs(true, true, true, false, false, false, null);

    public static InstrumentScore CssrsHigh() => Cssrs(true, true, true, true, false, false, null);

    /// <summary>A DAST-10 scoring exactly <paramref name="points"/>.</summary>
    public static InstrumentScore Dast10(int points)
    {
        var answers = Enumerable.Range(0, 10).Select(i => Answer.YesNo(i == 2)).ToArray();
        int[] order = [0, 1, 3, 4, 5, 6, 7, 8, 9, 2];
        foreach (var index in order.Take(points))
        {
            answers[index] = Answer.YesNo(index != 2);
        }

        return Scored(InstrumentCatalog.Dast10, answers, null);
    }

    public static InstrumentScore AuditC(int total, Sex sex)
    {
        var items = new[] { Math.Min(4, total), Math.Min(4, Math.Max(0, total - 4)), Math.Max(0, total - 8) };
        return Scored(InstrumentCatalog.AuditC, items.Select(i => Answer.Number(i)).ToList(), sex);
    }

    public static InstrumentScore Nrs(int value) => Scored(InstrumentCatalog.NrsPain, [Answer.Number(value)], null);

    public static InstrumentScore Peg3(int a, int b, int c) => Scored(InstrumentCatalog.Peg3, [Answer.Number(a), Answer.Number(b), Answer.Number(c)], null);

    public static InstrumentScore Gad7(int each) => Scored(InstrumentCatalog.Gad7, Enumerable.Repeat(Answer.Number(each), 7).ToList(), null);

    /// <summary>A complete, unremarkable record with depression (two adequate trials) and chronic pain: eligible for every modality.</summary>
    public static ScreeningInput Clean() => new()
    {
        HasDepression = true,
        HasChronicPain = true,
        AntidepressantTrials = [new("Sertraline", true, 150m, 10, "No response"), new("Venlafaxine XR", true, 225m, 8, "Partial response")],
        SubstanceUse = SubstanceUseStatus.None,
        LatestPhq9 = Phq9(),
        LatestCssrs = CssrsNone(),
        LatestDast10 = Dast10(0),
        LatestAuditC = AuditC(1, Sex.Female),
        LatestGad7 = Gad7(1),
        LatestPain = Nrs(6),
    };

    public static ScreeningInput With(this ScreeningInput input, params MedicalFlag[] flags) =>
        input with { Flags = new HashSet<MedicalFlag>(flags) };

    private static InstrumentScore Scored(InstrumentDefinition instrument, IReadOnlyList<Answer> answers, Sex? sex)
    {
        var outcome = InstrumentScorer.Score(instrument, answers, sex);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.Select(e => e.Field + ": " + e.Message)));
        return outcome.Score!;
    }
}

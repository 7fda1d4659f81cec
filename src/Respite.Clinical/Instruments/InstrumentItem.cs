namespace Respite.Clinical.Instruments;

/// <summary>A labelled answer choice, e.g. 2 = "More than half the days".</summary>
public sealed record AnswerOption(decimal Value, string Label);

/// <summary>
/// One item of an instrument. Score items take whole numbers from <see cref="Min"/> to <see cref="Max"/>;
/// yes/no items take true or false. An optional item may be skipped (it is asked only after another answer).
/// </summary>
public sealed record InstrumentItem(int Number, string Text, AnswerKind Kind, int Min, int Max, string? Loinc, bool Optional = false)
{
    public IReadOnlyList<AnswerOption> Options { get; init; } = [];

    /// <summary>The item's printed label, usually its number ("9"); the C-SSRS follow-up to item 6 is "6b".</summary>
    public string Label { get; init; } = Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

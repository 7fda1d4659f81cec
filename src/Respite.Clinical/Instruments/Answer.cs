namespace Respite.Clinical.Instruments;

/// <summary>One answer to one item: a number, yes/no, or skipped (the item was not asked).</summary>
public readonly record struct Answer
{
    private readonly byte _kind;
    private readonly decimal _number;
    private readonly bool _yes;

    private Answer(byte kind, decimal number, bool yes)
    {
        _kind = kind;
        _number = number;
        _yes = yes;
    }

    public static Answer Skipped => default;

    public bool IsSkipped => _kind == 0;

    public bool IsNumber => _kind == 1;

    public bool IsYesNo => _kind == 2;

    public decimal NumberValue => IsNumber ? _number : throw new InvalidOperationException("The answer is not a number.");

    public bool YesNoValue => IsYesNo ? _yes : throw new InvalidOperationException("The answer is not yes/no.");

    public static Answer Number(decimal value) => new(1, value, false);

    public static Answer YesNo(bool value) => new(2, 0m, value);

    public override string ToString() => _kind switch
    {
        1 => _number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        2 => _yes ? "yes" : "no",
        _ => "skipped",
    };
}

namespace Respite.Clinical.Instruments;

/// <summary>A scored questionnaire: the total, its band, flags that need attention, and each item's contribution.</summary>
public sealed record InstrumentScore(
    string Instrument,
    decimal Total,
    string Band,
    IReadOnlyList<string> Flags,
    IReadOnlyList<decimal?> ItemScores)
{
    public bool HasFlag(string flag) => Flags.Contains(flag);
}

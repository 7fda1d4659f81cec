namespace Respite.Clinical.Instruments;

/// <summary>
/// A named score range, inclusive at both ends. A total falls in the band with the highest <see cref="Min"/> not above it,
/// so a mean such as 3.95 on a 0–3.9 / 4–6.9 scale stays in the lower band.
/// </summary>
public sealed record InstrumentBand(decimal Min, decimal Max, string Name);

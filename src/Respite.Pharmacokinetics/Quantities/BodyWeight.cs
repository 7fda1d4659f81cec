using System.Globalization;

namespace Respite.Pharmacokinetics.Quantities;

/// <summary>
/// A patient's body weight in kilograms.
/// </summary>
/// <remarks>
/// Weights are finite and lie in the range a clinic scale can record (0.5 kg to 500 kg). A weight cannot be
/// added to or compared with any other quantity; weight-based doses are formed by multiplying a per-kilogram
/// dose by a <see cref="BodyWeight"/>.
/// </remarks>
public readonly record struct BodyWeight : IComparable<BodyWeight>
{
    /// <summary>The smallest weight accepted, in kilograms.</summary>
    public const decimal MinimumKilograms = 0.5m;

    /// <summary>The largest weight accepted, in kilograms.</summary>
    public const decimal MaximumKilograms = 500m;

    private BodyWeight(decimal kilograms) => Kilograms = kilograms;

    /// <summary>The weight in kilograms.</summary>
    public decimal Kilograms { get; }

    /// <summary>Creates a weight from kilograms, or throws when it lies outside the accepted range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 0.5–500 kg.</exception>
    public static BodyWeight FromKilograms(decimal kilograms) =>
        TryFromKilograms(kilograms, out var weight)
            ? weight
            : throw new ArgumentOutOfRangeException(nameof(kilograms), kilograms, "Body weight must lie between 0.5 and 500 kg.");

    /// <summary>Creates a weight from kilograms when it lies within the accepted range.</summary>
    public static bool TryFromKilograms(decimal kilograms, out BodyWeight weight)
    {
        if (kilograms < MinimumKilograms || kilograms > MaximumKilograms)
        {
            weight = default;
            return false;
        }

        weight = new BodyWeight(kilograms);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(BodyWeight other) => Kilograms.CompareTo(other.Kilograms);

    /// <summary>Returns the weight as text such as <c>72.5 kg</c>.</summary>
    public override string ToString() => Kilograms.ToString("0.###", CultureInfo.InvariantCulture) + " kg";
}

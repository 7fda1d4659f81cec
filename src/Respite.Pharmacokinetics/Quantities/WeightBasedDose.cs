using System.Globalization;

namespace Respite.Pharmacokinetics.Quantities;

/// <summary>A dose per kilogram of body weight. It cannot be compared with or added to a mass: multiply by a BodyWeight to get one.</summary>
/// <remarks>Values are finite and not negative. Arithmetic is defined only where the units make sense.</remarks>
public readonly record struct WeightBasedDose : IComparable<WeightBasedDose>
{
    private WeightBasedDose(decimal value) => MilligramsPerKilogram = value;

    /// <summary>The value in mg/kg.</summary>
    public decimal MilligramsPerKilogram { get; }

    /// <summary>Zero.</summary>
    public static WeightBasedDose Zero => default;

    /// <summary>Creates the quantity from a value in mg/kg.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static WeightBasedDose FromMilligramsPerKilogram(decimal value) =>
        value < 0m ? throw new ArgumentOutOfRangeException(nameof(value), value, "WeightBasedDose cannot be negative.") : new WeightBasedDose(value);

    /// <inheritdoc />
    public int CompareTo(WeightBasedDose other) => MilligramsPerKilogram.CompareTo(other.MilligramsPerKilogram);

    /// <summary>Whether this is less than another.</summary>
    public static bool operator <(WeightBasedDose left, WeightBasedDose right) => left.MilligramsPerKilogram < right.MilligramsPerKilogram;

    /// <summary>Whether this is greater than another.</summary>
    public static bool operator >(WeightBasedDose left, WeightBasedDose right) => left.MilligramsPerKilogram > right.MilligramsPerKilogram;

    /// <summary>Whether this is at most another.</summary>
    public static bool operator <=(WeightBasedDose left, WeightBasedDose right) => left.MilligramsPerKilogram <= right.MilligramsPerKilogram;

    /// <summary>Whether this is at least another.</summary>
    public static bool operator >=(WeightBasedDose left, WeightBasedDose right) => left.MilligramsPerKilogram >= right.MilligramsPerKilogram;

    /// <summary>The sum of two quantities of the same kind.</summary>
    public static WeightBasedDose operator +(WeightBasedDose left, WeightBasedDose right) => new(left.MilligramsPerKilogram + right.MilligramsPerKilogram);

    /// <summary>Rounds to the given number of decimal places, halves away from zero.</summary>
    public WeightBasedDose Round(int decimals) => new(Math.Round(MilligramsPerKilogram, decimals, MidpointRounding.AwayFromZero));

    /// <summary>The value with its unit, e.g. <c>35 mg/kg</c>.</summary>
    public override string ToString() => MilligramsPerKilogram.ToString("0.###", CultureInfo.InvariantCulture) + " mg/kg";
}

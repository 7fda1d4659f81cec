using System.Globalization;

namespace Respite.Pharmacokinetics.Quantities;

/// <summary>A mass of drug in milligrams.</summary>
/// <remarks>Values are finite and not negative. Arithmetic is defined only where the units make sense.</remarks>
public readonly record struct Mass : IComparable<Mass>
{
    private Mass(decimal value) => Milligrams = value;

    /// <summary>The value in mg.</summary>
    public decimal Milligrams { get; }

    /// <summary>Zero.</summary>
    public static Mass Zero => default;

    /// <summary>Creates the quantity from a value in mg.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static Mass FromMilligrams(decimal value) =>
        value < 0m ? throw new ArgumentOutOfRangeException(nameof(value), value, "Mass cannot be negative.") : new Mass(value);

    /// <inheritdoc />
    public int CompareTo(Mass other) => Milligrams.CompareTo(other.Milligrams);

    /// <summary>Whether this is less than another.</summary>
    public static bool operator <(Mass left, Mass right) => left.Milligrams < right.Milligrams;

    /// <summary>Whether this is greater than another.</summary>
    public static bool operator >(Mass left, Mass right) => left.Milligrams > right.Milligrams;

    /// <summary>Whether this is at most another.</summary>
    public static bool operator <=(Mass left, Mass right) => left.Milligrams <= right.Milligrams;

    /// <summary>Whether this is at least another.</summary>
    public static bool operator >=(Mass left, Mass right) => left.Milligrams >= right.Milligrams;

    /// <summary>The sum of two quantities of the same kind.</summary>
    public static Mass operator +(Mass left, Mass right) => new(left.Milligrams + right.Milligrams);

    /// <summary>Rounds to the given number of decimal places, halves away from zero.</summary>
    public Mass Round(int decimals) => new(Math.Round(Milligrams, decimals, MidpointRounding.AwayFromZero));

    /// <summary>The value with its unit, e.g. <c>35 mg</c>.</summary>
    public override string ToString() => Milligrams.ToString("0.###", CultureInfo.InvariantCulture) + " mg";
}

using System.Globalization;

namespace Respite.Pharmacokinetics.Quantities;

/// <summary>A volume of solution in millilitres.</summary>
/// <remarks>Values are finite and not negative. Arithmetic is defined only where the units make sense.</remarks>
public readonly record struct Volume : IComparable<Volume>
{
    private Volume(decimal value) => Millilitres = value;

    /// <summary>The value in mL.</summary>
    public decimal Millilitres { get; }

    /// <summary>Zero.</summary>
    public static Volume Zero => default;

    /// <summary>Creates the quantity from a value in mL.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static Volume FromMillilitres(decimal value) =>
        value < 0m ? throw new ArgumentOutOfRangeException(nameof(value), value, "Volume cannot be negative.") : new Volume(value);

    /// <inheritdoc />
    public int CompareTo(Volume other) => Millilitres.CompareTo(other.Millilitres);

    /// <summary>Whether this is less than another.</summary>
    public static bool operator <(Volume left, Volume right) => left.Millilitres < right.Millilitres;

    /// <summary>Whether this is greater than another.</summary>
    public static bool operator >(Volume left, Volume right) => left.Millilitres > right.Millilitres;

    /// <summary>Whether this is at most another.</summary>
    public static bool operator <=(Volume left, Volume right) => left.Millilitres <= right.Millilitres;

    /// <summary>Whether this is at least another.</summary>
    public static bool operator >=(Volume left, Volume right) => left.Millilitres >= right.Millilitres;

    /// <summary>The sum of two quantities of the same kind.</summary>
    public static Volume operator +(Volume left, Volume right) => new(left.Millilitres + right.Millilitres);

    /// <summary>Rounds to the given number of decimal places, halves away from zero.</summary>
    public Volume Round(int decimals) => new(Math.Round(Millilitres, decimals, MidpointRounding.AwayFromZero));

    /// <summary>The value with its unit, e.g. <c>35 mL</c>.</summary>
    public override string ToString() => Millilitres.ToString("0.###", CultureInfo.InvariantCulture) + " mL";
}

using System.Globalization;

namespace Respite.Pharmacokinetics.Quantities;

/// <summary>A drug concentration in a solution, in milligrams per millilitre.</summary>
/// <remarks>Values are finite and not negative. Arithmetic is defined only where the units make sense.</remarks>
public readonly record struct Concentration : IComparable<Concentration>
{
    private Concentration(decimal value) => MilligramsPerMillilitre = value;

    /// <summary>The value in mg/mL.</summary>
    public decimal MilligramsPerMillilitre { get; }

    /// <summary>Zero.</summary>
    public static Concentration Zero => default;

    /// <summary>Creates the quantity from a value in mg/mL.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static Concentration FromMilligramsPerMillilitre(decimal value) =>
        value < 0m ? throw new ArgumentOutOfRangeException(nameof(value), value, "Concentration cannot be negative.") : new Concentration(value);

    /// <inheritdoc />
    public int CompareTo(Concentration other) => MilligramsPerMillilitre.CompareTo(other.MilligramsPerMillilitre);

    /// <summary>Whether this is less than another.</summary>
    public static bool operator <(Concentration left, Concentration right) => left.MilligramsPerMillilitre < right.MilligramsPerMillilitre;

    /// <summary>Whether this is greater than another.</summary>
    public static bool operator >(Concentration left, Concentration right) => left.MilligramsPerMillilitre > right.MilligramsPerMillilitre;

    /// <summary>Whether this is at most another.</summary>
    public static bool operator <=(Concentration left, Concentration right) => left.MilligramsPerMillilitre <= right.MilligramsPerMillilitre;

    /// <summary>Whether this is at least another.</summary>
    public static bool operator >=(Concentration left, Concentration right) => left.MilligramsPerMillilitre >= right.MilligramsPerMillilitre;

    /// <summary>The sum of two quantities of the same kind.</summary>
    public static Concentration operator +(Concentration left, Concentration right) => new(left.MilligramsPerMillilitre + right.MilligramsPerMillilitre);

    /// <summary>Rounds to the given number of decimal places, halves away from zero.</summary>
    public Concentration Round(int decimals) => new(Math.Round(MilligramsPerMillilitre, decimals, MidpointRounding.AwayFromZero));

    /// <summary>The value with its unit, e.g. <c>35 mg/mL</c>.</summary>
    public override string ToString() => MilligramsPerMillilitre.ToString("0.###", CultureInfo.InvariantCulture) + " mg/mL";
}

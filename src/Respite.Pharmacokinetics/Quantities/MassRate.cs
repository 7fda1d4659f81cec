using System.Globalization;

namespace Respite.Pharmacokinetics.Quantities;

/// <summary>A rate of drug delivery in milligrams per hour.</summary>
/// <remarks>Values are finite and not negative. Arithmetic is defined only where the units make sense.</remarks>
public readonly record struct MassRate : IComparable<MassRate>
{
    private MassRate(decimal value) => MilligramsPerHour = value;

    /// <summary>The value in mg/h.</summary>
    public decimal MilligramsPerHour { get; }

    /// <summary>Zero.</summary>
    public static MassRate Zero => default;

    /// <summary>Creates the quantity from a value in mg/h.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static MassRate FromMilligramsPerHour(decimal value) =>
        value < 0m ? throw new ArgumentOutOfRangeException(nameof(value), value, "MassRate cannot be negative.") : new MassRate(value);

    /// <inheritdoc />
    public int CompareTo(MassRate other) => MilligramsPerHour.CompareTo(other.MilligramsPerHour);

    /// <summary>Whether this is less than another.</summary>
    public static bool operator <(MassRate left, MassRate right) => left.MilligramsPerHour < right.MilligramsPerHour;

    /// <summary>Whether this is greater than another.</summary>
    public static bool operator >(MassRate left, MassRate right) => left.MilligramsPerHour > right.MilligramsPerHour;

    /// <summary>Whether this is at most another.</summary>
    public static bool operator <=(MassRate left, MassRate right) => left.MilligramsPerHour <= right.MilligramsPerHour;

    /// <summary>Whether this is at least another.</summary>
    public static bool operator >=(MassRate left, MassRate right) => left.MilligramsPerHour >= right.MilligramsPerHour;

    /// <summary>The sum of two quantities of the same kind.</summary>
    public static MassRate operator +(MassRate left, MassRate right) => new(left.MilligramsPerHour + right.MilligramsPerHour);

    /// <summary>Rounds to the given number of decimal places, halves away from zero.</summary>
    public MassRate Round(int decimals) => new(Math.Round(MilligramsPerHour, decimals, MidpointRounding.AwayFromZero));

    /// <summary>The value with its unit, e.g. <c>35 mg/h</c>.</summary>
    public override string ToString() => MilligramsPerHour.ToString("0.###", CultureInfo.InvariantCulture) + " mg/h";
}

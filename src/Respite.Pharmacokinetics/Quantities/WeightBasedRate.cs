using System.Globalization;

namespace Respite.Pharmacokinetics.Quantities;

/// <summary>A delivery rate per kilogram of body weight. Multiply by a BodyWeight to get a MassRate.</summary>
/// <remarks>Values are finite and not negative. Arithmetic is defined only where the units make sense.</remarks>
public readonly record struct WeightBasedRate : IComparable<WeightBasedRate>
{
    private WeightBasedRate(decimal value) => MilligramsPerKilogramPerHour = value;

    /// <summary>The value in mg/kg/h.</summary>
    public decimal MilligramsPerKilogramPerHour { get; }

    /// <summary>Zero.</summary>
    public static WeightBasedRate Zero => default;

    /// <summary>Creates the quantity from a value in mg/kg/h.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static WeightBasedRate FromMilligramsPerKilogramPerHour(decimal value) =>
        value < 0m ? throw new ArgumentOutOfRangeException(nameof(value), value, "WeightBasedRate cannot be negative.") : new WeightBasedRate(value);

    /// <inheritdoc />
    public int CompareTo(WeightBasedRate other) => MilligramsPerKilogramPerHour.CompareTo(other.MilligramsPerKilogramPerHour);

    /// <summary>Whether this is less than another.</summary>
    public static bool operator <(WeightBasedRate left, WeightBasedRate right) => left.MilligramsPerKilogramPerHour < right.MilligramsPerKilogramPerHour;

    /// <summary>Whether this is greater than another.</summary>
    public static bool operator >(WeightBasedRate left, WeightBasedRate right) => left.MilligramsPerKilogramPerHour > right.MilligramsPerKilogramPerHour;

    /// <summary>Whether this is at most another.</summary>
    public static bool operator <=(WeightBasedRate left, WeightBasedRate right) => left.MilligramsPerKilogramPerHour <= right.MilligramsPerKilogramPerHour;

    /// <summary>Whether this is at least another.</summary>
    public static bool operator >=(WeightBasedRate left, WeightBasedRate right) => left.MilligramsPerKilogramPerHour >= right.MilligramsPerKilogramPerHour;

    /// <summary>The sum of two quantities of the same kind.</summary>
    public static WeightBasedRate operator +(WeightBasedRate left, WeightBasedRate right) => new(left.MilligramsPerKilogramPerHour + right.MilligramsPerKilogramPerHour);

    /// <summary>Rounds to the given number of decimal places, halves away from zero.</summary>
    public WeightBasedRate Round(int decimals) => new(Math.Round(MilligramsPerKilogramPerHour, decimals, MidpointRounding.AwayFromZero));

    /// <summary>The value with its unit, e.g. <c>35 mg/kg/h</c>.</summary>
    public override string ToString() => MilligramsPerKilogramPerHour.ToString("0.###", CultureInfo.InvariantCulture) + " mg/kg/h";
}

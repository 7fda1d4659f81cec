using System.Globalization;

namespace Respite.Pharmacokinetics.Quantities;

/// <summary>A pump rate in millilitres per hour.</summary>
/// <remarks>Values are finite and not negative. Arithmetic is defined only where the units make sense.</remarks>
public readonly record struct VolumeRate : IComparable<VolumeRate>
{
    private VolumeRate(decimal value) => MillilitresPerHour = value;

    /// <summary>The value in mL/h.</summary>
    public decimal MillilitresPerHour { get; }

    /// <summary>Zero.</summary>
    public static VolumeRate Zero => default;

    /// <summary>Creates the quantity from a value in mL/h.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static VolumeRate FromMillilitresPerHour(decimal value) =>
        value < 0m ? throw new ArgumentOutOfRangeException(nameof(value), value, "VolumeRate cannot be negative.") : new VolumeRate(value);

    /// <inheritdoc />
    public int CompareTo(VolumeRate other) => MillilitresPerHour.CompareTo(other.MillilitresPerHour);

    /// <summary>Whether this is less than another.</summary>
    public static bool operator <(VolumeRate left, VolumeRate right) => left.MillilitresPerHour < right.MillilitresPerHour;

    /// <summary>Whether this is greater than another.</summary>
    public static bool operator >(VolumeRate left, VolumeRate right) => left.MillilitresPerHour > right.MillilitresPerHour;

    /// <summary>Whether this is at most another.</summary>
    public static bool operator <=(VolumeRate left, VolumeRate right) => left.MillilitresPerHour <= right.MillilitresPerHour;

    /// <summary>Whether this is at least another.</summary>
    public static bool operator >=(VolumeRate left, VolumeRate right) => left.MillilitresPerHour >= right.MillilitresPerHour;

    /// <summary>The sum of two quantities of the same kind.</summary>
    public static VolumeRate operator +(VolumeRate left, VolumeRate right) => new(left.MillilitresPerHour + right.MillilitresPerHour);

    /// <summary>Rounds to the given number of decimal places, halves away from zero.</summary>
    public VolumeRate Round(int decimals) => new(Math.Round(MillilitresPerHour, decimals, MidpointRounding.AwayFromZero));

    /// <summary>The value with its unit, e.g. <c>35 mL/h</c>.</summary>
    public override string ToString() => MillilitresPerHour.ToString("0.###", CultureInfo.InvariantCulture) + " mL/h";
}

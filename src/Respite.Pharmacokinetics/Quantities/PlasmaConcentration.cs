using System.Globalization;

namespace Respite.Pharmacokinetics.Quantities;

/// <summary>A drug concentration in plasma, in nanograms per millilitre (equal to µg/L).</summary>
/// <remarks>
/// Not to be confused with <see cref="Concentration"/>, the strength of a solution in mg/mL. Predicted plasma
/// concentrations are population estimates; the value is finite and not negative.
/// </remarks>
public readonly record struct PlasmaConcentration : IComparable<PlasmaConcentration>
{
    private PlasmaConcentration(double value) => NanogramsPerMillilitre = value;

    /// <summary>The value in ng/mL.</summary>
    public double NanogramsPerMillilitre { get; }

    /// <summary>Zero.</summary>
    public static PlasmaConcentration Zero => default;

    /// <summary>Creates the quantity from a value in ng/mL.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or not finite.</exception>
    public static PlasmaConcentration FromNanogramsPerMillilitre(double value) =>
        !double.IsFinite(value) || value < 0d
            ? throw new ArgumentOutOfRangeException(nameof(value), value, "A plasma concentration is finite and not negative.")
            : new PlasmaConcentration(value);

    /// <summary>Creates the quantity from a model output, clamping rounding noise below zero to zero.</summary>
    internal static PlasmaConcentration FromModel(double value) => new(value > 0d ? value : 0d);

    /// <inheritdoc />
    public int CompareTo(PlasmaConcentration other) => NanogramsPerMillilitre.CompareTo(other.NanogramsPerMillilitre);

    /// <summary>Whether this is less than another.</summary>
    public static bool operator <(PlasmaConcentration left, PlasmaConcentration right) => left.NanogramsPerMillilitre < right.NanogramsPerMillilitre;

    /// <summary>Whether this is greater than another.</summary>
    public static bool operator >(PlasmaConcentration left, PlasmaConcentration right) => left.NanogramsPerMillilitre > right.NanogramsPerMillilitre;

    /// <summary>Whether this is at most another.</summary>
    public static bool operator <=(PlasmaConcentration left, PlasmaConcentration right) => left.NanogramsPerMillilitre <= right.NanogramsPerMillilitre;

    /// <summary>Whether this is at least another.</summary>
    public static bool operator >=(PlasmaConcentration left, PlasmaConcentration right) => left.NanogramsPerMillilitre >= right.NanogramsPerMillilitre;

    /// <summary>The value with its unit, e.g. <c>185.2 ng/mL</c>.</summary>
    public override string ToString() => NanogramsPerMillilitre.ToString("0.###", CultureInfo.InvariantCulture) + " ng/mL";
}

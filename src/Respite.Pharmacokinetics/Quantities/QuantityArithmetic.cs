namespace Respite.Pharmacokinetics.Quantities;

/// <summary>
/// The products and quotients between quantities that have a clinical meaning. Anything else does not compile.
/// </summary>
public static class QuantityArithmetic
{
    /// <summary>A weight-based dose for a patient: mg/kg × kg = mg.</summary>
    public static Mass For(this WeightBasedDose dose, BodyWeight weight) =>
        Mass.FromMilligrams(dose.MilligramsPerKilogram * weight.Kilograms);

    /// <summary>A weight-based rate for a patient: mg/kg/h × kg = mg/h.</summary>
    public static MassRate For(this WeightBasedRate rate, BodyWeight weight) =>
        MassRate.FromMilligramsPerHour(rate.MilligramsPerKilogramPerHour * weight.Kilograms);

    /// <summary>The weight-based dose a mass represents: mg ÷ kg = mg/kg.</summary>
    public static WeightBasedDose Per(this Mass mass, BodyWeight weight) =>
        WeightBasedDose.FromMilligramsPerKilogram(mass.Milligrams / weight.Kilograms);

    /// <summary>The weight-based rate a mass rate represents: mg/h ÷ kg = mg/kg/h.</summary>
    public static WeightBasedRate Per(this MassRate rate, BodyWeight weight) =>
        WeightBasedRate.FromMilligramsPerKilogramPerHour(rate.MilligramsPerHour / weight.Kilograms);

    /// <summary>The mass delivered at a rate over a time: mg/h × h = mg.</summary>
    public static Mass Over(this MassRate rate, TimeSpan duration) =>
        Mass.FromMilligrams(rate.MilligramsPerHour * duration.Ticks / TimeSpan.TicksPerHour);

    /// <summary>The rate that delivers a mass over a time: mg ÷ h = mg/h.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The duration is not positive.</exception>
    public static MassRate Over(this Mass mass, TimeSpan duration) =>
        duration <= TimeSpan.Zero
            ? throw new ArgumentOutOfRangeException(nameof(duration), duration, "The duration must be positive.")
            : MassRate.FromMilligramsPerHour(mass.Milligrams * TimeSpan.TicksPerHour / duration.Ticks);

    /// <summary>The volume of a solution that holds a mass: mg ÷ mg/mL = mL.</summary>
    /// <exception cref="DivideByZeroException">The concentration is zero.</exception>
    public static Volume In(this Mass mass, Concentration concentration) =>
        Volume.FromMillilitres(mass.Milligrams / concentration.MilligramsPerMillilitre);

    /// <summary>The pump rate that delivers a mass rate from a solution: mg/h ÷ mg/mL = mL/h.</summary>
    /// <exception cref="DivideByZeroException">The concentration is zero.</exception>
    public static VolumeRate In(this MassRate rate, Concentration concentration) =>
        VolumeRate.FromMillilitresPerHour(rate.MilligramsPerHour / concentration.MilligramsPerMillilitre);
}

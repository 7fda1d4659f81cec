using Respite.Pharmacokinetics.Quantities;

namespace Respite.Pharmacokinetics.Dosing;

/// <summary>One administration in a regimen, timed from the regimen's start.</summary>
public abstract record Dose
{
    /// <summary>When the administration begins, from the start of the regimen.</summary>
    public abstract TimeSpan Start { get; }

    /// <summary>The total amount the administration delivers.</summary>
    public abstract Mass Total { get; }
}

/// <summary>An intravenous infusion at a constant rate.</summary>
/// <param name="At">When it starts.</param>
/// <param name="Duration">How long it runs; positive.</param>
/// <param name="Rate">The rate.</param>
public sealed record Infusion(TimeSpan At, TimeSpan Duration, MassRate Rate) : Dose
{
    /// <inheritdoc />
    public override TimeSpan Start => At;

    /// <summary>When it stops.</summary>
    public TimeSpan End => At + Duration;

    /// <inheritdoc />
    public override Mass Total => Rate.Over(Duration);
}

/// <summary>An intravenous bolus, given at once.</summary>
/// <param name="At">When it is given.</param>
/// <param name="Amount">The amount.</param>
public sealed record Bolus(TimeSpan At, Mass Amount) : Dose
{
    /// <inheritdoc />
    public override TimeSpan Start => At;

    /// <inheritdoc />
    public override Mass Total => Amount;
}

/// <summary>
/// An intranasal dose. Doses above one device are given as several devices a few minutes apart, as the model's
/// <see cref="Models.IntranasalParameters"/> state.
/// </summary>
/// <param name="At">When the first device is used.</param>
/// <param name="Amount">The whole dose, e.g. 56 mg for two 28-mg devices.</param>
public sealed record IntranasalDose(TimeSpan At, Mass Amount) : Dose
{
    /// <inheritdoc />
    public override TimeSpan Start => At;

    /// <inheritdoc />
    public override Mass Total => Amount;
}

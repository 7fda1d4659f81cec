using Respite.Clinical.Dosing;
using Respite.Clinical.Protocols;
using Respite.Pharmacokinetics.Quantities;

namespace Respite.Clinical.Plans;

/// <summary>The prescriber's individual adjustments to a protocol's usual dose. Null keeps the protocol's value.</summary>
public sealed record DoseAdjustment(
    decimal? DoseMgPerKg = null,
    decimal? RateMgPerKgPerHour = null,
    decimal? FixedDoseMg = null,
    int? DurationMinutes = null);

/// <summary>One planned session's dose, with the figures a nurse programs and the checks it passed.</summary>
public sealed record PlannedDose(
    decimal DoseMg,
    int DurationMinutes,
    decimal? DoseMgPerKg,
    decimal? RateMgPerKgPerHour,
    decimal? RateMgPerHour,
    decimal? PumpRateMlPerHour,
    int? Devices,
    IReadOnlyList<DoseCheck> Checks)
{
    public CheckOutcome Outcome => Checks.Count == 0 ? CheckOutcome.Allow : Checks.Max(c => c.Outcome);
}

/// <summary>Computes each planned session's dose from the protocol phase, the adjustments and the current weight.</summary>
public static class SessionDosing
{
    /// <summary>The infusion concentration assumed when the plan does not name one (mg/mL).</summary>
    public const decimal DefaultConcentrationMgPerMl = 1m;

    public static PlannedDose For(
        ProtocolDefinition protocol, ProtocolPhase phase, DoseAdjustment adjustment, BodyWeight weight, Concentration concentration, bool firstSession)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(phase);
        ArgumentNullException.ThrowIfNull(adjustment);
        var rule = phase.Dose;
        var minutes = adjustment.DurationMinutes ?? rule.DurationMinutes;
        if (rule.Basis == DoseBasis.FixedDose)
        {
            var fixedMg = firstSession && phase.Kind == PhaseKind.Induction && protocol.Id == ProtocolLibrary.EsketamineTrdId
                ? rule.FixedMg!.Value
                : adjustment.FixedDoseMg ?? rule.FixedMg!.Value;
            var esketamine = EsketamineCalculator.Calculate(Mass.FromMilligrams(fixedMg), protocol);
            return new PlannedDose(fixedMg, Math.Max(minutes, esketamine.AdministrationMinutes), null, null, null, null, esketamine.Devices, esketamine.Checks);
        }

        var dose = rule.Basis == DoseBasis.WeightBasedDose
            ? WeightBasedDose.FromMilligramsPerKilogram(adjustment.DoseMgPerKg ?? rule.MgPerKg!.Value)
            : (WeightBasedDose?)null;
        var rate = rule.Basis == DoseBasis.WeightBasedRate
            ? WeightBasedRate.FromMilligramsPerKilogramPerHour(adjustment.RateMgPerKgPerHour ?? rule.MgPerKgPerHour!.Value)
            : (WeightBasedRate?)null;
        var infusion = InfusionCalculator.Calculate(new InfusionRequest(
            weight, dose, rate, TimeSpan.FromMinutes(minutes), concentration, protocol, firstSession && protocol.Limits.FirstInfusionMinMg is not null));
        return new PlannedDose(
            infusion.TotalDose.Milligrams,
            minutes,
            infusion.WeightBasedDose.MilligramsPerKilogram,
            infusion.WeightBasedRate.MilligramsPerKilogramPerHour,
            infusion.MassRate.MilligramsPerHour,
            infusion.PumpRate.MillilitresPerHour,
            null,
            infusion.Checks);
    }
}

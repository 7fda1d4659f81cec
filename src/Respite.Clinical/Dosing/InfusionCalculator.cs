using System.Globalization;
using Respite.Clinical.Protocols;
using Respite.Pharmacokinetics.Quantities;

namespace Respite.Clinical.Dosing;

/// <summary>
/// What to infuse: the patient's weight, either a weight-based dose given over the duration or a weight-based rate run
/// for the duration, the bag's concentration, and optionally the protocol whose limits apply.
/// </summary>
public sealed record InfusionRequest(
    BodyWeight Weight,
    WeightBasedDose? Dose,
    WeightBasedRate? Rate,
    TimeSpan Duration,
    Concentration Concentration,
    ProtocolDefinition? Protocol,
    bool FirstInfusion = false,
    WeightBasedDose? Bolus = null);

/// <summary>
/// The calculated infusion. Rounding (stated, and applied only to what is displayed and programmed): total dose to
/// 0.1 mg, volume to 0.1 mL, pump rate to 0.1 mL/h, mass rate to 0.1 mg/h, weight-based rate to 0.001 mg/kg/h;
/// a bolus to 0.1 mg and 0.1 mL. Checks are made on the unrounded values; the session total includes the bolus.
/// </summary>
public sealed record InfusionCalculation(
    Mass TotalDose,
    Volume TotalVolume,
    VolumeRate PumpRate,
    MassRate MassRate,
    WeightBasedRate WeightBasedRate,
    WeightBasedDose WeightBasedDose,
    IReadOnlyList<DoseCheck> Checks,
    Mass? BolusDose = null,
    Volume? BolusVolume = null,
    Mass? SessionTotal = null)
{
    public CheckOutcome Outcome => Checks.Count == 0 ? CheckOutcome.Allow : Checks.Max(c => c.Outcome);
}

public static class InfusionCalculator
{
    public static InfusionCalculation Calculate(InfusionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((request.Dose is null) == (request.Rate is null))
        {
            throw new ArgumentException("Give either a weight-based dose or a weight-based rate, not both or neither.", nameof(request));
        }

        if (request.Duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Duration, "The duration must be positive.");
        }

        if (request.Concentration.MilligramsPerMillilitre <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Concentration, "The concentration must be positive.");
        }

        var (total, massRate) = request.Dose is { } dose
            ? (dose.For(request.Weight), dose.For(request.Weight).Over(request.Duration))
            : (request.Rate!.Value.For(request.Weight).Over(request.Duration), request.Rate!.Value.For(request.Weight));
        var perKgRate = massRate.Per(request.Weight);
        var perKgDose = total.Per(request.Weight);
        var bolus = request.Bolus?.For(request.Weight);
        var sessionTotal = bolus is { } b ? total + b : total;
        var checks = Check(request, total, sessionTotal, massRate, perKgRate, perKgDose);
        return new InfusionCalculation(
            total.Round(1),
            total.In(request.Concentration).Round(1),
            massRate.In(request.Concentration).Round(1),
            massRate.Round(1),
            perKgRate.Round(3),
            perKgDose.Round(3),
            checks,
            bolus?.Round(1),
            bolus?.In(request.Concentration).Round(1),
            sessionTotal.Round(1));
    }

    private static List<DoseCheck> Check(InfusionRequest request, Mass total, Mass sessionTotal, MassRate massRate, WeightBasedRate perKgRate, WeightBasedDose perKgDose)
    {
        var checks = new List<DoseCheck>();
        if (request.Protocol is not { } protocol)
        {
            checks.Add(new(DoseRules.NoProtocol, CheckOutcome.Warn, "No protocol given: no protocol limits were applied."));
            return checks;
        }

        if (protocol.Modality == Screening.Modality.EsketamineNasalSpray)
        {
            checks.Add(new(DoseRules.ProtocolModality, CheckOutcome.Block, $"{protocol.Name} is not an infusion protocol."));
            return checks;
        }

        var limits = protocol.Limits;
        var minutes = (int)Math.Round(request.Duration.TotalMinutes);

        Bound(checks, DoseRules.WeightBasedDose, perKgDose.MilligramsPerKilogram, limits.UsualMaxMgPerKg, limits.MaxMgPerKg, "mg/kg", "dose");
        if (limits.UsualMinMgPerKgPerHour is { } usualMin && perKgRate.MilligramsPerKilogramPerHour < usualMin)
        {
            checks.Add(new(DoseRules.WeightBasedRate, CheckOutcome.Warn, Text($"Rate {perKgRate.MilligramsPerKilogramPerHour:0.###} mg/kg/h is below the usual {usualMin:0.###} mg/kg/h.")));
        }
        else
        {
            Bound(checks, DoseRules.WeightBasedRate, perKgRate.MilligramsPerKilogramPerHour, limits.UsualMaxMgPerKgPerHour, limits.MaxMgPerKgPerHour, "mg/kg/h", "rate");
        }

        if (limits.MaxMgPerHour is { } maxMgPerHour && massRate.MilligramsPerHour > maxMgPerHour)
        {
            checks.Add(new(DoseRules.AbsoluteRate, CheckOutcome.Block, Text($"Rate {massRate.MilligramsPerHour:0.#} mg/h exceeds the protocol's {maxMgPerHour:0.#} mg/h.")));
        }

        if (limits.MaxMgPerSession is { } maxSession && sessionTotal.Milligrams > maxSession)
        {
            checks.Add(new(DoseRules.SessionTotal, CheckOutcome.Block, Text($"Total {sessionTotal.Milligrams:0.#} mg exceeds the protocol's {maxSession:0.#} mg per session.")));
        }

        if (request.Bolus is { } bolus)
        {
            if (limits.MaxBolusMgPerKg is not { } maxBolus)
            {
                checks.Add(new(DoseRules.Bolus, CheckOutcome.Warn, Text($"{protocol.Name} does not provide for a bolus.")));
            }
            else if (bolus.MilligramsPerKilogram > maxBolus)
            {
                checks.Add(new(DoseRules.Bolus, CheckOutcome.Block, Text($"The bolus {bolus.MilligramsPerKilogram:0.###} mg/kg exceeds the protocol's limit of {maxBolus:0.###} mg/kg.")));
            }
        }

        if ((limits.MinDurationMinutes is { } hardMin && minutes < hardMin) || (limits.MaxDurationMinutes is { } hardMax && minutes > hardMax))
        {
            checks.Add(new(DoseRules.Duration, CheckOutcome.Block, Text($"{minutes} min is outside the protocol's limits ({limits.MinDurationMinutes?.ToString(CultureInfo.InvariantCulture) ?? "–"} to {limits.MaxDurationMinutes?.ToString(CultureInfo.InvariantCulture) ?? "–"} min).")));
        }
        else if ((limits.UsualMinDurationMinutes is { } usualMinMinutes && minutes < usualMinMinutes) || (limits.UsualMaxDurationMinutes is { } usualMaxMinutes && minutes > usualMaxMinutes))
        {
            checks.Add(new(DoseRules.Duration, CheckOutcome.Warn, Text($"{minutes} min is outside the usual {limits.UsualMinDurationMinutes?.ToString(CultureInfo.InvariantCulture) ?? "–"}–{limits.UsualMaxDurationMinutes?.ToString(CultureInfo.InvariantCulture) ?? "–"} min.")));
        }

        if (request.FirstInfusion && limits.FirstInfusionMinMg is { } firstMg && limits.FirstInfusionMinMinutes is { } firstMinutes
            && (total.Milligrams < firstMg || minutes <= firstMinutes))
        {
            checks.Add(new(DoseRules.FirstPainInfusion, CheckOutcome.Warn, Text(
                $"A first outpatient infusion should give at least {firstMg:0} mg over more than {firstMinutes} min, then reassess; this one gives {total.Milligrams:0.#} mg over {minutes} min.")));
        }

        return checks;
    }

    private static void Bound(List<DoseCheck> checks, string ruleId, decimal value, decimal? usualMax, decimal? hardMax, string unit, string what)
    {
        if (hardMax is { } max && value > max)
        {
            checks.Add(new(ruleId, CheckOutcome.Block, Text($"The {what} {value:0.###} {unit} exceeds the protocol's limit of {max:0.###} {unit}.")));
        }
        else if (usualMax is { } usual && value > usual)
        {
            checks.Add(new(ruleId, CheckOutcome.Warn, Text($"The {what} {value:0.###} {unit} is above the usual {usual:0.###} {unit}.")));
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

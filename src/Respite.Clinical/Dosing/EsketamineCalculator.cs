using System.Globalization;
using Respite.Clinical.Protocols;
using Respite.Pharmacokinetics.Quantities;

namespace Respite.Clinical.Dosing;

/// <summary>Device arithmetic for esketamine nasal spray (CLINICAL-SOURCES §3.1 [V]).</summary>
public sealed record EsketamineCalculation(
    Mass Dose,
    int Devices,
    int Sprays,
    int AdministrationMinutes,
    int MinimumObservationMinutes,
    IReadOnlyList<DoseCheck> Checks)
{
    public CheckOutcome Outcome => Checks.Count == 0 ? CheckOutcome.Allow : Checks.Max(c => c.Outcome);
}

public static class EsketamineCalculator
{
    /// <summary>Each device holds 28 mg in two sprays (one per nostril).</summary>
    public const decimal MgPerDevice = 28m;

    /// <summary>Wait 5 minutes after each device.</summary>
    public const int MinutesBetweenDevices = 5;

    /// <summary>REMS: observe at least 2 hours after dosing (§2 of DESIGN; CLINICAL-SOURCES §3.3 [V]).</summary>
    public const int MinimumObservationMinutes = 120;

    public static EsketamineCalculation Calculate(Mass dose, ProtocolDefinition? protocol = null)
    {
        var checks = new List<DoseCheck>();
        var devicesExact = dose.Milligrams / MgPerDevice;
        var devices = (int)decimal.Ceiling(devicesExact);
        if (dose.Milligrams <= 0m || devicesExact != decimal.Truncate(devicesExact))
        {
            checks.Add(new(DoseRules.EsketamineDevices, CheckOutcome.Block, string.Create(CultureInfo.InvariantCulture,
                $"{dose.Milligrams:0.#} mg cannot be given with 28 mg devices: use a multiple of 28 mg.")));
        }

        var labelDoses = protocol?.Limits.LabelDosesMg is { Count: > 0 } fromProtocol ? fromProtocol : ProtocolLibrary.EsketamineTrd.Limits.LabelDosesMg;
        if (!labelDoses.Contains(dose.Milligrams))
        {
            checks.Add(new(DoseRules.EsketamineLabelDose, CheckOutcome.Warn, string.Create(CultureInfo.InvariantCulture,
                $"{dose.Milligrams:0.#} mg is not a label dose ({string.Join(" or ", labelDoses.Select(d => d.ToString("0", CultureInfo.InvariantCulture)))} mg).")));
        }

        if (protocol is { } p && p.Modality != Screening.Modality.EsketamineNasalSpray)
        {
            checks.Add(new(DoseRules.ProtocolModality, CheckOutcome.Block, $"{p.Name} is not an esketamine protocol."));
        }

        var minutes = devices <= 0 ? 0 : devices * MinutesBetweenDevices;
        return new EsketamineCalculation(dose, Math.Max(devices, 0), Math.Max(devices, 0) * 2, minutes, MinimumObservationMinutes, checks);
    }
}

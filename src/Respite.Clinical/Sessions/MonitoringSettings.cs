namespace Respite.Clinical.Sessions;

/// <summary>
/// The clinic's monitoring thresholds. Only the esketamine label's values are verified (140/90 before dosing, 2 h
/// observation, MOAA/S grading); the others are the configurable proposals of CLINICAL-SOURCES §1.4 [U].
/// </summary>
public sealed record MonitoringSettings
{
    public static MonitoringSettings Default { get; } = new();

    public int PreDoseWarnSystolic { get; init; } = 140;

    public int PreDoseWarnDiastolic { get; init; } = 90;

    public int PreDoseHoldSystolic { get; init; } = 160;

    public int PreDoseHoldDiastolic { get; init; } = 100;

    public int PauseSystolic { get; init; } = 180;

    public int PauseDiastolic { get; init; } = 110;

    public int SevereSystolic { get; init; } = 200;

    public int SevereDiastolic { get; init; } = 120;

    /// <summary>Two readings at least this far apart confirm a sustained value.</summary>
    public int SustainedMinutes { get; init; } = 5;

    public int MaxHeartRate { get; init; } = 120;

    public int MinSpO2 { get; init; } = 92;

    public int MinRespiratoryRate { get; init; } = 10;

    /// <summary>MOAA/S at or below this raises SAF-SED-001.</summary>
    public int SedationAlertMoaas { get; init; } = 3;

    public int EsketamineFoodFastMinutes { get; init; } = 120;

    public int EsketamineLiquidFastMinutes { get; init; } = 30;

    public int EsketamineDeviceSpacingMinutes { get; init; } = 5;

    /// <summary>The label's minimum, never lower.</summary>
    public int EsketamineObservationMinutes { get; init; } = 120;

    /// <summary>Minimum observation after an IV infusion ends [U: 60–120 min is typical].</summary>
    public int InfusionObservationMinutes { get; init; } = 60;

    /// <summary>Vitals interval during an infusion (Emory/Yale practice) [V].</summary>
    public int VitalsIntervalDuringMinutes { get; init; } = 10;

    /// <summary>Vitals interval after the infusion (Emory practice) [V].</summary>
    public int VitalsIntervalAfterMinutes { get; init; } = 15;

    /// <summary>Esketamine: BP about 40 min after dosing, when the rise peaks (label) [V].</summary>
    public int EsketamineBpCheckMinutes { get; init; } = 40;

    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var problems = new List<(string, string)>();
        void Range(string name, int value, int min, int max)
        {
            if (value < min || value > max)
            {
                problems.Add((char.ToLowerInvariant(name[0]) + name[1..], $"Must be between {min} and {max}."));
            }
        }

        Range(nameof(PreDoseWarnSystolic), PreDoseWarnSystolic, 100, 220);
        Range(nameof(PreDoseWarnDiastolic), PreDoseWarnDiastolic, 60, 140);
        Range(nameof(PreDoseHoldSystolic), PreDoseHoldSystolic, PreDoseWarnSystolic, 240);
        Range(nameof(PreDoseHoldDiastolic), PreDoseHoldDiastolic, PreDoseWarnDiastolic, 160);
        Range(nameof(PauseSystolic), PauseSystolic, 120, 260);
        Range(nameof(PauseDiastolic), PauseDiastolic, 70, 180);
        Range(nameof(SevereSystolic), SevereSystolic, PauseSystolic, 280);
        Range(nameof(SevereDiastolic), SevereDiastolic, PauseDiastolic, 200);
        Range(nameof(SustainedMinutes), SustainedMinutes, 1, 30);
        Range(nameof(MaxHeartRate), MaxHeartRate, 80, 200);
        Range(nameof(MinSpO2), MinSpO2, 80, 98);
        Range(nameof(MinRespiratoryRate), MinRespiratoryRate, 4, 16);
        Range(nameof(SedationAlertMoaas), SedationAlertMoaas, 0, 4);
        Range(nameof(EsketamineFoodFastMinutes), EsketamineFoodFastMinutes, 120, 720);
        Range(nameof(EsketamineLiquidFastMinutes), EsketamineLiquidFastMinutes, 30, 240);
        Range(nameof(EsketamineDeviceSpacingMinutes), EsketamineDeviceSpacingMinutes, 5, 30);
        Range(nameof(EsketamineObservationMinutes), EsketamineObservationMinutes, 120, 480);
        Range(nameof(InfusionObservationMinutes), InfusionObservationMinutes, 0, 480);
        Range(nameof(VitalsIntervalDuringMinutes), VitalsIntervalDuringMinutes, 1, 60);
        Range(nameof(VitalsIntervalAfterMinutes), VitalsIntervalAfterMinutes, 1, 120);
        Range(nameof(EsketamineBpCheckMinutes), EsketamineBpCheckMinutes, 20, 90);
        return problems;
    }
}

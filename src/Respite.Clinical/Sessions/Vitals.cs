using Respite.Clinical.Dosing;

namespace Respite.Clinical.Sessions;

/// <summary>One set of vital signs; each value optional, at least one present.</summary>
public sealed record VitalSigns(
    DateTimeOffset TakenAt,
    int? Systolic = null,
    int? Diastolic = null,
    int? HeartRate = null,
    int? SpO2 = null,
    int? RespiratoryRate = null,
    int? Moaas = null)
{
    /// <summary>Physiologically possible ranges; a value outside is a typing error, refused at the edge.</summary>
    public static IReadOnlyList<(string Field, string Message)> Validate(VitalSigns v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var problems = new List<(string, string)>();
        void Range(string field, int? value, int min, int max)
        {
            if (value is { } x && (x < min || x > max))
            {
                problems.Add((field, $"{x} is not a possible value ({min}–{max})."));
            }
        }

        Range("systolic", v.Systolic, 40, 300);
        Range("diastolic", v.Diastolic, 20, 200);
        Range("heartRate", v.HeartRate, 20, 250);
        Range("spo2", v.SpO2, 50, 100);
        Range("respiratoryRate", v.RespiratoryRate, 2, 60);
        Range("moaas", v.Moaas, 0, 5);
        if (v.Systolic is null != v.Diastolic is null)
        {
            problems.Add((v.Systolic is null ? "systolic" : "diastolic", "Blood pressure needs both systolic and diastolic."));
        }
        else if (v.Systolic is { } s && v.Diastolic is { } d && d >= s)
        {
            problems.Add(("diastolic", "The diastolic pressure must be lower than the systolic."));
        }

        if (v.Systolic is null && v.HeartRate is null && v.SpO2 is null && v.RespiratoryRate is null && v.Moaas is null)
        {
            problems.Add(("systolic", "Give at least one value."));
        }

        return problems;
    }
}

/// <summary>A rule that fired on a reading: its id, how serious, and what to do.</summary>
public sealed record MonitoringAlert(string RuleId, CheckOutcome Severity, string Message);

/// <summary>
/// Checks a new reading against the clinic's thresholds, with the earlier readings of the session for the rules that
/// need a value to be sustained (two readings at least <see cref="MonitoringSettings.SustainedMinutes"/> apart).
/// </summary>
public static class VitalsEvaluator
{
    public static IReadOnlyList<MonitoringAlert> Evaluate(VitalSigns reading, IReadOnlyList<VitalSigns> earlier, MonitoringSettings settings)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(settings);
        var alerts = new List<MonitoringAlert>();
        if (reading.Systolic is { } sys && reading.Diastolic is { } dia)
        {
            if (Severe(sys, dia, settings))
            {
                alerts.Add(new(SessionRules.SevereHypertension, CheckOutcome.Block,
                    $"BP {sys}/{dia} is above {settings.SevereSystolic}/{settings.SevereDiastolic}: stop dosing and call the prescriber now."));
            }
            else if (Above(reading, settings) && earlier.Any(e => Above(e, settings) && reading.TakenAt - e.TakenAt >= TimeSpan.FromMinutes(settings.SustainedMinutes)))
            {
                alerts.Add(new(SessionRules.SustainedHypertension, CheckOutcome.Block,
                    $"BP above {settings.PauseSystolic}/{settings.PauseDiastolic} on two readings {settings.SustainedMinutes} min or more apart: pause and call the prescriber."));
            }
        }

        if (Fast(reading, settings)
            && earlier.Any(e => Fast(e, settings) && reading.TakenAt - e.TakenAt >= TimeSpan.FromMinutes(settings.SustainedMinutes)))
        {
            alerts.Add(new(SessionRules.Tachycardia, CheckOutcome.Warn, $"Heart rate above {settings.MaxHeartRate}/min for {settings.SustainedMinutes} min or more."));
        }

        if (reading.SpO2 is { } spo2 && spo2 < settings.MinSpO2)
        {
            alerts.Add(new(SessionRules.Desaturation, CheckOutcome.Block, $"SpO2 {spo2} % is below {settings.MinSpO2} %: stimulate, give oxygen, check the airway."));
        }

        if (reading.RespiratoryRate is { } rr && rr < settings.MinRespiratoryRate)
        {
            alerts.Add(new(SessionRules.Bradypnoea, CheckOutcome.Block, $"Respiratory rate {rr}/min is below {settings.MinRespiratoryRate}/min: assess for respiratory depression."));
        }

        if (reading.Moaas is 0)
        {
            alerts.Add(new(SessionRules.LossOfConsciousness, CheckOutcome.Block, "MOAA/S 0: no response — loss of consciousness."));
        }
        else if (reading.Moaas is { } moaas && moaas <= settings.SedationAlertMoaas)
        {
            alerts.Add(new(SessionRules.Sedation, CheckOutcome.Warn, $"MOAA/S {moaas}: moderate sedation or worse; watch breathing and SpO2 closely."));
        }

        return alerts;
    }

    /// <summary>
    /// Whether <see cref="Evaluate"/> could use earlier readings for this one. Only a raised blood pressure (below the
    /// severe threshold, which alerts at once) or a fast heart rate can be sustained; for any other reading the result
    /// is the same with no earlier readings, so they need not be read.
    /// </summary>
    public static bool NeedsEarlierReadings(VitalSigns reading, MonitoringSettings settings)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(settings);
        var raisedBp = reading.Systolic is { } sys && reading.Diastolic is { } dia && !Severe(sys, dia, settings) && Above(reading, settings);
        return raisedBp || Fast(reading, settings);
    }

    /// <summary>The checks on the BP taken before dosing: warn above 140/90 (label), hold above the clinic's hold threshold.</summary>
    public static IReadOnlyList<MonitoringAlert> PreDose(VitalSigns baseline, MonitoringSettings settings)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(settings);
        var alerts = new List<MonitoringAlert>();
        if (baseline.Systolic is not { } sys || baseline.Diastolic is not { } dia)
        {
            return alerts;
        }

        if (sys > settings.PreDoseHoldSystolic || dia > settings.PreDoseHoldDiastolic)
        {
            alerts.Add(new(SessionRules.PreDoseBpHold, CheckOutcome.Block,
                $"BP {sys}/{dia} is above the clinic's hold threshold {settings.PreDoseHoldSystolic}/{settings.PreDoseHoldDiastolic}: do not dose without the prescriber."));
        }
        else if (sys > settings.PreDoseWarnSystolic || dia > settings.PreDoseWarnDiastolic)
        {
            alerts.Add(new(SessionRules.PreDoseBpElevated, CheckOutcome.Warn,
                $"BP {sys}/{dia} is above {settings.PreDoseWarnSystolic}/{settings.PreDoseWarnDiastolic}: weigh the short-term rise against the benefit; consider rechecking or delaying."));
        }

        alerts.AddRange(Evaluate(baseline, [], settings).Where(a => a.RuleId is not (SessionRules.SevereHypertension)));
        return alerts;
    }

    private static bool Above(VitalSigns v, MonitoringSettings s) =>
        v.Systolic > s.PauseSystolic || v.Diastolic > s.PauseDiastolic;

    private static bool Severe(int systolic, int diastolic, MonitoringSettings s) =>
        systolic > s.SevereSystolic || diastolic > s.SevereDiastolic;

    private static bool Fast(VitalSigns v, MonitoringSettings s) => v.HeartRate > s.MaxHeartRate;
}

using Respite.Clinical.Dosing;

namespace Respite.Clinical.Sessions;

/// <summary>What discharge is decided on.</summary>
public sealed record DischargeInput(
    bool Esketamine,
    DateTimeOffset AssessedAt,
    DateTimeOffset? LastDoseAt,
    VitalSigns? LastVitals,
    int? LastMoaas,
    int? CadssPreDose,
    int? CadssNow,
    bool DissociationClinicallyResolved,
    bool Ambulating,
    bool EscortPresent);

/// <summary>
/// Discharge criteria. Esketamine: at least 2 h after the last device (label/REMS; cannot be overridden); every
/// session: vitals back within the pre-dose warning limits, sedation resolved (MOAA/S 5), dissociation back to its
/// pre-dose level, walking steadily, and an escort.
/// </summary>
public static class DischargeEvaluator
{
    public static IReadOnlyList<MonitoringAlert> Evaluate(DischargeInput input, MonitoringSettings settings)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        var alerts = new List<MonitoringAlert>();
        var minimum = ObservationMinutes(input.Esketamine, settings);
        if (input.LastDoseAt is { } dosed)
        {
            var observed = input.AssessedAt - dosed;
            if (observed < TimeSpan.FromMinutes(minimum))
            {
                var left = (int)Math.Ceiling(minimum - observed.TotalMinutes);
                alerts.Add(new(SessionRules.ObservationTime, CheckOutcome.Block,
                    $"Observed {(int)observed.TotalMinutes} of {minimum} min since the last dose: {left} min to go."));
            }
        }

        if (input.LastVitals is not { Systolic: { } sys, Diastolic: { } dia })
        {
            alerts.Add(new(SessionRules.DischargeVitals, CheckOutcome.Block, "Take a BP before discharge."));
        }
        else if (sys > settings.PreDoseWarnSystolic || dia > settings.PreDoseWarnDiastolic
                 || input.LastVitals.SpO2 < settings.MinSpO2 || input.LastVitals.RespiratoryRate < settings.MinRespiratoryRate
                 || input.LastVitals.HeartRate > settings.MaxHeartRate)
        {
            alerts.Add(new(SessionRules.DischargeVitals, CheckOutcome.Block, $"The last vitals (BP {sys}/{dia}) are not back within the clinic's limits."));
        }

        if (input.LastMoaas is not 5)
        {
            alerts.Add(new(SessionRules.DischargeSedation, CheckOutcome.Block,
                input.LastMoaas is { } m ? $"MOAA/S {m}: sedation has not resolved (5 = responds readily)." : "Rate sedation (MOAA/S) before discharge."));
        }

        var dissociationResolved = input.CadssNow is { } now
            ? now <= (input.CadssPreDose ?? 0)
            : input.DissociationClinicallyResolved;
        if (!dissociationResolved)
        {
            alerts.Add(new(SessionRules.DischargeDissociation, CheckOutcome.Block, "Dissociation has not returned to its pre-dose level."));
        }

        if (!input.Ambulating)
        {
            alerts.Add(new(SessionRules.DischargeAmbulation, CheckOutcome.Block, "The patient is not walking steadily yet."));
        }

        if (!input.EscortPresent)
        {
            alerts.Add(new(SessionRules.DischargeEscort, CheckOutcome.Block, "No escort is present to take the patient home."));
        }

        return alerts;
    }

    /// <summary>The observation required after the last dose: esketamine never less than 2 h (label/REMS), whatever the setting.</summary>
    public static int ObservationMinutes(bool esketamine, MonitoringSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return esketamine ? Math.Max(120, settings.EsketamineObservationMinutes) : settings.InfusionObservationMinutes;
    }

    /// <summary>The earliest time the observation rule (SAF-DIS-001) allows discharge; null before any dose.</summary>
    public static DateTimeOffset? EarliestDischargeAt(bool esketamine, DateTimeOffset? lastDoseAt, MonitoringSettings settings) =>
        lastDoseAt?.AddMinutes(ObservationMinutes(esketamine, settings));

    /// <summary>When the patient could have left if the 2-hour rule did not apply (a REMS form question): the first time all other criteria held.</summary>
    public static DateTimeOffset? ClinicallyReadyAt(IEnumerable<(DateTimeOffset At, IReadOnlyList<MonitoringAlert> Alerts)> assessments)
    {
        ArgumentNullException.ThrowIfNull(assessments);
        foreach (var (at, alerts) in assessments.OrderBy(a => a.At))
        {
            if (alerts.All(a => a.RuleId == SessionRules.ObservationTime))
            {
                return at;
            }
        }

        return null;
    }
}

/// <summary>Esketamine devices: 28 mg each, at least 5 minutes apart (label).</summary>
public static class DeviceSpacing
{
    public static MonitoringAlert? Check(IReadOnlyList<DateTimeOffset> earlierDevices, DateTimeOffset next, MonitoringSettings settings)
    {
        ArgumentNullException.ThrowIfNull(earlierDevices);
        ArgumentNullException.ThrowIfNull(settings);
        if (earlierDevices.Count == 0)
        {
            return null;
        }

        var gap = next - earlierDevices.Max();
        return gap < TimeSpan.FromMinutes(settings.EsketamineDeviceSpacingMinutes)
            ? new MonitoringAlert(SessionRules.DeviceSpacing, CheckOutcome.Warn,
                $"Only {Math.Max(0, (int)gap.TotalMinutes)} min {Math.Max(0, gap.Seconds)} s since the last device; the label asks for {settings.EsketamineDeviceSpacingMinutes} min between devices.")
            : null;
    }
}

namespace Respite.Clinical.Sessions;

/// <summary>A blood pressure on the form, with when it was taken relative to the first device.</summary>
public sealed record RemsBp(DateTimeOffset TakenAt, int MinutesAfterDose, int Systolic, int Diastolic);

/// <summary>
/// The SPRAVATO REMS Patient Monitoring Form as answered from the chart (DESIGN §2). <see cref="Missing"/> lists the
/// answers the chart cannot give yet; the form is complete when it is empty.
/// </summary>
public sealed record RemsMonitoringForm(
    string PatientName,
    DateOnly? PatientDateOfBirth,
    DateOnly SessionDate,
    string Setting,
    string? MonitoringClinician,
    IReadOnlyList<string> ConcomitantMedicines,
    int DoseMg,
    IReadOnlyList<string> LotNumbers,
    int? TotalMinutesMonitored,
    DateTimeOffset? CouldHaveLeftAt,
    bool? VitalsAcceptableBeforeDosing,
    bool? VitalsAcceptableBeforeDischarge,
    IReadOnlyList<RemsBp> BloodPressures,
    bool Sedation,
    bool Dissociation,
    bool RespiratoryDepression,
    IReadOnlyList<string> AdverseEvents,
    IReadOnlyList<string> Missing)
{
    public bool Complete => Missing.Count == 0;

    /// <summary>The label's doses are 56 and 84 mg; anything else is "other" on the form.</summary>
    public string DoseCategory => DoseMg is 56 or 84 ? $"{DoseMg} mg" : $"other ({DoseMg} mg)";

    /// <summary>The form is due 7 days after the session.</summary>
    public DateOnly DueOn => SessionDate.AddDays(7);
}

/// <summary>What the chart knows, for the form.</summary>
public sealed record RemsFacts(
    string PatientName,
    DateOnly? PatientDateOfBirth,
    string Setting,
    string? MonitoringClinician,
    IReadOnlyList<string> ConcomitantMedicines,
    IReadOnlyList<(DateTimeOffset At, string Lot)> Devices,
    VitalSigns? PreDose,
    IReadOnlyList<VitalSigns> Vitals,
    DateTimeOffset? DischargedAt,
    DateTimeOffset? ClinicallyReadyAt,
    bool PreDoseOverridden,
    IReadOnlyList<(string Effect, string Severity)> SideEffects,
    IReadOnlyList<string> AlertRules,
    DateOnly SessionDate);

public static class RemsFormBuilder
{
    /// <summary>The label asks for a BP about 40 minutes after dosing; a reading 30–60 min after the first device counts.</summary>
    public const int BpCheckFromMinutes = 30;
    public const int BpCheckToMinutes = 60;

    public static RemsMonitoringForm Build(RemsFacts facts, MonitoringSettings settings)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(settings);
        var missing = new List<string>();
        var firstDevice = facts.Devices.Count == 0 ? (DateTimeOffset?)null : facts.Devices.Min(d => d.At);
        if (firstDevice is null)
        {
            missing.Add("No esketamine device is charted.");
        }

        var bps = facts.Vitals.Where(v => v.Systolic is not null && v.Diastolic is not null).OrderBy(v => v.TakenAt)
            .Select(v => new RemsBp(v.TakenAt, firstDevice is { } f ? (int)Math.Round((v.TakenAt - f).TotalMinutes) : 0, v.Systolic!.Value, v.Diastolic!.Value))
            .ToList();
        if (facts.PreDose?.Systolic is null)
        {
            missing.Add("Blood pressure before dosing.");
        }

        if (firstDevice is not null && !bps.Any(b => b.MinutesAfterDose is >= BpCheckFromMinutes and <= BpCheckToMinutes))
        {
            missing.Add($"Blood pressure about {settings.EsketamineBpCheckMinutes} min after dosing (none charted {BpCheckFromMinutes}–{BpCheckToMinutes} min after the first device).");
        }

        if (facts.DischargedAt is null)
        {
            missing.Add("The patient has not been discharged.");
        }

        if (facts.MonitoringClinician is null)
        {
            missing.Add("The monitoring clinician (who discharged the patient).");
        }

        if (facts.Devices.Any(d => string.IsNullOrWhiteSpace(d.Lot)))
        {
            missing.Add("A device's lot number.");
        }

        var beforeDischarge = facts.DischargedAt is { } left
            ? facts.Vitals.Where(v => v.TakenAt <= left && v.Systolic is not null).OrderBy(v => v.TakenAt).LastOrDefault()
            : null;
        return new RemsMonitoringForm(
            facts.PatientName,
            facts.PatientDateOfBirth,
            facts.SessionDate,
            facts.Setting,
            facts.MonitoringClinician,
            facts.ConcomitantMedicines,
            facts.Devices.Count * 28,
            [.. facts.Devices.Select(d => d.Lot).Where(l => !string.IsNullOrWhiteSpace(l)).Distinct()],
            firstDevice is { } start && facts.DischargedAt is { } end ? (int)Math.Round((end - start).TotalMinutes) : null,
            facts.ClinicallyReadyAt,
            facts.PreDose is { Systolic: { } s, Diastolic: { } d } ? (s <= settings.PreDoseWarnSystolic && d <= settings.PreDoseWarnDiastolic) || facts.PreDoseOverridden : null,
            beforeDischarge is { Systolic: { } ds, Diastolic: { } dd } ? ds <= settings.PreDoseWarnSystolic && dd <= settings.PreDoseWarnDiastolic : null,
            bps,
            facts.Vitals.Any(v => v.Moaas is < 5) || facts.SideEffects.Any(e => e.Effect == "sedation" && e.Severity != "none"),
            facts.SideEffects.Any(e => e.Effect == "dissociation" && e.Severity != "none"),
            facts.AlertRules.Any(r => r is SessionRules.Desaturation or SessionRules.Bradypnoea) || facts.SideEffects.Any(e => e.Effect == "respiratory-depression" && e.Severity != "none"),
            [.. facts.SideEffects.Where(e => e.Severity != "none").Select(e => $"{e.Effect} ({e.Severity})").Distinct()],
            missing);
    }
}

namespace Respite.Clinical.Sessions;

/// <summary>Stable ids of the rules that watch a session at the chair (docs/clinical/rules.md).</summary>
public static class SessionRules
{
    /// <summary>Pre-dose BP above 140/90: weigh the short-term rise against the benefit (esketamine label) [S].</summary>
    public const string PreDoseBpElevated = "SAF-BP-001";

    /// <summary>Pre-dose BP above the clinic's hold threshold (default 160/100 [U]): no dosing without a prescriber's override.</summary>
    public const string PreDoseBpHold = "SAF-BP-002";

    /// <summary>During the session, BP above 180/110 [U] on two readings at least 5 min apart: pause and call the prescriber.</summary>
    public const string SustainedHypertension = "SAF-BP-003";

    /// <summary>A single reading above 200/120 [U]: act at once.</summary>
    public const string SevereHypertension = "SAF-BP-004";

    /// <summary>Heart rate above 120/min [U] on readings spanning at least 5 min.</summary>
    public const string Tachycardia = "SAF-HR-001";

    /// <summary>SpO2 below 92 % [U].</summary>
    public const string Desaturation = "SAF-SPO2-001";

    /// <summary>Respiratory rate below 10/min [U] (respiratory depression is a boxed warning of esketamine).</summary>
    public const string Bradypnoea = "SAF-RR-001";

    /// <summary>MOAA/S 3 or less: moderate sedation or worse (Spravato grading) [V].</summary>
    public const string Sedation = "SAF-SED-001";

    /// <summary>MOAA/S 0: loss of consciousness [V].</summary>
    public const string LossOfConsciousness = "SAF-SED-002";

    /// <summary>Esketamine: no food in the 2 h and no liquid in the 30 min before dosing (label) [V].</summary>
    public const string Fasting = "SAF-PRE-001";

    /// <summary>No ride home arranged: no driving until the next day after restful sleep (label) [V].</summary>
    public const string NoRideHome = "SAF-PRE-002";

    /// <summary>Esketamine: the patient must be enrolled in the REMS before the first dose [V].</summary>
    public const string RemsEnrollment = "SAF-PRE-003";

    /// <summary>New benzodiazepine, psychostimulant, MAOI or opioid since the last session: review before dosing [V].</summary>
    public const string InteractingMedication = "SAF-PRE-004";

    /// <summary>Pregnant or possibly pregnant: esketamine may cause fetal harm and is not recommended [V].</summary>
    public const string Pregnancy = "SAF-PRE-005";

    /// <summary>The dose given so far is beyond the session's planned dose: check the pump and the plan.</summary>
    public const string BeyondPlannedDose = "SAF-SES-001";

    /// <summary>The dose given so far is beyond the protocol's hard limit per session.</summary>
    public const string BeyondSessionLimit = "SAF-SES-002";

    /// <summary>Esketamine devices less than 5 minutes apart (label) [V].</summary>
    public const string DeviceSpacing = "SAF-ESK-001";

    /// <summary>Esketamine: discharge before 2 h of observation after the last device (label, REMS) [V]. No override.</summary>
    public const string ObservationTime = "SAF-DIS-001";

    /// <summary>Discharge: the last vitals are not back within the clinic's limits.</summary>
    public const string DischargeVitals = "SAF-DIS-002";

    /// <summary>Discharge: sedation not resolved (MOAA/S 5) [V].</summary>
    public const string DischargeSedation = "SAF-DIS-003";

    /// <summary>Discharge: dissociation not resolved (CADSS back to its pre-dose value, or clinical rating none) [V].</summary>
    public const string DischargeDissociation = "SAF-DIS-004";

    /// <summary>Discharge: the patient is not walking steadily.</summary>
    public const string DischargeAmbulation = "SAF-DIS-005";

    /// <summary>Discharge: no escort present to take the patient home.</summary>
    public const string DischargeEscort = "SAF-DIS-006";
}

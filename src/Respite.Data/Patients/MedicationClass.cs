namespace Respite.Data.Patients;

/// <summary>Medication classes that matter to ketamine and esketamine treatment (REMS monitoring form, interactions).</summary>
public enum MedicationClass
{
    Other,
    Antidepressant,
    Benzodiazepine,
    SedativeHypnotic,
    Psychostimulant,
    Maoi,
    Opioid,
    Antihypertensive,
}

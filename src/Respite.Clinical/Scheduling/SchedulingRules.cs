namespace Respite.Clinical.Scheduling;

/// <summary>Stable ids of the scheduling rules (docs/clinical/rules.md).</summary>
public static class SchedulingRules
{
    /// <summary>An esketamine session must hold its chair for at least 2 h of observation after dosing (label, REMS).</summary>
    public const string EsketamineObservation = "SAF-SCHED-001";

    /// <summary>A nurse already has the clinic's maximum number of patients in chairs at that time.</summary>
    public const string NurseCapacity = "SAF-SCHED-002";

    /// <summary>A series is booked only from a signed plan.</summary>
    public const string UnsignedPlan = "SAF-SCHED-003";
}

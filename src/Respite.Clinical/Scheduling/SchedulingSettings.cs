namespace Respite.Clinical.Scheduling;

/// <summary>
/// The clinic's scheduling settings. Defaults are cited in docs/clinical/rules.md: the esketamine observation time is
/// the label's REMS minimum and cannot be set lower; the others are practice conventions [U] a clinic should review.
/// </summary>
public sealed record SchedulingSettings
{
    /// <summary>Spravato label / REMS: observe at least 2 hours after administration [V].</summary>
    public const int EsketamineMinimumObservationMinutes = 120;

    public static SchedulingSettings Default { get; } = new();

    /// <summary>Chair time after an IV infusion ends, before discharge [U].</summary>
    public int InfusionRecoveryMinutes { get; init; } = 30;

    /// <summary>Check-in and pre-checks before the treatment starts [U].</summary>
    public int PreTreatmentMinutes { get; init; } = 15;

    /// <summary>Observation after the last esketamine device; never below 120 min (label) [V].</summary>
    public int EsketamineObservationMinutes { get; init; } = EsketamineMinimumObservationMinutes;

    public int ConsultationMinutes { get; init; } = 45;

    public int FollowUpMinutes { get; init; } = 30;

    /// <summary>How many patients one nurse may have in chairs at the same time [U].</summary>
    public int MaxConcurrentPatientsPerNurse { get; init; } = 2;

    /// <summary>The grid start times are placed on (minutes).</summary>
    public int SlotStepMinutes { get; init; } = 15;

    /// <summary>How long a slot booked from the public page is held for the front desk to confirm [U].</summary>
    public int ConsultationHoldHours { get; init; } = 72;

    /// <summary>How far ahead the public page offers consultation slots.</summary>
    public int PublicBookingDays { get; init; } = 21;

    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var problems = new List<(string, string)>();
        Check(problems, nameof(InfusionRecoveryMinutes), InfusionRecoveryMinutes, 0, 480);
        Check(problems, nameof(PreTreatmentMinutes), PreTreatmentMinutes, 0, 120);
        Check(problems, nameof(ConsultationMinutes), ConsultationMinutes, 5, 480);
        Check(problems, nameof(FollowUpMinutes), FollowUpMinutes, 5, 480);
        Check(problems, nameof(MaxConcurrentPatientsPerNurse), MaxConcurrentPatientsPerNurse, 1, 12);
        Check(problems, nameof(ConsultationHoldHours), ConsultationHoldHours, 1, 24 * 14);
        Check(problems, nameof(PublicBookingDays), PublicBookingDays, 1, 90);
        if (EsketamineObservationMinutes < EsketamineMinimumObservationMinutes || EsketamineObservationMinutes > 480)
        {
            problems.Add((Camel(nameof(EsketamineObservationMinutes)),
                $"Must be between {EsketamineMinimumObservationMinutes} and 480 minutes: the label requires at least 2 hours of observation ({SchedulingRules.EsketamineObservation})."));
        }

        if (SlotStepMinutes is not (5 or 10 or 15 or 20 or 30 or 60))
        {
            problems.Add((Camel(nameof(SlotStepMinutes)), "Must be 5, 10, 15, 20, 30 or 60 minutes."));
        }

        return problems;
    }

    /// <summary>
    /// Minutes a chair is occupied: pre-checks + treatment + recovery (IV) or + administration + observation
    /// (esketamine); a consultation or follow-up takes its own length.
    /// </summary>
    public int ChairMinutes(AppointmentKind kind, int treatmentMinutes) => kind switch
    {
        AppointmentKind.IvInfusion => PreTreatmentMinutes + treatmentMinutes + InfusionRecoveryMinutes,
        AppointmentKind.EsketamineSession => PreTreatmentMinutes + treatmentMinutes + Math.Max(EsketamineObservationMinutes, EsketamineMinimumObservationMinutes),
        AppointmentKind.Consultation => ConsultationMinutes,
        AppointmentKind.FollowUp => FollowUpMinutes,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static void Check(List<(string, string)> problems, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            problems.Add((Camel(name), $"Must be between {min} and {max}."));
        }
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

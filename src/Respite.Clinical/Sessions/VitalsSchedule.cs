namespace Respite.Clinical.Sessions;

/// <summary>What the vitals schedule of a session is worked out from: the chart as it stands, without entries marked in error.</summary>
/// <param name="Esketamine">An esketamine session (devices) rather than an IV infusion.</param>
/// <param name="Closed">Discharged or cancelled: nothing more is due.</param>
/// <param name="Readings">The session's readings, the pre-dose baseline included; only readings with a blood pressure count.</param>
/// <param name="Infusion">IV: the infusion events in time order.</param>
/// <param name="Devices">Esketamine: the times the devices were given.</param>
public sealed record VitalsScheduleInput(
    bool Esketamine,
    bool Closed,
    IReadOnlyList<VitalSigns> Readings,
    IReadOnlyList<InfusionEvent> Infusion,
    IReadOnlyList<DateTimeOffset> Devices);

/// <summary>When the next set of vitals is due and whether it is late.</summary>
/// <param name="DueAt">The time the next blood pressure is due; null when nothing is due (before dosing, or closed).</param>
/// <param name="Overdue">True when <c>now</c> is past <paramref name="DueAt"/>.</param>
public sealed record VitalsDue(DateTimeOffset? DueAt, bool Overdue);

/// <summary>
/// When the next blood pressure is due at the chair (CLINICAL-SOURCES §1.4: every 10 min during an infusion and every
/// 15 min after it [V, Emory/Yale practice]; esketamine: about 40 min after dosing, when the rise peaks [V, label]).
/// </summary>
/// <remarks>
/// <para>Nothing is due before the first dose (the baseline is taken at check-in) or once the session is discharged or
/// cancelled. Only readings with a blood pressure count: the intervals are blood-pressure intervals.</para>
/// <para>IV: while the infusion runs or is paused, the next reading is due
/// <see cref="MonitoringSettings.VitalsIntervalDuringMinutes"/> after the later of the last reading and the first dose
/// event; once it is stopped (or only boluses were given), <see cref="MonitoringSettings.VitalsIntervalAfterMinutes"/>
/// after that time, until discharge.</para>
/// <para>Esketamine: the BP check is due <see cref="MonitoringSettings.EsketamineBpCheckMinutes"/> after the first
/// device. A reading counts as that check when it is taken at or after the earlier of the check time and
/// <see cref="RemsFormBuilder.BpCheckFromMinutes"/> after the first device (the REMS form's window). After the check,
/// readings are due <see cref="MonitoringSettings.VitalsIntervalAfterMinutes"/> after the last one, until discharge.</para>
/// <para>Pure: the caller passes <c>now</c>; a reading is overdue only strictly after its due time.</para>
/// </remarks>
public static class VitalsSchedule
{
    /// <summary>The next blood pressure due, and whether it is overdue at <paramref name="now"/>.</summary>
    public static VitalsDue Evaluate(VitalsScheduleInput input, MonitoringSettings settings, DateTimeOffset now)
    {
        var due = NextDue(input, settings);
        return new VitalsDue(due, due is { } at && now > at);
    }

    /// <summary>The time the next blood pressure is due, or null when none is (see the type's remarks).</summary>
    public static DateTimeOffset? NextDue(VitalsScheduleInput input, MonitoringSettings settings)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        if (input.Closed)
        {
            return null;
        }

        var bpTimes = input.Readings.Where(r => r.Systolic is not null).Select(r => r.TakenAt).ToList();
        if (input.Esketamine)
        {
            if (input.Devices.Count == 0)
            {
                return null;
            }

            var firstDevice = input.Devices.Min();
            var checkAt = firstDevice.AddMinutes(settings.EsketamineBpCheckMinutes);
            var countsFrom = firstDevice.AddMinutes(Math.Min(settings.EsketamineBpCheckMinutes, RemsFormBuilder.BpCheckFromMinutes));
            var afterCheck = bpTimes.Where(t => t >= countsFrom).ToList();
            return afterCheck.Count == 0 ? checkAt : afterCheck.Max().AddMinutes(settings.VitalsIntervalAfterMinutes);
        }

        if (input.Infusion.Count == 0)
        {
            return null;
        }

        var firstDose = input.Infusion.Min(e => e.At);
        var anchor = bpTimes.Where(t => t >= firstDose).DefaultIfEmpty(firstDose).Max();
        var infusing = input.Infusion.Any(e => e.Kind == InfusionEventKind.Start) && !input.Infusion.Any(e => e.Kind == InfusionEventKind.Stop);
        return anchor.AddMinutes(infusing ? settings.VitalsIntervalDuringMinutes : settings.VitalsIntervalAfterMinutes);
    }
}

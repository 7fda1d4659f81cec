using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;
using Respite.Pharmacokinetics.Simulation;

namespace Respite.Pharmacokinetics.Dosing;

/// <summary>
/// Plasma-targeted infusion planning, as target-controlled infusion pumps compute it (Shafer and Gregg 1992,
/// STANPUMP): at the start of each step, the rate that brings the predicted plasma concentration to the target at
/// the end of the step, given what is already in the body, clamped to the allowed rates. The result is a stepwise
/// schedule for a prescriber to read, never a command to a device.
/// </summary>
public static class TargetControlledInfusion
{
    /// <summary>Plans a stepwise infusion that reaches and holds <paramref name="target"/>.</summary>
    /// <param name="model">The patient's model.</param>
    /// <param name="target">The target plasma concentration.</param>
    /// <param name="duration">How long to hold the target.</param>
    /// <param name="step">How often the rate may change (e.g. every 5 minutes for a pump set by hand).</param>
    /// <param name="maximumRate">The highest rate allowed (e.g. the protocol's ceiling for this patient).</param>
    /// <param name="rateIncrement">Rates are rounded to a multiple of this (e.g. 0.1 mg/h); zero for no rounding.</param>
    /// <param name="maximumTotal">The most drug the whole schedule may deliver, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A time or rate is not positive, or the step exceeds the duration.</exception>
    public static TargetControlledPlan Plan(
        LinearModel model,
        PlasmaConcentration target,
        TimeSpan duration,
        TimeSpan step,
        MassRate maximumRate,
        MassRate rateIncrement,
        Mass? maximumTotal = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(target.NanogramsPerMillilitre, 0d, nameof(target));
        if (duration <= TimeSpan.Zero || duration > TimeSpan.FromHours(24))
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The duration lies between 0 and 24 hours.");
        }

        if (step < TimeSpan.FromSeconds(10) || step > duration)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "The step lies between 10 seconds and the duration.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maximumRate.MilligramsPerHour, 0m, nameof(maximumRate));

        var propagator = new Propagator(model, trackExposure: false);
        var central = model.Central;
        var factor = 1000d / model.CentralVolumeLitres;
        var unitInput = new double[model.CompartmentCount];
        unitInput[central] = 1d;
        var state = new double[propagator.Size];
        var stepMs = (long)Math.Round(step.TotalMilliseconds);
        var endMs = (long)Math.Round(duration.TotalMilliseconds);
        var remaining = maximumTotal is { } cap ? (double)cap.Milligrams : double.PositiveInfinity;
        var increment = (double)rateIncrement.MilligramsPerHour;
        var ceiling = (double)maximumRate.MilligramsPerHour;

        // The highest rate on the increment's grid; the tolerance keeps 36.4 / 0.1 = 363.999… from rounding down a step.
        var top = increment > 0d ? Math.Min(Math.Floor((ceiling / increment) + 1e-9) * increment, ceiling) : ceiling;
        var limited = false;
        var rates = new List<(long From, long To, double MilligramsPerHour)>();
        var probe = new double[propagator.Size];
        for (var from = 0L; from < endMs; from += stepMs)
        {
            var length = Math.Min(stepMs, endMs - from);

            // Concentration at the end of the step with no input, and the concentration 1 mg/min adds over the step.
            state.CopyTo(probe, 0);
            propagator.Advance(probe, length, null);
            var free = probe[central] * factor;
            Array.Clear(probe);
            propagator.Advance(probe, length, unitInput);
            var perUnit = probe[central] * factor;

            var wanted = (target.NanogramsPerMillilitre - free) / perUnit * 60d;
            limited |= wanted > ceiling;
            var allowed = remaining / (length / 3_600_000d);
            var perHour = Math.Min(Math.Clamp(wanted, 0d, ceiling), allowed);
            if (increment > 0d)
            {
                perHour = Math.Min(Math.Round(perHour / increment, MidpointRounding.AwayFromZero) * increment, top);
                if (perHour > allowed)
                {
                    // Rounding up must not deliver more than the maximum total.
                    perHour = Math.Floor(allowed / increment) * increment;
                }
            }

            perHour = Math.Max(0d, perHour);
            remaining -= perHour * length / 3_600_000d;
            propagator.Advance(state, length, perHour > 0d ? Scaled(unitInput, perHour / 60d) : null);
            if (rates.Count > 0 && rates[^1].MilligramsPerHour == perHour && rates[^1].To == from)
            {
                rates[^1] = (rates[^1].From, from + length, perHour);
            }
            else
            {
                rates.Add((from, from + length, perHour));
            }
        }

        var infusions = rates
            .Where(r => r.MilligramsPerHour > 0d)
            .Select(r => new Infusion(TimeSpan.FromMilliseconds(r.From), TimeSpan.FromMilliseconds(r.To - r.From), MassRate.FromMilligramsPerHour((decimal)r.MilligramsPerHour)))
            .ToArray();
        var regimen = Regimen.Of(infusions);
        var simulator = new PkSimulator(model);
        var summary = simulator.Summarize(regimen, duration, PlasmaConcentration.FromNanogramsPerMillilitre(target.NanogramsPerMillilitre * 0.95));
        var reached = FirstReach(simulator, regimen, target, endMs, stepMs);
        var total = infusions.Aggregate(0m, (sum, infusion) => sum + infusion.Total.Milligrams);
        return new TargetControlledPlan(
            target,
            infusions,
            regimen,
            Mass.FromMilligrams(total),
            reached,
            summary.Peak,
            limited);
    }

    private static double[] Scaled(double[] vector, double factor)
    {
        var result = new double[vector.Length];
        for (var i = 0; i < vector.Length; i++)
        {
            result[i] = vector[i] * factor;
        }

        return result;
    }

    private static TimeSpan? FirstReach(PkSimulator simulator, Regimen regimen, PlasmaConcentration target, long endMs, long stepMs)
    {
        var grid = new List<double>();
        var resolution = Math.Max(1_000, stepMs / 60);
        for (var t = 0L; t <= endMs; t += resolution)
        {
            grid.Add(t / 60_000d);
        }

        var values = new double[grid.Count];
        simulator.Concentrations(regimen, grid.ToArray(), values);
        var level = target.NanogramsPerMillilitre * 0.95;
        var index = Array.FindIndex(values, v => v >= level);
        return index < 0 ? null : TimeSpan.FromMinutes(grid[index]);
    }
}

/// <summary>A plasma-targeted infusion schedule and what it is predicted to achieve.</summary>
/// <param name="Target">The target concentration.</param>
/// <param name="Steps">The rate steps, in order; a pause is a gap between steps.</param>
/// <param name="Regimen">The same steps as a regimen.</param>
/// <param name="Total">The drug the schedule delivers.</param>
/// <param name="ReachesTargetAt">When the prediction first reaches 95 % of the target, or null if it never does.</param>
/// <param name="Peak">The highest predicted concentration.</param>
/// <param name="LimitedByMaximumRate">Whether some step wanted more than the maximum rate.</param>
public sealed record TargetControlledPlan(
    PlasmaConcentration Target,
    IReadOnlyList<Infusion> Steps,
    Regimen Regimen,
    Mass Total,
    TimeSpan? ReachesTargetAt,
    PlasmaConcentration Peak,
    bool LimitedByMaximumRate);

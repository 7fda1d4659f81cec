using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;

namespace Respite.Pharmacokinetics.Simulation;

/// <summary>
/// Predicts plasma concentrations for a regimen with a linear compartment model, exactly: the state is carried in
/// closed form across every interval of constant input (see <see cref="Propagator"/>), so the result does not depend
/// on a step size and costs one small matrix–vector product per requested time.
/// </summary>
/// <remarks>An instance caches step matrices for its model and is not thread-safe; create one per thread.</remarks>
public sealed class PkSimulator
{
    private const long MillisecondsPerMinute = 60_000;
    private readonly Propagator propagator;

    /// <summary>Creates a simulator for one patient's model.</summary>
    public PkSimulator(LinearModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        propagator = new Propagator(model, trackExposure: true);
    }

    /// <summary>The model simulated.</summary>
    public LinearModel Model => propagator.Model;

    /// <summary>The predicted concentrations at the given times, which must be ascending and not negative.</summary>
    /// <exception cref="ArgumentException">The times are not ascending, or one is negative.</exception>
    public ConcentrationProfile Simulate(Regimen regimen, IReadOnlyList<TimeSpan> times)
    {
        ArgumentNullException.ThrowIfNull(regimen);
        var milliseconds = ToMilliseconds(times);
        var parent = new PlasmaConcentration[milliseconds.Length];
        var metabolite = Model.Metabolite is null ? null : new PlasmaConcentration[milliseconds.Length];
        var factor = 1000d / Model.CentralVolumeLitres;
        var central = Model.Central;
        var metaboliteCompartment = Model.Metabolite?.Compartment ?? 0;
        var metaboliteFactor = Model.Metabolite is { } m ? 1000d / m.VolumeLitres : 0d;
        var cursor = Cursor(regimen);
        for (var index = 0; index < milliseconds.Length; index++)
        {
            cursor.AdvanceTo(milliseconds[index]);
            parent[index] = PlasmaConcentration.FromModel(cursor.State[central] * factor);
            if (metabolite is not null)
            {
                metabolite[index] = PlasmaConcentration.FromModel(cursor.State[metaboliteCompartment] * metaboliteFactor);
            }
        }

        return new ConcentrationProfile(times.ToArray(), parent, metabolite);
    }

    /// <summary>The amount of drug (mg) in each compartment at <paramref name="time"/>, in the model's compartment order.</summary>
    public double[] Amounts(Regimen regimen, TimeSpan time)
    {
        ArgumentNullException.ThrowIfNull(regimen);
        var cursor = Cursor(regimen);
        cursor.AdvanceTo(InputSchedule.Milliseconds(time));
        return cursor.State[..Model.CompartmentCount].ToArray();
    }

    /// <summary>
    /// Writes the central concentrations (ng/mL) at <paramref name="minutes"/> into <paramref name="output"/>: the
    /// allocation-light path for grids and populations.
    /// </summary>
    public void Concentrations(Regimen regimen, ReadOnlySpan<double> minutes, Span<double> output)
    {
        ArgumentNullException.ThrowIfNull(regimen);
        if (output.Length < minutes.Length)
        {
            throw new ArgumentException("The output is shorter than the times.", nameof(output));
        }

        // Checked in full before anything is written, so a bad list leaves the output untouched.
        var previous = 0L;
        for (var i = 0; i < minutes.Length; i++)
        {
            var at = ToMilliseconds(minutes[i]);
            if (!double.IsFinite(minutes[i]) || at < previous)
            {
                throw new ArgumentException("Times must be finite, ascending and not negative.", nameof(minutes));
            }

            previous = at;
        }

        var cursor = Cursor(regimen);
        for (var i = 0; i < minutes.Length; i++)
        {
            cursor.AdvanceTo(ToMilliseconds(minutes[i]));
            output[i] = cursor.Concentration;
        }
    }

    /// <summary>
    /// The peak concentration and its time, the area under the curve and (when a threshold is given) the time spent
    /// at or above the threshold, all over [0, <paramref name="until"/>]. The peak and the threshold crossings are
    /// located to the millisecond on the exact solution.
    /// </summary>
    public ProfileSummary Summarize(Regimen regimen, TimeSpan until, PlasmaConcentration? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(regimen);
        var end = InputSchedule.Milliseconds(until);
        if (end <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(until), until, "The summary needs a positive time span.");
        }

        var schedule = InputSchedule.For(Model, regimen);
        var times = SummaryGrid(end, schedule.Breakpoints);
        var size = propagator.Size;
        var states = new double[times.Length * size];
        var cursor = new ScheduleCursor(propagator, schedule);
        for (var index = 0; index < times.Length; index++)
        {
            cursor.AdvanceTo(times[index]);
            cursor.State.CopyTo(states.AsSpan(index * size, size));
        }

        var factor = 1000d / Model.CentralVolumeLitres;
        double Concentration(int index) => states[(index * size) + Model.Central] * factor;

        var best = 0;
        for (var i = 1; i < times.Length; i++)
        {
            if (Concentration(i) > Concentration(best))
            {
                best = i;
            }
        }

        var peak = Concentration(best);
        var peakAt = times[best];
        foreach (var interval in new[] { best - 1, best })
        {
            if (interval < 0 || interval >= times.Length - 1)
            {
                continue;
            }

            var (at, value) = MaximumWithin(schedule, states.AsSpan(interval * size, size), times[interval], times[interval + 1]);
            if (value > peak)
            {
                (peak, peakAt) = (value, at);
            }
        }

        TimeSpan? above = null;
        if (threshold is { } limit)
        {
            var level = limit.NanogramsPerMillilitre;
            var total = 0L;
            for (var i = 0; i < times.Length - 1; i++)
            {
                var (left, right) = (Concentration(i) >= level, Concentration(i + 1) >= level);
                var state = states.AsSpan(i * size, size);
                if (left && right)
                {
                    total += times[i + 1] - times[i];
                }
                else if (left || right)
                {
                    var crossing = Crossing(schedule, state, times[i], 0, times[i + 1] - times[i], level, rising: right);
                    total += right ? times[i + 1] - crossing : crossing - times[i];
                }
                else if (peak >= level && peakAt > times[i] && peakAt < times[i + 1])
                {
                    // The curve rises above the threshold and falls back between two grid points.
                    var up = Crossing(schedule, state, times[i], 0, peakAt - times[i], level, rising: true);
                    var down = Crossing(schedule, state, times[i], peakAt - times[i], times[i + 1] - times[i], level, rising: false);
                    total += down - up;
                }
            }

            above = TimeSpan.FromMilliseconds(total);
        }

        var area = states[((times.Length - 1) * size) + propagator.Exposure] / 60d;
        return new ProfileSummary(
            PlasmaConcentration.FromModel(peak),
            TimeSpan.FromMilliseconds(peakAt),
            Math.Max(0d, area),
            threshold,
            above);
    }

    /// <summary>
    /// What <see cref="Simulate"/> at <paramref name="times"/> and then, when <paramref name="summaryUntil"/> is given,
    /// <see cref="Summarize"/> until then will compute on this simulator, counted without simulating.
    /// </summary>
    /// <remarks>
    /// The summary adds a bounded search on top: a golden-section search for the peak (two intervals, about 45
    /// exponentials each) and, for each crossing of the threshold, a bisection of about 16 matrix–vector products
    /// by steps of 2^k ms (cached once each).
    /// </remarks>
    /// <exception cref="ArgumentException">The times are not ascending, or one is negative.</exception>
    public SimulationCost Cost(Regimen regimen, IReadOnlyList<TimeSpan> times, TimeSpan? summaryUntil = null)
    {
        ArgumentNullException.ThrowIfNull(regimen);
        var schedule = InputSchedule.For(Model, regimen);
        var lengths = new HashSet<long>();
        SimulationCost.CountSteps(schedule.Breakpoints, ToMilliseconds(times), lengths);
        if (summaryUntil is { } until && InputSchedule.Milliseconds(until) is > 0 and var end)
        {
            SimulationCost.CountSteps(schedule.Breakpoints, SummaryGrid(end, schedule.Breakpoints), lengths);
        }

        return new SimulationCost(schedule.Breakpoints.Length, lengths.Count);
    }

    // Implementation note: about 20,000 points (between 1 s and 1 min apart) with every change of input, so that the
    // peak and the threshold crossings are bracketed between neighbouring points of one smooth piece.
    private static long[] SummaryGrid(long end, long[] breakpoints) =>
        MergedGrid(Math.Clamp(end / 20_000, 1_000, MillisecondsPerMinute), end, breakpoints);

    // The uniform grid 0, step, 2·step, … up to `end` merged with the breakpoints not after `end`, ascending, distinct.
    private static long[] MergedGrid(long step, long end, long[] breakpoints)
    {
        var result = new List<long>((int)(end / step) + breakpoints.Length + 2);
        var b = 0;
        void Add(long t)
        {
            if (result.Count == 0 || result[^1] < t)
            {
                result.Add(t);
            }
        }

        for (var t = 0L; t < end; t += step)
        {
            while (b < breakpoints.Length && breakpoints[b] <= t)
            {
                Add(breakpoints[b++]);
            }

            Add(t);
        }

        while (b < breakpoints.Length && breakpoints[b] <= end)
        {
            Add(breakpoints[b++]);
        }

        Add(end);
        return [.. result];
    }

    private static long ToMilliseconds(double minutes) => (long)Math.Round(minutes * MillisecondsPerMinute, MidpointRounding.AwayFromZero);

    private ScheduleCursor Cursor(Regimen regimen) => new(propagator, InputSchedule.For(Model, regimen));

    private static long[] ToMilliseconds(IReadOnlyList<TimeSpan> times)
    {
        ArgumentNullException.ThrowIfNull(times);
        var milliseconds = new long[times.Count];
        for (var i = 0; i < times.Count; i++)
        {
            milliseconds[i] = InputSchedule.Milliseconds(times[i]);
            if (milliseconds[i] < 0 || (i > 0 && milliseconds[i] < milliseconds[i - 1]))
            {
                throw new ArgumentException("Times must be ascending and not negative.", nameof(times));
            }
        }

        return milliseconds;
    }

    // The input rates in force just after `at` (at is a grid point; no breakpoint lies strictly inside the interval).
    private static double[]? RatesAt(InputSchedule schedule, long at)
    {
        var index = Array.BinarySearch(schedule.Breakpoints, at);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return index >= 0 ? schedule.RatesAfter[index] : null;
    }

    private double ConcentrationAfter(ReadOnlySpan<double> start, double[]? rates, double minutes)
    {
        Span<double> state = stackalloc double[start.Length];
        start.CopyTo(state);
        propagator.AdvanceUncached(state, minutes, rates);
        return state[Model.Central] * 1000d / Model.CentralVolumeLitres;
    }

    private (long At, double Value) MaximumWithin(InputSchedule schedule, ReadOnlySpan<double> start, long from, long to)
    {
        // Golden-section search; each piece between breakpoints is smooth, and a bracket holds one maximum.
        var rates = RatesAt(schedule, from);
        var startCopy = start.ToArray();
        var ratio = (Math.Sqrt(5d) - 1d) / 2d;
        double a = 0, b = (to - from) / (double)MillisecondsPerMinute;
        var c = b - (ratio * (b - a));
        var d = a + (ratio * (b - a));
        var fc = ConcentrationAfter(startCopy, rates, c);
        var fd = ConcentrationAfter(startCopy, rates, d);
        while (b - a > 0.5 / MillisecondsPerMinute)
        {
            if (fc > fd)
            {
                (b, d, fd) = (d, c, fc);
                c = b - (ratio * (b - a));
                fc = ConcentrationAfter(startCopy, rates, c);
            }
            else
            {
                (a, c, fc) = (c, d, fd);
                d = a + (ratio * (b - a));
                fd = ConcentrationAfter(startCopy, rates, d);
            }
        }

        var middle = (a + b) / 2d;
        return (from + (long)Math.Round(middle * MillisecondsPerMinute), ConcentrationAfter(startCopy, rates, middle));
    }

    // The first millisecond in (low, high] (offsets from `from`) at which the curve is on the far side of `level`.
    // Implementation note: a bisection whose probes are reached by steps of 2^k ms, the largest first, each taken only
    // while the curve stays on the near side. The propagator caches those sixteen or so lengths, so a crossing costs
    // as many matrix–vector products instead of as many matrix exponentials, and a curve that crosses a threshold
    // once per dose stays cheap however many doses there are.
    private long Crossing(InputSchedule schedule, ReadOnlySpan<double> start, long from, long low, long high, double level, bool rising)
    {
        var rates = RatesAt(schedule, from);
        Span<double> state = stackalloc double[start.Length];
        Span<double> probe = stackalloc double[start.Length];
        start.CopyTo(state);
        propagator.Advance(state, low, rates);
        var factor = 1000d / Model.CentralVolumeLitres;
        var position = low;
        for (var step = high - low <= 1 ? 0L : 1L << (63 - (int)long.LeadingZeroCount(high - low - 1)); step > 0; step >>= 1)
        {
            if (position + step >= high)
            {
                continue;
            }

            state.CopyTo(probe);
            propagator.Advance(probe, step, rates);
            if ((probe[Model.Central] * factor >= level) != rising)
            {
                position += step;
                probe.CopyTo(state);
            }
        }

        return from + position + 1;
    }
}

/// <summary>Predicted concentrations at a list of times.</summary>
/// <param name="Times">The times, from the start of the regimen.</param>
/// <param name="Concentrations">The parent drug's plasma concentration at each time.</param>
/// <param name="MetaboliteConcentrations">The metabolite's, when the model predicts one.</param>
public sealed record ConcentrationProfile(
    IReadOnlyList<TimeSpan> Times,
    IReadOnlyList<PlasmaConcentration> Concentrations,
    IReadOnlyList<PlasmaConcentration>? MetaboliteConcentrations);

/// <summary>What a predicted curve amounts to.</summary>
/// <param name="Peak">The highest concentration.</param>
/// <param name="PeakAt">When it occurs.</param>
/// <param name="AreaNanogramHoursPerMillilitre">The area under the curve from the start, in ng·h/mL.</param>
/// <param name="Threshold">The threshold asked about, if any.</param>
/// <param name="TimeAtOrAboveThreshold">How long the concentration is at or above it.</param>
public sealed record ProfileSummary(
    PlasmaConcentration Peak,
    TimeSpan PeakAt,
    double AreaNanogramHoursPerMillilitre,
    PlasmaConcentration? Threshold,
    TimeSpan? TimeAtOrAboveThreshold);

namespace Respite.Pharmacokinetics.Simulation;

/// <summary>
/// What a simulation will compute for one patient, counted before it runs, so that a caller can refuse a request
/// whose cost is out of proportion before spending it.
/// </summary>
/// <remarks>
/// The state is advanced exactly from one instant to the next, where the instants are the changes of input and the
/// requested times. Each distinct step length costs one matrix exponential (O(n³) in the number of compartments);
/// a step whose length was met before costs only a matrix–vector product. So a uniform grid costs one exponential
/// however long it is, while times chosen so that every gap differs cost one exponential each. The input schedule
/// holds every change of input, and a population holds one schedule per virtual patient.
/// </remarks>
/// <param name="InputChanges">The instants at which the input may change (the start included): infusion starts and
/// ends, boluses, nasal devices and the ends of their swallowed parts' input.</param>
/// <param name="DistinctSteps">The distinct lengths, in whole milliseconds, of the steps between consecutive instants
/// (changes of input and requested times, and the summary grid when a summary is asked for).</param>
public sealed record SimulationCost(int InputChanges, int DistinctSteps)
{
    /// <summary>Adds to <paramref name="lengths"/> the step lengths of a walk through <paramref name="breakpoints"/> and <paramref name="times"/> (ms).</summary>
    internal static void CountSteps(long[] breakpoints, long[] times, HashSet<long> lengths)
    {
        var next = 0;
        var now = 0L;
        foreach (var target in times)
        {
            while (next < breakpoints.Length && breakpoints[next] <= target)
            {
                if (breakpoints[next] > now)
                {
                    lengths.Add(breakpoints[next] - now);
                }

                now = breakpoints[next++];
            }

            if (target > now)
            {
                lengths.Add(target - now);
            }

            now = target;
        }
    }
}

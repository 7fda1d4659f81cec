namespace Respite.Pharmacokinetics.Simulation;

/// <summary>
/// One patient's state walked forward through an input schedule: <see cref="AdvanceTo"/> crosses every breakpoint
/// up to the target (adding its impulses, switching to its input rates) and lands on the target exactly.
/// </summary>
/// <remarks>Targets must not decrease. An instance is not thread-safe.</remarks>
internal sealed class ScheduleCursor
{
    private readonly Propagator propagator;
    private readonly InputSchedule schedule;
    private readonly double[] state;
    private readonly double concentrationFactor;
    private readonly int central;
    private long now;
    private int next;
    private double[]? rates;

    public ScheduleCursor(Propagator propagator, InputSchedule schedule)
    {
        this.propagator = propagator;
        this.schedule = schedule;
        state = new double[propagator.Size];
        concentrationFactor = 1000d / propagator.Model.CentralVolumeLitres;
        central = propagator.Model.Central;
    }

    /// <summary>The state at the last target: amounts (mg) per compartment, then any tracked exposure.</summary>
    public ReadOnlySpan<double> State => state;

    /// <summary>The central concentration (ng/mL) at the last target.</summary>
    public double Concentration => state[central] * concentrationFactor;

    /// <summary>Advances to <paramref name="target"/> milliseconds from the start.</summary>
    public void AdvanceTo(long target)
    {
        var breakpoints = schedule.Breakpoints;
        while (next < breakpoints.Length && breakpoints[next] <= target)
        {
            propagator.Advance(state, breakpoints[next] - now, rates);
            now = breakpoints[next];
            if (schedule.Impulses[next] is { } impulse)
            {
                for (var c = 0; c < impulse.Length; c++)
                {
                    state[c] += impulse[c];
                }
            }

            rates = schedule.RatesAfter[next];
            next++;
        }

        propagator.Advance(state, target - now, rates);
        now = target;
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Numerics;

namespace Respite.Pharmacokinetics.Simulation;

/// <summary>
/// Advances a linear model's state exactly over an interval of constant input: x(t + h) = Φ(h) x(t) + Γ(h) u with
/// Φ(h) = e<sup>Ah</sup> and Γ(h) = ∫₀ʰ e<sup>As</sup> ds, both read off the exponential of the block matrix
/// [[A h, I h], [0, 0]] (Van Loan 1978). Steps are cached by length, so a uniform grid costs one matrix exponential.
/// </summary>
/// <remarks>
/// With <c>trackExposure</c> the state carries one more entry, the running area under the central concentration
/// curve in ng·min/mL, advanced by the same exact step. An instance is not thread-safe.
/// </remarks>
internal sealed class Propagator
{
    // Implementation note: a step length not cached is recomputed each time it recurs, so the cache must hold as many
    // lengths as a simulation may meet (SimulationCost.DistinctSteps; the web API admits 10,000). Each entry is two
    // Size × Size matrices, about 1.5 kB for the largest model.
    private const int CachedSteps = 16_384;

    private readonly Dictionary<long, Step> steps = [];
    private readonly double[] system;
    private readonly double[] scratch;
    private long lastLength = -1;
    private Step? lastStep;

    public Propagator(LinearModel model, bool trackExposure)
    {
        Model = model;
        var n = model.CompartmentCount;
        Size = trackExposure ? n + 1 : n;
        system = new double[Size * Size];
        scratch = new double[Size];
        for (var row = 0; row < n; row++)
        {
            for (var column = 0; column < n; column++)
            {
                system[(row * Size) + column] = model.Rates[(row * n) + column];
            }
        }

        if (trackExposure)
        {
            system[(n * Size) + model.Central] = 1000d / model.CentralVolumeLitres;
        }
    }

    public LinearModel Model { get; }

    /// <summary>The length of the state vector.</summary>
    public int Size { get; }

    /// <summary>The index of the exposure entry.</summary>
    public int Exposure => Model.CompartmentCount;

    /// <summary>Advances <paramref name="state"/> by <paramref name="milliseconds"/> under input <paramref name="rates"/> (mg/min, or null).</summary>
    public void Advance(Span<double> state, long milliseconds, double[]? rates)
    {
        if (milliseconds <= 0)
        {
            return;
        }

        Step step;
        if (milliseconds == lastLength && lastStep is not null)
        {
            step = lastStep;
        }
        else
        {
            if (!steps.TryGetValue(milliseconds, out step!))
            {
                step = Compute(milliseconds / 60_000d);
                if (steps.Count < CachedSteps)
                {
                    steps[milliseconds] = step;
                }
            }

            (lastLength, lastStep) = (milliseconds, step);
        }

        Apply(step, state, rates);
    }

    /// <summary>Advances by a step of any length without caching it (for searches between grid points).</summary>
    public void AdvanceUncached(Span<double> state, double minutes, double[]? rates)
    {
        if (minutes > 0d)
        {
            Apply(Compute(minutes), state, rates);
        }
    }

    // x ← Φ x + Γu. The product goes through a scratch vector (x is read while it is written) and is copied back;
    // reference arithmetic keeps the inner loops free of bounds checks (every size is fixed at construction).
    private void Apply(Step step, Span<double> state, double[]? rates)
    {
        var m = Size;
        if (state.Length < m)
        {
            throw new ArgumentException("The state is shorter than the model.", nameof(state));
        }

        ref var x = ref MemoryMarshal.GetReference(state);
        ref var phi = ref MemoryMarshal.GetArrayDataReference(step.Transition);
        ref var result = ref MemoryMarshal.GetArrayDataReference(scratch);
        ref var input = ref MemoryMarshal.GetArrayDataReference(rates is null ? step.NoInput : step.InputFor(rates, Model.CompartmentCount));
        for (var row = 0; row < m; row++)
        {
            ref var line = ref Unsafe.Add(ref phi, row * m);
            var sum = Unsafe.Add(ref input, row);
            for (var column = 0; column < m; column++)
            {
                sum += Unsafe.Add(ref line, column) * Unsafe.Add(ref x, column);
            }

            Unsafe.Add(ref result, row) = sum;
        }

        for (var row = 0; row < m; row++)
        {
            Unsafe.Add(ref x, row) = Unsafe.Add(ref result, row);
        }
    }

    private Step Compute(double minutes)
    {
        var m = Size;
        var size = 2 * m;
        var block = new double[size * size];
        for (var row = 0; row < m; row++)
        {
            for (var column = 0; column < m; column++)
            {
                block[(row * size) + column] = system[(row * m) + column] * minutes;
            }

            block[(row * size) + m + row] = minutes;
        }

        var exponential = MatrixExponential.Compute(block, size);
        var transition = new double[m * m];
        var input = new double[m * m];
        for (var row = 0; row < m; row++)
        {
            for (var column = 0; column < m; column++)
            {
                transition[(row * m) + column] = exponential[(row * size) + column];
                input[(row * m) + column] = exponential[(row * size) + m + column];
            }
        }

        return new Step(transition, input);
    }

    // Φ and Γ for one step length; Γu is remembered for the last input vector, which stays the same object for a
    // whole interval of constant input.
    private sealed class Step(double[] transition, double[] input)
    {
        private double[]? lastRates;
        private double[] lastInput = [];

        public double[] Transition { get; } = transition;

        /// <summary>Zeros, as many as the state has entries: the input term when nothing is infused.</summary>
        public double[] NoInput { get; } = new double[(int)Math.Sqrt(transition.Length)];

        public double[] InputFor(double[] rates, int n)
        {
            if (ReferenceEquals(rates, lastRates))
            {
                return lastInput;
            }

            var m = Transition.Length == 0 ? 0 : (int)Math.Sqrt(Transition.Length);
            var result = new double[m];
            for (var row = 0; row < m; row++)
            {
                var sum = 0d;
                for (var column = 0; column < n; column++)
                {
                    sum += input[(row * m) + column] * rates[column];
                }

                result[row] = sum;
            }

            (lastRates, lastInput) = (rates, result);
            return result;
        }
    }
}

using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;

namespace Respite.Pharmacokinetics.Simulation;

/// <summary>
/// Simulates virtual patients who share the covariates and the regimen but differ by random effects drawn from the
/// model's inter-individual variability (η ~ N(0, Ω), log-normal or logit-normal parameters), and reports percentile
/// bands of the predicted concentration at each time.
/// </summary>
/// <remarks>
/// Deterministic for a seed: patient <c>i</c> draws from its own generator seeded by (seed, i), so the result does not
/// depend on how the work is split across threads. Time is processed in blocks so that memory stays at
/// O(patients × block) whatever the length of the regimen.
/// </remarks>
public static class Population
{
    /// <summary>The most virtual patients one request may ask for.</summary>
    public const int MaximumPatients = 20_000;

    private const int TimeBlock = 256;

    /// <summary>Simulates <paramref name="patients"/> virtual patients and returns the requested percentiles.</summary>
    /// <param name="definition">The population model.</param>
    /// <param name="covariates">The covariates every virtual patient shares.</param>
    /// <param name="regimen">The regimen every virtual patient receives.</param>
    /// <param name="minutes">Output times in minutes, ascending and not negative.</param>
    /// <param name="patients">How many virtual patients, 1 to <see cref="MaximumPatients"/>.</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="percentiles">Percentiles in (0, 100), e.g. 5, 50, 95.</param>
    /// <param name="maxDegreeOfParallelism">Threads to use; −1 for all cores.</param>
    public static PopulationBands Simulate(
        ModelDefinition definition,
        Covariates covariates,
        Regimen regimen,
        IReadOnlyList<double> minutes,
        int patients,
        ulong seed,
        IReadOnlyList<double> percentiles,
        int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(regimen);
        ArgumentOutOfRangeException.ThrowIfLessThan(patients, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(patients, MaximumPatients);
        if (percentiles.Count == 0 || percentiles.Any(p => !(p > 0d && p < 100d)))
        {
            throw new ArgumentException("Percentiles lie strictly between 0 and 100.", nameof(percentiles));
        }

        var times = ToMilliseconds(minutes);
        var factors = Cholesky(definition);
        var states = new ScheduleCursor[patients];
        Parallel.For(0, patients, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i =>
        {
            var etas = DrawRandomEffects(definition, factors, seed, (ulong)i);
            var model = definition.Individual(covariates, etas);
            states[i] = new ScheduleCursor(new Propagator(model, trackExposure: false), InputSchedule.For(model, regimen));
        });

        var bands = new double[percentiles.Count][];
        for (var p = 0; p < bands.Length; p++)
        {
            bands[p] = new double[times.Length];
        }

        var ranks = OrderStatistics(percentiles, patients);
        var block = new double[Math.Min(TimeBlock, Math.Max(1, times.Length)) * patients];
        for (var start = 0; start < times.Length; start += TimeBlock)
        {
            var count = Math.Min(TimeBlock, times.Length - start);
            var blockStart = start;
            Parallel.For(0, patients, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i =>
            {
                var patient = states[i];
                for (var k = 0; k < count; k++)
                {
                    patient.AdvanceTo(times[blockStart + k]);
                    block[(k * patients) + i] = patient.Concentration;
                }
            });

            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, k =>
            {
                Span<double> results = stackalloc double[percentiles.Count];
                Percentiles(block.AsSpan(k * patients, patients), percentiles, ranks, results);
                for (var p = 0; p < results.Length; p++)
                {
                    bands[p][blockStart + k] = results[p];
                }
            });
        }

        return new PopulationBands(
            definition.Id,
            patients,
            minutes.ToArray(),
            percentiles.Select((p, index) => new PercentileBand(p, bands[index].Select(PlasmaConcentration.FromModel).ToArray())).ToArray());
    }

    /// <summary>
    /// What <see cref="Simulate"/> will compute for each virtual patient, counted on the typical patient without
    /// simulating: multiply by the number of patients for the whole population.
    /// </summary>
    /// <remarks>
    /// The instants of input are the same for every virtual patient: no model of the catalog puts variability on the
    /// timing of doses (the device size and interval, the duration of the swallowed part's input). Each patient has
    /// its own model, so each computes its own exponential for every distinct step and holds its own input schedule.
    /// </remarks>
    /// <exception cref="ArgumentException">The times are not ascending, or one is negative or not finite.</exception>
    public static SimulationCost Cost(ModelDefinition definition, Covariates covariates, Regimen regimen, IReadOnlyList<double> minutes)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(regimen);
        var schedule = InputSchedule.For(definition.Typical(covariates), regimen);
        var lengths = new HashSet<long>();
        SimulationCost.CountSteps(schedule.Breakpoints, ToMilliseconds(minutes), lengths);
        return new SimulationCost(schedule.Breakpoints.Length, lengths.Count);
    }

    /// <summary>The random effects of virtual patient <paramref name="patient"/> for <paramref name="seed"/>.</summary>
    public static double[] RandomEffects(ModelDefinition definition, ulong seed, int patient) =>
        DrawRandomEffects(definition, Cholesky(definition), seed, (ulong)patient);

    private static long[] ToMilliseconds(IReadOnlyList<double> minutes)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        var times = new long[minutes.Count];
        for (var i = 0; i < times.Length; i++)
        {
            times[i] = (long)Math.Round(minutes[i] * 60_000d, MidpointRounding.AwayFromZero);
            if (!double.IsFinite(minutes[i]) || times[i] < 0 || (i > 0 && times[i] < times[i - 1]))
            {
                throw new ArgumentException("Times must be ascending and not negative.", nameof(minutes));
            }
        }

        return times;
    }

    private static double[] DrawRandomEffects(ModelDefinition definition, double[][] factors, ulong seed, ulong patient)
    {
        var random = new SplitMix64(seed ^ (0x9E3779B97F4A7C15UL * (patient + 1)));
        var etas = new double[definition.RandomEffectCount];
        var offset = 0;
        for (var b = 0; b < definition.Variability.Count; b++)
        {
            var n = definition.Variability[b].Parameters.Count;
            var z = new double[n];
            for (var i = 0; i < n; i++)
            {
                z[i] = random.NextGaussian();
            }

            var l = factors[b];
            for (var row = 0; row < n; row++)
            {
                var sum = 0d;
                for (var column = 0; column <= row; column++)
                {
                    sum += l[(row * n) + column] * z[column];
                }

                etas[offset + row] = sum;
            }

            offset += n;
        }

        return etas;
    }

    private static double[][] Cholesky(ModelDefinition definition) =>
        definition.Variability.Select(block =>
        {
            var n = block.Parameters.Count;
            var a = block.Covariance;
            if (a.Count != n * n)
            {
                throw new ArgumentException($"The covariance of {string.Join(", ", block.Parameters)} is not {n} × {n}.");
            }

            var l = new double[n * n];
            for (var row = 0; row < n; row++)
            {
                for (var column = 0; column <= row; column++)
                {
                    var sum = a[(row * n) + column];
                    for (var k = 0; k < column; k++)
                    {
                        sum -= l[(row * n) + k] * l[(column * n) + k];
                    }

                    if (row == column)
                    {
                        l[(row * n) + row] = sum > 0d ? Math.Sqrt(sum) : throw new ArgumentException("A covariance matrix is not positive definite.");
                    }
                    else
                    {
                        l[(row * n) + column] = sum / l[(column * n) + column];
                    }
                }
            }

            return l;
        }).ToArray();

    // The order statistics (0-based ranks) that type-7 percentiles of `count` values need: for each percentile the
    // one at or below its position and the next, ascending and distinct.
    private static IReadOnlyList<int> OrderStatistics(IReadOnlyList<double> percentiles, int count)
    {
        var ranks = new SortedSet<int>();
        foreach (var percentile in percentiles)
        {
            var lower = (int)Math.Floor(percentile / 100d * (count - 1));
            ranks.Add(lower);
            ranks.Add(Math.Min(lower + 1, count - 1));
        }

        return [.. ranks];
    }

    // Linear interpolation between order statistics (the "type 7" definition of R and NumPy). One multiple
    // quickselect places every needed order statistic at its rank, partially ordering the span in place.
    private static void Percentiles(Span<double> values, IReadOnlyList<double> percentiles, IReadOnlyList<int> ranks, Span<double> results)
    {
        Span<int> needed = stackalloc int[ranks.Count];
        for (var i = 0; i < needed.Length; i++)
        {
            needed[i] = ranks[i];
        }

        SelectAll(values, 0, values.Length - 1, needed);
        for (var p = 0; p < percentiles.Count; p++)
        {
            var position = percentiles[p] / 100d * (values.Length - 1);
            var lower = (int)Math.Floor(position);
            var fraction = position - lower;
            var low = values[lower];
            results[p] = fraction == 0d || lower + 1 >= values.Length ? low : low + (fraction * (values[lower + 1] - low));
        }
    }

    // Hoare partitioning around a median of three, descending only into the parts that hold a rank still wanted.
    private static void SelectAll(Span<double> values, int left, int right, ReadOnlySpan<int> ranks)
    {
        while (ranks.Length > 0 && left < right)
        {
            var pivot = MedianOfThree(values[left], values[(left + right) / 2], values[right]);
            int i = left, j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            // [left, j] ≤ pivot, (j, i) = pivot (already in place), [i, right] ≥ pivot.
            var below = 0;
            while (below < ranks.Length && ranks[below] <= j)
            {
                below++;
            }

            var above = below;
            while (above < ranks.Length && ranks[above] < i)
            {
                above++;
            }

            SelectAll(values, left, j, ranks[..below]);
            left = i;
            ranks = ranks[above..];
        }
    }

    private static double MedianOfThree(double a, double b, double c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));

    private struct SplitMix64(ulong seed)
    {
        private ulong state = seed;
        private double? spare;

        private ulong Next()
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        // Marsaglia's polar method.
        public double NextGaussian()
        {
            if (spare is { } cached)
            {
                spare = null;
                return cached;
            }

            double u, v, s;
            do
            {
                u = ((Next() >> 11) * (1d / (1UL << 53)) * 2d) - 1d;
                v = ((Next() >> 11) * (1d / (1UL << 53)) * 2d) - 1d;
                s = (u * u) + (v * v);
            }
            while (s >= 1d || s == 0d);

            var factor = Math.Sqrt(-2d * Math.Log(s) / s);
            spare = v * factor;
            return u * factor;
        }
    }
}

/// <summary>Percentile bands over a virtual population.</summary>
/// <param name="Model">The model's identifier.</param>
/// <param name="Patients">How many virtual patients.</param>
/// <param name="Minutes">The output times.</param>
/// <param name="Bands">One band per requested percentile.</param>
public sealed record PopulationBands(string Model, int Patients, IReadOnlyList<double> Minutes, IReadOnlyList<PercentileBand> Bands);

/// <summary>The concentration a given percentile of virtual patients stays below, at each time.</summary>
/// <param name="Percentile">The percentile, e.g. 95.</param>
/// <param name="Concentrations">The concentration at each output time.</param>
public sealed record PercentileBand(double Percentile, IReadOnlyList<PlasmaConcentration> Concentrations);

using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;

namespace Respite.Pharmacokinetics.Simulation;

/// <summary>
/// The general path: integrates dx/dt = A x + u(t) numerically with the adaptive Dormand–Prince 5(4) method, restarting
/// at every change of input. For linear models it serves as an independent check of <see cref="PkSimulator"/>'s
/// closed form; models that are not linear would need it.
/// </summary>
public static class OdeSimulator
{
    /// <summary>Central concentrations (ng/mL) at <paramref name="minutes"/> (ascending).</summary>
    public static double[] Concentrations(LinearModel model, Regimen regimen, ReadOnlySpan<double> minutes, double relativeTolerance = 1e-8, double absoluteTolerance = 1e-12)
    {
        ArgumentNullException.ThrowIfNull(model);
        var schedule = InputSchedule.For(model, regimen);
        var n = model.CompartmentCount;
        var a = model.Rates.ToArray();
        var state = new double[n];
        var result = new double[minutes.Length];
        double[]? rates = null;
        var next = 0;
        var now = 0d;
        var hint = 0.1;
        for (var i = 0; i < minutes.Length; i++)
        {
            var target = minutes[i];
            while (next < schedule.Breakpoints.Length && schedule.Breakpoints[next] / 60_000d <= target)
            {
                var at = schedule.Breakpoints[next] / 60_000d;
                hint = DormandPrince.Integrate(Derivative(a, n, rates), state, now, at, relativeTolerance, absoluteTolerance, hint);
                now = at;
                if (schedule.Impulses[next] is { } impulse)
                {
                    for (var c = 0; c < n; c++)
                    {
                        state[c] += impulse[c];
                    }
                }

                rates = schedule.RatesAfter[next];
                next++;
            }

            hint = DormandPrince.Integrate(Derivative(a, n, rates), state, now, target, relativeTolerance, absoluteTolerance, hint);
            now = target;
            result[i] = state[model.Central] * 1000d / model.CentralVolumeLitres;
        }

        return result;
    }

    private static DormandPrince.Derivative Derivative(double[] a, int n, double[]? rates) => (_, x, dx) =>
    {
        for (var row = 0; row < n; row++)
        {
            var sum = rates?[row] ?? 0d;
            for (var column = 0; column < n; column++)
            {
                sum += a[(row * n) + column] * x[column];
            }

            dx[row] = sum;
        }
    };
}

/// <summary>The Dormand–Prince 5(4) embedded Runge–Kutta method with adaptive step size (Hairer, Nørsett, Wanner).</summary>
public static class DormandPrince
{
    /// <summary>Writes dy/dt at (t, y) into the last argument.</summary>
    public delegate void Derivative(double t, ReadOnlySpan<double> y, Span<double> dydt);

    private static readonly double[] C = [0, 1d / 5, 3d / 10, 4d / 5, 8d / 9, 1, 1];
    private static readonly double[][] A =
    [
        [],
        [1d / 5],
        [3d / 40, 9d / 40],
        [44d / 45, -56d / 15, 32d / 9],
        [19372d / 6561, -25360d / 2187, 64448d / 6561, -212d / 729],
        [9017d / 3168, -355d / 33, 46732d / 5247, 49d / 176, -5103d / 18656],
        [35d / 384, 0, 500d / 1113, 125d / 192, -2187d / 6784, 11d / 84],
    ];

    private static readonly double[] B5 = [35d / 384, 0, 500d / 1113, 125d / 192, -2187d / 6784, 11d / 84, 0];
    private static readonly double[] B4 = [5179d / 57600, 0, 7571d / 16695, 393d / 640, -92097d / 339200, 187d / 2100, 1d / 40];

    /// <summary>Integrates <paramref name="y"/> in place from <paramref name="from"/> to <paramref name="to"/>; returns the last accepted step size.</summary>
    public static double Integrate(Derivative f, double[] y, double from, double to, double relativeTolerance, double absoluteTolerance, double initialStep)
    {
        ArgumentNullException.ThrowIfNull(f);
        var n = y.Length;
        if (to <= from)
        {
            return initialStep;
        }

        var k = new double[7][];
        for (var s = 0; s < 7; s++)
        {
            k[s] = new double[n];
        }

        var trial = new double[n];
        var fifth = new double[n];
        var t = from;
        var h = Math.Min(Math.Max(initialStep, 1e-9), to - from);
        var lastAccepted = h;
        for (var guard = 0; t < to; guard++)
        {
            if (guard > 10_000_000)
            {
                throw new InvalidOperationException("The integration did not finish; the problem is too stiff for an explicit method.");
            }

            h = Math.Min(h, to - t);
            f(t, y, k[0]);
            for (var s = 1; s < 7; s++)
            {
                for (var i = 0; i < n; i++)
                {
                    var sum = y[i];
                    for (var j = 0; j < s; j++)
                    {
                        sum += h * A[s][j] * k[j][i];
                    }

                    trial[i] = sum;
                }

                f(t + (C[s] * h), trial, k[s]);
            }

            var error = 0d;
            for (var i = 0; i < n; i++)
            {
                double high = y[i], low = y[i];
                for (var s = 0; s < 7; s++)
                {
                    high += h * B5[s] * k[s][i];
                    low += h * B4[s] * k[s][i];
                }

                fifth[i] = high;
                var scale = absoluteTolerance + (relativeTolerance * Math.Max(Math.Abs(y[i]), Math.Abs(high)));
                var e = (high - low) / scale;
                error += e * e;
            }

            error = Math.Sqrt(error / n);
            if (error <= 1d)
            {
                t += h;
                Array.Copy(fifth, y, n);
                lastAccepted = h;
            }

            var growth = error == 0d ? 5d : Math.Clamp(0.9 * Math.Pow(error, -0.2), 0.2, 5d);
            h *= growth;
        }

        return lastAccepted;
    }
}

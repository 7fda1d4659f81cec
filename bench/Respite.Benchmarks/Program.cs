using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using Respite.Benchmarks;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Simulation;

// `dotnet run -c Release --project bench/Respite.Benchmarks -- agreement` prints how the closed form, the ODE path
// and (when present) SciPy's results agree; anything else is handed to BenchmarkDotNet's switcher, e.g.
// `-- --filter '*'`.
if (args is ["agreement", ..])
{
    Agreement.Print();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Scenarios).Assembly).Run(args);

/// <summary>Agreement between the exact closed form and the numerical paths on the benchmark's session profile.</summary>
internal static class Agreement
{
    public static void Print()
    {
        var model = ModelCatalog.KetamineDomino.Typical(Scenarios.Adult70);
        var times = Scenarios.SixHoursBySecond;
        var exact = new double[times.Length];
        new PkSimulator(model).Concentrations(Scenarios.Session, times, exact);
        foreach (var tolerance in new[] { 1e-3, 1e-6, 1e-8, 1e-10 })
        {
            var watch = Stopwatch.StartNew();
            var numeric = OdeSimulator.Concentrations(model, Scenarios.Session, times, tolerance, tolerance * 1e-4);
            watch.Stop();
            var (absolute, relative) = Differences(exact, numeric);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Dormand–Prince rtol {tolerance:0e0}: max |Δ| {absolute:0.###e0} ng/mL, max relative {relative:0.###e0} (values ≥ 0.1 ng/mL), {watch.Elapsed.TotalMilliseconds:0.0} ms"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Peak (closed form): {exact.Max():0.000} ng/mL"));
    }

    private static (double Absolute, double Relative) Differences(double[] exact, double[] other)
    {
        double absolute = 0, relative = 0;
        for (var i = 0; i < exact.Length; i++)
        {
            var difference = Math.Abs(exact[i] - other[i]);
            absolute = Math.Max(absolute, difference);
            if (exact[i] >= 0.1)
            {
                relative = Math.Max(relative, difference / exact[i]);
            }
        }

        return (absolute, relative);
    }
}

using System.Globalization;
using System.Text.Json;
using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;
using Respite.Pharmacokinetics.Simulation;

namespace Respite.Pharmacokinetics.Tests;

/// <summary>
/// The engine against curves computed independently with SciPy (Radau ODE solver and matrix exponential, which agree
/// with each other to 3e-9): see Reference/README.md for the equations, parameters and how to regenerate them. Every
/// concentration above 0.001 ng/mL must agree within 0.1 % (the engine in fact agrees to about 1e-8), and so must the
/// peak, its time (to the second) and the AUC.
/// </summary>
public sealed class ReferenceCurveTests
{
    private const double Tolerance = 1e-3;
    private const double Floor = 1e-3;

    public static TheoryData<string> ScenarioIds => new(Scenarios.Keys);

    private static readonly Dictionary<string, (string Model, decimal WeightKg, Dose[] Doses)> Scenarios = new()
    {
        ["domino-70kg-0.5mgkg-40min"] = ("ketamine-domino", 70m, [Infusion(0, 40, 52.5m)]),
        ["clements-91kg-bolus-and-60min"] = ("ketamine-clements", 91m, [new Bolus(TimeSpan.Zero, Mass.FromMilligrams(20m)), Infusion(0, 60, 45.5m)]),
        ["hijazi-68.4kg-titrated"] = ("ketamine-hijazi", 68.4m, [Infusion(0, 10, 30m), Infusion(10, 10, 45m), Infusion(25, 10, 45m)]),
        ["domino-80kg-two-sessions"] = ("ketamine-domino", 80m, [Infusion(0, 40, 60m), Infusion(2880, 40, 60m)]),
        ["esketamine-56mg"] = ("esketamine-intranasal", 70m, [Nasal(0, 56m)]),
        ["esketamine-84mg"] = ("esketamine-intranasal", 70m, [Nasal(0, 84m)]),
        ["esketamine-28mg"] = ("esketamine-intranasal", 70m, [Nasal(0, 28m)]),
        ["otto-80kg-20mg-30min"] = ("s-ketamine-otto", 80m, [Infusion(0, 30, 40m)]),
    };

    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public void Concentrations_AgreeWithTheIndependentSolution(string scenario)
    {
        var (model, weight, doses) = Scenarios[scenario];
        var (minutes, expected, expectedMetabolite) = ReadCsv(scenario);
        var simulator = new PkSimulator(ModelCatalog.Find(model)!.Typical(new Covariates(BodyWeight.FromKilograms(weight))));

        var profile = simulator.Simulate(Regimen.Of(doses), minutes.Select(TimeSpan.FromMinutes).ToArray());

        AssertAgree(expected, profile.Concentrations, minutes, scenario);
        if (expectedMetabolite is not null)
        {
            AssertAgree(expectedMetabolite, profile.MetaboliteConcentrations!, minutes, scenario + " (metabolite)");
        }
    }

    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public void PeakAndArea_AgreeWithTheIndependentSolution(string scenario)
    {
        var (model, weight, doses) = Scenarios[scenario];
        using var summaries = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", "summary.json")));
        var reference = summaries.RootElement.GetProperty(scenario);
        var simulator = new PkSimulator(ModelCatalog.Find(model)!.Typical(new Covariates(BodyWeight.FromKilograms(weight))));

        var summary = simulator.Summarize(Regimen.Of(doses), TimeSpan.FromMinutes(reference.GetProperty("lastMinute").GetDouble()));

        var peak = reference.GetProperty("peakNgPerMl").GetDouble();
        Assert.Equal(peak, summary.Peak.NanogramsPerMillilitre, peak * Tolerance);
        Assert.Equal(reference.GetProperty("peakMinute").GetDouble(), summary.PeakAt.TotalMinutes, 1d / 60); // the reference searched a 1-s grid
        var area = reference.GetProperty("aucNgHPerMl").GetDouble();
        Assert.Equal(area, summary.AreaNanogramHoursPerMillilitre, area * Tolerance);
    }

    private static void AssertAgree(IReadOnlyList<double> expected, IReadOnlyList<PlasmaConcentration> actual, IReadOnlyList<double> minutes, string scenario)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var value = actual[i].NanogramsPerMillilitre;
            var allowed = expected[i] >= Floor ? expected[i] * Tolerance : Floor * Tolerance;
            Assert.True(Math.Abs(value - expected[i]) <= allowed, $"{scenario} at {minutes[i]} min: expected {expected[i]} ng/mL, got {value}");
        }
    }

    private static (double[] Minutes, double[] Values, double[]? Metabolite) ReadCsv(string scenario)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Reference", scenario + ".csv"));
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        return (rows.Select(r => r[0]).ToArray(), rows.Select(r => r[1]).ToArray(), rows[0].Length > 2 ? rows.Select(r => r[2]).ToArray() : null);
    }

    private static Infusion Infusion(int start, int minutes, decimal mgPerHour) =>
        new(TimeSpan.FromMinutes(start), TimeSpan.FromMinutes(minutes), MassRate.FromMilligramsPerHour(mgPerHour));

    private static IntranasalDose Nasal(int minute, decimal mg) => new(TimeSpan.FromMinutes(minute), Mass.FromMilligrams(mg));
}

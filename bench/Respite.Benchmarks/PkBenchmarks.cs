using BenchmarkDotNet.Attributes;
using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;
using Respite.Pharmacokinetics.Simulation;

namespace Respite.Benchmarks;

/// <summary>One patient's predictions: a 6-hour session profile on a 1-second grid, and the summaries the pages show.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class SessionProfileBenchmarks
{
    private readonly double[] output = new double[Scenarios.SixHoursBySecond.Length];
    private LinearModel domino = null!;
    private LinearModel esketamine = null!;

    [GlobalSetup]
    public void Setup()
    {
        domino = ModelCatalog.KetamineDomino.Typical(Scenarios.Adult70);
        esketamine = ModelCatalog.EsketamineIntranasal.Typical(Scenarios.Adult70);
    }

    /// <summary>Closed form, 3-compartment IV, including building the simulator (one matrix exponential).</summary>
    [Benchmark(Baseline = true, Description = "Closed form: Domino IV, 6 h at 1 s")]
    public double ClosedFormIntravenous()
    {
        new PkSimulator(domino).Concentrations(Scenarios.Session, Scenarios.SixHoursBySecond, output);
        return output[2400];
    }

    /// <summary>The same curve by the adaptive Dormand–Prince ODE path (rtol 1e-8), sampled at the same 21,601 times.</summary>
    [Benchmark(Description = "ODE (Dormand–Prince 5(4), rtol 1e-8): Domino IV, 6 h at 1 s")]
    public double OdeIntravenous() => OdeSimulator.Concentrations(domino, Scenarios.Session, Scenarios.SixHoursBySecond, 1e-8, 1e-12)[2400];

    /// <summary>Closed form, 8-compartment esketamine model with metabolite, three devices.</summary>
    [Benchmark(Description = "Closed form: esketamine 84 mg, 6 h at 1 s")]
    public double ClosedFormIntranasal()
    {
        new PkSimulator(esketamine).Concentrations(Scenarios.Esketamine84, Scenarios.SixHoursBySecond, output);
        return output[2400];
    }

    /// <summary>Peak (to the millisecond), AUC and time above 100 ng/mL over 6 hours: what a plan page asks for.</summary>
    [Benchmark(Description = "Summary: peak, AUC, time above 100 ng/mL (Domino, 6 h)")]
    public TimeSpan? Summary() =>
        new PkSimulator(domino).Summarize(Scenarios.Session, TimeSpan.FromHours(6), PlasmaConcentration.FromNanogramsPerMillilitre(100)).TimeAtOrAboveThreshold;

    /// <summary>A plasma-targeted 40-minute schedule with 1-minute steps.</summary>
    [Benchmark(Description = "Target-controlled plan: 150 ng/mL for 40 min, 1-min steps (Clements)")]
    public decimal TargetControlled() =>
        TargetControlledInfusion.Plan(
            ModelCatalog.KetamineClements.Typical(Scenarios.Adult70),
            PlasmaConcentration.FromNanogramsPerMillilitre(150),
            TimeSpan.FromMinutes(40),
            TimeSpan.FromMinutes(1),
            MassRate.FromMilligramsPerHour(300m),
            MassRate.FromMilligramsPerHour(0.1m)).Total.Milligrams;
}

/// <summary>10,000 virtual patients through a three-week induction series, with 5th/50th/95th percentile bands.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 1, iterationCount: 8)]
public class PopulationBenchmarks
{
    [Params(10_000)]
    public int Patients { get; set; }

    /// <summary>Domino, six infusions over two weeks, a week of follow-up, 6,049 output times, all cores.</summary>
    [Benchmark(Description = "Population: Domino, 3-week induction, 5-min grid, P5/P50/P95")]
    public double Induction() =>
        Population.Simulate(ModelCatalog.KetamineDomino, Scenarios.Adult70, Scenarios.Induction, Scenarios.ThreeWeeksByFiveMinutes, Patients, 42, [5, 50, 95])
            .Bands[1].Concentrations[8].NanogramsPerMillilitre;

    /// <summary>The same for the esketamine model (8 compartments), twice-weekly 84 mg for three weeks.</summary>
    [Benchmark(Description = "Population: esketamine 84 mg twice weekly, 3 weeks, 5-min grid")]
    public double EsketamineInduction() =>
        Population.Simulate(
                ModelCatalog.EsketamineIntranasal,
                Scenarios.Adult70,
                Regimen.Of([.. new[] { 0, 3, 7, 10, 14, 17 }.Select(day => (Dose)new IntranasalDose(TimeSpan.FromDays(day), Respite.Pharmacokinetics.Quantities.Mass.FromMilligrams(84m)))]),
                Scenarios.ThreeWeeksByFiveMinutes,
                Patients,
                42,
                [5, 50, 95])
            .Bands[1].Concentrations[8].NanogramsPerMillilitre;
}

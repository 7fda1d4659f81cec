using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;
using Respite.Pharmacokinetics.Simulation;

namespace Respite.Pharmacokinetics.Tests;

/// <summary>The work of a simulation counted before it runs: changes of input and distinct step lengths.</summary>
public sealed class SimulationCostTests
{
    private static readonly Covariates Adult = new(BodyWeight.FromKilograms(70m));
    private static readonly Regimen HalfMgPerKgOver40 = Regimen.Of(new Infusion(TimeSpan.Zero, TimeSpan.FromMinutes(40), MassRate.FromMilligramsPerHour(52.5m)));

    [Fact]
    public void SixHoursOnAOneSecondGrid_IsOneDistinctStep()
    {
        var simulator = new PkSimulator(ModelCatalog.KetamineClements.Typical(Adult));
        var times = Enumerable.Range(0, 21_601).Select(s => TimeSpan.FromSeconds(s)).ToArray();

        Assert.Equal(new SimulationCost(InputChanges: 2, DistinctSteps: 1), simulator.Cost(HalfMgPerKgOver40, times));

        // The summary over 6 h walks a grid of 1.08 s (20,000 points) that meets the infusion's end 240 ms after a
        // grid point and 840 ms before the next.
        Assert.Equal(new SimulationCost(InputChanges: 2, DistinctSteps: 4), simulator.Cost(HalfMgPerKgOver40, times, TimeSpan.FromHours(6)));
    }

    [Fact]
    public void TimesWhoseGapsAllDiffer_CostOneStepEach()
    {
        var simulator = new PkSimulator(ModelCatalog.KetamineDomino.Typical(Adult));
        var times = Enumerable.Range(0, 500).Select(i => TimeSpan.FromMilliseconds((i * 1000L) + ((long)i * (i - 1) / 2))).ToArray();

        Assert.Equal(499, simulator.Cost(Regimen.Empty, times).DistinctSteps);
    }

    [Fact]
    public void TheGapsBetweenDosesAndTimes_AreCountedTogether()
    {
        // Instants 0, 2.5 (bolus), 5, 10 (infusion starts), 15, 20.25 (infusion stops), 30: gaps 2.5, 2.5, 5, 5, 5.25, 9.75.
        var regimen = Regimen.Of(
            new Bolus(TimeSpan.FromMinutes(2.5), Mass.FromMilligrams(10m)),
            new Infusion(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10.25), MassRate.FromMilligramsPerHour(30m)));
        var simulator = new PkSimulator(ModelCatalog.KetamineHijazi.Typical(Adult));

        var cost = simulator.Cost(regimen, [.. new[] { 0, 5, 10, 15, 30d }.Select(TimeSpan.FromMinutes)]);

        Assert.Equal(new SimulationCost(InputChanges: 4, DistinctSteps: 4), cost);
    }

    [Fact]
    public void AnIntranasalDose_ChangesTheInputAtEachDeviceAndAtTheEndOfItsSwallowedPart()
    {
        // 84 mg: devices at 0, 5 and 10 min, each swallowed part absorbed over 31.8 min (0.53 h), so the input changes
        // at 0, 5, 10, 31.8, 36.8 and 41.8 min; up to 60 min the gaps are 5, 5, 21.8, 5, 5 and 18.2 min.
        var simulator = new PkSimulator(ModelCatalog.EsketamineIntranasal.Typical(Adult));
        var regimen = Regimen.Of(new IntranasalDose(TimeSpan.Zero, Mass.FromMilligrams(84m)));

        Assert.Equal(new SimulationCost(6, 3), simulator.Cost(regimen, [TimeSpan.Zero, TimeSpan.FromMinutes(60)]));
    }

    [Fact]
    public void ASummary_AddsTheStepOfItsGrid()
    {
        // Over 4 h the summary grid is one point a second (the finest it goes), with the infusion's end on it.
        var simulator = new PkSimulator(ModelCatalog.KetamineClements.Typical(Adult));
        TimeSpan[] times = [TimeSpan.Zero, TimeSpan.FromMinutes(240)];

        Assert.Equal(2, simulator.Cost(HalfMgPerKgOver40, times).DistinctSteps);
        Assert.Equal(3, simulator.Cost(HalfMgPerKgOver40, times, TimeSpan.FromMinutes(240)).DistinctSteps);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomIntravenousRegimens_CountTheDistinctGapsOfTheMergedInstants(int seed)
    {
        var random = new Random(seed);
        var doses = new List<Dose>();
        var at = 0L;
        for (var i = 0; i < 40; i++)
        {
            at += random.Next(1, 600_000);
            if (random.Next(2) == 0)
            {
                doses.Add(new Bolus(TimeSpan.FromMilliseconds(at), Mass.FromMilligrams(5m)));
            }
            else
            {
                var length = random.Next(1, 600_000);
                doses.Add(new Infusion(TimeSpan.FromMilliseconds(at), TimeSpan.FromMilliseconds(length), MassRate.FromMilligramsPerHour(20m)));
                at += length;
            }
        }

        var times = Enumerable.Range(0, 300).Select(_ => (long)random.Next(0, (int)at)).Order().ToArray();
        var instants = doses.SelectMany(d => d is Infusion infusion ? new[] { infusion.At, infusion.End } : [d.Start])
            .Select(t => (long)t.TotalMilliseconds)
            .Where(t => t <= times[^1])
            .Concat(times)
            .Append(0L)
            .Distinct()
            .Order()
            .ToArray();
        var expected = instants.Zip(instants.Skip(1), (a, b) => b - a).Distinct().Count();
        var simulator = new PkSimulator(ModelCatalog.KetamineDomino.Typical(Adult));

        var cost = simulator.Cost(Regimen.Of([.. doses]), [.. times.Select(t => TimeSpan.FromMilliseconds(t))]);

        Assert.Equal(expected, cost.DistinctSteps);
        Assert.Equal(doses.Sum(d => d is Infusion ? 2 : 1) + 1, cost.InputChanges);
    }

    [Fact]
    public void APopulation_CostsEachPatientWhatTheTypicalPatientCosts()
    {
        var definition = ModelCatalog.EsketamineIntranasal;
        var regimen = Regimen.Of([.. Enumerable.Range(0, 8).Select(i => (Dose)new IntranasalDose(TimeSpan.FromMinutes((i * 5040) + (i * 7.3)), Mass.FromMilligrams(84m)))]);
        var minutes = Enumerable.Range(0, 2000).Select(i => i * 20.5).ToArray();

        var population = Population.Cost(definition, Adult, regimen, minutes);
        var typical = new PkSimulator(definition.Typical(Adult)).Cost(regimen, [.. minutes.Select(TimeSpan.FromMinutes)]);

        Assert.Equal(typical, population);
        Assert.Equal(8 * 6, population.InputChanges);
        Assert.Throws<ArgumentException>(() => Population.Cost(definition, Adult, regimen, [10, 5]));
    }
}

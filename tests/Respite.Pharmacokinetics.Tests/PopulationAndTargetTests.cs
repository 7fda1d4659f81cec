using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;
using Respite.Pharmacokinetics.Simulation;

namespace Respite.Pharmacokinetics.Tests;

/// <summary>Virtual populations, target-controlled planning and regimen validation.</summary>
public sealed class PopulationAndTargetTests
{
    private static readonly Covariates Adult = new(BodyWeight.FromKilograms(80m));
    private static readonly Regimen HalfMgPerKgOver40 = Regimen.Of(new Infusion(TimeSpan.Zero, TimeSpan.FromMinutes(40), MassRate.FromMilligramsPerHour(60m)));
    private static readonly double[] Minutes = Enumerable.Range(0, 61).Select(i => i * 5d).ToArray();

    [Fact]
    public void SampledRandomEffects_HaveTheModelsVariances()
    {
        var definition = ModelCatalog.SKetamineOtto;
        var draws = Enumerable.Range(0, 20_000).Select(i => Population.RandomEffects(definition, 7, i)).ToArray();

        // Ω for (V1, CL) is [[0.084177, 0.02261], [0.02261, 0.026048]].
        Assert.Equal(0.084177, Variance(draws, 0, 0), 0.004);
        Assert.Equal(0.026048, Variance(draws, 1, 1), 0.0015);
        Assert.Equal(0.02261, Variance(draws, 0, 1), 0.002);
        Assert.Equal(0d, draws.Average(d => d[0]), 0.006);
    }

    [Fact]
    public void Bands_AreOrderedDeterministicAndCentredOnTheTypicalPatient()
    {
        var definition = ModelCatalog.KetamineDomino;
        var bands = Population.Simulate(definition, Adult, HalfMgPerKgOver40, Minutes, 2_000, 42, [5, 50, 95]);
        var again = Population.Simulate(definition, Adult, HalfMgPerKgOver40, Minutes, 2_000, 42, [5, 50, 95], maxDegreeOfParallelism: 1);
        var typical = new PkSimulator(definition.Typical(Adult)).Simulate(HalfMgPerKgOver40, Minutes.Select(TimeSpan.FromMinutes).ToArray());

        Assert.Equal(bands.Bands.Select(b => b.Concentrations), again.Bands.Select(b => b.Concentrations));
        for (var i = 1; i < Minutes.Length; i++)
        {
            var (low, median, high) = (bands.Bands[0].Concentrations[i], bands.Bands[1].Concentrations[i], bands.Bands[2].Concentrations[i]);
            Assert.True(low <= median && median <= high);
            Assert.True(low < high, $"no spread at {Minutes[i]} min");
        }

        // At the end of the infusion the median virtual patient is close to the typical one.
        var end = Array.IndexOf(Minutes, 40d);
        Assert.Equal(typical.Concentrations[end].NanogramsPerMillilitre, bands.Bands[1].Concentrations[end].NanogramsPerMillilitre, typical.Concentrations[end].NanogramsPerMillilitre * 0.08);
    }

    [Fact]
    public void Percentiles_InterpolateBetweenOrderStatistics()
    {
        // A one-compartment bolus model whose only random effect is on V gives C = (D/V)·e^−η, so the percentiles of
        // C at time zero are known in closed form from the normal quantiles: P5 = C·e^{−1.645ω}, P95 = C·e^{1.645ω}.
        var definition = ModelCatalog.KetamineHijazi;
        var bands = Population.Simulate(definition, Adult, Regimen.Of(new Bolus(TimeSpan.Zero, Mass.FromMilligrams(40m))), [0d], 20_000, 3, [5, 95]);
        var typical = 40d / (1.08 * 80) * 1000d;
        var omega = Math.Sqrt(VariabilityBlock.VarianceFromCv(0.30));
        Assert.Equal(typical * Math.Exp(-1.6449 * omega), bands.Bands[0].Concentrations[0].NanogramsPerMillilitre, typical * 0.02);
        Assert.Equal(typical * Math.Exp(1.6449 * omega), bands.Bands[1].Concentrations[0].NanogramsPerMillilitre, typical * 0.03);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(301)]
    [InlineData(1_000)]
    public void Percentiles_EqualThoseOfTheSortedVirtualPatients(int patients)
    {
        // Each virtual patient simulated on its own, the values at each time sorted, the type-7 definition applied:
        // the bands must be exactly these (up to rounding), for ranks at, between and next to order statistics.
        var definition = ModelCatalog.KetamineDomino;
        double[] percentiles = [0.1, 2.5, 5, 33.3, 50, 95, 99.9];
        var bands = Population.Simulate(definition, Adult, HalfMgPerKgOver40, Minutes, patients, 11, percentiles);
        var curves = Enumerable.Range(0, patients)
            .Select(i =>
            {
                var output = new double[Minutes.Length];
                new PkSimulator(definition.Individual(Adult, Population.RandomEffects(definition, 11, i))).Concentrations(HalfMgPerKgOver40, Minutes, output);
                return output;
            })
            .ToArray();

        for (var t = 0; t < Minutes.Length; t++)
        {
            var sorted = curves.Select(c => c[t]).Order().ToArray();
            for (var p = 0; p < percentiles.Length; p++)
            {
                var position = percentiles[p] / 100d * (patients - 1);
                var lower = (int)Math.Floor(position);
                var upper = Math.Min(lower + 1, patients - 1);
                var expected = sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
                var actual = bands.Bands[p].Concentrations[t].NanogramsPerMillilitre;
                Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1d, expected), $"P{percentiles[p]} at {Minutes[t]} min: {actual} ≠ {expected}");
            }
        }
    }

    [Fact]
    public void TargetControlled_ReachesAndHoldsTheTargetWithinTheRateLimit()
    {
        var model = ModelCatalog.KetamineClements.Typical(Adult);
        var target = PlasmaConcentration.FromNanogramsPerMillilitre(150);
        var plan = TargetControlledInfusion.Plan(model, target, TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(5), MassRate.FromMilligramsPerHour(400m), MassRate.FromMilligramsPerHour(0.1m));

        Assert.NotNull(plan.ReachesTargetAt);
        Assert.All(plan.Steps, s => Assert.True(s.Rate.MilligramsPerHour <= 400m));
        Assert.All(plan.Steps, s => Assert.Equal(0m, s.Rate.MilligramsPerHour % 0.1m));
        var times = Enumerable.Range(2, 11).Select(k => TimeSpan.FromMinutes(k * 5)).ToArray(); // ends of the steps after the first
        var profile = new PkSimulator(model).Simulate(plan.Regimen, times);
        Assert.All(profile.Concentrations, c => Assert.InRange(c.NanogramsPerMillilitre, 147, 153));
        Assert.True(plan.Steps[0].Rate > plan.Steps[^1].Rate, "the loading rate is higher than the maintenance rate");
        Assert.InRange(plan.Peak.NanogramsPerMillilitre, 145, 165);
    }

    [Fact]
    public void TargetControlled_SaysWhenTheRateLimitHoldsItBack()
    {
        var model = ModelCatalog.KetamineDomino.Typical(Adult);
        var plan = TargetControlledInfusion.Plan(model, PlasmaConcentration.FromNanogramsPerMillilitre(300), TimeSpan.FromMinutes(40), TimeSpan.FromMinutes(5), MassRate.FromMilligramsPerHour(40m), MassRate.FromMilligramsPerHour(0.1m));

        Assert.True(plan.LimitedByMaximumRate);
        Assert.Null(plan.ReachesTargetAt);
        Assert.All(plan.Steps, s => Assert.Equal(40m, s.Rate.MilligramsPerHour));
        Assert.Equal(26.7m, Math.Round(plan.Total.Milligrams, 1));
    }

    [Fact]
    public void TargetControlled_NeverDeliversMoreThanTheCap()
    {
        var model = ModelCatalog.KetamineClements.Typical(Adult);
        var plan = TargetControlledInfusion.Plan(model, PlasmaConcentration.FromNanogramsPerMillilitre(200), TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(1), MassRate.FromMilligramsPerHour(1000m), MassRate.FromMilligramsPerHour(0m), Mass.FromMilligrams(40m));

        Assert.InRange(plan.Total.Milligrams, 39.99m, 40.0001m);
    }

    [Theory]
    [InlineData(-1, 10, 50, "cannot start before")]
    [InlineData(0, 0, 50, "duration must be positive")]
    [InlineData(0, 10, 0, "rate must be positive")]
    public void InvalidInfusions_AreRefusedWithAReason(int start, int minutes, int rate, string reason)
    {
        var ok = Regimen.TryCreate([new Infusion(TimeSpan.FromMinutes(start), TimeSpan.FromMinutes(minutes), MassRate.FromMilligramsPerHour(rate))], out _, out var problem);

        Assert.False(ok);
        Assert.Equal(0, problem!.Index);
        Assert.Contains(reason, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OverlappingInfusions_NameTheSecond()
    {
        var ok = Regimen.TryCreate(
            [
                new Bolus(TimeSpan.Zero, Mass.FromMilligrams(5m)),
                new Infusion(TimeSpan.Zero, TimeSpan.FromMinutes(40), MassRate.FromMilligramsPerHour(30m)),
                new Infusion(TimeSpan.FromMinutes(39), TimeSpan.FromMinutes(10), MassRate.FromMilligramsPerHour(30m)),
            ],
            out _,
            out var problem);

        Assert.False(ok);
        Assert.Equal(2, problem!.Index);
        Assert.Contains("overlap", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IntranasalDoses_OnAnIntravenousModel_AreRefused()
    {
        var simulator = new PkSimulator(ModelCatalog.KetamineDomino.Typical(Adult));
        Assert.Throws<ArgumentException>(() => simulator.Simulate(Regimen.Of(new IntranasalDose(TimeSpan.Zero, Mass.FromMilligrams(56m))), [TimeSpan.FromMinutes(10)]));
    }

    [Fact]
    public void LaterDevicesOfASession_AbsorbLessThroughTheNose()
    {
        var model = ModelCatalog.EsketamineIntranasal.Typical(Adult);
        var simulator = new PkSimulator(model);
        var oneSession = simulator.Summarize(Regimen.Of(new IntranasalDose(TimeSpan.Zero, Mass.FromMilligrams(56m))), TimeSpan.FromHours(48));
        var twoDays = simulator.Summarize(
            Regimen.Of(new IntranasalDose(TimeSpan.Zero, Mass.FromMilligrams(28m)), new IntranasalDose(TimeSpan.FromHours(24), Mass.FromMilligrams(28m))),
            TimeSpan.FromHours(48));

        // Exposure from two first devices on separate days exceeds that of a first and a later device in one session.
        Assert.True(twoDays.AreaNanogramHoursPerMillilitre > oneSession.AreaNanogramHoursPerMillilitre * 1.05);
    }

    [Fact]
    public void Summary_MeasuresTheTimeAboveAThresholdToTheSecond()
    {
        const double k = 0.01, v = 50;
        var model = LinearModel.With("central").Eliminate("central", k).Build("central", v);
        var summary = new PkSimulator(model).Summarize(Regimen.Of(new Bolus(TimeSpan.Zero, Mass.FromMilligrams(10m))), TimeSpan.FromHours(6), PlasmaConcentration.FromNanogramsPerMillilitre(100));

        // C = 200·e^(−0.01 t) ≥ 100 until t = ln 2 / 0.01 = 69.3147 min; AUC to 6 h = 200/0.01·(1 − e^−3.6)/60.
        Assert.Equal(Math.Log(2) / k, summary.TimeAtOrAboveThreshold!.Value.TotalMinutes, 1d / 60);
        Assert.Equal(200d / k * (1 - Math.Exp(-3.6)) / 60d, summary.AreaNanogramHoursPerMillilitre, 1e-8);
        Assert.Equal(TimeSpan.Zero, summary.PeakAt);
        Assert.Equal(200d, summary.Peak.NanogramsPerMillilitre, 1e-9);
    }

    [Fact]
    public void ThresholdCrossings_OfAnInfusion_AreLocatedToTheMillisecond()
    {
        // One compartment, 120 mg/h for 60 min: C = u/(kV)·(1 − e^−kt)·1000 while it runs, then C(T)·e^−k(t−T).
        const double k = 0.01, v = 50, u = 2, level = 700;
        var model = LinearModel.With("central").Eliminate("central", k).Build("central", v);
        var regimen = Regimen.Of(new Infusion(TimeSpan.Zero, TimeSpan.FromMinutes(60), MassRate.FromMilligramsPerHour(120m)));
        var atEnd = u / (k * v) * (1 - Math.Exp(-k * 60)) * 1000;
        var up = -Math.Log(1 - (level * k * v / (1000 * u))) / k;
        var down = 60 + (Math.Log(atEnd / level) / k);

        var summary = new PkSimulator(model).Summarize(regimen, TimeSpan.FromHours(6), PlasmaConcentration.FromNanogramsPerMillilitre(level));

        Assert.Equal(down - up, summary.TimeAtOrAboveThreshold!.Value.TotalMinutes, 1.5 / 60_000);
    }

    [Fact]
    public void ThresholdCrossings_AroundASmoothPeak_AreLocatedToTheMillisecond()
    {
        // All of one device into a nasal depot: C = D·ka/(V(ka − k))·(e^−kt − e^−ka·t)·1000 (Bateman), peaking at
        // ln(ka/k)/(ka − k). A threshold just under the peak is crossed twice within a second.
        const double ka = 0.1, k = 0.01, v = 50, dose = 20;
        var model = LinearModel.With("nasal depot", "swallowed depot", "central")
            .Transfer("nasal depot", "central", ka)
            .Eliminate("central", k)
            .WithIntranasal("nasal depot", "swallowed depot", new IntranasalParameters(1, 1, 0, 30, 28, 5, 60))
            .Build("central", v);
        double Concentration(double t) => dose * ka / (v * (ka - k)) * (Math.Exp(-k * t) - Math.Exp(-ka * t)) * 1000;
        var peakAt = Math.Log(ka / k) / (ka - k);
        var level = Concentration(peakAt) * (1 - 1e-9);
        double Solve(double low, double high, bool rising)
        {
            for (var i = 0; i < 200; i++)
            {
                var middle = (low + high) / 2;
                if ((Concentration(middle) >= level) == rising)
                {
                    high = middle;
                }
                else
                {
                    low = middle;
                }
            }

            return high;
        }

        var expected = Solve(peakAt, peakAt + 1, rising: false) - Solve(peakAt - 1, peakAt, rising: true);
        var summary = new PkSimulator(model).Summarize(
            Regimen.Of(new IntranasalDose(TimeSpan.Zero, Mass.FromMilligrams((decimal)dose))), TimeSpan.FromHours(6), PlasmaConcentration.FromNanogramsPerMillilitre(level));

        Assert.InRange(expected, 0.1 / 60, 1d / 60);
        Assert.Equal(expected, summary.TimeAtOrAboveThreshold!.Value.TotalMinutes, 1.5 / 60_000);
        Assert.Equal(peakAt, summary.PeakAt.TotalMinutes, 1d / 60_000);
    }

    private static double Variance(double[][] draws, int i, int j)
    {
        var (mi, mj) = (draws.Average(d => d[i]), draws.Average(d => d[j]));
        return draws.Sum(d => (d[i] - mi) * (d[j] - mj)) / (draws.Length - 1);
    }
}

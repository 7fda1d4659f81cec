using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;
using Respite.Pharmacokinetics.Simulation;

namespace Respite.Pharmacokinetics.Tests;

/// <summary>The engine against textbook closed forms it must reproduce to rounding.</summary>
public sealed class ClosedFormTests
{
    private static readonly TimeSpan[] Hourly = Enumerable.Range(0, 13).Select(h => TimeSpan.FromMinutes(h * 30)).ToArray();

    [Fact]
    public void OneCompartmentBolus_DecaysMonoExponentially()
    {
        const double k = 0.01, v = 50;
        var model = LinearModel.With("central").Eliminate("central", k).Build("central", v);
        var profile = new PkSimulator(model).Simulate(Regimen.Of(new Bolus(TimeSpan.Zero, Mass.FromMilligrams(10m))), Hourly);

        for (var i = 0; i < Hourly.Length; i++)
        {
            var expected = 10d / v * 1000d * Math.Exp(-k * Hourly[i].TotalMinutes);
            Assert.Equal(expected, profile.Concentrations[i].NanogramsPerMillilitre, expected * 1e-10);
        }
    }

    [Fact]
    public void OneCompartmentInfusion_RisesAndFallsAsTheClosedForm()
    {
        const double k = 0.02, v = 40, rate = 30d / 60d, stop = 45;
        var model = LinearModel.With("central").Eliminate("central", k).Build("central", v);
        var regimen = Regimen.Of(new Infusion(TimeSpan.Zero, TimeSpan.FromMinutes(stop), MassRate.FromMilligramsPerHour(30m)));
        var profile = new PkSimulator(model).Simulate(regimen, Hourly);

        for (var i = 0; i < Hourly.Length; i++)
        {
            var t = Hourly[i].TotalMinutes;
            var atStop = rate / (k * v) * (1 - Math.Exp(-k * Math.Min(t, stop)));
            var expected = 1000d * (t <= stop ? atStop : atStop * Math.Exp(-k * (t - stop)));
            Assert.Equal(expected, profile.Concentrations[i].NanogramsPerMillilitre, Math.Max(expected, 1) * 1e-11);
        }
    }

    [Fact]
    public void FirstOrderAbsorption_FollowsTheBatemanFunction()
    {
        const double ka = 0.05, k = 0.01, v = 100, dose = 50;
        var model = LinearModel.With("gut", "central").Transfer("gut", "central", ka).Eliminate("central", k).Build("central", v);
        var simulator = new PkSimulator(model);
        var profile = simulator.Simulate(Regimen.Of(new Bolus(TimeSpan.Zero, Mass.FromMilligrams(50m))), Hourly);

        // A bolus goes into the central compartment; put the dose in the gut instead through the amounts check below.
        var amounts = simulator.Amounts(Regimen.Of(new Bolus(TimeSpan.Zero, Mass.FromMilligrams(50m))), TimeSpan.FromMinutes(60));
        Assert.Equal(0d, amounts[0]);
        Assert.Equal(dose * Math.Exp(-k * 60), amounts[1], 1e-10);
        Assert.Equal(dose / v * 1000d, profile.Concentrations[0].NanogramsPerMillilitre, 1e-9);

        // The Bateman function, through the intranasal route with everything absorbed through the nose.
        var nasal = LinearModel.With("nose", "gut", "central")
            .Transfer("nose", "central", ka)
            .Eliminate("central", k)
            .WithIntranasal("nose", "gut", new IntranasalParameters(1d, 1d, 0d, 30d, 1000d, 5d, 60d))
            .Build("central", v);
        var bateman = new PkSimulator(nasal).Simulate(Regimen.Of(new IntranasalDose(TimeSpan.Zero, Mass.FromMilligrams(50m))), Hourly);
        for (var i = 0; i < Hourly.Length; i++)
        {
            var t = Hourly[i].TotalMinutes;
            var expected = 1000d * dose * ka / (v * (ka - k)) * (Math.Exp(-k * t) - Math.Exp(-ka * t));
            Assert.Equal(expected, bateman.Concentrations[i].NanogramsPerMillilitre, Math.Max(expected, 1) * 1e-11);
        }
    }

    [Fact]
    public void TwoCompartmentBolus_IsTheBiexponentialOfTheHybridConstants()
    {
        const double k10 = 0.0333, k12 = 0.0088, k21 = 0.0030, v1 = 70;
        var model = LinearModel.With("c", "p").Eliminate("c", k10).Transfer("c", "p", k12).Transfer("p", "c", k21).Build("c", v1);
        var profile = new PkSimulator(model).Simulate(Regimen.Of(new Bolus(TimeSpan.Zero, Mass.FromMilligrams(35m))), Hourly);

        var sum = k10 + k12 + k21;
        var root = Math.Sqrt((sum * sum) - (4 * k10 * k21));
        var alpha = (sum + root) / 2;
        var beta = (sum - root) / 2;
        var a = (alpha - k21) / (alpha - beta);
        var b = (k21 - beta) / (alpha - beta);
        for (var i = 0; i < Hourly.Length; i++)
        {
            var t = Hourly[i].TotalMinutes;
            var expected = 35d / v1 * 1000d * ((a * Math.Exp(-alpha * t)) + (b * Math.Exp(-beta * t)));
            Assert.Equal(expected, profile.Concentrations[i].NanogramsPerMillilitre, expected * 1e-10);
        }
    }

    [Fact]
    public void MatrixExponential_OfARotationGeneratorIsTheRotation()
    {
        var e = Numerics.MatrixExponential.Compute([0, -1.2, 1.2, 0], 2);
        Assert.Equal(Math.Cos(1.2), e[0], 1e-15);
        Assert.Equal(-Math.Sin(1.2), e[1], 1e-15);
        Assert.Equal(Math.Sin(1.2), e[2], 1e-15);
        Assert.Equal(Math.Cos(1.2), e[3], 1e-15);

        var stiff = Numerics.MatrixExponential.Compute([-1000d], 1);
        Assert.Equal(Math.Exp(-1000d), stiff[0], 1e-300);
    }
}

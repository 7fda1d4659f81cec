using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;
using Respite.Pharmacokinetics.Simulation;

namespace Respite.Pharmacokinetics.Tests;

/// <summary>
/// The racemic models reproduce the sanity figures of CLINICAL-SOURCES §5.1 (70 kg, 0.5 mg/kg over 40 min), and the
/// esketamine model the label's figures (§5.4).
/// </summary>
public sealed class ModelSanityTests
{
    private static readonly Covariates Adult70 = new(BodyWeight.FromKilograms(70m));

    [Theory]
    [InlineData("ketamine-domino", 240, 36d)]
    [InlineData("ketamine-clements", 177d, null)]
    [InlineData("ketamine-hijazi", 225d, null)]
    public void HalfMilligramPerKilogramOverFortyMinutes_PeaksAtTheEndOfTheInfusion(string id, double peak, double? atTwoHours)
    {
        var simulator = new PkSimulator(ModelCatalog.Find(id)!.Typical(Adult70));
        var regimen = Regimen.Of(new Infusion(TimeSpan.Zero, TimeSpan.FromMinutes(40), MassRate.FromMilligramsPerHour(52.5m)));

        var summary = simulator.Summarize(regimen, TimeSpan.FromHours(6));
        var profile = simulator.Simulate(regimen, [TimeSpan.FromHours(2)]);

        Assert.Equal(TimeSpan.FromMinutes(40), summary.PeakAt);
        Assert.InRange(summary.Peak.NanogramsPerMillilitre, peak * 0.97, peak * 1.03);
        if (atTwoHours is { } two)
        {
            Assert.InRange(profile.Concentrations[0].NanogramsPerMillilitre, two * 0.9, two * 1.1);
        }
    }

    [Fact]
    public void Esketamine84Milligrams_PeaksTwentyToFortyMinutesAfterTheLastDevice()
    {
        var simulator = new PkSimulator(ModelCatalog.EsketamineIntranasal.Typical(Adult70));
        var regimen = Regimen.Of(new IntranasalDose(TimeSpan.Zero, Mass.FromMilligrams(84m)));

        var summary = simulator.Summarize(regimen, TimeSpan.FromHours(24));

        var afterLastDevice = summary.PeakAt - TimeSpan.FromMinutes(10);
        Assert.InRange(afterLastDevice, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(45));
        Assert.InRange(summary.Peak.NanogramsPerMillilitre, 50, 300);
    }
}

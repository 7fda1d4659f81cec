using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;

namespace Respite.Pharmacokinetics.Tests;

/// <summary>A plasma-targeted schedule keeps to its maximum rate and maximum total, and says when the rate held it back.</summary>
public sealed class TargetControlledLimitTests
{
    private static readonly LinearModel Clements = ModelCatalog.KetamineClements.Typical(new Covariates(BodyWeight.FromKilograms(70.5m)));

    [Theory]
    [InlineData(40)]
    [InlineData(36.4)]     // 36.4 / 0.1 is 363.999… in binary floating point
    [InlineData(36.66)]    // not a multiple of the increment
    public void ARateCeilingThatHoldsTheScheduleBack_IsReachedOnTheIncrementGrid_AndReported(double ceiling)
    {
        var plan = TargetControlledInfusion.Plan(
            Clements, PlasmaConcentration.FromNanogramsPerMillilitre(300), TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(5),
            MassRate.FromMilligramsPerHour((decimal)ceiling), MassRate.FromMilligramsPerHour(0.1m));

        var highest = plan.Steps.Max(s => (double)s.Rate.MilligramsPerHour);
        Assert.True(plan.LimitedByMaximumRate);
        Assert.True(highest <= ceiling);
        Assert.Equal(Math.Floor(ceiling * 10 + 1e-9) / 10, highest, 9);
    }

    [Fact]
    public void ACeilingNeverReached_IsNotReported()
    {
        var plan = TargetControlledInfusion.Plan(
            Clements, PlasmaConcentration.FromNanogramsPerMillilitre(100), TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(5),
            MassRate.FromMilligramsPerHour(1000m), MassRate.FromMilligramsPerHour(0.1m));
        Assert.False(plan.LimitedByMaximumRate);
    }

    [Theory]
    [InlineData(33.33)]
    [InlineData(41.17)]
    [InlineData(12.34)]
    public void RoundingToTheIncrement_NeverDeliversMoreThanTheMaximumTotal(double cap)
    {
        var plan = TargetControlledInfusion.Plan(
            Clements, PlasmaConcentration.FromNanogramsPerMillilitre(400), TimeSpan.FromMinutes(120), TimeSpan.FromMinutes(7),
            MassRate.FromMilligramsPerHour(1000m), MassRate.FromMilligramsPerHour(0.1m), Mass.FromMilligrams((decimal)cap));
        Assert.True((double)plan.Total.Milligrams <= cap, $"{plan.Total} delivered against a maximum of {cap} mg.");
        Assert.True((double)plan.Total.Milligrams > cap - 0.1);
    }
}

using Respite.Pharmacokinetics.Quantities;

namespace Respite.Pharmacokinetics.Tests;

public sealed class QuantityArithmeticTests
{
    private static readonly BodyWeight Seventy = BodyWeight.FromKilograms(70m);

    [Fact]
    public void WeightBasedDose_ForPatient_IsMass()
    {
        Assert.Equal(35m, WeightBasedDose.FromMilligramsPerKilogram(0.5m).For(Seventy).Milligrams);
    }

    [Fact]
    public void WeightBasedRate_ForPatient_IsMassRate()
    {
        Assert.Equal(140m, WeightBasedRate.FromMilligramsPerKilogramPerHour(2m).For(Seventy).MilligramsPerHour);
    }

    [Theory]
    [InlineData(40, "52.5")]
    [InlineData(60, "35")]
    [InlineData(45, "46.6666666666666666666666666667")]
    public void Mass_OverDuration_IsExactRate(int minutes, string expected)
    {
        var rate = Mass.FromMilligrams(35m).Over(TimeSpan.FromMinutes(minutes));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), rate.MilligramsPerHour);
    }

    [Fact]
    public void Rate_OverDuration_IsMass_AndRoundTrips()
    {
        var rate = MassRate.FromMilligramsPerHour(25m);
        Assert.Equal(100m, rate.Over(TimeSpan.FromHours(4)).Milligrams);
        Assert.Equal(25m, rate.Over(TimeSpan.FromHours(4)).Over(TimeSpan.FromHours(4)).MilligramsPerHour);
    }

    [Fact]
    public void MassInConcentration_IsVolume_AndRateInConcentration_IsPumpRate()
    {
        var concentration = Concentration.FromMilligramsPerMillilitre(2m);
        Assert.Equal(17.5m, Mass.FromMilligrams(35m).In(concentration).Millilitres);
        Assert.Equal(26.25m, MassRate.FromMilligramsPerHour(52.5m).In(concentration).MillilitresPerHour);
    }

    [Fact]
    public void Per_IsTheInverseOfFor()
    {
        Assert.Equal(0.5m, Mass.FromMilligrams(35m).Per(Seventy).MilligramsPerKilogram);
        Assert.Equal(2m, MassRate.FromMilligramsPerHour(140m).Per(Seventy).MilligramsPerKilogramPerHour);
    }

    [Fact]
    public void Negative_IsRejected_ZeroDurationIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Mass.FromMilligrams(-1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => Concentration.FromMilligramsPerMillilitre(-0.1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightBasedRate.FromMilligramsPerKilogramPerHour(-2m));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mass.FromMilligrams(35m).Over(TimeSpan.Zero));
    }

    [Theory]
    [InlineData("68.25", "68.3")]
    [InlineData("68.24", "68.2")]
    [InlineData("0.05", "0.1")]
    public void Round_HalvesAwayFromZero(string value, string expected)
    {
        var rate = VolumeRate.FromMillilitresPerHour(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).Round(1);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), rate.MillilitresPerHour);
    }

    [Fact]
    public void ToString_CarriesTheUnit()
    {
        Assert.Equal("52.5 mL/h", VolumeRate.FromMillilitresPerHour(52.5m).ToString());
        Assert.Equal("0.5 mg/kg", WeightBasedDose.FromMilligramsPerKilogram(0.5m).ToString());
        Assert.True(Mass.FromMilligrams(56m) > Mass.FromMilligrams(28m));
        Assert.Equal(Mass.FromMilligrams(84m), Mass.FromMilligrams(56m) + Mass.FromMilligrams(28m));
    }
}

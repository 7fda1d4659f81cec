using Respite.Pharmacokinetics.Quantities;

namespace Respite.Pharmacokinetics.Tests;

public sealed class BodyWeightTests
{
    [Theory]
    [InlineData("0.5")]
    [InlineData("70")]
    [InlineData("72.35")]
    [InlineData("500")]
    public void FromKilograms_InRange_Accepts(string value)
    {
        var kg = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(kg, BodyWeight.FromKilograms(kg).Kilograms);
        Assert.True(BodyWeight.TryFromKilograms(kg, out _));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.49")]
    [InlineData("-70")]
    [InlineData("500.01")]
    public void FromKilograms_OutOfRange_Rejects(string value)
    {
        var kg = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(BodyWeight.TryFromKilograms(kg, out var weight));
        Assert.Equal(default, weight);
        Assert.Throws<ArgumentOutOfRangeException>(() => BodyWeight.FromKilograms(kg));
    }

    [Fact]
    public void CompareTo_OrdersByMass()
    {
        Assert.True(BodyWeight.FromKilograms(60).CompareTo(BodyWeight.FromKilograms(80)) < 0);
        Assert.Equal(BodyWeight.FromKilograms(80), BodyWeight.FromKilograms(80.0m));
    }

    [Fact]
    public void ToString_IsInvariantWithUnit()
    {
        Assert.Equal("72.5 kg", BodyWeight.FromKilograms(72.5m).ToString());
    }
}

using Respite.Clinical.Dosing;
using Respite.Clinical.Protocols;
using Respite.Pharmacokinetics.Quantities;

namespace Respite.Clinical.Tests.Dosing;

public sealed class EsketamineCalculatorTests
{
    [Theory]
    [InlineData(56, 2, 4, 10)]
    [InlineData(84, 3, 6, 15)]
    public void LabelDoses_DeviceArithmetic(int mg, int devices, int sprays, int minutes)
    {
        var result = EsketamineCalculator.Calculate(Mass.FromMilligrams(mg), ProtocolLibrary.EsketamineTrd);
        Assert.Equal(devices, result.Devices);
        Assert.Equal(sprays, result.Sprays);
        Assert.Equal(minutes, result.AdministrationMinutes);
        Assert.Equal(120, result.MinimumObservationMinutes);
        Assert.Equal(CheckOutcome.Allow, result.Outcome);
    }

    [Theory]
    [InlineData(28)]
    [InlineData(112)]
    public void SAF_DOSE_007_OtherMultiplesOf28_Warn(int mg)
    {
        var result = EsketamineCalculator.Calculate(Mass.FromMilligrams(mg));
        Assert.Equal(CheckOutcome.Warn, Assert.Single(result.Checks).Outcome);
        Assert.Equal(DoseRules.EsketamineLabelDose, result.Checks[0].RuleId);
    }

    [Theory]
    [InlineData("50")]
    [InlineData("60")]
    [InlineData("0.5")]
    public void SAF_DOSE_008_NotAMultipleOf28_Blocks(string mg)
    {
        var result = EsketamineCalculator.Calculate(Mass.FromMilligrams(decimal.Parse(mg, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains(result.Checks, c => c.RuleId == DoseRules.EsketamineDevices && c.Outcome == CheckOutcome.Block);
        Assert.Equal(CheckOutcome.Block, result.Outcome);
    }

    [Fact]
    public void SAF_DOSE_010_InfusionProtocol_Blocks()
    {
        var result = EsketamineCalculator.Calculate(Mass.FromMilligrams(56), ProtocolLibrary.IvKetamineDepression);
        Assert.Contains(result.Checks, c => c.RuleId == DoseRules.ProtocolModality && c.Outcome == CheckOutcome.Block);
    }

    [Fact]
    public void Library_EsketamineSchedulesFollowTheLabel()
    {
        var trd = ProtocolLibrary.EsketamineTrd;
        Assert.Equal([2, 1], trd.Phases.Take(2).Select(p => p.SessionsPerWeek!.Value).ToArray());
        Assert.Equal(56m, trd.Phases[0].Dose.FixedMg);
        Assert.Equal(14, trd.Phases[2].IntervalDays);
        Assert.Equal(84m, ProtocolLibrary.EsketamineMdsi.Phases[0].Dose.FixedMg);
        Assert.All(ProtocolLibrary.All, p => Assert.False(string.IsNullOrWhiteSpace(p.Source)));
    }
}

using System.Globalization;
using Respite.Clinical.Dosing;
using Respite.Clinical.Protocols;
using Respite.Pharmacokinetics.Quantities;

namespace Respite.Clinical.Tests.Dosing;

public sealed class InfusionCalculatorTests
{
    private static InfusionCalculation Dose(decimal kg, decimal mgPerKg, int minutes, decimal mgPerMl, ProtocolDefinition? protocol) =>
        InfusionCalculator.Calculate(new InfusionRequest(
            BodyWeight.FromKilograms(kg), WeightBasedDose.FromMilligramsPerKilogram(mgPerKg), null,
            TimeSpan.FromMinutes(minutes), Concentration.FromMilligramsPerMillilitre(mgPerMl), protocol));

    private static InfusionCalculation Rate(decimal kg, decimal mgPerKgPerHour, int minutes, decimal mgPerMl, ProtocolDefinition? protocol, bool first = false) =>
        InfusionCalculator.Calculate(new InfusionRequest(
            BodyWeight.FromKilograms(kg), null, WeightBasedRate.FromMilligramsPerKilogramPerHour(mgPerKgPerHour),
            TimeSpan.FromMinutes(minutes), Concentration.FromMilligramsPerMillilitre(mgPerMl), protocol, first));

    [Fact]
    public void StandardDepressionDose_70kg_GivesExactFigures()
    {
        var result = Dose(70m, 0.5m, 40, 1m, ProtocolLibrary.IvKetamineDepression);
        Assert.Equal(35.0m, result.TotalDose.Milligrams);
        Assert.Equal(35.0m, result.TotalVolume.Millilitres);
        Assert.Equal(52.5m, result.PumpRate.MillilitresPerHour);
        Assert.Equal(52.5m, result.MassRate.MilligramsPerHour);
        Assert.Equal(0.75m, result.WeightBasedRate.MilligramsPerKilogramPerHour);
        Assert.Equal(CheckOutcome.Allow, result.Outcome);
        Assert.Empty(result.Checks);
    }

    [Theory]
    [InlineData("68.4", "34.2", "51.3")]
    [InlineData("91", "45.5", "68.3")]
    [InlineData("20", "10", "15")]
    [InlineData("350", "175", "262.5")]
    public void DepressionDose_RoundsDoseTo01mgAndPumpTo01mlPerHour(string kg, string totalMg, string pumpMlPerHour)
    {
        var result = Dose(decimal.Parse(kg, System.Globalization.CultureInfo.InvariantCulture), 0.5m, 40, 1m, ProtocolLibrary.IvKetamineDepression);
        Assert.Equal(decimal.Parse(totalMg, System.Globalization.CultureInfo.InvariantCulture), result.TotalDose.Milligrams);
        Assert.Equal(decimal.Parse(pumpMlPerHour, System.Globalization.CultureInfo.InvariantCulture), result.PumpRate.MillilitresPerHour);
    }

    [Fact]
    public void Concentration_ChangesVolumeAndPumpRateOnly()
    {
        var result = Dose(80m, 0.5m, 40, 2m, ProtocolLibrary.IvKetamineDepression);
        Assert.Equal(40m, result.TotalDose.Milligrams);
        Assert.Equal(20m, result.TotalVolume.Millilitres);
        Assert.Equal(30m, result.PumpRate.MillilitresPerHour);
    }

    [Theory]
    [InlineData("0.5", CheckOutcome.Allow)]
    [InlineData("0.51", CheckOutcome.Warn)]
    [InlineData("1.0", CheckOutcome.Warn)]
    [InlineData("1.01", CheckOutcome.Block)]
    public void SAF_DOSE_001_DepressionMgPerKg_WarnsAboveUsual_BlocksAboveLimit(string mgPerKg, CheckOutcome expected)
    {
        var result = Dose(70m, decimal.Parse(mgPerKg, System.Globalization.CultureInfo.InvariantCulture), 40, 1m, ProtocolLibrary.IvKetamineDepression);
        var check = result.Checks.SingleOrDefault(c => c.RuleId == DoseRules.WeightBasedDose);
        Assert.Equal(expected, check?.Outcome ?? CheckOutcome.Allow);
    }

    [Theory]
    [InlineData(19, CheckOutcome.Block)]
    [InlineData(20, CheckOutcome.Warn)]
    [InlineData(39, CheckOutcome.Warn)]
    [InlineData(40, CheckOutcome.Allow)]
    [InlineData(60, CheckOutcome.Allow)]
    [InlineData(61, CheckOutcome.Warn)]
    [InlineData(120, CheckOutcome.Warn)]
    [InlineData(121, CheckOutcome.Block)]
    public void SAF_DOSE_004_DepressionDuration_UsualAndHardBounds(int minutes, CheckOutcome expected)
    {
        var result = Dose(70m, 0.5m, minutes, 1m, ProtocolLibrary.IvKetamineDepression);
        Assert.Equal(expected, result.Checks.Where(c => c.RuleId == DoseRules.Duration).Select(c => c.Outcome).DefaultIfEmpty(CheckOutcome.Allow).Single());
    }

    [Theory]
    [InlineData("0.4", CheckOutcome.Warn)]
    [InlineData("0.5", CheckOutcome.Allow)]
    [InlineData("2.0", CheckOutcome.Allow)]
    [InlineData("2.01", CheckOutcome.Block)]
    public void SAF_DOSE_002_PainRate_BetweenHalfAndTwoMgPerKgPerHour(string rate, CheckOutcome expected)
    {
        var result = Rate(70m, decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), 150, 1m, ProtocolLibrary.IvKetamineChronicPain);
        Assert.Equal(expected, result.Checks.Where(c => c.RuleId == DoseRules.WeightBasedRate).Select(c => c.Outcome).DefaultIfEmpty(CheckOutcome.Allow).Single());
    }

    [Fact]
    public void SAF_DOSE_002_PainRate_GivesTotalOverDuration()
    {
        var result = Rate(80m, 0.5m, 150, 1m, ProtocolLibrary.IvKetamineChronicPain);
        Assert.Equal(40m, result.MassRate.MilligramsPerHour);
        Assert.Equal(100m, result.TotalDose.Milligrams);
        Assert.Equal(40m, result.PumpRate.MillilitresPerHour);
    }

    [Theory]
    [InlineData(70, "0.5", 150, false)]
    [InlineData(60, "0.5", 150, true)]
    [InlineData(100, "0.5", 120, true)]
    [InlineData(100, "0.5", 121, false)]
    public void SAF_DOSE_006_FirstPainInfusion_AtLeast80mgOverMoreThan2h(int kg, string rate, int minutes, bool warns)
    {
        var result = Rate(kg, decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), minutes, 1m, ProtocolLibrary.IvKetamineChronicPain, first: true);
        Assert.Equal(warns, result.Checks.Any(c => c.RuleId == DoseRules.FirstPainInfusion && c.Outcome == CheckOutcome.Warn));
        var later = Rate(kg, decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), minutes, 1m, ProtocolLibrary.IvKetamineChronicPain, first: false);
        Assert.DoesNotContain(later.Checks, c => c.RuleId == DoseRules.FirstPainInfusion);
    }

    [Theory]
    [InlineData(70, "0.35", false)]
    [InlineData(71, "0.35", false)]
    [InlineData(72, "0.35", true)]
    [InlineData(100, "0.25", false)]
    [InlineData(101, "0.25", true)]
    public void SAF_DOSE_003_Crps_NeverAbove25mgPerHour(int kg, string rate, bool blocked)
    {
        var result = Rate(kg, decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), 240, 1m, ProtocolLibrary.CrpsMultiDay);
        Assert.Equal(blocked, result.Checks.Any(c => c.RuleId == DoseRules.AbsoluteRate && c.Outcome == CheckOutcome.Block));
    }

    [Fact]
    public void SAF_DOSE_002_Crps_AboveQuarterFiveMgPerKgPerHour_Blocks()
    {
        var result = Rate(60m, 0.36m, 240, 1m, ProtocolLibrary.CrpsMultiDay);
        Assert.Contains(result.Checks, c => c.RuleId == DoseRules.WeightBasedRate && c.Outcome == CheckOutcome.Block);
        Assert.Equal(CheckOutcome.Block, result.Outcome);
    }

    [Fact]
    public void SAF_DOSE_005_Crps_SessionTotalAbove100mg_Blocks()
    {
        var result = Rate(60m, 0.35m, 240, 1m, ProtocolLibrary.CrpsMultiDay with { Limits = ProtocolLibrary.CrpsMultiDay.Limits with { MaxMgPerHour = null } });
        Assert.Equal(84m, result.TotalDose.Milligrams);
        Assert.DoesNotContain(result.Checks, c => c.RuleId == DoseRules.SessionTotal);
        var heavy = Rate(120m, 0.35m, 240, 1m, ProtocolLibrary.CrpsMultiDay with { Limits = ProtocolLibrary.CrpsMultiDay.Limits with { MaxMgPerHour = null } });
        Assert.Contains(heavy.Checks, c => c.RuleId == DoseRules.SessionTotal && c.Outcome == CheckOutcome.Block);
    }

    [Fact]
    public void SAF_DOSE_009_NoProtocol_Warns()
    {
        var result = Dose(70m, 0.5m, 40, 1m, null);
        Assert.Equal(DoseRules.NoProtocol, Assert.Single(result.Checks).RuleId);
        Assert.Equal(CheckOutcome.Warn, result.Outcome);
    }

    [Fact]
    public void SAF_DOSE_010_EsketamineProtocolForInfusion_Blocks()
    {
        var result = Dose(70m, 0.5m, 40, 1m, ProtocolLibrary.EsketamineTrd);
        Assert.Equal(CheckOutcome.Block, Assert.Single(result.Checks, c => c.RuleId == DoseRules.ProtocolModality).Outcome);
    }

    [Fact]
    public void Calculate_DoseAndRateTogether_Throws()
    {
        Assert.Throws<ArgumentException>(() => InfusionCalculator.Calculate(new InfusionRequest(
            BodyWeight.FromKilograms(70), WeightBasedDose.FromMilligramsPerKilogram(0.5m), WeightBasedRate.FromMilligramsPerKilogramPerHour(1m),
            TimeSpan.FromMinutes(40), Concentration.FromMilligramsPerMillilitre(1m), null)));
    }

    [Fact]
    public void Protocols_EveryPhaseDoseRespectsItsOwnLimits()
    {
        foreach (var protocol in ProtocolLibrary.All.Where(p => p.Modality != Respite.Clinical.Screening.Modality.EsketamineNasalSpray))
        {
            foreach (var phase in protocol.Phases)
            {
                var rule = phase.Dose;
                var request = new InfusionRequest(
                    BodyWeight.FromKilograms(70), rule.MgPerKg is { } d ? WeightBasedDose.FromMilligramsPerKilogram(d) : null,
                    rule.MgPerKgPerHour is { } r ? WeightBasedRate.FromMilligramsPerKilogramPerHour(r) : null,
                    TimeSpan.FromMinutes(rule.DurationMinutes), Concentration.FromMilligramsPerMillilitre(1m), protocol);
                Assert.NotEqual(CheckOutcome.Block, InfusionCalculator.Calculate(request).Outcome);
            }
        }
    }

    [Theory]
    [InlineData("0.35", "80", null)]          // at the limit: 28 mg bolus, allowed
    [InlineData("0.36", "80", CheckOutcome.Block)]
    [InlineData("0.2", "56.5", null)]
    public void SAF_DOSE_011_PainBolus_AtMost035MgPerKg(string bolus, string kg, CheckOutcome? expected)
    {
        var request = new InfusionRequest(
            BodyWeight.FromKilograms(decimal.Parse(kg, CultureInfo.InvariantCulture)), null, WeightBasedRate.FromMilligramsPerKilogramPerHour(0.5m),
            TimeSpan.FromMinutes(150), Concentration.FromMilligramsPerMillilitre(2m), ProtocolLibrary.IvKetamineChronicPain,
            Bolus: WeightBasedDose.FromMilligramsPerKilogram(decimal.Parse(bolus, CultureInfo.InvariantCulture)));
        var result = InfusionCalculator.Calculate(request);
        var check = result.Checks.SingleOrDefault(c => c.RuleId == DoseRules.Bolus);
        Assert.Equal(expected, check?.Outcome);
        var bolusMg = Math.Round(decimal.Parse(bolus, CultureInfo.InvariantCulture) * decimal.Parse(kg, CultureInfo.InvariantCulture), 1, MidpointRounding.AwayFromZero);
        Assert.Equal(bolusMg, result.BolusDose!.Value.Milligrams);
        Assert.Equal(Math.Round(bolusMg / 2m, 1, MidpointRounding.AwayFromZero), result.BolusVolume!.Value.Millilitres);
        Assert.InRange(result.SessionTotal!.Value.Milligrams - (result.TotalDose.Milligrams + bolusMg), -0.1m, 0.1m);
    }

    [Fact]
    public void SAF_DOSE_011_BolusOnAProtocolWithout_Warns_AndTheSessionTotalCountsIt()
    {
        var withBolus = new InfusionRequest(
            BodyWeight.FromKilograms(100m), null, WeightBasedRate.FromMilligramsPerKilogramPerHour(0.25m), TimeSpan.FromMinutes(240),
            Concentration.FromMilligramsPerMillilitre(1m), ProtocolLibrary.CrpsMultiDay, Bolus: WeightBasedDose.FromMilligramsPerKilogram(0.1m));
        var crps = InfusionCalculator.Calculate(withBolus);
        Assert.Equal(CheckOutcome.Warn, crps.Checks.Single(c => c.RuleId == DoseRules.Bolus).Outcome);
        Assert.Equal(110m, crps.SessionTotal!.Value.Milligrams);
        Assert.Contains(crps.Checks, c => c.RuleId == DoseRules.SessionTotal && c.Outcome == CheckOutcome.Block);
        Assert.Null(InfusionCalculator.Calculate(withBolus with { Bolus = null }).BolusDose);
    }
}

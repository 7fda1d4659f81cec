using Respite.Clinical.Plans;
using Respite.Clinical.Protocols;
using Respite.Pharmacokinetics.Quantities;

namespace Respite.Clinical.Tests.Plans;

public sealed class SessionSchedulerTests
{
    private static string[] Iso(IEnumerable<DateOnly> dates) => dates.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void ThreeAWeek_SixInfusions_SpreadTwoTwoThreeDays()
    {
        var dates = SessionScheduler.Propose(ProtocolLibrary.IvKetamineDepression.Phases[0], new DateOnly(2026, 12, 7));
        Assert.Equal(["2026-12-07", "2026-12-09", "2026-12-11", "2026-12-14", "2026-12-16", "2026-12-18"], Iso(dates));
    }

    [Fact]
    public void ThreeAWeek_AcrossMonthAndYearEnd()
    {
        var dates = SessionScheduler.Propose(ProtocolLibrary.IvKetamineDepression.Phases[0], new DateOnly(2026, 12, 28));
        Assert.Equal(["2026-12-28", "2026-12-30", "2027-01-01", "2027-01-04", "2027-01-06", "2027-01-08"], Iso(dates));
    }

    [Fact]
    public void TwiceAWeek_EsketamineInduction_EightSessionsOverFourWeeks()
    {
        var dates = SessionScheduler.Propose(ProtocolLibrary.EsketamineTrd.Phases[0], new DateOnly(2027, 2, 22));
        Assert.Equal(["2027-02-22", "2027-02-25", "2027-03-01", "2027-03-04", "2027-03-08", "2027-03-11", "2027-03-15", "2027-03-18"], Iso(dates));
    }

    [Fact]
    public void Weekly_AndEveryTwoWeeks()
    {
        Assert.Equal(["2027-01-05", "2027-01-12", "2027-01-19", "2027-01-26"], Iso(SessionScheduler.Propose(ProtocolLibrary.EsketamineTrd.Phases[1], new DateOnly(2027, 1, 5))));
        Assert.Equal(["2027-01-05", "2027-01-19", "2027-02-02", "2027-02-16"], Iso(SessionScheduler.Propose(ProtocolLibrary.EsketamineTrd.Phases[2], new DateOnly(2027, 1, 5))));
    }

    [Fact]
    public void CrpsCourse_TenWeekdays()
    {
        var dates = SessionScheduler.Propose(ProtocolLibrary.CrpsMultiDay.Phases[0], new DateOnly(2027, 3, 1));
        Assert.Equal(10, dates.Count);
        Assert.Equal(new DateOnly(2027, 3, 1), dates[0]);
        Assert.True(dates.Zip(dates.Skip(1)).All(p => p.Second > p.First));
    }

    [Fact]
    public void EsketamineDosing_DayOne56mg_ThenTheAdjustedDose()
    {
        var protocol = ProtocolLibrary.EsketamineTrd;
        var adjustment = new DoseAdjustment(FixedDoseMg: 84m);
        var weight = BodyWeight.FromKilograms(70m);
        var concentration = Concentration.FromMilligramsPerMillilitre(1m);
        var first = SessionDosing.For(protocol, protocol.Phases[0], adjustment, weight, concentration, firstSession: true);
        var later = SessionDosing.For(protocol, protocol.Phases[0], adjustment, weight, concentration, firstSession: false);
        Assert.Equal(56m, first.DoseMg);
        Assert.Equal(2, first.Devices);
        Assert.Equal(84m, later.DoseMg);
        Assert.Equal(3, later.Devices);
        Assert.Equal(15, later.DurationMinutes);
    }

    [Fact]
    public void InfusionDosing_UsesWeightAndFlagsTheFirstPainInfusion()
    {
        var protocol = ProtocolLibrary.IvKetamineChronicPain;
        var dose = SessionDosing.For(protocol, protocol.Phases[0], new DoseAdjustment(), BodyWeight.FromKilograms(60m), Concentration.FromMilligramsPerMillilitre(1m), firstSession: true);
        Assert.Equal(75m, dose.DoseMg);
        Assert.Equal(30m, dose.RateMgPerHour);
        Assert.Contains(dose.Checks, c => c.RuleId == Respite.Clinical.Dosing.DoseRules.FirstPainInfusion);
    }
}

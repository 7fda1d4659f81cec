using Respite.Clinical.Protocols;

namespace Respite.Clinical.Tests.Protocols;

public sealed class ProtocolValidatorTests
{
    public static TheoryData<string> DefaultIds() => new(ProtocolLibrary.All.Select(p => p.Id));

    [Theory]
    [MemberData(nameof(DefaultIds))]
    public void EveryCitedDefault_IsValid(string id)
    {
        Assert.True(ProtocolLibrary.TryGet(id, out var protocol));
        Assert.Empty(ProtocolValidator.Validate(protocol));
    }

    private static string[] Fields(ProtocolDefinition protocol) => [.. ProtocolValidator.Validate(protocol).Select(p => p.Field)];

    [Fact]
    public void UsualAboveHardLimit_IsRefused_NamingTheField()
    {
        var p = ProtocolLibrary.IvKetamineDepression with { Limits = ProtocolLibrary.IvKetamineDepression.Limits with { UsualMaxMgPerKg = 1.2m } };
        Assert.Contains("limits.usualMaxMgPerKg", Fields(p));
    }

    [Fact]
    public void PhaseDoseAboveTheHardLimit_IsRefused()
    {
        var p = ProtocolLibrary.IvKetamineDepression with { Limits = ProtocolLibrary.IvKetamineDepression.Limits with { MaxMgPerKg = 0.4m, UsualMaxMgPerKg = 0.4m } };
        Assert.Equal(["phases[0].dose.mgPerKg", "phases[1].dose.mgPerKg"], Fields(p));
    }

    [Theory]
    [InlineData(0, "limits.maxMgPerKg")]
    [InlineData(6, "limits.maxMgPerKg")]
    public void AbsurdLimits_AreRefused(decimal max, string field)
    {
        var p = ProtocolLibrary.IvKetamineDepression with { Limits = ProtocolLibrary.IvKetamineDepression.Limits with { MaxMgPerKg = max } };
        Assert.Contains(field, Fields(p));
    }

    [Fact]
    public void EsketamineDoses_AreWholeDevices_AndFixed()
    {
        var trd = ProtocolLibrary.EsketamineTrd;
        var phases = trd.Phases.ToList();
        phases[0] = phases[0] with { Dose = phases[0].Dose with { FixedMg = 70m } };
        Assert.Contains("phases[0].dose.fixedMg", Fields(trd with { Phases = phases }));

        phases[0] = phases[0] with { Dose = new DoseRule(DoseBasis.WeightBasedDose, 0.5m, null, null, 10) };
        Assert.Contains("phases[0].dose.basis", Fields(trd with { Phases = phases }));
        Assert.Contains("limits.labelDosesMg", Fields(trd with { Limits = trd.Limits with { LabelDosesMg = [30m] } }));
    }

    [Theory]
    [InlineData("IV Depression")]
    [InlineData("x")]
    [InlineData("")]
    public void Ids_AreLowerCaseSlugs(string id) => Assert.Contains("id", Fields(ProtocolLibrary.IvKetamineDepression with { Id = id }));

    [Fact]
    public void APhaseNeedsAFrequency_UnlessItIsASingleSession()
    {
        var p = ProtocolLibrary.IvKetamineDepression;
        var phases = p.Phases.ToList();
        phases[1] = phases[1] with { IntervalDays = null };
        Assert.Contains("phases[1].intervalDays", Fields(p with { Phases = phases }));
        phases[1] = phases[1] with { SessionsPerWeek = 2, IntervalDays = 7 };
        Assert.Contains("phases[1].intervalDays", Fields(p with { Phases = phases }));
        Assert.Empty(Fields(ProtocolLibrary.IvKetamineChronicPain));
    }
}

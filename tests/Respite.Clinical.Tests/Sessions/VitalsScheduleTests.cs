using Respite.Clinical.Sessions;

namespace Respite.Clinical.Tests.Sessions;

public sealed class VitalsScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 14, 0, 0, TimeSpan.Zero);
    private static readonly MonitoringSettings S = MonitoringSettings.Default;

    private static VitalSigns Bp(int minutes) => new(T0.AddMinutes(minutes), 128, 82);

    private static InfusionEvent Start(int minutes) => new(T0.AddMinutes(minutes), InfusionEventKind.Start, 50m);

    private static InfusionEvent Stop(int minutes) => new(T0.AddMinutes(minutes), InfusionEventKind.Stop);

    private static VitalsScheduleInput Iv(IReadOnlyList<VitalSigns> readings, params InfusionEvent[] events) => new(false, false, readings, events, []);

    private static VitalsScheduleInput Esketamine(IReadOnlyList<VitalSigns> readings, params int[] devices) =>
        new(true, false, readings, [], [.. devices.Select(d => T0.AddMinutes(d))]);

    [Fact]
    public void NextDue_BeforeAnyDose_IsNull()
    {
        Assert.Null(VitalsSchedule.NextDue(Iv([Bp(-10)]), S));
        Assert.Null(VitalsSchedule.NextDue(Esketamine([Bp(-10)]), S));
    }

    [Fact]
    public void NextDue_Closed_IsNull()
    {
        Assert.Null(VitalsSchedule.NextDue(Iv([Bp(-10)], Start(0)) with { Closed = true }, S));
        Assert.Null(VitalsSchedule.NextDue(Esketamine([Bp(-10)], 0) with { Closed = true }, S));
    }

    [Fact]
    public void NextDue_IvRunning_TenMinutesAfterTheStartWhenTheBaselineIsOlder()
    {
        Assert.Equal(T0.AddMinutes(10), VitalsSchedule.NextDue(Iv([Bp(-15)], Start(0)), S));
    }

    [Fact]
    public void NextDue_IvRunning_TenMinutesAfterTheLastReading()
    {
        Assert.Equal(T0.AddMinutes(22), VitalsSchedule.NextDue(Iv([Bp(-15), Bp(5), Bp(12)], Start(0)), S));
    }

    [Fact]
    public void NextDue_IvPaused_KeepsTheDuringInterval()
    {
        var paused = Iv([Bp(-15), Bp(8)], Start(0), new InfusionEvent(T0.AddMinutes(10), InfusionEventKind.Pause));
        Assert.Equal(T0.AddMinutes(18), VitalsSchedule.NextDue(paused, S));
    }

    [Fact]
    public void NextDue_IvStopped_FifteenMinutesAfterTheLastReading()
    {
        Assert.Equal(T0.AddMinutes(53), VitalsSchedule.NextDue(Iv([Bp(-15), Bp(30), Bp(38)], Start(0), Stop(40)), S));
        Assert.Equal(T0.AddMinutes(70), VitalsSchedule.NextDue(Iv([Bp(-15), Bp(38), Bp(55)], Start(0), Stop(40)), S));
    }

    [Fact]
    public void NextDue_ReadingsWithoutABloodPressure_DoNotCount()
    {
        var spo2Only = new VitalSigns(T0.AddMinutes(8), SpO2: 97);
        Assert.Equal(T0.AddMinutes(10), VitalsSchedule.NextDue(Iv([Bp(-15), spo2Only], Start(0)), S));
    }

    [Fact]
    public void NextDue_UsesTheClinicsIntervals()
    {
        var settings = S with { VitalsIntervalDuringMinutes = 5, VitalsIntervalAfterMinutes = 30 };
        Assert.Equal(T0.AddMinutes(17), VitalsSchedule.NextDue(Iv([Bp(12)], Start(0)), settings));
        Assert.Equal(T0.AddMinutes(72), VitalsSchedule.NextDue(Iv([Bp(42)], Start(0), Stop(40)), settings));
    }

    [Fact]
    public void NextDue_Esketamine_BpCheckFortyMinutesAfterTheFirstDevice()
    {
        Assert.Equal(T0.AddMinutes(40), VitalsSchedule.NextDue(Esketamine([Bp(-20)], 0, 5, 10), S));
        Assert.Equal(T0.AddMinutes(40), VitalsSchedule.NextDue(Esketamine([Bp(-20), Bp(15)], 0, 5, 10), S));
    }

    [Fact]
    public void NextDue_EsketamineAfterTheCheck_FifteenMinutesAfterTheLastReading()
    {
        Assert.Equal(T0.AddMinutes(56), VitalsSchedule.NextDue(Esketamine([Bp(-20), Bp(41)], 0, 5, 10), S));
        Assert.Equal(T0.AddMinutes(47), VitalsSchedule.NextDue(Esketamine([Bp(-20), Bp(32)], 0, 5, 10), S));
        Assert.Equal(T0.AddMinutes(115), VitalsSchedule.NextDue(Esketamine([Bp(-20), Bp(41), Bp(100)], 0, 5, 10), S));
    }

    [Fact]
    public void NextDue_EsketamineCheckAtTwentyMinutes_CountsAReadingFromTwenty()
    {
        var settings = S with { EsketamineBpCheckMinutes = 20 };
        Assert.Equal(T0.AddMinutes(20), VitalsSchedule.NextDue(Esketamine([Bp(-20)], 0), settings));
        Assert.Equal(T0.AddMinutes(36), VitalsSchedule.NextDue(Esketamine([Bp(-20), Bp(21)], 0), settings));
    }

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, false)]
    [InlineData(11, true)]
    public void Evaluate_OverdueOnlyAfterTheDueTime(int nowMinutes, bool overdue)
    {
        var due = VitalsSchedule.Evaluate(Iv([Bp(-15)], Start(0)), S, T0.AddMinutes(nowMinutes));
        Assert.Equal(T0.AddMinutes(10), due.DueAt);
        Assert.Equal(overdue, due.Overdue);
    }

    [Fact]
    public void Evaluate_NothingDue_IsNeverOverdue()
    {
        Assert.Equal(new VitalsDue(null, false), VitalsSchedule.Evaluate(Iv([Bp(-15)]), S, T0.AddHours(5)));
    }
}

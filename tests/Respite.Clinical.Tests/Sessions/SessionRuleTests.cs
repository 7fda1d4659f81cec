using Respite.Clinical.Dosing;
using Respite.Clinical.Sessions;

namespace Respite.Clinical.Tests.Sessions;

public sealed class VitalsEvaluatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 14, 0, 0, TimeSpan.Zero);
    private static readonly MonitoringSettings S = MonitoringSettings.Default;

    private static VitalSigns Bp(int minutes, int sys, int dia) => new(T0.AddMinutes(minutes), sys, dia);

    private static string[] Rules(IEnumerable<MonitoringAlert> alerts) => [.. alerts.Select(a => a.RuleId)];

    [Theory]
    [InlineData(140, 90, null)]
    [InlineData(141, 80, "SAF-BP-001")]
    [InlineData(130, 91, "SAF-BP-001")]
    [InlineData(160, 100, "SAF-BP-001")]
    [InlineData(161, 95, "SAF-BP-002")]
    [InlineData(150, 101, "SAF-BP-002")]
    public void PreDose_WarnAbove140Over90_HoldAbove160Over100(int sys, int dia, string? rule)
    {
        var alerts = VitalsEvaluator.PreDose(Bp(0, sys, dia), S);
        Assert.Equal(rule is null ? [] : [rule], Rules(alerts));
        if (rule == "SAF-BP-002")
        {
            Assert.Equal(CheckOutcome.Block, alerts[0].Severity);
        }
    }

    [Fact]
    public void NeedsEarlierReadings_OnlyForReadingsThatCouldBeSustained()
    {
        Assert.False(VitalsEvaluator.NeedsEarlierReadings(Bp(10, 124, 80), S));
        Assert.True(VitalsEvaluator.NeedsEarlierReadings(Bp(10, S.PauseSystolic + 1, 80), S));
        Assert.True(VitalsEvaluator.NeedsEarlierReadings(Bp(10, 124, S.PauseDiastolic + 1), S));
        Assert.False(VitalsEvaluator.NeedsEarlierReadings(Bp(10, S.SevereSystolic + 1, 100), S));
        Assert.True(VitalsEvaluator.NeedsEarlierReadings(new VitalSigns(T0, HeartRate: S.MaxHeartRate + 1), S));
        Assert.False(VitalsEvaluator.NeedsEarlierReadings(new VitalSigns(T0, HeartRate: S.MaxHeartRate, SpO2: 80), S));
    }

    [Fact]
    public void Evaluate_WithoutEarlierReadings_IsTheSame_WhenTheyAreNotNeeded()
    {
        // Random sessions around every threshold: whenever the earlier readings are said not to be needed, leaving them
        // out changes no alert; and when they are needed, some session shows they matter.
        var random = new Random(20261206);
        int? Around(int threshold, int spread) => random.Next(5) == 0 ? null : threshold + random.Next(-spread, spread + 1);
        VitalSigns Reading(int minute)
        {
            var sys = Around(S.PauseSystolic, 30);
            int? dia = sys is null ? null : Math.Min(sys.Value - 10, S.PauseDiastolic + random.Next(-15, 15));
            int? moaas = random.Next(7) == 0 ? random.Next(0, 6) : null;
            return new VitalSigns(T0.AddMinutes(minute), sys, dia, Around(S.MaxHeartRate, 15), Around(S.MinSpO2, 6),
                Around(S.MinRespiratoryRate, 4), moaas);
        }

        var needed = 0;
        var mattered = 0;
        for (var i = 0; i < 5000; i++)
        {
            var earlier = Enumerable.Range(0, random.Next(0, 8)).Select(m => Reading(m * 3)).ToList();
            var reading = Reading(30);
            var full = Rules(VitalsEvaluator.Evaluate(reading, earlier, S));
            var without = Rules(VitalsEvaluator.Evaluate(reading, [], S));
            if (VitalsEvaluator.NeedsEarlierReadings(reading, S))
            {
                needed++;
                mattered += full.SequenceEqual(without) ? 0 : 1;
            }
            else
            {
                Assert.Equal(full, without);
            }
        }

        Assert.InRange(needed, 500, 4500);
        Assert.True(mattered > 100, $"{mattered} of {needed}");
    }

    [Fact]
    public void SAF_BP_003_NeedsTwoHighReadingsAtLeastFiveMinutesApart()
    {
        Assert.Empty(VitalsEvaluator.Evaluate(Bp(10, 185, 100), [], S));
        Assert.Empty(VitalsEvaluator.Evaluate(Bp(14, 185, 100), [Bp(10, 185, 100)], S));
        Assert.Equal(["SAF-BP-003"], Rules(VitalsEvaluator.Evaluate(Bp(15, 182, 100), [Bp(10, 185, 100)], S)));
        Assert.Equal(["SAF-BP-003"], Rules(VitalsEvaluator.Evaluate(Bp(20, 170, 112), [Bp(10, 181, 100), Bp(15, 150, 90)], S)));
        Assert.Empty(VitalsEvaluator.Evaluate(Bp(20, 170, 100), [Bp(10, 185, 100)], S));
    }

    [Theory]
    [InlineData(201, 100)]
    [InlineData(170, 121)]
    public void SAF_BP_004_OneSevereReading_IsEnough(int sys, int dia) =>
        Assert.Equal(["SAF-BP-004"], Rules(VitalsEvaluator.Evaluate(Bp(5, sys, dia), [], S)));

    [Fact]
    public void SAF_HR_001_TachycardiaMustBeSustained()
    {
        var earlier = new VitalSigns(T0, HeartRate: 125);
        Assert.Empty(VitalsEvaluator.Evaluate(new VitalSigns(T0.AddMinutes(3), HeartRate: 130), [earlier], S));
        Assert.Equal(["SAF-HR-001"], Rules(VitalsEvaluator.Evaluate(new VitalSigns(T0.AddMinutes(5), HeartRate: 121), [earlier], S)));
        Assert.Empty(VitalsEvaluator.Evaluate(new VitalSigns(T0.AddMinutes(5), HeartRate: 120), [earlier], S));
    }

    [Theory]
    [InlineData(92, 10, 4, new string[0])]
    [InlineData(91, 10, 5, new[] { "SAF-SPO2-001" })]
    [InlineData(96, 9, 5, new[] { "SAF-RR-001" })]
    [InlineData(96, 12, 3, new[] { "SAF-SED-001" })]
    [InlineData(96, 12, 0, new[] { "SAF-SED-002" })]
    public void Oxygen_Breathing_Sedation(int spo2, int rr, int moaas, string[] rules) =>
        Assert.Equal(rules, Rules(VitalsEvaluator.Evaluate(new VitalSigns(T0, SpO2: spo2, RespiratoryRate: rr, Moaas: moaas), [], S)));

    [Theory]
    [InlineData(400, 80, "systolic")]
    [InlineData(120, 80, null)]
    [InlineData(80, 120, "diastolic")]
    public void ImpossibleValues_AreRefused(int sys, int dia, string? field)
    {
        var problems = VitalSigns.Validate(new VitalSigns(T0, sys, dia));
        Assert.Equal(field is null ? [] : [field], problems.Select(p => p.Field).ToArray());
    }

    [Fact]
    public void SpO2Above100_AndEmptyReadings_AreRefused()
    {
        Assert.Contains("spo2", VitalSigns.Validate(new VitalSigns(T0, SpO2: 120)).Select(p => p.Field));
        Assert.Contains("systolic", VitalSigns.Validate(new VitalSigns(T0)).Select(p => p.Field));
        Assert.Contains("diastolic", VitalSigns.Validate(new VitalSigns(T0, Systolic: 120)).Select(p => p.Field));
    }

    [Fact]
    public void Settings_CannotBeLooserThanTheLabel()
    {
        Assert.Empty(S.Validate());
        var fields = (S with { EsketamineObservationMinutes = 90, EsketamineDeviceSpacingMinutes = 3, EsketamineFoodFastMinutes = 60 }).Validate().Select(p => p.Field).ToArray();
        Assert.Equal(["esketamineFoodFastMinutes", "esketamineDeviceSpacingMinutes", "esketamineObservationMinutes"], fields);
    }
}

public sealed class PreCheckEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 14, 0, 0, TimeSpan.Zero);

    private static PreCheckInput Esketamine(int foodMinutesAgo = 180, int liquidMinutesAgo = 60, bool ride = true, bool? rems = true, bool meds = false, bool? pregnant = false) =>
        new(true, new VitalSigns(Now, 128, 82, 72, 98), Now, Now.AddMinutes(-foodMinutesAgo), Now.AddMinutes(-liquidMinutesAgo), ride, rems, meds, pregnant);

    private static string[] Rules(PreCheckInput input) => [.. PreCheckEvaluator.Evaluate(input, MonitoringSettings.Default).Select(a => a.RuleId)];

    [Fact]
    public void AllClear_RaisesNothing() => Assert.Empty(Rules(Esketamine()));

    [Theory]
    [InlineData(119, 60)]
    [InlineData(180, 29)]
    public void SAF_PRE_001_Fasting(int food, int liquid) => Assert.Equal(["SAF-PRE-001"], Rules(Esketamine(food, liquid)));

    [Fact]
    public void SAF_PRE_001_UnknownFasting_IsAsked() =>
        Assert.Equal(["SAF-PRE-001"], Rules(Esketamine() with { LastFood = null }));

    [Fact]
    public void SAF_PRE_002_003_004_005()
    {
        Assert.Equal(["SAF-PRE-002"], Rules(Esketamine(ride: false)));
        Assert.Equal(["SAF-PRE-003"], Rules(Esketamine(rems: null)));
        Assert.Equal(["SAF-PRE-004"], Rules(Esketamine(meds: true)));
        Assert.Equal(["SAF-PRE-005"], Rules(Esketamine(pregnant: true)));
    }

    [Fact]
    public void IvInfusion_NeedsNoRemsOrFasting_PregnancyOnlyWarns()
    {
        var iv = Esketamine(foodMinutesAgo: 10, liquidMinutesAgo: 5, rems: null, pregnant: true) with { Esketamine = false };
        var alerts = PreCheckEvaluator.Evaluate(iv, MonitoringSettings.Default);
        var alert = Assert.Single(alerts);
        Assert.Equal(("SAF-PRE-005", CheckOutcome.Warn), (alert.RuleId, alert.Severity));
    }
}

public sealed class InfusionLedgerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CumulativeDose_FollowsRateChangesPausesAndBoluses()
    {
        var ledger = new InfusionLedger();
        ledger.Add(new(T0, InfusionEventKind.Start, RateMgPerHour: 52.5m));                          // 0.5 mg/kg over 40 min at 70 kg
        ledger.Add(new(T0.AddMinutes(10), InfusionEventKind.RateChange, RateMgPerHour: 30m, Reason: "Nausea"));
        ledger.Add(new(T0.AddMinutes(20), InfusionEventKind.Pause));
        ledger.Add(new(T0.AddMinutes(25), InfusionEventKind.Resume, RateMgPerHour: 60m));
        ledger.Add(new(T0.AddMinutes(30), InfusionEventKind.Bolus, BolusMg: 5m));
        Assert.Equal(8.75m, ledger.CumulativeDose(T0.AddMinutes(10)).Milligrams);
        Assert.Equal(13.75m, ledger.CumulativeDose(T0.AddMinutes(20)).Milligrams);
        Assert.Equal(13.75m, ledger.CumulativeDose(T0.AddMinutes(24)).Milligrams);
        Assert.Equal(23.75m, ledger.CumulativeDose(T0.AddMinutes(30)).Milligrams);
        Assert.Equal(33.75m, ledger.CumulativeDose(T0.AddMinutes(40)).Milligrams);   // still running: counted live
        ledger.Add(new(T0.AddMinutes(45), InfusionEventKind.Stop));
        Assert.Equal(38.75m, ledger.CumulativeDose(T0.AddHours(3)).Milligrams);
        Assert.Equal(40d, ledger.RunningMinutes(T0.AddHours(3)), 6);
        Assert.Equal(InfusionState.Stopped, ledger.State);
    }

    [Fact]
    public void EventsThatDoNotFitTheState_AreRefused()
    {
        var ledger = new InfusionLedger();
        Assert.Throws<InvalidOperationException>(() => ledger.Add(new(T0, InfusionEventKind.Resume, RateMgPerHour: 10m)));
        ledger.Add(new(T0, InfusionEventKind.Start, RateMgPerHour: 10m));
        Assert.Throws<InvalidOperationException>(() => ledger.Add(new(T0.AddMinutes(1), InfusionEventKind.RateChange, RateMgPerHour: 20m)));
        Assert.Throws<InvalidOperationException>(() => ledger.Add(new(T0.AddMinutes(-1), InfusionEventKind.Pause)));
        Assert.Throws<InvalidOperationException>(() => ledger.Add(new(T0.AddMinutes(1), InfusionEventKind.Start, RateMgPerHour: 10m)));
        ledger.Add(new(T0.AddMinutes(2), InfusionEventKind.Stop));
        Assert.Throws<InvalidOperationException>(() => ledger.Add(new(T0.AddMinutes(3), InfusionEventKind.Bolus, BolusMg: 5m)));
    }
}

public sealed class DischargeTests
{
    private static readonly DateTimeOffset Dosed = new(2026, 12, 7, 14, 0, 0, TimeSpan.Zero);

    private static DischargeInput Ready(bool esketamine, int minutesAfterDose) => new(
        esketamine, Dosed.AddMinutes(minutesAfterDose), Dosed, new VitalSigns(Dosed.AddMinutes(minutesAfterDose - 5), 132, 84, 80, 97, 14), 5, 2, 2, true, true, true);

    private static string[] Rules(DischargeInput input) => [.. DischargeEvaluator.Evaluate(input, MonitoringSettings.Default).Select(a => a.RuleId)];

    [Theory]
    [InlineData(119, true)]
    [InlineData(120, false)]
    public void SAF_DIS_001_EsketamineTwoHourRule(int minutes, bool blocked) =>
        Assert.Equal(blocked ? ["SAF-DIS-001"] : [], Rules(Ready(true, minutes)));

    [Fact]
    public void SAF_DIS_001_TheSettingCannotShortenTheLabelMinimum() =>
        Assert.Equal(["SAF-DIS-001"], DischargeEvaluator.Evaluate(Ready(true, 100), MonitoringSettings.Default with { EsketamineObservationMinutes = 60 }).Select(a => a.RuleId).ToArray());

    [Fact]
    public void IvInfusion_UsesTheClinicsObservationTime() =>
        Assert.Equal([[], ["SAF-DIS-001"]], new[] { Rules(Ready(false, 60)), Rules(Ready(false, 59)) });

    [Fact]
    public void EveryOtherCriterion_HasItsRule()
    {
        var ready = Ready(true, 150);
        Assert.Equal(["SAF-DIS-002"], Rules(ready with { LastVitals = ready.LastVitals! with { Systolic = 150 } }));
        Assert.Equal(["SAF-DIS-002"], Rules(ready with { LastVitals = null }));
        Assert.Equal(["SAF-DIS-003"], Rules(ready with { LastMoaas = 4 }));
        Assert.Equal(["SAF-DIS-004"], Rules(ready with { CadssNow = 6 }));
        Assert.Equal(["SAF-DIS-004"], Rules(ready with { CadssNow = null, CadssPreDose = null, DissociationClinicallyResolved = false }));
        Assert.Equal(["SAF-DIS-005"], Rules(ready with { Ambulating = false }));
        Assert.Equal(["SAF-DIS-006"], Rules(ready with { EscortPresent = false }));
    }

    [Fact]
    public void ClinicallyReadyAt_IsTheFirstTimeOnlyTheTwoHourRuleHeld()
    {
        var s = MonitoringSettings.Default;
        var checks = new[] { 60, 75, 90 }.Select(m =>
        {
            var input = Ready(true, m) with { LastMoaas = m < 75 ? 4 : 5 };
            return (input.AssessedAt, DischargeEvaluator.Evaluate(input, s));
        }).ToList();
        Assert.Equal(Dosed.AddMinutes(75), DischargeEvaluator.ClinicallyReadyAt(checks));
    }

    [Fact]
    public void SAF_ESK_001_DevicesFiveMinutesApart()
    {
        var s = MonitoringSettings.Default;
        Assert.Null(DeviceSpacing.Check([], Dosed, s));
        Assert.Null(DeviceSpacing.Check([Dosed], Dosed.AddMinutes(5), s));
        Assert.Equal("SAF-ESK-001", DeviceSpacing.Check([Dosed], Dosed.AddMinutes(4).AddSeconds(30), s)!.RuleId);
    }
}

public sealed class RemsFormTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 14, 0, 0, TimeSpan.Zero);

    private static RemsFacts Facts(bool discharged = true, bool bpAt40 = true, string lot = "24K031", int devices = 2) => new(
        "Jordan Example", new DateOnly(1984, 3, 14), "Respite Demo Clinic", discharged ? "Noah Nurse" : null, ["Lorazepam (benzodiazepine)"],
        [.. Enumerable.Range(0, devices).Select(i => (T0.AddMinutes(5 * i), lot))],
        new VitalSigns(T0.AddMinutes(-10), 128, 82),
        [new VitalSigns(T0.AddMinutes(-10), 128, 82), .. bpAt40 ? new[] { new VitalSigns(T0.AddMinutes(40), 146, 92, Moaas: 4) } : [], new VitalSigns(T0.AddMinutes(125), 130, 84, Moaas: 5)],
        discharged ? T0.AddMinutes(130) : null, T0.AddMinutes(80), false, [("dissociation", "mild")], [], new DateOnly(2026, 12, 7));

    [Fact]
    public void ACompleteSession_AnswersEveryQuestion()
    {
        var form = RemsFormBuilder.Build(Facts(), MonitoringSettings.Default);
        Assert.True(form.Complete);
        Assert.Equal(("56 mg", 130, new DateOnly(2026, 12, 14)), (form.DoseCategory, form.TotalMinutesMonitored!.Value, form.DueOn));
        Assert.Equal([-10, 40, 125], form.BloodPressures.Select(b => b.MinutesAfterDose).ToArray());
        Assert.True(form.Sedation);
        Assert.True(form.Dissociation);
        Assert.Equal(T0.AddMinutes(80), form.CouldHaveLeftAt);
        Assert.Equal(["dissociation (mild)"], form.AdverseEvents);
    }

    [Fact]
    public void MissingAnswers_AreListed()
    {
        var form = RemsFormBuilder.Build(Facts(discharged: false, bpAt40: false, lot: ""), MonitoringSettings.Default);
        Assert.False(form.Complete);
        Assert.Equal(4, form.Missing.Count);
        Assert.Equal("other (28 mg)", RemsFormBuilder.Build(Facts(devices: 1), MonitoringSettings.Default).DoseCategory);
    }
}

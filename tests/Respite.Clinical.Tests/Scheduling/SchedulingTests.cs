using Respite.Clinical.Scheduling;

namespace Respite.Clinical.Tests.Scheduling;

public sealed class ClinicClockTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Theory]
    [InlineData("2026-01-15", "09:00", "2026-01-15T14:00:00Z", LocalTimeResolution.Exact)]
    [InlineData("2026-07-15", "09:00", "2026-07-15T13:00:00Z", LocalTimeResolution.Exact)]
    [InlineData("2026-03-08", "02:30", "2026-03-08T07:30:00Z", LocalTimeResolution.ShiftedOutOfGap)]
    [InlineData("2026-11-01", "01:30", "2026-11-01T05:30:00Z", LocalTimeResolution.FirstOfAmbiguous)]
    [InlineData("2026-11-01", "09:00", "2026-11-01T14:00:00Z", LocalTimeResolution.Exact)]
    public void NewYork_LocalTimes_AcrossDaylightSavingChanges(string date, string time, string expectedUtc, LocalTimeResolution resolution)
    {
        var resolved = ClinicClock.ToInstant(DateOnly.Parse(date), TimeOnly.Parse(time), NewYork);
        Assert.Equal(DateTimeOffset.Parse(expectedUtc), resolved.Instant);
        Assert.Equal(resolution, resolved.Resolution);
    }

    [Fact]
    public void London_SpringForwardGap_MovesAnHourLater()
    {
        var resolved = ClinicClock.ToInstant(new DateOnly(2026, 3, 29), new TimeOnly(1, 15), London);
        Assert.Equal(LocalTimeResolution.ShiftedOutOfGap, resolved.Resolution);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 15, 0, TimeSpan.Zero), resolved.Instant);
        Assert.Equal(new TimeOnly(2, 15), TimeOnly.FromDateTime(ClinicClock.ToLocal(resolved.Instant, London).DateTime));
    }
}

public sealed class OpeningHoursTests
{
    private static readonly OpeningHours Hours = new(
        [
            new OpeningInterval(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(12, 0)),
            new OpeningInterval(DayOfWeek.Monday, new TimeOnly(13, 0), new TimeOnly(18, 0)),
            new OpeningInterval(DayOfWeek.Wednesday, new TimeOnly(8, 0), new TimeOnly(18, 0)),
        ],
        [new DateOnly(2026, 12, 2)]);

    [Theory]
    [InlineData("2026-11-30", "08:00", 240, true)]   // Monday morning, exactly to the lunch break
    [InlineData("2026-11-30", "11:00", 90, false)]   // runs into the lunch break
    [InlineData("2026-11-30", "13:00", 300, true)]   // the whole afternoon
    [InlineData("2026-11-30", "17:00", 61, false)]   // one minute past closing
    [InlineData("2026-12-01", "09:00", 30, false)]   // Tuesday: closed
    [InlineData("2026-12-02", "09:00", 30, false)]   // Wednesday, but a closed date
    [InlineData("2026-12-09", "09:00", 30, true)]
    [InlineData("2026-12-09", "23:30", 60, false)]   // would pass midnight
    public void Covers(string date, string start, int minutes, bool expected) =>
        Assert.Equal(expected, Hours.Covers(DateOnly.Parse(date), TimeOnly.Parse(start), minutes));

    [Fact]
    public void NextOpenDay_SkipsClosedWeekdaysAndClosedDates()
    {
        Assert.Equal(new DateOnly(2026, 12, 7), Hours.NextOpenDay(new DateOnly(2026, 12, 1)));
        Assert.Null(new OpeningHours([]).NextOpenDay(new DateOnly(2026, 12, 1)));
    }

    [Fact]
    public void AnIntervalClosingBeforeItOpens_IsRejected() =>
        Assert.Throws<ArgumentException>(() => new OpeningHours([new OpeningInterval(DayOfWeek.Monday, new TimeOnly(18, 0), new TimeOnly(8, 0))]));
}

public sealed class ConflictDetectorTests
{
    private static readonly Guid ChairA = Guid.NewGuid();
    private static readonly Guid ChairB = Guid.NewGuid();
    private static readonly Guid Patient = Guid.NewGuid();
    private static readonly DateTimeOffset Nine = new(2026, 12, 7, 14, 0, 0, TimeSpan.Zero);

    private static Booking At(Guid? chair, Guid? patient, string? nurse, int startMinutes, int minutes) =>
        new(Guid.NewGuid(), chair, patient, nurse, Nine.AddMinutes(startMinutes), Nine.AddMinutes(startMinutes + minutes));

    [Fact]
    public void TakenChair_PatientElsewhere_AreBothReported()
    {
        var existing = new[] { At(ChairA, Guid.NewGuid(), null, 30, 60), At(ChairB, Patient, null, 60, 30) };
        var conflicts = ConflictDetector.Find(new Candidate(ChairA, Patient, null, Nine, Nine.AddMinutes(90)), existing, 2);
        Assert.Equal([ConflictKind.ChairTaken, ConflictKind.PatientBusy], conflicts.Select(c => c.Kind).Order().ToArray());
        Assert.Equal(existing[0].Id, conflicts.Single(c => c.Kind == ConflictKind.ChairTaken).AppointmentId);
    }

    [Fact]
    public void BackToBack_IsNotAConflict()
    {
        var existing = new[] { At(ChairA, Patient, "n1", -60, 60), At(ChairA, Patient, "n1", 90, 30) };
        Assert.Empty(ConflictDetector.Find(new Candidate(ChairA, Patient, "n1", Nine, Nine.AddMinutes(90)), existing, 1));
    }

    [Fact]
    public void SAF_SCHED_002_NurseCapacity_CountsPatientsAtTheSameInstant()
    {
        // Two patients with the nurse, but never at the same time: a third fits under a limit of 2.
        var sequential = new[] { At(Guid.NewGuid(), null, "n1", 0, 60), At(Guid.NewGuid(), null, "n1", 60, 60) };
        Assert.Empty(ConflictDetector.Find(new Candidate(ChairA, Patient, "n1", Nine, Nine.AddMinutes(120)), sequential, 2));

        // Two at once: a third is refused with the rule id; another nurse is free.
        var parallel = new[] { At(Guid.NewGuid(), null, "n1", 0, 60), At(Guid.NewGuid(), null, "n1", 30, 60) };
        var conflict = Assert.Single(ConflictDetector.Find(new Candidate(ChairA, Patient, "n1", Nine, Nine.AddMinutes(120)), parallel, 2));
        Assert.Equal(ConflictKind.NurseAtCapacity, conflict.Kind);
        Assert.Equal(SchedulingRules.NurseCapacity, conflict.RuleId);
        Assert.Empty(ConflictDetector.Find(new Candidate(ChairA, Patient, "n2", Nine, Nine.AddMinutes(120)), parallel, 2));
        Assert.Empty(ConflictDetector.Find(new Candidate(ChairA, Patient, "n1", Nine, Nine.AddMinutes(120)), parallel, 3));
    }

    [Fact]
    public void TheAppointmentBeingMoved_DoesNotConflictWithItself()
    {
        var existing = At(ChairA, Patient, null, 0, 60);
        Assert.Empty(ConflictDetector.Find(new Candidate(ChairA, Patient, null, Nine.AddMinutes(15), Nine.AddMinutes(75), existing.Id), [existing], 2));
    }
}

public sealed class SeriesBookerTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly Guid Chair1 = Guid.NewGuid();
    private static readonly Guid Chair2 = Guid.NewGuid();
    private static readonly Guid Patient = Guid.NewGuid();
    private static readonly SeriesPlace Weekdays = new(OpeningHours.Weekdays(new TimeOnly(8, 0), new TimeOnly(18, 0)), NewYork, [Chair1, Chair2]);

    private static SeriesRequest Request(TimeOnly start, int minutes, params string[] dates) =>
        new([.. dates.Select((d, i) => (i + 1, DateOnly.Parse(d)))], start, minutes, Patient, null);

    [Fact]
    public void TwiceWeeklyAcrossMonthEndAndDst_KeepsTheLocalTime_SkipsTheWeekend()
    {
        // Esketamine induction: twice a week from Thu 29 Oct 2026; clocks go back on Sun 1 Nov; Sun 1 Nov is closed.
        var slots = SeriesBooker.Propose(Request(new TimeOnly(9, 0), 150, "2026-10-29", "2026-11-01", "2026-11-05", "2026-11-08"), Weekdays, [], SchedulingSettings.Default);
        Assert.Equal(["2026-10-29", "2026-11-02", "2026-11-05", "2026-11-09"], slots.Select(s => s.Date.ToString("yyyy-MM-dd")).ToArray());
        Assert.Equal([SlotStatus.AsPlanned, SlotStatus.Moved, SlotStatus.AsPlanned, SlotStatus.Moved], slots.Select(s => s.Status).ToArray());
        Assert.Contains("Closed on Sun 1 Nov 2026", slots[1].Notes[0]);
        Assert.All(slots, s => Assert.Equal(new TimeOnly(9, 0), s.LocalStart));
        Assert.Equal(new DateTimeOffset(2026, 10, 29, 13, 0, 0, TimeSpan.Zero), slots[0].Start); // EDT, UTC-4
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero), slots[1].Start);  // EST, UTC-5
        Assert.All(slots, s => Assert.Equal(TimeSpan.FromMinutes(150), s.End - s.Start));
    }

    [Fact]
    public void AClosedDayMove_NeverLandsOnADayTheSeriesUses()
    {
        // Saturday moves to Monday, which already holds the next session: that one goes to Tuesday.
        var slots = SeriesBooker.Propose(Request(new TimeOnly(9, 0), 60, "2026-12-05", "2026-12-07"), Weekdays, [], SchedulingSettings.Default);
        Assert.Equal(["2026-12-07", "2026-12-08"], slots.Select(s => s.Date.ToString("yyyy-MM-dd")).ToArray());
    }

    [Fact]
    public void TakenChair_UsesTheNextChair_ThenALaterTime_ThenReportsConflicts()
    {
        var nine = ClinicClock.ToInstant(new DateOnly(2026, 12, 7), new TimeOnly(9, 0), NewYork).Instant;
        var chair1Busy = new Booking(Guid.NewGuid(), Chair1, Guid.NewGuid(), null, nine, nine.AddHours(2));
        var chair2Busy = new Booking(Guid.NewGuid(), Chair2, Guid.NewGuid(), null, nine, nine.AddHours(1));

        var other = SeriesBooker.Propose(Request(new TimeOnly(9, 0), 60, "2026-12-07"), Weekdays, [chair1Busy], SchedulingSettings.Default).Single();
        Assert.Equal((Chair2, SlotStatus.Moved, new TimeOnly(9, 0)), (other.ChairId!.Value, other.Status, other.LocalStart));

        var later = SeriesBooker.Propose(Request(new TimeOnly(9, 0), 60, "2026-12-07"), Weekdays, [chair1Busy, chair2Busy], SchedulingSettings.Default).Single();
        Assert.Equal((Chair2, new TimeOnly(10, 0)), (later.ChairId!.Value, later.LocalStart));
        Assert.Contains("Starts at 10:00 instead of 09:00.", later.Notes);

        // The patient is busy all day: nothing fits, and the conflict says why.
        var allDay = new Booking(Guid.NewGuid(), Guid.NewGuid(), Patient, null, nine.AddHours(-2), nine.AddHours(9));
        var stuck = SeriesBooker.Propose(Request(new TimeOnly(9, 0), 60, "2026-12-07"), Weekdays, [allDay], SchedulingSettings.Default).Single();
        Assert.Equal(SlotStatus.Unresolved, stuck.Status);
        Assert.Null(stuck.ChairId);
        Assert.Contains(stuck.Conflicts, c => c.Kind == ConflictKind.PatientBusy && c.AppointmentId == allDay.Id);
    }

    [Fact]
    public void PreferredTimeTooLateForTheSession_MovesEarlierTheSameDay()
    {
        var slot = SeriesBooker.Propose(Request(new TimeOnly(16, 0), 165, "2026-12-07"), Weekdays, [], SchedulingSettings.Default).Single();
        Assert.Equal(new TimeOnly(15, 15), slot.LocalStart);
        Assert.Equal(SlotStatus.Moved, slot.Status);
    }

    [Fact]
    public void TheSeriesDoesNotConflictWithItself_AndEveryPlacedSessionIsFree()
    {
        var dates = Enumerable.Range(0, 8).Select(i => new DateOnly(2026, 12, 1).AddDays(i * 3).ToString("yyyy-MM-dd")).ToArray();
        var existing = Enumerable.Range(0, 30).Select(i => new Booking(Guid.NewGuid(), i % 2 == 0 ? Chair1 : Chair2, Guid.NewGuid(), null,
            ClinicClock.ToInstant(new DateOnly(2026, 12, 1).AddDays(i), new TimeOnly(9, 0), NewYork).Instant,
            ClinicClock.ToInstant(new DateOnly(2026, 12, 1).AddDays(i), new TimeOnly(11, 0), NewYork).Instant)).ToList();
        var slots = SeriesBooker.Propose(Request(new TimeOnly(9, 0), 90, dates), Weekdays, existing, SchedulingSettings.Default);
        Assert.Equal(8, slots.Count);
        Assert.All(slots.Where(s => s.Status != SlotStatus.Unresolved), s =>
        {
            Assert.Empty(ConflictDetector.Find(new Candidate(s.ChairId, Patient, null, s.Start, s.End), existing, 2));
            Assert.True(Weekdays.Hours.Covers(s.Date, s.LocalStart, 90));
        });
        Assert.Equal(slots.Count, slots.Select(s => s.Date).Distinct().Count());
    }
}

public sealed class SchedulingSettingsTests
{
    [Fact]
    public void Defaults_AreValid_AndChairTimesAddUp()
    {
        var s = SchedulingSettings.Default;
        Assert.Empty(s.Validate());
        Assert.Equal(15 + 40 + 30, s.ChairMinutes(AppointmentKind.IvInfusion, 40));
        Assert.Equal(15 + 15 + 120, s.ChairMinutes(AppointmentKind.EsketamineSession, 15));
        Assert.Equal(45, s.ChairMinutes(AppointmentKind.Consultation, 0));
    }

    [Fact]
    public void SAF_SCHED_001_ObservationBelowTwoHours_IsRefused()
    {
        var problems = (SchedulingSettings.Default with { EsketamineObservationMinutes = 90 }).Validate();
        var (field, message) = Assert.Single(problems);
        Assert.Equal("esketamineObservationMinutes", field);
        Assert.Contains(SchedulingRules.EsketamineObservation, message);
    }

    [Theory]
    [InlineData(0, 2, 15)]
    [InlineData(30, 0, 15)]
    [InlineData(30, 2, 7)]
    public void OutOfRangeValues_AreRefused(int recovery, int nurseCapacity, int step) =>
        Assert.NotEmpty((SchedulingSettings.Default with { ConsultationMinutes = recovery == 0 ? 0 : 45, MaxConcurrentPatientsPerNurse = nurseCapacity, SlotStepMinutes = step }).Validate());
}

public sealed class FreeSlotsTests
{
    [Fact]
    public void OffersOnlyTimesWithAFreeRoom_AfterNotBefore()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var room = Guid.NewGuid();
        var place = new SeriesPlace(new OpeningHours([new OpeningInterval(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(12, 0))]), zone, [room]);
        var ten = ClinicClock.ToInstant(new DateOnly(2026, 12, 7), new TimeOnly(10, 0), zone).Instant;
        var booked = new Booking(Guid.NewGuid(), room, null, null, ten, ten.AddMinutes(45));
        var slots = FreeSlots.Find(new DateOnly(2026, 12, 6), 2, 45, place, [booked], ten.AddMinutes(-60), 15);
        Assert.Equal(["09:00", "09:15", "10:45", "11:00", "11:15"], slots.Select(s => s.LocalStart.ToString("HH:mm")).ToArray());
        Assert.All(slots, s => Assert.Equal(room, s.RoomId));
    }
}

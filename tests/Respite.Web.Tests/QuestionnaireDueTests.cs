using Respite.Data.Assessments;
using Respite.Data.Portal;
using Respite.Web.Features.Questionnaires;

namespace Respite.Web.Tests;

/// <summary>When an assigned questionnaire is due: diary cadence and grace, and the local day of a treatment in its zone.</summary>
public sealed class QuestionnaireDueTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromDays(2);

    private static QuestionnaireAssignment Diary(int days = 7, string code = "phq9") =>
        new() { InstrumentCode = code, Trigger = AssignmentTrigger.Diary, CadenceDays = days, StartsAt = Start };

    private static QuestionnaireAssignment PreSession(string code = "phq9") =>
        new() { InstrumentCode = code, Trigger = AssignmentTrigger.BeforeEachSession, StartsAt = Start };

    private static PatientAnswer Answer(DateTimeOffset at, AssessmentContext context = AssessmentContext.Diary, string code = "phq9") => new(code, context, at);

    [Fact]
    public void Diary_NeverAnswered_DueAtTheStart_OverdueOnlyAfterTheGrace()
    {
        Assert.False(QuestionnaireDue.StatusOf(Diary(), [], [], Grace, Start.AddMinutes(-1)).IsDue);
        var due = QuestionnaireDue.StatusOf(Diary(), [], [], Grace, Start.AddDays(2));
        Assert.Equal(Start, due.NextDueAt);
        Assert.True(due.IsDue);
        Assert.False(due.IsOverdue);
        Assert.True(QuestionnaireDue.StatusOf(Diary(), [], [], Grace, Start.AddDays(2).AddMinutes(1)).IsOverdue);
        Assert.False(QuestionnaireDue.StatusOf(Diary(), [], [], TimeSpan.FromDays(5), Start.AddDays(4)).IsOverdue);
    }

    [Fact]
    public void Diary_Answered_NextDueACadenceLater_OtherInstrumentsAndEarlierAnswersDoNotCount()
    {
        var answered = Start.AddDays(1);
        PatientAnswer[] answers = [Answer(answered), Answer(Start.AddDays(3), code: "nrs-pain"), Answer(Start.AddDays(-1))];

        var status = QuestionnaireDue.StatusOf(Diary(), answers, [], Grace, Start.AddDays(3));

        Assert.Equal(answered.AddDays(7), status.NextDueAt);
        Assert.Equal(answered, status.LastAnsweredAt);
        Assert.False(status.IsDue);
        Assert.True(QuestionnaireDue.StatusOf(Diary(), answers, [], Grace, answered.AddDays(7)).IsDue);
    }

    [Fact]
    public void Ended_IsNeverDue()
    {
        var ended = Diary();
        ended.EndedAt = Start.AddDays(1);
        var status = QuestionnaireDue.StatusOf(ended, [], [], Grace, Start.AddDays(30));
        Assert.Null(status.NextDueAt);
        Assert.False(status.IsDue);
        Assert.False(status.IsOverdue);
    }

    [Fact]
    public void PreSession_DueFromLocalMidnightOfTheTreatmentDay_InTheLocationsZone()
    {
        // 9:00 in New York on 7 December is 14:00 UTC; that local day starts at 05:00 UTC.
        var session = new DateTimeOffset(2026, 12, 7, 14, 0, 0, TimeSpan.Zero);
        TreatmentVisit[] visits = [new(session, NewYork)];

        var evening = QuestionnaireDue.StatusOf(PreSession(), [], visits, Grace, new DateTimeOffset(2026, 12, 7, 4, 0, 0, TimeSpan.Zero));
        Assert.False(evening.IsDue);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 5, 0, 0, TimeSpan.Zero), evening.NextDueAt);

        var morning = QuestionnaireDue.StatusOf(PreSession(), [], visits, Grace, new DateTimeOffset(2026, 12, 7, 5, 30, 0, TimeSpan.Zero));
        Assert.True(morning.IsDue);
        Assert.False(morning.IsOverdue);
        Assert.Equal(session, morning.Session);

        Assert.True(QuestionnaireDue.StatusOf(PreSession(), [], visits, Grace, session.AddMinutes(1)).IsOverdue);
    }

    [Fact]
    public void PreSession_AnsweredOnTheLocalDay_NotDue_AnsweredTheEveningBeforeOrAsDiary_StillDue()
    {
        var session = new DateTimeOffset(2026, 12, 7, 14, 0, 0, TimeSpan.Zero);
        TreatmentVisit[] visits = [new(session, NewYork)];
        var now = new DateTimeOffset(2026, 12, 7, 13, 0, 0, TimeSpan.Zero);

        // 04:30 UTC on 7 December is still 6 December in New York.
        var eveningBefore = Answer(new DateTimeOffset(2026, 12, 7, 4, 30, 0, TimeSpan.Zero), AssessmentContext.PreSession);
        Assert.True(QuestionnaireDue.StatusOf(PreSession(), [eveningBefore], visits, Grace, now).IsDue);

        var asDiary = Answer(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero), AssessmentContext.Diary);
        Assert.True(QuestionnaireDue.StatusOf(PreSession(), [asDiary], visits, Grace, now).IsDue);

        var sameDay = Answer(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero), AssessmentContext.PreSession);
        var answered = QuestionnaireDue.StatusOf(PreSession(), [sameDay], visits, Grace, now);
        Assert.False(answered.IsDue);
        Assert.Null(answered.NextDueAt);
    }

    [Fact]
    public void PreSession_TheSameInstantIsADifferentDayInAnotherZone()
    {
        // 20:00 UTC on 7 December: still the 7th in New York, already the 8th in Tokyo.
        var now = new DateTimeOffset(2026, 12, 7, 20, 0, 0, TimeSpan.Zero);
        var tokyoSession = new DateTimeOffset(2026, 12, 8, 0, 30, 0, TimeSpan.Zero);
        var newYorkSession = new DateTimeOffset(2026, 12, 8, 14, 0, 0, TimeSpan.Zero);

        Assert.True(QuestionnaireDue.StatusOf(PreSession(), [], [new(tokyoSession, Tokyo)], Grace, now).IsDue);
        var upcoming = QuestionnaireDue.StatusOf(PreSession(), [], [new(newYorkSession, NewYork)], Grace, now);
        Assert.False(upcoming.IsDue);
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 5, 0, 0, TimeSpan.Zero), upcoming.NextDueAt);
    }

    [Fact]
    public void PreSession_NoTreatmentBooked_NothingPlanned_PastSessionsIgnored()
    {
        var now = new DateTimeOffset(2026, 12, 9, 15, 0, 0, TimeSpan.Zero);
        Assert.Null(QuestionnaireDue.StatusOf(PreSession(), [], [], Grace, now).NextDueAt);
        var yesterday = new DateTimeOffset(2026, 12, 8, 15, 0, 0, TimeSpan.Zero);
        Assert.Null(QuestionnaireDue.StatusOf(PreSession(), [], [new(yesterday, NewYork)], Grace, now).NextDueAt);
    }
}

using Respite.Clinical.Outcomes;

namespace Respite.Clinical.Tests.Outcomes;

public sealed class DiaryCadenceTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private static readonly TimeSpan TwoDays = TimeSpan.FromDays(2);

    [Fact]
    public void First_entry_is_due_when_the_assignment_starts()
    {
        var before = DiaryCadence.StatusAt(Start, Week, null, TwoDays, Start.AddHours(-1));
        var at = DiaryCadence.StatusAt(Start, Week, null, TwoDays, Start);

        Assert.Equal(Start, before.DueAt);
        Assert.False(before.IsDue);
        Assert.True(at.IsDue);
        Assert.False(at.IsOverdue);
    }

    [Fact]
    public void Next_entry_is_due_one_cadence_after_the_last_answer()
    {
        var answered = Start.AddDays(1.5);

        var status = DiaryCadence.StatusAt(Start, Week, answered, TwoDays, Start.AddDays(3));

        Assert.Equal(answered + Week, status.DueAt);
        Assert.False(status.IsDue);
    }

    [Fact]
    public void Overdue_only_after_the_grace_period()
    {
        var answered = Start;
        var dueAt = Start + Week;

        Assert.False(DiaryCadence.StatusAt(Start, Week, answered, TwoDays, dueAt + TwoDays).IsOverdue);
        Assert.True(DiaryCadence.StatusAt(Start, Week, answered, TwoDays, dueAt + TwoDays + TimeSpan.FromMinutes(1)).IsOverdue);
    }

    [Fact]
    public void An_answer_before_the_assignment_started_does_not_count()
    {
        var status = DiaryCadence.StatusAt(Start, Week, Start.AddDays(-1), TwoDays, Start.AddHours(1));

        Assert.Equal(Start, status.DueAt);
        Assert.True(status.IsDue);
    }

    [Fact]
    public void Cadence_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DiaryCadence.StatusAt(Start, TimeSpan.Zero, null, TwoDays, Start));
    }
}

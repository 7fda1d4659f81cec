using Respite.Clinical.Outcomes;

namespace Respite.Clinical.Tests.Outcomes;

public sealed class WeeklyTrajectoryTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

    private static ScorePoint At(double day, decimal value) => new(Day0.AddDays(day), value);

    [Fact]
    public void ForPatient_PutsTheBaselineInWeekZero_AndAveragesEachLaterWeek()
    {
        var weeks = WeeklyTrajectory.ForPatient([At(-10, 22), At(-1, 20), At(2, 14), At(6, 12), At(7, 9), At(8, 8), At(200, 3)], Day0);

        Assert.Equal(WeeklyTrajectory.Weeks + 1, weeks.Length);
        Assert.Equal(20, weeks[0]);           // the last score before the first treatment
        Assert.Equal(11.67m, weeks[1]);       // days 2, 6 and 7: (14 + 12 + 9) / 3
        Assert.Equal(8, weeks[2]);
        Assert.Null(weeks[3]);
        Assert.All(weeks.Skip(3), Assert.Null); // day 200 is past week 26
    }

    [Fact]
    public void Average_IsPerWeekOverThePatientsWithAScore()
    {
        decimal?[] a = [20, 10, null];
        decimal?[] b = [16, null, 6];
        var points = WeeklyTrajectory.Average([a, b]);
        Assert.Equal([new TrajectoryPoint(0, 18, 2), new TrajectoryPoint(1, 10, 1), new TrajectoryPoint(2, 6, 1)], points);
    }
}

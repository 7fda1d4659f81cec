using Respite.Web.Components.Ui;

namespace Respite.Web.Tests.Pharmacokinetics;

/// <summary>Ticks, label placement, paths and wording of the server-drawn charts.</summary>
public sealed class ChartScalesTests
{
    [Theory]
    [InlineData(2, "min", 1, new[] { "0", "1", "2" })]
    [InlineData(40, "min", 5, new[] { "0", "5", "10", "15", "20", "25", "30", "35", "40" })]
    [InlineData(100, "min", 10, new[] { "0", "10", "20", "30", "40", "50", "60", "70", "80", "90", "100" })]
    [InlineData(120, "min", 15, new[] { "0", "15", "30", "45", "60", "75", "90", "105", "120" })]
    [InlineData(280, "h", 30, new[] { "0", "0.5", "1", "1.5", "2", "2.5", "3", "3.5", "4", "4.5" })]
    [InlineData(480, "h", 60, new[] { "0", "1", "2", "3", "4", "5", "6", "7", "8" })]
    [InlineData(1500, "h", 180, new[] { "0", "3", "6", "9", "12", "15", "18", "21", "24" })]
    [InlineData(10080, "h", 1440, new[] { "0", "24", "48", "72", "96", "120", "144", "168" })]
    public void TimeTicks_MinutesUpToTwoHours_HoursBeyond_NiceSteps(double end, string unit, double step, string[] labels)
    {
        var axis = ChartScales.TimeTicks(end);
        Assert.Equal(unit, axis.Unit);
        Assert.Equal(labels, axis.Ticks.Select(t => t.Label));
        Assert.All(axis.Ticks.Select((t, i) => (t, i)), p => Assert.Equal(p.i * step, p.t.Value, 9));
        Assert.True(axis.Ticks[^1].Value <= end);
        Assert.True(axis.Ticks.Count <= 11);
    }

    [Fact]
    public void TimeTicks_LongerThanTheStepsGo_WholeDays()
    {
        var axis = ChartScales.TimeTicks(30 * 1440, maxTicks: 6);
        Assert.Equal("h", axis.Unit);
        Assert.Equal(7 * 1440, axis.Ticks[1].Value);
        Assert.True(axis.Ticks.Count <= 7);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void TimeTicks_NoSpan_AOneMinuteAxis(double end)
    {
        var axis = ChartScales.TimeTicks(end);
        Assert.Equal(["0", "1"], axis.Ticks.Select(t => t.Label));
    }

    [Theory]
    [InlineData(177, 5, 200, 50)]
    [InlineData(184, 6, 200, 50)]
    [InlineData(260, 6, 300, 50)]
    [InlineData(72.6, 5, 80, 20)]
    [InlineData(1234, 5, 1250, 250)]
    [InlineData(0.3, 5, 0.3, 0.1)]
    [InlineData(9.2, 5, 10, 2)]
    public void ValueTicks_NiceStep_TopCoversTheMaximum(double max, int maxTicks, double top, double step)
    {
        var ticks = ChartScales.ValueTicks(max, maxTicks);
        Assert.Equal(0, ticks[0].Value);
        Assert.Equal(top, ticks[^1].Value, 9);
        Assert.True(ticks[^1].Value >= max);
        Assert.Equal(step, ticks[1].Value - ticks[0].Value, 9);
        Assert.True(ticks.Count - 1 <= maxTicks);
    }

    [Fact]
    public void ValueTicks_Labels_DecimalsOnlyWhereTheStepNeedsThem()
    {
        Assert.Equal(["0", "50", "100", "150", "200"], ChartScales.ValueTicks(177).Select(t => t.Label));
        Assert.Equal(["0", "0.1", "0.2", "0.3"], ChartScales.ValueTicks(0.3).Select(t => t.Label));
        Assert.Equal(["0", "0.25", "0.5", "0.75", "1", "1.25"], ChartScales.ValueTicks(1.2).Select(t => t.Label));
        Assert.Equal(["0", "0.2", "0.4", "0.6", "0.8", "1"], ChartScales.ValueTicks(0).Select(t => t.Label));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1.2, 2)]
    [InlineData(2, 2)]
    [InlineData(2.2, 2.5)]
    [InlineData(3.8, 5)]
    [InlineData(7, 10)]
    [InlineData(38, 50)]
    [InlineData(0.06, 0.1)]
    [InlineData(240, 250)]
    public void NiceStep_SmallestNiceNumberAtOrAbove(double rough, double expected) =>
        Assert.Equal(expected, ChartScales.NiceStep(rough), 12);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void NiceStep_NotPositive_Throws(double rough) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChartScales.NiceStep(rough));

    [Fact]
    public void Line_MovesToTheFirstPoint_ThenLinesToTheRest()
    {
        var path = ChartScales.Line([0, 10, 20], [0, 5, 2.5], x => 100 + x, y => 200 - (10 * y));
        Assert.Equal("M100,200L110,150L120,175", path);
        Assert.Equal("", ChartScales.Line([], [], x => x, y => y));
    }

    [Fact]
    public void Area_AlongTheTop_BackAlongTheBottom_Closed()
    {
        var path = ChartScales.Area([0, 1, 2], [1, 2, 3], [4, 5, 6], x => x * 10, y => 100 - y);
        Assert.Equal("M0,96L10,95L20,94L20,97L10,98L0,99Z", path);
        Assert.Equal("", ChartScales.Area([], [], [], x => x, y => y));
    }

    [Fact]
    public void Spread_CloseLabels_PushedApartInTheirOrder()
    {
        Assert.Equal([100d, 110d, 120d], ChartScales.Spread([100, 102, 104], 10, 0, 200));
        Assert.Equal([120d, 100d, 110d], ChartScales.Spread([104, 100, 102], 10, 0, 200));
        Assert.Equal([20d, 80d], ChartScales.Spread([20, 80], 10, 0, 200));
    }

    [Fact]
    public void Spread_AgainstTheEnd_PushedBackWithinTheRange()
    {
        Assert.Equal([180d, 190d, 200d], ChartScales.Spread([195, 198, 199], 10, 0, 200));
        Assert.Equal([0d, 10d], ChartScales.Spread([-30, -20], 10, 0, 200));
    }

    [Fact]
    public void Spread_NotEnoughRoom_StartsAtTheMinimumAndOverrunsRatherThanLeaveIt()
    {
        var placed = ChartScales.Spread([5, 5, 5, 5], 10, 0, 20);
        Assert.Equal([0d, 10d, 20d, 30d], placed);
    }

    [Fact]
    public void Lanes_LabelsThatWouldOverlap_GoToTheNextFreeRow()
    {
        var lanes = ChartScales.Lanes([(0, 100), (50, 120), (105, 200), (110, 130), (300, 310)], 4);
        Assert.Equal([0, 1, 0, 2, 0], lanes);
        Assert.Equal([0, 0], ChartScales.Lanes([(10, 20), (0, 5)], 4));
        Assert.Empty(ChartScales.Lanes([], 4));
    }

    [Fact]
    public void Lanes_NoTwoLabelsOfOneRowOverlap()
    {
        var random = new Random(7);
        var spans = Enumerable.Range(0, 60).Select(_ =>
        {
            var start = random.NextDouble() * 700;
            return (start, start + 20 + (random.NextDouble() * 90));
        }).ToList();
        var lanes = ChartScales.Lanes(spans, 8);
        foreach (var row in lanes.Distinct())
        {
            var inRow = spans.Where((_, i) => lanes[i] == row).OrderBy(s => s.start).ToList();
            for (var i = 1; i < inRow.Count; i++)
            {
                Assert.True(inRow[i].start >= inRow[i - 1].Item2 + 8);
            }
        }
    }

    [Theory]
    [InlineData(177.3, "177")]
    [InlineData(1234.5, "1,235")]
    [InlineData(14.26, "14.3")]
    [InlineData(7.456, "7.46")]
    [InlineData(0, "0")]
    [InlineData(double.NaN, "—")]
    public void Figure_PrecisionFallsAsTheValueGrows(double value, string expected) =>
        Assert.Equal(expected, ChartScales.Figure(value));

    [Theory]
    [InlineData(0, "0 min")]
    [InlineData(7.46, "7.5 min")]
    [InlineData(40.2, "40 min")]
    [InlineData(119.4, "119 min")]
    [InlineData(119.6, "2 h")]
    [InlineData(135, "2 h 15 min")]
    [InlineData(480, "8 h")]
    [InlineData(double.NaN, "—")]
    public void Minutes_InWords(double minutes, string expected) =>
        Assert.Equal(expected, ChartScales.Minutes(minutes));

    [Fact]
    public void Links_WebAddresses_WithoutTheClosingPunctuation()
    {
        var parts = ChartScales.Links("Table 1 (https://pmc.ncbi.nlm.nih.gov/articles/PMC6020109/table/T1). See http://a.example/x, too");
        Assert.Equal(
            [
                ("Table 1 (", false), ("https://pmc.ncbi.nlm.nih.gov/articles/PMC6020109/table/T1", true), ("). See ", false),
                ("http://a.example/x", true), (", too", false),
            ],
            parts);
        Assert.Equal([("No address here.", false)], ChartScales.Links("No address here."));
        Assert.Empty(ChartScales.Links(""));
    }

    [Fact]
    public void TextWidth_GrowsWithTheTextAndTheFont()
    {
        Assert.Equal(0d, ChartScales.TextWidth("", 12));
        Assert.True(ChartScales.TextWidth("Infusion stops", 11.5) > ChartScales.TextWidth("Now", 11.5));
        Assert.Equal(2 * ChartScales.TextWidth("Paused", 10), ChartScales.TextWidth("Paused", 20), 9);
    }
}

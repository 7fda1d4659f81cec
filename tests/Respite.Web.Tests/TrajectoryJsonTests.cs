using System.Globalization;
using System.Text.Json;
using Respite.Clinical.Outcomes;
using Respite.Web.Features.Outcomes;
using Respite.Web.Features.Shared;

namespace Respite.Web.Tests;

/// <summary>
/// The stored weekly trajectories: the direct read of the shape a snapshot writes gives what the JSON reader gives,
/// value for value and scale for scale, and anything else falls back to the reader.
/// </summary>
public sealed class TrajectoryJsonTests
{
    private static string Written(TrajectoryJson trajectory) => JsonSerializer.Serialize(trajectory, JsonDefaults.Options);

    // Values as the snapshot keeps them (decimal, compared by their text so that 24.0 and 24 differ).
    private static string[] Text(decimal?[] values) => [.. values.Select(v => v?.ToString(CultureInfo.InvariantCulture) ?? "null")];

    private static void Same(TrajectoryJson expected, TrajectoryJson actual)
    {
        Assert.Equal(Text(expected.Phq9), Text(actual.Phq9));
        Assert.Equal(Text(expected.Pain), Text(actual.Pain));
    }

    [Fact]
    public void Reads_the_trajectories_the_snapshot_writes_as_the_json_reader_does()
    {
        var random = new Random(20261207);
        for (var n = 0; n < 2000; n++)
        {
            decimal?[] Series() => [.. Enumerable.Range(0, random.Next(0, WeeklyTrajectory.Weeks + 2)).Select(_ => random.Next(5) == 0
                ? (decimal?)null
                : Math.Round((decimal)(random.NextDouble() * (random.Next(2) == 0 ? 27 : 10)), random.Next(0, 3), MidpointRounding.AwayFromZero)
                    + (random.Next(3) == 0 ? 0.0m : 0m))];
            var trajectory = new TrajectoryJson(Series(), Series());
            var json = Written(trajectory);

            var read = TrajectoryJson.Parse(json);

            Same(trajectory, read);
            Same(TrajectoryJson.ParseWithReader(json), read);
        }
    }

    [Theory]
    [InlineData("{\"phq9\":[24.0,15.33,null,0,0.5,1234567890.12345678],\"pain\":[8.0,null]}")]
    [InlineData("{\"phq9\":[],\"pain\":[]}")]
    [InlineData("{\"phq9\":[null],\"pain\":[7]}")]
    public void Reads_the_written_shape_directly(string json)
    {
        var read = TrajectoryJson.Parse(json);

        Same(TrajectoryJson.ParseWithReader(json), read);
        Assert.Equal(json, Written(read));
    }

    [Theory]
    [InlineData("{ \"phq9\": [24.0, null], \"pain\": [8] }")]
    [InlineData("{\"pain\":[8.0,7],\"phq9\":[24.0,null]}")]
    [InlineData("{\"phq9\":[1E1,2.5e-1],\"pain\":[]}")]
    [InlineData("{\"phq9\":[-3.5,-0.0],\"pain\":[0]}")]
    [InlineData("{\"phq9\":[1234567890123456789.5,79228162514264337593543950335],\"pain\":[0.1234567890123456789]}")]
    [InlineData("{\"phq9\":[24.0],\"pain\":[8.0],\"notes\":[1]}")]
    public void Falls_back_to_the_json_reader_for_any_other_shape(string json)
    {
        var read = TrajectoryJson.Parse(json);

        Same(TrajectoryJson.ParseWithReader(json), read);
        Assert.NotEmpty(read.Phq9);
    }

    [Theory]
    [InlineData("{\"phq9\":[24.0,,1],\"pain\":[]}")]
    [InlineData("{\"phq9\":[24.0.1],\"pain\":[]}")]
    [InlineData("{\"phq9\":[.5],\"pain\":[]}")]
    [InlineData("{\"phq9\":[05],\"pain\":[]}")]
    [InlineData("{\"phq9\":[nul],\"pain\":[]}")]
    public void Refuses_what_is_not_json_as_the_reader_does(string json)
    {
        Assert.ThrowsAny<JsonException>(() => TrajectoryJson.ParseWithReader(json));
        Assert.ThrowsAny<JsonException>(() => TrajectoryJson.Parse(json));
    }
}

using Respite.Clinical.Protocols;

namespace Respite.Clinical.Plans;

/// <summary>
/// Proposes the dates of a phase's sessions. Sessions a week are spread as evenly as whole days allow
/// (3 a week: every 2, 2, 3 days; 2 a week: every 3, 4 days); an interval phase repeats every N days.
/// A phase without a fixed number of sessions (maintenance) proposes the next <see cref="OpenEndedProposal"/>.
/// Opening days and chair capacity are the scheduler's concern when the sessions are booked.
/// </summary>
public static class SessionScheduler
{
    public const int OpenEndedProposal = 4;

    public static IReadOnlyList<DateOnly> Propose(ProtocolPhase phase, DateOnly start)
    {
        ArgumentNullException.ThrowIfNull(phase);
        var count = phase.Sessions
            ?? (phase.SessionsPerWeek is { } perWeek && phase.Weeks is { } weeks ? perWeek * weeks : OpenEndedProposal);
        var gaps = Gaps(phase);
        var dates = new List<DateOnly>(count);
        var date = start;
        for (var i = 0; i < count; i++)
        {
            dates.Add(date);
            date = date.AddDays(gaps[i % gaps.Length]);
        }

        return dates;
    }

    internal static int[] Gaps(ProtocolPhase phase) => phase.SessionsPerWeek switch
    {
        >= 7 => [1],
        { } perWeek and > 0 => SpreadOverWeek(perWeek),
        _ => [Math.Max(1, phase.IntervalDays ?? 7)],
    };

    private static int[] SpreadOverWeek(int perWeek)
    {
        var gaps = new int[perWeek];
        var baseGap = 7 / perWeek;
        var extra = 7 % perWeek;
        for (var i = 0; i < perWeek; i++)
        {
            gaps[i] = baseGap + (i >= perWeek - extra ? 1 : 0);
        }

        return gaps;
    }
}

namespace Respite.Clinical.Outcomes;

/// <summary>Whether a diary questionnaire is due, and since when.</summary>
/// <param name="DueAt">When the next entry falls due.</param>
/// <param name="IsDue">The due time has come (the patient can answer now).</param>
/// <param name="IsOverdue">More than the grace period has passed since it fell due.</param>
public readonly record struct DiaryStatus(DateTimeOffset DueAt, bool IsDue, bool IsOverdue);

/// <summary>
/// The diary rhythm: the first entry is due when the assignment starts; each later one <c>cadence</c> after the last
/// answer (an answer given early moves the next due date, so a patient is never asked twice in one period).
/// </summary>
public static class DiaryCadence
{
    /// <param name="startsAt">When the assignment started.</param>
    /// <param name="cadence">Time between entries (e.g. 7 days); must be positive.</param>
    /// <param name="lastAnsweredAt">The patient's latest answer to this instrument since the start, if any.</param>
    /// <param name="grace">How long after falling due an entry counts as overdue.</param>
    /// <param name="now">The instant to judge at.</param>
    public static DiaryStatus StatusAt(DateTimeOffset startsAt, TimeSpan cadence, DateTimeOffset? lastAnsweredAt, TimeSpan grace, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(cadence, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero);
        var dueAt = lastAnsweredAt is { } last && last >= startsAt ? last + cadence : startsAt;
        return new DiaryStatus(dueAt, now >= dueAt, now > dueAt + grace);
    }
}

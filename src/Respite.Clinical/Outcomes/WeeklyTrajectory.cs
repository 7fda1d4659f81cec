namespace Respite.Clinical.Outcomes;

/// <summary>A mean score in one week since the first treatment, over <see cref="Patients"/> patients.</summary>
public sealed record TrajectoryPoint(int Week, decimal Mean, int Patients);

/// <summary>
/// Scores by week since the first treatment. Week 0 is the baseline (the last score at or before the first treatment);
/// week k (1 … <see cref="Weeks"/>) holds the mean of the patient's scores more than k − 1 and at most k weeks after it.
/// The clinic's average trajectory is the mean, per week, over the patients who have a score in that week.
/// </summary>
public static class WeeklyTrajectory
{
    /// <summary>The last week followed (26: six months).</summary>
    public const int Weeks = 26;

    /// <summary>One patient's score per week, 0 … <see cref="Weeks"/>; null where the patient has no score.</summary>
    public static decimal?[] ForPatient(IEnumerable<ScorePoint> scores, DateTimeOffset firstTreatmentAt)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var ordered = scores.OrderBy(s => s.At).ToList();
        var weeks = new decimal?[Weeks + 1];
        weeks[0] = OutcomeEvaluator.Baseline(ordered, firstTreatmentAt)?.Value;
        foreach (var group in ordered.Where(s => s.At > firstTreatmentAt).GroupBy(s => (int)Math.Ceiling((s.At - firstTreatmentAt).TotalDays / 7)))
        {
            if (group.Key is >= 1 and <= Weeks)
            {
                weeks[group.Key] = Math.Round(group.Average(s => s.Value), 2, MidpointRounding.AwayFromZero);
            }
        }

        return weeks;
    }

    /// <summary>The mean per week over the patients with a score that week; weeks nobody has are left out.</summary>
    public static IReadOnlyList<TrajectoryPoint> Average(IEnumerable<IReadOnlyList<decimal?>> patients)
    {
        ArgumentNullException.ThrowIfNull(patients);
        var sums = new decimal[Weeks + 1];
        var counts = new int[Weeks + 1];
        foreach (var patient in patients)
        {
            for (var week = 0; week <= Weeks && week < patient.Count; week++)
            {
                if (patient[week] is { } value)
                {
                    sums[week] += value;
                    counts[week]++;
                }
            }
        }

        return [.. Enumerable.Range(0, Weeks + 1).Where(w => counts[w] > 0)
            .Select(w => new TrajectoryPoint(w, Math.Round(sums[w] / counts[w], 2, MidpointRounding.AwayFromZero), counts[w]))];
    }
}

namespace Respite.Clinical.Outcomes;

/// <summary>When a response was first reached and, if it was lost, when (the first of the consecutive non-response scores).</summary>
public sealed record RelapseOutcome(ScorePoint? Baseline, DateTimeOffset? RespondedAt, DateTimeOffset? RelapsedAt, double? DaysFromLastSessionToRelapse)
{
    public bool Relapsed => RelapsedAt is not null;
}

public enum BoosterBasis
{
    /// <summary>No baseline, or no response after the series: a booster date does not apply.</summary>
    NoResponse,

    /// <summary>Fewer scores after the series than the clinic requires.</summary>
    TooFewScores,

    /// <summary>Scores are flat or improving: no loss of response is projected.</summary>
    NotWorsening,

    /// <summary>The latest score is already past the threshold: the response has been lost.</summary>
    AlreadyLost,

    /// <summary>The projection lies beyond the clinic's horizon.</summary>
    BeyondHorizon,

    Projected,
}

/// <summary>
/// The proposed booster: the projected day scores cross back over the response threshold, and a session some days
/// before. It is evidence for the prescriber, never an order: the slope, the points used and the threshold are given.
/// </summary>
public sealed record BoosterEstimate(
    BoosterBasis Basis, decimal? Threshold, int ScoresUsed, double? SlopePerDay, DateTimeOffset? ProjectedLossAt, DateTimeOffset? ProposedBoosterAt);

/// <summary>
/// How long a response lasts after a series, and when to give the next booster. Definitions in docs/clinical/outcomes.md.
/// Scores are "lower is better" (PHQ-9, MADRS, pain NRS, PEG).
/// </summary>
public static class Durability
{
    /// <summary>The highest score that still counts as a response: baseline reduced by the response fraction.</summary>
    public static decimal ResponseThreshold(decimal baseline, decimal responseFraction) => baseline * (1 - responseFraction);

    /// <summary>
    /// Relapse: after a response, <see cref="OutcomeSettings.RelapseConsecutiveScores"/> consecutive scores above the
    /// response threshold. Time to relapse is counted from the last session of the series.
    /// </summary>
    public static RelapseOutcome Relapse(
        IEnumerable<ScorePoint> scores, DateTimeOffset firstTreatmentAt, DateTimeOffset? lastSessionAt, decimal responseFraction, OutcomeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var ordered = scores.OrderBy(s => s.At).ToList();
        var baseline = OutcomeEvaluator.Baseline(ordered, firstTreatmentAt);
        if (baseline is not { } b || b.Value == 0)
        {
            return new(baseline, null, null, null);
        }

        var threshold = ResponseThreshold(b.Value, responseFraction);
        DateTimeOffset? responded = null;
        var run = new List<ScorePoint>();
        foreach (var score in ordered.Where(s => s.At > b.At))
        {
            if (responded is null)
            {
                responded = score.Value <= threshold ? score.At : null;
                continue;
            }

            if (score.Value > threshold)
            {
                run.Add(score);
                if (run.Count >= settings.RelapseConsecutiveScores)
                {
                    var at = run[0].At;
                    return new(b, responded, at, lastSessionAt is { } last ? (at - last).TotalDays : null);
                }
            }
            else
            {
                run.Clear();
            }
        }

        return new(b, responded, null, null);
    }

    /// <summary>
    /// Duration of response, for the clinic's Kaplan–Meier curve: days from the first response to the relapse (an
    /// event), or to the latest score when the response has held (censored). Null when there was no response.
    /// </summary>
    public static SurvivalObservation? ResponseDuration(RelapseOutcome relapse, DateTimeOffset? latestScoreAt)
    {
        ArgumentNullException.ThrowIfNull(relapse);
        if (relapse.RespondedAt is not { } responded)
        {
            return null;
        }

        return relapse.RelapsedAt is { } relapsed
            ? new SurvivalObservation((relapsed - responded).TotalDays, true)
            : new SurvivalObservation(Math.Max(0, ((latestScoreAt ?? responded) - responded).TotalDays), false);
    }

    /// <summary>
    /// From the scores after the last session of a series: a least-squares line of score against time, projected to
    /// where it crosses the response threshold; the booster is proposed <see cref="OutcomeSettings.BoosterLeadDays"/>
    /// before, and never before <paramref name="now"/>.
    /// </summary>
    public static BoosterEstimate Booster(
        IEnumerable<ScorePoint> scores, DateTimeOffset firstTreatmentAt, DateTimeOffset lastSessionAt, decimal responseFraction, DateTimeOffset now, OutcomeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var ordered = scores.OrderBy(s => s.At).ToList();
        var baseline = OutcomeEvaluator.Baseline(ordered, firstTreatmentAt);
        if (baseline is not { } b || b.Value == 0)
        {
            return new(BoosterBasis.NoResponse, null, 0, null, null, null);
        }

        var threshold = ResponseThreshold(b.Value, responseFraction);
        var after = ordered.Where(s => s.At >= lastSessionAt).ToList();
        if (!after.Any(s => s.Value <= threshold))
        {
            return new(after.Count == 0 ? BoosterBasis.TooFewScores : BoosterBasis.NoResponse, threshold, after.Count, null, null, null);
        }

        // The trend from the best score after the series onwards: the wearing-off phase.
        var best = after.IndexOf(after.MinBy(s => s.Value));
        var trend = after.Skip(best).ToList();
        if (trend.Count < settings.BoosterMinimumScores)
        {
            return new(BoosterBasis.TooFewScores, threshold, trend.Count, null, null, null);
        }

        var (slope, intercept) = LeastSquares(trend, lastSessionAt);
        if (trend[^1].Value > threshold)
        {
            return new(BoosterBasis.AlreadyLost, threshold, trend.Count, slope, trend[^1].At, null);
        }

        if (slope <= 1e-9)
        {
            return new(BoosterBasis.NotWorsening, threshold, trend.Count, slope, null, null);
        }

        var days = ((double)threshold - intercept) / slope;
        var loss = lastSessionAt.AddDays(days);
        if (loss > now.AddDays(settings.BoosterHorizonDays))
        {
            return new(BoosterBasis.BeyondHorizon, threshold, trend.Count, slope, loss, null);
        }

        var booster = loss.AddDays(-settings.BoosterLeadDays);
        return new(BoosterBasis.Projected, threshold, trend.Count, slope, loss, booster < now ? now : booster);
    }

    /// <summary>Score = intercept + slope × days since <paramref name="origin"/>.</summary>
    private static (double Slope, double Intercept) LeastSquares(IReadOnlyList<ScorePoint> points, DateTimeOffset origin)
    {
        var xs = points.Select(p => (p.At - origin).TotalDays).ToArray();
        var ys = points.Select(p => (double)p.Value).ToArray();
        var meanX = xs.Average();
        var meanY = ys.Average();
        var sxx = xs.Sum(x => (x - meanX) * (x - meanX));
        if (sxx == 0)
        {
            return (0, meanY);
        }

        var sxy = xs.Zip(ys).Sum(p => (p.First - meanX) * (p.Second - meanY));
        var slope = sxy / sxx;
        return (slope, meanY - (slope * meanX));
    }
}

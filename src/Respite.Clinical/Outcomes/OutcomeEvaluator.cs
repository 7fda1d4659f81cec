namespace Respite.Clinical.Outcomes;

public enum DepressionScale
{
    Phq9,
    Madrs,
}

public enum PainScale
{
    /// <summary>Pain intensity 0–10.</summary>
    Nrs,

    /// <summary>PEG-3 mean of pain, enjoyment and general activity, 0–10.</summary>
    Peg,
}

/// <summary>Whether an outcome can be judged: both a baseline and a later score are needed.</summary>
public enum OutcomeBasis
{
    /// <summary>No score before (or at) the first treatment.</summary>
    NoBaseline,

    /// <summary>A baseline but no later score yet.</summary>
    NoFollowUp,

    Evaluated,
}

public enum PainImprovement
{
    Worse,
    Unchanged,

    /// <summary>Better, but less than the clinic's meaningful threshold.</summary>
    Minimal,

    /// <summary>Clinically meaningful (moderate): ≥ 30 % or ≥ 2 points on the NRS by default.</summary>
    Meaningful,

    /// <summary>Substantial: ≥ 50 % by default.</summary>
    Substantial,
}

/// <summary>A score at a time.</summary>
public readonly record struct ScorePoint(DateTimeOffset At, decimal Value);

/// <summary>
/// Depression outcome against baseline. <see cref="Responded"/> is null when it cannot be judged — no follow-up, or a
/// baseline of 0 (nothing to halve); remission only needs the latest score.
/// </summary>
public sealed record DepressionOutcome(
    DepressionScale Scale, OutcomeBasis Basis, ScorePoint? Baseline, ScorePoint? Latest, decimal? ChangePoints, decimal? ChangeFraction, bool? Responded, bool? Remitted);

public sealed record PainOutcome(
    PainScale Scale, OutcomeBasis Basis, ScorePoint? Baseline, ScorePoint? Latest, decimal? ChangePoints, decimal? ChangeFraction, PainImprovement? Improvement)
{
    /// <summary>Meaningful or substantial relief.</summary>
    public bool? Meaningful => Improvement is null ? null : Improvement is PainImprovement.Meaningful or PainImprovement.Substantial;
}

/// <summary>
/// Both at once — the claim ketamine clinics make for patients with chronic pain and depression: a depression response
/// AND meaningful pain relief. Null when either cannot be judged; reported beside each alone, never instead of them.
/// </summary>
public sealed record DualOutcome(DepressionOutcome Depression, PainOutcome Pain)
{
    public bool? DualResponse => Depression.Responded is { } mood && Pain.Meaningful is { } pain ? mood && pain : null;
}

/// <summary>
/// Response, remission and pain relief from a patient's scores. The baseline is the last score at or before the first
/// treatment (if none was taken before, there is no baseline: a score after treatment started would flatter the
/// result); the outcome is read at the latest score. Definitions and sources: docs/clinical/outcomes.md.
/// </summary>
public static class OutcomeEvaluator
{
    /// <summary>The baseline: the latest score at or before <paramref name="firstTreatmentAt"/> (any score when there is no treatment yet).</summary>
    public static ScorePoint? Baseline(IEnumerable<ScorePoint> scores, DateTimeOffset? firstTreatmentAt)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var ordered = scores.OrderBy(s => s.At).ToList();
        var before = firstTreatmentAt is { } start ? ordered.Where(s => s.At <= start).ToList() : ordered.Take(1).ToList();
        return before.Count == 0 ? null : before[^1];
    }

    public static DepressionOutcome Depression(IEnumerable<ScorePoint> scores, DateTimeOffset? firstTreatmentAt, DepressionScale scale, OutcomeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (basis, baseline, latest) = Basis(scores, firstTreatmentAt);
        if (basis == OutcomeBasis.NoBaseline)
        {
            return new(scale, basis, null, latest, null, null, null, latest is { } l ? Remission(l.Value, scale, settings) : null);
        }

        if (basis == OutcomeBasis.NoFollowUp)
        {
            return new(scale, basis, baseline, null, null, null, null, null);
        }

        var (points, fraction) = Change(baseline!.Value, latest!.Value);
        var threshold = scale == DepressionScale.Phq9 ? settings.Phq9ResponseFraction : settings.MadrsResponseFraction;
        return new(scale, basis, baseline, latest, points, fraction, fraction is { } f ? f >= threshold : null, Remission(latest.Value.Value, scale, settings));
    }

    public static PainOutcome Pain(IEnumerable<ScorePoint> scores, DateTimeOffset? firstTreatmentAt, PainScale scale, OutcomeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (basis, baseline, latest) = Basis(scores, firstTreatmentAt);
        if (basis != OutcomeBasis.Evaluated)
        {
            return new(scale, basis, baseline, basis == OutcomeBasis.NoBaseline ? latest : null, null, null, null);
        }

        var (points, fraction) = Change(baseline!.Value, latest!.Value);
        PainImprovement improvement;
        if (points < 0)
        {
            improvement = PainImprovement.Worse;
        }
        else if (points == 0)
        {
            improvement = PainImprovement.Unchanged;
        }
        else if (fraction >= settings.PainSubstantialFraction)
        {
            improvement = PainImprovement.Substantial;
        }
        else if (scale == PainScale.Nrs ? fraction >= settings.PainMeaningfulFraction || points >= settings.PainMeaningfulPoints : fraction >= settings.PegMeaningfulFraction)
        {
            improvement = PainImprovement.Meaningful;
        }
        else
        {
            improvement = PainImprovement.Minimal;
        }

        return new(scale, basis, baseline, latest, points, fraction, improvement);
    }

    private static bool Remission(decimal score, DepressionScale scale, OutcomeSettings settings) =>
        scale == DepressionScale.Phq9 ? score < settings.Phq9RemissionBelow : score <= settings.MadrsRemissionAtMost;

    private static (OutcomeBasis Basis, ScorePoint? Baseline, ScorePoint? Latest) Basis(IEnumerable<ScorePoint> scores, DateTimeOffset? firstTreatmentAt)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var ordered = scores.OrderBy(s => s.At).ToList();
        var baseline = Baseline(ordered, firstTreatmentAt);
        var latest = ordered.Count == 0 ? (ScorePoint?)null : ordered[^1];
        if (baseline is null)
        {
            return (OutcomeBasis.NoBaseline, null, latest);
        }

        return latest is { } l && l.At > baseline.Value.At ? (OutcomeBasis.Evaluated, baseline, l) : (OutcomeBasis.NoFollowUp, baseline, null);
    }

    /// <summary>Improvement in points (positive = better) and as a fraction of baseline (null from a baseline of 0).</summary>
    private static (decimal Points, decimal? Fraction) Change(ScorePoint baseline, ScorePoint latest)
    {
        var points = baseline.Value - latest.Value;
        return (points, baseline.Value == 0 ? null : Math.Round(points / baseline.Value, 4, MidpointRounding.AwayFromZero));
    }
}

namespace Respite.Clinical.Outcomes;

/// <summary>One subject's follow-up: the time to the event, or to the end of follow-up when <see cref="Event"/> is false (censored).</summary>
public readonly record struct SurvivalObservation(double Time, bool Event);

/// <summary>
/// One step of the product-limit estimate, at a time when at least one event occurred.
/// </summary>
/// <param name="Time">The event time.</param>
/// <param name="AtRisk">Subjects still followed just before <paramref name="Time"/> (censored at that time count as at risk).</param>
/// <param name="Events">Events at that time.</param>
/// <param name="Survival">The estimated probability of no event up to and including <paramref name="Time"/>.</param>
/// <param name="StandardError">Greenwood's standard error of <paramref name="Survival"/>.</param>
public sealed record KaplanMeierStep(double Time, int AtRisk, int Events, double Survival, double StandardError);

/// <summary>A Kaplan–Meier curve: a step function starting at 1, with the censoring times for tick marks.</summary>
/// <param name="Subjects">Everyone followed.</param>
/// <param name="Events">Events observed.</param>
/// <param name="Steps">The estimate after each event time.</param>
/// <param name="CensoredAt">The censoring times, in order.</param>
/// <param name="Median">The first time the survival falls to 0.5 or below; null when it is not reached.</param>
public sealed record KaplanMeierCurve(int Subjects, int Events, IReadOnlyList<KaplanMeierStep> Steps, IReadOnlyList<double> CensoredAt, double? Median)
{
    /// <summary>The estimate at <paramref name="time"/> (right-continuous: a step at that time is included).</summary>
    public double SurvivalAt(double time)
    {
        var survival = 1.0;
        foreach (var step in Steps)
        {
            if (step.Time > time)
            {
                break;
            }

            survival = step.Survival;
        }

        return survival;
    }
}

/// <summary>
/// The product-limit estimator of Kaplan and Meier ("Nonparametric estimation from incomplete observations",
/// J Am Stat Assoc 1958;53:457–481): S(t) = Π over event times tᵢ ≤ t of (1 − dᵢ/nᵢ), with dᵢ events among the nᵢ
/// subjects at risk. A subject censored at a time when events occur is counted as at risk at that time (events are
/// taken to precede censoring, as in the original paper). Variance by Greenwood's formula.
/// </summary>
public static class KaplanMeier
{
    public static KaplanMeierCurve Estimate(IEnumerable<SurvivalObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var ordered = observations.OrderBy(o => o.Time).ToList();
        if (ordered.Any(o => double.IsNaN(o.Time) || o.Time < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(observations), "Times must be zero or more.");
        }

        var steps = new List<KaplanMeierStep>();
        var censored = new List<double>();
        var atRisk = ordered.Count;
        var survival = 1.0;
        var greenwood = 0.0;
        double? median = null;
        var index = 0;
        while (index < ordered.Count)
        {
            var time = ordered[index].Time;
            var events = 0;
            var lost = 0;
            while (index < ordered.Count && ordered[index].Time == time)
            {
                if (ordered[index].Event)
                {
                    events++;
                }
                else
                {
                    lost++;
                    censored.Add(time);
                }

                index++;
            }

            if (events > 0)
            {
                survival *= 1.0 - ((double)events / atRisk);
                greenwood += atRisk == events ? 0 : (double)events / (atRisk * (double)(atRisk - events));
                steps.Add(new KaplanMeierStep(time, atRisk, events, survival, survival * Math.Sqrt(greenwood)));
                if (median is null && survival <= 0.5 + 1e-12)
                {
                    median = time;
                }
            }

            atRisk -= events + lost;
        }

        return new KaplanMeierCurve(ordered.Count, steps.Sum(s => s.Events), steps, censored, median);
    }
}

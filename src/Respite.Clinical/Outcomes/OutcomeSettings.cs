namespace Respite.Clinical.Outcomes;

/// <summary>
/// How a clinic counts response, remission and meaningful pain relief. Defaults and their sources are listed in
/// docs/clinical/outcomes.md (CLINICAL-SOURCES §4): PHQ-9 response ≥ 50 % and remission &lt; 5 [V]; MADRS response
/// ≥ 50 % and remission ≤ 10 (≤ 12 in the esketamine programme) [V]; pain NRS ≥ 30 % or ≥ 2 points meaningful,
/// ≥ 50 % substantial (Farrar 2001, IMMPACT) [V]; PEG-3 ≥ 30 % meaningful [U].
/// </summary>
public sealed record OutcomeSettings
{
    public static OutcomeSettings Default { get; } = new();

    /// <summary>PHQ-9 response: at least this fraction lower than baseline.</summary>
    public decimal Phq9ResponseFraction { get; init; } = 0.50m;

    /// <summary>PHQ-9 remission: a score below this.</summary>
    public int Phq9RemissionBelow { get; init; } = 5;

    public decimal MadrsResponseFraction { get; init; } = 0.50m;

    /// <summary>MADRS remission: a score at or below this (10 common; 12 in the esketamine trials).</summary>
    public int MadrsRemissionAtMost { get; init; } = 10;

    /// <summary>Pain NRS: at least this fraction lower is a clinically meaningful (moderate) improvement.</summary>
    public decimal PainMeaningfulFraction { get; init; } = 0.30m;

    /// <summary>Pain NRS: at least this many points lower is also meaningful (Farrar 2001: ~2 points).</summary>
    public decimal PainMeaningfulPoints { get; init; } = 2m;

    /// <summary>Pain NRS or PEG: at least this fraction lower is a substantial improvement.</summary>
    public decimal PainSubstantialFraction { get; init; } = 0.50m;

    /// <summary>PEG-3: no published MCID; this fraction is the configurable proposal [U].</summary>
    public decimal PegMeaningfulFraction { get; init; } = 0.30m;

    /// <summary>Relapse: this many consecutive scores, after a response, that are no longer a response [U].</summary>
    public int RelapseConsecutiveScores { get; init; } = 2;

    /// <summary>A booster is proposed this many days before the projected loss of response [U].</summary>
    public int BoosterLeadDays { get; init; } = 3;

    /// <summary>Scores after the series needed before the trend is trusted for a booster date [U].</summary>
    public int BoosterMinimumScores { get; init; } = 3;

    /// <summary>A projection further ahead than this is not offered [U].</summary>
    public int BoosterHorizonDays { get; init; } = 90;

    /// <summary>A diary questionnaire counts as overdue this many days after it fell due [U].</summary>
    public int DiaryOverdueGraceDays { get; init; } = 2;

    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var problems = new List<(string, string)>();
        void Fraction(string name, decimal value, decimal min, decimal max)
        {
            if (value < min || value > max)
            {
                problems.Add((char.ToLowerInvariant(name[0]) + name[1..], $"Must be between {min} and {max}."));
            }
        }

        Fraction(nameof(Phq9ResponseFraction), Phq9ResponseFraction, 0.2m, 0.9m);
        Fraction(nameof(Phq9RemissionBelow), Phq9RemissionBelow, 1, 10);
        Fraction(nameof(MadrsResponseFraction), MadrsResponseFraction, 0.2m, 0.9m);
        Fraction(nameof(MadrsRemissionAtMost), MadrsRemissionAtMost, 4, 15);
        Fraction(nameof(PainMeaningfulFraction), PainMeaningfulFraction, 0.1m, 0.7m);
        Fraction(nameof(PainMeaningfulPoints), PainMeaningfulPoints, 1, 5);
        Fraction(nameof(PainSubstantialFraction), PainSubstantialFraction, PainMeaningfulFraction, 0.9m);
        Fraction(nameof(PegMeaningfulFraction), PegMeaningfulFraction, 0.1m, 0.7m);
        Fraction(nameof(RelapseConsecutiveScores), RelapseConsecutiveScores, 1, 4);
        Fraction(nameof(BoosterLeadDays), BoosterLeadDays, 0, 14);
        Fraction(nameof(BoosterMinimumScores), BoosterMinimumScores, 2, 10);
        Fraction(nameof(BoosterHorizonDays), BoosterHorizonDays, 14, 365);
        Fraction(nameof(DiaryOverdueGraceDays), DiaryOverdueGraceDays, 0, 14);
        return problems;
    }
}

namespace Respite.Clinical.Instruments;

/// <summary>A score, or every reason the answers could not be scored.</summary>
public sealed class ScoringOutcome
{
    private ScoringOutcome(InstrumentScore? score, IReadOnlyList<AnswerError> errors)
    {
        Score = score;
        Errors = errors;
    }

    public bool Succeeded => Score is not null;

    public InstrumentScore? Score { get; }

    public IReadOnlyList<AnswerError> Errors { get; }

    public static ScoringOutcome Success(InstrumentScore score) => new(score, []);

    public static ScoringOutcome Failure(IReadOnlyList<AnswerError> errors) =>
        errors.Count == 0 ? throw new ArgumentException("A failure needs at least one error.", nameof(errors)) : new(null, errors);
}

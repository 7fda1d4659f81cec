namespace Respite.Fhir;

/// <summary>A value read from a FHIR resource, or every problem that kept it from being read. Never both.</summary>
public sealed class FhirParseResult<T>
    where T : class
{
    private FhirParseResult(T? value, IReadOnlyList<FhirIssue> issues)
    {
        Value = value;
        Issues = issues;
    }

    public bool Succeeded => Value is not null;

    public T? Value { get; }

    public IReadOnlyList<FhirIssue> Issues { get; }

    public static FhirParseResult<T> Success(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), []);

    public static FhirParseResult<T> Failure(IReadOnlyList<FhirIssue> issues) =>
        issues is null || issues.Count == 0
            ? throw new ArgumentException("A failure needs at least one issue.", nameof(issues))
            : new(null, issues);

    /// <summary>The value when there are no issues, otherwise a failure carrying them.</summary>
    public static FhirParseResult<T> From(Func<T> value, List<FhirIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(issues);
        return issues.Count > 0 ? Failure(issues) : Success(value());
    }
}

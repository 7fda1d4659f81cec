using Microsoft.AspNetCore.Http.HttpResults;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Shared;

public enum OutcomeKind
{
    Success,
    Invalid,
    NotFound,
    Conflict,
    Blocked,
    Forbidden,
    TooManyRequests,
}

/// <summary>The result of a use case: a value, or the reason there is none. Expected failures are values.</summary>
public sealed record Outcome<T>
{
    private Outcome(OutcomeKind kind, T? value, IDictionary<string, string[]>? errors, string? detail, string? ruleId, ProblemExtras? extras = null)
    {
        Extras = extras;
        Kind = kind;
        Value = value;
        Errors = errors ?? new Dictionary<string, string[]>();
        Detail = detail;
        RuleId = ruleId;
    }

    public OutcomeKind Kind { get; }

    public T? Value { get; }

    public IDictionary<string, string[]> Errors { get; }

    public string? Detail { get; }

    public string? RuleId { get; }

    /// <summary>A specific problem type, title and extension members (e.g. the conflicts of a booking).</summary>
    public ProblemExtras? Extras { get; }

    public bool Succeeded => Kind == OutcomeKind.Success;

    public static Outcome<T> Success(T value) => new(OutcomeKind.Success, value, null, null, null);

    public static Outcome<T> Invalid(IDictionary<string, string[]> errors) => new(OutcomeKind.Invalid, default, errors, null, null);

    public static Outcome<T> Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static Outcome<T> NotFound(string what) => new(OutcomeKind.NotFound, default, null, what, null);

    public static Outcome<T> Conflict(string detail) => new(OutcomeKind.Conflict, default, null, detail, null);

    public static Outcome<T> Conflict(string detail, ProblemExtras extras) => new(OutcomeKind.Conflict, default, null, detail, null, extras);

    public static Outcome<T> Blocked(string ruleId, string detail) => new(OutcomeKind.Blocked, default, null, detail, ruleId);

    public static Outcome<T> Forbidden(string detail) => new(OutcomeKind.Forbidden, default, null, detail, null);

    public static Outcome<T> TooManyRequests(string detail) => new(OutcomeKind.TooManyRequests, default, null, detail, null);

    public Outcome<TOther> Cast<TOther>() => new(Kind, default, Errors, Detail, RuleId, Extras);

    /// <summary>Turns a failed outcome into its HTTP problem.</summary>
    public IResult ToProblem() => Kind switch
    {
        OutcomeKind.Invalid => Problems.Validation(Errors),
        OutcomeKind.NotFound => Problems.NotFound(Detail ?? "The resource"),
        OutcomeKind.Conflict when Extras is { } extras => TypedResults.Problem(
            title: extras.Title, detail: Detail, statusCode: StatusCodes.Status409Conflict, type: extras.Type, extensions: extras.Extensions),
        OutcomeKind.Conflict => Problems.Conflict(Detail ?? ""),
        OutcomeKind.Blocked => Problems.SafetyBlocked(RuleId ?? "", Detail ?? ""),
        OutcomeKind.Forbidden => TypedResults.Problem(title: "Not allowed.", detail: Detail, statusCode: StatusCodes.Status403Forbidden),
        OutcomeKind.TooManyRequests => Problems.TooManyRequests(Detail),
        OutcomeKind.Success => throw new InvalidOperationException("A successful outcome is not a problem."),
        _ => throw new InvalidOperationException("Unknown outcome."),
    };

    public IResult ToResult(Func<T, IResult> onSuccess) => Succeeded ? onSuccess(Value!) : ToProblem();
}

/// <summary>The type, title and extension members of a problem more specific than the kind's default.</summary>
public sealed record ProblemExtras(string Type, string Title, IDictionary<string, object?> Extensions);

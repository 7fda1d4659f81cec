using Hl7.Fhir.Model;

namespace Respite.Fhir;

/// <summary>Builds the OperationOutcome a /fhir endpoint answers with.</summary>
public static class OperationOutcomes
{
    /// <summary>One error issue per problem, each with its element path in <c>expression</c> and the message in <c>diagnostics</c>.</summary>
    public static OperationOutcome FromIssues(IEnumerable<FhirIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var outcome = new OperationOutcome();
        foreach (var issue in issues)
        {
            var component = new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Error,
                Code = IssueTypeOf(issue.Kind),
                Diagnostics = issue.Message,
            };
            if (!string.IsNullOrEmpty(issue.Path))
            {
                component.Expression = [issue.Path];
            }

            outcome.Issue.Add(component);
        }

        if (outcome.Issue.Count == 0)
        {
            throw new ArgumentException("An OperationOutcome needs at least one issue.", nameof(issues));
        }

        return outcome;
    }

    /// <summary>A single issue with no element path, e.g. "not found" or "forbidden".</summary>
    public static OperationOutcome Single(OperationOutcome.IssueType code, string message, OperationOutcome.IssueSeverity severity = OperationOutcome.IssueSeverity.Error) =>
        new()
        {
            Issue = [new OperationOutcome.IssueComponent { Severity = severity, Code = code, Diagnostics = message }],
        };

    /// <summary>An OperationOutcome with an informational issue, for a successful interaction that reports one.</summary>
    public static OperationOutcome AllOk(string message) =>
        Single(OperationOutcome.IssueType.Informational, message, OperationOutcome.IssueSeverity.Information);

    public static OperationOutcome.IssueType IssueTypeOf(FhirIssueKind kind) => kind switch
    {
        FhirIssueKind.Structure => OperationOutcome.IssueType.Structure,
        FhirIssueKind.Required => OperationOutcome.IssueType.Required,
        FhirIssueKind.Value => OperationOutcome.IssueType.Value,
        FhirIssueKind.NotSupported => OperationOutcome.IssueType.NotSupported,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

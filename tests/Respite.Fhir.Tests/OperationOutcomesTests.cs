using Hl7.Fhir.Model;

namespace Respite.Fhir.Tests;

public sealed class OperationOutcomesTests
{
    [Fact]
    public void FromIssues_EachKind_MatchesGoldenFile()
    {
        var outcome = OperationOutcomes.FromIssues(
        [
            new FhirIssue("", "The body is not valid FHIR JSON.", FhirIssueKind.Structure),
            new FhirIssue("Observation.subject", "The subject (a Patient reference) is required.", FhirIssueKind.Required),
            new FhirIssue("Observation.valueQuantity.value", "Heart rate must lie between 10 and 300 beats/minute; got 400.", FhirIssueKind.Value),
            new FhirIssue("Observation.valueQuantity.unit", "Unsupported unit 'bpm' for Heart rate: use UCUM '/min' (beats/minute).", FhirIssueKind.NotSupported),
        ]);

        GoldenFiles.AssertMatches("operationoutcome.json", outcome);
        Issues.AssertValid(outcome);
    }

    [Theory]
    [InlineData(FhirIssueKind.Structure, OperationOutcome.IssueType.Structure)]
    [InlineData(FhirIssueKind.Required, OperationOutcome.IssueType.Required)]
    [InlineData(FhirIssueKind.Value, OperationOutcome.IssueType.Value)]
    [InlineData(FhirIssueKind.NotSupported, OperationOutcome.IssueType.NotSupported)]
    public void FromIssues_OneIssue_KeepsPathMessageAndKind(FhirIssueKind kind, OperationOutcome.IssueType type)
    {
        var issue = OperationOutcomes.FromIssues([new FhirIssue("Patient.birthDate", "Bad date.", kind)]).Issue.Single();

        Assert.Equal(OperationOutcome.IssueSeverity.Error, issue.Severity);
        Assert.Equal(type, issue.Code);
        Assert.Equal("Bad date.", issue.Diagnostics);
        Assert.Equal(["Patient.birthDate"], issue.Expression);
    }

    [Fact]
    public void FromIssues_None_Throws()
    {
        Assert.Throws<ArgumentException>(() => OperationOutcomes.FromIssues([]));
    }

    [Fact]
    public void Single_NotFound_HasNoExpression()
    {
        var outcome = OperationOutcomes.Single(OperationOutcome.IssueType.NotFound, "Patient/123 is not known.");

        var issue = Assert.Single(outcome.Issue);
        Assert.Empty(issue.Expression);
        Issues.AssertValid(outcome);
    }

    [Fact]
    public void FromParseFailure_PathsCarryOver()
    {
        var parsed = FhirFormats.ParseJson("{\"resourceType\":\"Patient\",\"birthDate\":\"yesterday\"}");

        var outcome = OperationOutcomes.FromIssues(parsed.Issues);

        Assert.All(outcome.Issue, i => Assert.Equal(OperationOutcome.IssueType.Structure, i.Code));
        Assert.Contains(outcome.Issue, i => i.Expression.Contains("Patient.birthDate"));
    }
}

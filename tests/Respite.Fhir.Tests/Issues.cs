namespace Respite.Fhir.Tests;

internal static class Issues
{
    /// <summary>Asserts that reading failed and that one issue names <paramref name="path"/> with the given kind.</summary>
    public static FhirIssue AssertSingleAt<T>(FhirParseResult<T> result, string path, FhirIssueKind kind)
        where T : class
    {
        Assert.False(result.Succeeded);
        Assert.Null(result.Value);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(path, issue.Path);
        Assert.Equal(kind, issue.Kind);
        Assert.False(string.IsNullOrWhiteSpace(issue.Message));
        return issue;
    }

    public static void AssertValid(Hl7.Fhir.Model.Base resource)
    {
        var issues = FhirFormats.ValidateStructure(resource);
        Assert.True(issues.Count == 0, string.Join("; ", issues.Select(i => $"{i.Path}: {i.Message}")));
    }
}

namespace Respite.Fhir;

/// <summary>What kind of problem an incoming resource has; each maps to one OperationOutcome issue type.</summary>
public enum FhirIssueKind
{
    /// <summary>The content is not well-formed FHIR (JSON/XML syntax, unknown element, wrong primitive format).</summary>
    Structure,

    /// <summary>An element Respite needs is missing.</summary>
    Required,

    /// <summary>A value is present but not acceptable (out of range, wrong format, inconsistent).</summary>
    Value,

    /// <summary>A code, unit, questionnaire or reference target Respite does not support.</summary>
    NotSupported,
}

/// <summary>
/// One problem with an incoming resource: the element it concerns as a FHIRPath-like path in JSON names
/// (<c>Observation.valueQuantity.code</c>, <c>QuestionnaireResponse.item[3].answer[0]</c>) and a message a client can show.
/// </summary>
public sealed record FhirIssue(string Path, string Message, FhirIssueKind Kind = FhirIssueKind.Value);

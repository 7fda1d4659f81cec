using System.Text.Json;
using Respite.Data.Assessments;
using Respite.Web.Features.Questionnaires;

namespace Respite.Web.Features.Assessments;

/// <summary>The body of <c>POST /api/patients/{id}/assessments</c>.</summary>
public sealed record AssessmentInput
{
    public string? Instrument { get; init; }

    public JsonElement? Answers { get; init; }

    /// <summary>Only for AUDIT-C when the patient's recorded sex should not be used.</summary>
    public string? Sex { get; init; }

    public AssessmentContext? Context { get; init; }

    public Respondent? Respondent { get; init; }

    /// <summary>When the patient answered; defaults to now. May not lie in the future.</summary>
    public DateTimeOffset? AnsweredAt { get; init; }

    public string? Notes { get; init; }
}

/// <summary>A scored questionnaire. <c>Crisis</c> is set only in the answer to a patient's own submission that suggests
/// suicidal thoughts: the clinic's crisis message, to show at once.</summary>
public sealed record AssessmentDto(
    Guid Id,
    Guid PatientId,
    string Instrument,
    string InstrumentName,
    decimal Total,
    string Band,
    IReadOnlyList<string> Flags,
    JsonElement Answers,
    AssessmentContext Context,
    Respondent Respondent,
    DateTimeOffset AnsweredAt,
    DateTimeOffset RecordedAt,
    string? Notes,
    IReadOnlyList<SafetyAlertDto> RaisedAlerts,
    CrisisDto? Crisis = null);

public sealed record SafetyAlertDto(
    Guid Id,
    Guid PatientId,
    string RuleId,
    string Message,
    Guid? AssessmentId,
    DateTimeOffset RaisedAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    string? AcknowledgementNote);

public sealed record AcknowledgeInput(string? Note);

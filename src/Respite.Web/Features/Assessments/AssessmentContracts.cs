using System.Text.Json;
using Respite.Data.Assessments;

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
    IReadOnlyList<SafetyAlertDto> RaisedAlerts);

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

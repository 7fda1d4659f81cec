namespace Respite.Data.Assessments;

/// <summary>
/// A suicide-risk (or other safety) alert that a prescriber must acknowledge before treatment is planned.
/// </summary>
public sealed class SafetyAlert
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    /// <summary>The stable id of the rule that raised the alert, e.g. <c>SCR-SUI-001</c>.</summary>
    public string RuleId { get; set; } = "";

    public string Message { get; set; } = "";

    public Guid? AssessmentId { get; set; }

    public DateTimeOffset RaisedAt { get; set; }

    public string? RaisedByUserId { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? AcknowledgedByUserId { get; set; }

    public string? AcknowledgementNote { get; set; }

    public bool IsOpen => AcknowledgedAt is null;
}

namespace Respite.Data.Assessments;

/// <summary>A scored questionnaire. Answers are kept exactly as given, alongside the score computed at the time.</summary>
public sealed class Assessment
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    public string InstrumentCode { get; set; } = "";

    /// <summary>The answers as a JSON array (numbers, booleans or null for items not asked).</summary>
    public string AnswersJson { get; set; } = "[]";

    public decimal Total { get; set; }

    public string Band { get; set; } = "";

    public List<string> Flags { get; set; } = [];

    public AssessmentContext Context { get; set; }

    public Respondent Respondent { get; set; }

    /// <summary>When the patient answered.</summary>
    public DateTimeOffset AnsweredAt { get; set; }

    /// <summary>When it was entered into the record.</summary>
    public DateTimeOffset RecordedAt { get; set; }

    public string RecordedByUserId { get; set; } = "";

    public string? Notes { get; set; }
}

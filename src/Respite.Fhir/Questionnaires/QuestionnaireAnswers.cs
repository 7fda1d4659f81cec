using Respite.Clinical.Instruments;

namespace Respite.Fhir.Questionnaires;

/// <summary>Who gave the answers: the patient (self-report) or a clinician rating.</summary>
public enum AnswerRespondent
{
    Patient,
    Clinician,
}

/// <summary>When in the care pathway a questionnaire was answered.</summary>
public enum AnswerContext
{
    Intake,
    PreSession,
    PostSession,
    Diary,
    FollowUp,
}

/// <summary>
/// The answers to one instrument as Respite stores them (Respite.Data's <c>Assessment</c> without its score): one
/// <see cref="Answer"/> per item of the instrument, in item order, skipped where the item was not asked.
/// </summary>
/// <param name="Id">The assessment's id; null when read from a response whose id is not Respite's (a create).</param>
/// <param name="InstrumentCode">Respite's instrument code (<c>phq9</c>, …; see InstrumentCatalog).</param>
/// <param name="ClinicianId">The staff account of the clinician who rated it; required when <see cref="Respondent"/> is a clinician.</param>
public sealed record QuestionnaireAnswers(
    Guid? Id,
    Guid PatientId,
    string InstrumentCode,
    IReadOnlyList<Answer> Answers,
    DateTimeOffset AnsweredAt,
    AnswerRespondent Respondent,
    string? ClinicianId = null,
    AnswerContext? Context = null);

/// <summary>A stored assessment: the answers, and the score Respite computed from them when they were recorded.</summary>
public sealed record ScoredAssessment(QuestionnaireAnswers Answers, decimal Total, string Band, IReadOnlyList<string> Flags, Guid? SessionId = null);

using Respite.Data.Assessments;
using Respite.Data.Portal;

namespace Respite.Web.Features.Questionnaires;

/// <summary>The body of <c>POST /api/patients/{id}/questionnaire-assignments</c>.</summary>
public sealed record AssignmentInput
{
    /// <summary>An instrument code the patient may answer alone, e.g. <c>phq9</c>, <c>nrs-pain</c>.</summary>
    public string? Instrument { get; init; }

    public AssignmentTrigger? Trigger { get; init; }

    /// <summary>Days between diary entries, 1 to 90; required for a diary and absent before each session.</summary>
    public int? CadenceDays { get; init; }

    /// <summary>From when it applies; defaults to now. May not lie more than a year ahead.</summary>
    public DateTimeOffset? StartsAt { get; init; }
}

public sealed record AssignmentDto(
    Guid Id,
    Guid PatientId,
    string Instrument,
    string InstrumentName,
    AssignmentTrigger Trigger,
    int? CadenceDays,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset CreatedAt,
    string? CreatedBy,
    DateTimeOffset? NextDueAt,
    bool IsDue,
    bool IsOverdue,
    DateTimeOffset? LastAnsweredAt);

/// <summary>A questionnaire the patient is asked to answer.</summary>
/// <param name="AssignmentId">The assignment it comes from.</param>
/// <param name="Instrument">The instrument's catalog code.</param>
/// <param name="InstrumentName">The instrument's name.</param>
/// <param name="Trigger">Before each session or a diary.</param>
/// <param name="Context">How the answer is recorded: <c>diary</c> or <c>pre-session</c>.</param>
/// <param name="DueAt">When it falls (or fell) due.</param>
/// <param name="IsOverdue">Past the diary's grace period, or past the start of the session it was for.</param>
/// <param name="Session">For a pre-session questionnaire, the treatment appointment it is for.</param>
public sealed record DueItemDto(
    Guid AssignmentId,
    string Instrument,
    string InstrumentName,
    AssignmentTrigger Trigger,
    AssessmentContext Context,
    DateTimeOffset DueAt,
    bool IsOverdue,
    DateTimeOffset? Session);

/// <summary>What a patient is asked to answer: due now, and the next ones coming up.</summary>
public sealed record PortalQuestionnairesDto(Guid PatientId, IReadOnlyList<DueItemDto> Due, IReadOnlyList<DueItemDto> Upcoming);

/// <summary>Shown to a patient whose answers suggest suicidal thoughts: the clinic's message, the crisis line and emergency
/// number to call, and the clinic's phone.</summary>
public sealed record CrisisDto(string Message, string CrisisLineNumber, string EmergencyNumber, string? ClinicName, string? ClinicPhone);

/// <summary>The confirmation of a patient's own answers; <c>CareTeamAlerted</c> when they raised a safety alert.</summary>
public sealed record PortalConfirmationDto(
    Guid AssessmentId, string Instrument, string InstrumentName, AssessmentContext Context, DateTimeOffset AnsweredAt, CrisisDto? Crisis, bool CareTeamAlerted);

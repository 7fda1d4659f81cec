namespace Respite.Data.Assessments;

/// <summary>When in the pathway a questionnaire was answered.</summary>
public enum AssessmentContext
{
    Intake,
    PreSession,
    PostSession,
    Diary,
    FollowUp,
}

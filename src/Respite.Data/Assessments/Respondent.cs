namespace Respite.Data.Assessments;

/// <summary>Who gave the answers: the patient (self-report) or a clinician rating.</summary>
public enum Respondent
{
    Patient,
    Clinician,
}

namespace Respite.Data.Patients;

/// <summary>The chronic-pain symptom checklist taken at intake.</summary>
public enum PainSymptom
{
    JointPain,
    MuscleAches,
    BurningPain,
    Fatigue,
    SleepProblems,
    LossOfLibido,
    DrugOrAlcoholUse,
    RelationshipProblems,
    JobLoss,
    SuicidalThoughts,
}

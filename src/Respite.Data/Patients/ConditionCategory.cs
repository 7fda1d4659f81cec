namespace Respite.Data.Patients;

public enum ConditionCategory
{
    Depression,
    ChronicPain,
    Other,
}

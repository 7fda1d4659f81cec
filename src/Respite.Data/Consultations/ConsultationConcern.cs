namespace Respite.Data.Consultations;

public enum ConsultationConcern
{
    Depression,
    ChronicPain,
    Both,
}

namespace Respite.Data.Consultations;

public enum ConsultationStatus
{
    New,
    Converted,
    Handled,
}

namespace Respite.Clinical.Scheduling;

public enum AppointmentKind
{
    Consultation,
    IvInfusion,
    EsketamineSession,
    FollowUp,
}

using Hl7.Fhir.Model;
using Respite.Fhir.Medications;

namespace Respite.Fhir.Encounters;

/// <summary>Treatment sessions → Encounter (read-only): class AMB, the session's period, location and participants.</summary>
public static class EncounterMapper
{
    public static Encounter ToFhir(ChairSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var encounter = new Encounter
        {
            Id = FhirReferences.Id(session.Id),
            Status = session.State switch
            {
                ChairSessionState.CheckedIn => Encounter.EncounterStatus.Arrived,
                ChairSessionState.InProgress => Encounter.EncounterStatus.InProgress,
                ChairSessionState.Discharged => Encounter.EncounterStatus.Finished,
                ChairSessionState.Cancelled => Encounter.EncounterStatus.Cancelled,
                _ => throw new ArgumentOutOfRangeException(nameof(session), session.State, null),
            },
            Class = FhirValues.Coding(FhirSystems.ActCode, "AMB", "ambulatory"),
            Type = [TypeOf(session.Treatment)],
            Subject = FhirReferences.Patient(session.PatientId),
            Period = FhirValues.Period(session.CheckedInAt, session.EndedAt),
        };
        Participant("ADM", "admitter", session.CheckedInById);
        Participant("DIS", "discharger", session.DischargedById);
        Participant("ATND", "attender", session.PrescriberId);
        if (session.AppointmentId is { } appointment)
        {
            encounter.Appointment.Add(FhirReferences.Appointment(appointment));
        }

        if (session.LocationId is { } location)
        {
            encounter.Location.Add(new Encounter.LocationComponent { Location = FhirReferences.Location(location) });
        }

        return encounter;

        void Participant(string code, string display, string? userId)
        {
            if (userId is not null)
            {
                encounter.Participant.Add(new Encounter.ParticipantComponent
                {
                    Type = [FhirValues.Concept(FhirSystems.ParticipationType, code, display)],
                    Individual = FhirReferences.Practitioner(userId),
                });
            }
        }
    }

    public static CodeableConcept TypeOf(SessionTreatment treatment) => treatment switch
    {
        SessionTreatment.IvKetamine => FhirValues.Concept(FhirSystems.RespiteSessionType, "iv-ketamine", "IV ketamine infusion session"),
        SessionTreatment.EsketamineNasalSpray => FhirValues.Concept(FhirSystems.RespiteSessionType, "esketamine", "Esketamine nasal spray session"),
        _ => throw new ArgumentOutOfRangeException(nameof(treatment), treatment, null),
    };
}

using Hl7.Fhir.Model;
using Respite.Clinical.Scheduling;

namespace Respite.Fhir.Appointments;

/// <summary>Bookings → Appointment (read-only).</summary>
public static class AppointmentMapper
{
    public static Appointment ToFhir(ScheduledAppointment booking)
    {
        ArgumentNullException.ThrowIfNull(booking);
        var appointment = new Appointment
        {
            Id = FhirReferences.Id(booking.Id),
            Status = booking.Status switch
            {
                BookingStatus.Held => Appointment.AppointmentStatus.Pending,
                BookingStatus.Booked => Appointment.AppointmentStatus.Booked,
                BookingStatus.CheckedIn => Appointment.AppointmentStatus.CheckedIn,
                BookingStatus.Completed => Appointment.AppointmentStatus.Fulfilled,
                BookingStatus.Cancelled => Appointment.AppointmentStatus.Cancelled,
                BookingStatus.NoShow => Appointment.AppointmentStatus.Noshow,
                _ => throw new ArgumentOutOfRangeException(nameof(booking), booking.Status, null),
            },
            ServiceType = [TypeOf(booking.Kind)],
            Description = booking.Sequence is { } sequence ? FhirFormats.Invariant($"{Display(booking.Kind)}, session {sequence} of the plan") : Display(booking.Kind),
            Start = booking.Start.ToUniversalTime(),
            End = booking.End.ToUniversalTime(),
            Created = FhirValues.Instant(booking.CreatedAt),
        };
        if (booking.Status == BookingStatus.Cancelled && booking.CancelReason is { } reason)
        {
            appointment.CancelationReason = new CodeableConcept { Text = reason };
        }

        if (booking.PlanId is { } plan)
        {
            appointment.SupportingInformation.Add(FhirReferences.CarePlan(plan));
        }

        if (booking.PatientId is { } patient)
        {
            appointment.Participant.Add(Participant(FhirReferences.Patient(patient)));
        }

        if (booking.NurseId is { } nurse)
        {
            appointment.Participant.Add(Participant(FhirReferences.Practitioner(nurse)));
        }

        appointment.Participant.Add(Participant(FhirReferences.Location(booking.LocationId)));
        return appointment;
    }

    public static CodeableConcept TypeOf(AppointmentKind kind) => FhirValues.Concept(FhirSystems.RespiteAppointmentType, kind switch
    {
        AppointmentKind.Consultation => "consultation",
        AppointmentKind.IvInfusion => "iv-infusion",
        AppointmentKind.EsketamineSession => "esketamine-session",
        AppointmentKind.FollowUp => "follow-up",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    }, Display(kind));

    private static string Display(AppointmentKind kind) => kind switch
    {
        AppointmentKind.Consultation => "Consultation",
        AppointmentKind.IvInfusion => "IV ketamine infusion",
        AppointmentKind.EsketamineSession => "Esketamine session",
        AppointmentKind.FollowUp => "Follow-up",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static Appointment.ParticipantComponent Participant(ResourceReference actor) =>
        new()
        {
            Actor = actor,
            Required = Appointment.ParticipantRequired.Required,
            Status = ParticipationStatus.Accepted,
        };
}

using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Respite.Clinical.Scheduling;
using Respite.Data.Scheduling;

namespace Respite.Web.Features.Scheduling;

/// <summary>
/// A patient's appointments as an iCalendar (RFC 5545) file. Times are UTC; an event says what kind of visit it is
/// and where, and nothing about doses or diagnoses.
/// </summary>
public static class CalendarExport
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static string Write(IEnumerable<AppointmentDto> appointments, IReadOnlyDictionary<Guid, LocationDto> locations, string clinicName, DateTimeOffset now)
    {
        var calendar = new Calendar { ProductId = "-//Respite//Appointments//EN" };
        calendar.AddProperty("X-WR-CALNAME", $"{clinicName} appointments");
        foreach (var a in appointments.Where(a => a.Status is not AppointmentStatus.Held || a.PatientId is not null))
        {
            var location = locations.TryGetValue(a.LocationId, out var l) ? l : null;
            var calendarEvent = new CalendarEvent
            {
                Uid = $"{a.Id}@respite",
                DtStamp = new CalDateTime(now.UtcDateTime),
                DtStart = new CalDateTime(a.Start.UtcDateTime),
                DtEnd = new CalDateTime(a.End.UtcDateTime),
                Summary = $"{Title(a.Kind)} — {clinicName}",
                Location = location is null ? a.LocationName : string.Join(", ", new[] { location.Name, location.Address }.Where(x => !string.IsNullOrWhiteSpace(x))),
                Description = Advice(a.Kind),
                Status = a.Status switch
                {
                    AppointmentStatus.Cancelled => "CANCELLED",
                    AppointmentStatus.Held => "TENTATIVE",
                    _ => "CONFIRMED",
                },
                Sequence = a.Status == AppointmentStatus.Cancelled ? 1 : 0,
            };
            calendar.Events.Add(calendarEvent);
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    public static string Title(AppointmentKind kind) => kind switch
    {
        AppointmentKind.Consultation => "Consultation",
        AppointmentKind.IvInfusion => "Infusion appointment",
        AppointmentKind.EsketamineSession => "Nasal-spray treatment session",
        AppointmentKind.FollowUp => "Follow-up",
        _ => "Appointment",
    };

    private static string Advice(AppointmentKind kind) => kind switch
    {
        AppointmentKind.IvInfusion => "Arrange a ride home: you may not drive after treatment.",
        AppointmentKind.EsketamineSession => "Plan to stay at least 2 hours after the treatment. No food for 2 hours and no drinks for 30 minutes before. Arrange a ride home: no driving until the next day after a restful sleep.",
        _ => "",
    };
}

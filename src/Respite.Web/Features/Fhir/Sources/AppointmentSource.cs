using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Scheduling;
using Respite.Fhir.Appointments;

namespace Respite.Web.Features.Fhir.Sources;

/// <summary>Bookings in a chair or room as Appointments (a public consultation request held for the front desk has no patient yet).</summary>
public sealed class AppointmentSource(RespiteDbContext db) : IFhirResourceSource
{
    private const string StatusSystem = "http://hl7.org/fhir/appointmentstatus";

    public string ResourceType => "Appointment";

    public FhirAccess Access => FhirAccess.PatientCompartment;

    public IReadOnlyList<FhirSearchParameter> SearchParameters { get; } =
    [
        FhirSearchParameter.Id,
        FhirSearchParameter.Patient,
        new("date", FhirParameterKind.Date, "When the appointment starts."),
        new("status", FhirParameterKind.Token, "pending (held), booked, checked-in, fulfilled, cancelled or noshow."),
        new("location", FhirParameterKind.Reference, "The clinic location.", "Location"),
        new("practitioner", FhirParameterKind.Reference, "The nurse assigned to it.", "Practitioner"),
    ];

    public async Task<FhirEntry?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "D", out var guid))
        {
            return null;
        }

        var appointment = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == guid, cancellationToken);
        return appointment is null ? null : Entry(appointment);
    }

    public async IAsyncEnumerable<FhirEntry> SearchAsync(FhirQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query.MatchesNothing)
        {
            yield break;
        }

        var rows = db.Appointments.AsNoTracking();
        if (query.PatientId is { } patientId)
        {
            rows = rows.Where(a => a.PatientId == patientId);
        }

        if (SourceFilters.GuidIds(query) is { } ids)
        {
            rows = rows.Where(a => ids.Contains(a.Id));
        }

        var range = query.Range("date");
        if (range.From is { } from)
        {
            rows = rows.Where(a => a.Start >= from);
        }

        if (range.To is { } to)
        {
            rows = rows.Where(a => a.Start < to);
        }

        foreach (var statuses in query.Tokens("status"))
        {
            var allowed = SourceFilters.Allowed(statuses, Enum.GetValues<AppointmentStatus>(), status => [(StatusSystem, StatusCode(status))]);
            rows = rows.Where(a => allowed.Contains(a.Status));
        }

        if (query.GuidReferences("location") is { } locations)
        {
            if (locations.Count != 1)
            {
                yield break;
            }

            var location = locations[0];
            rows = rows.Where(a => a.LocationId == location);
        }

        foreach (var practitioner in query.References("practitioner"))
        {
            rows = rows.Where(a => a.NurseUserId == practitioner);
        }

        await foreach (var appointment in rows.OrderBy(a => a.Start).ThenBy(a => a.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return Entry(appointment);
        }
    }

    /// <summary>The FHIR Appointment status of a booking status, as <see cref="AppointmentMapper"/> writes it.</summary>
    public static string StatusCode(AppointmentStatus status) => status switch
    {
        AppointmentStatus.Held => "pending",
        AppointmentStatus.Booked => "booked",
        AppointmentStatus.CheckedIn => "checked-in",
        AppointmentStatus.Completed => "fulfilled",
        AppointmentStatus.Cancelled => "cancelled",
        AppointmentStatus.NoShow => "noshow",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static FhirEntry Entry(Appointment a) =>
        new(AppointmentMapper.ToFhir(new ScheduledAppointment(
            a.Id,
            a.PatientId,
            a.LocationId,
            a.NurseUserId,
            a.Kind,
            a.Status switch
            {
                AppointmentStatus.Held => BookingStatus.Held,
                AppointmentStatus.Booked => BookingStatus.Booked,
                AppointmentStatus.CheckedIn => BookingStatus.CheckedIn,
                AppointmentStatus.Completed => BookingStatus.Completed,
                AppointmentStatus.Cancelled => BookingStatus.Cancelled,
                AppointmentStatus.NoShow => BookingStatus.NoShow,
                _ => throw new ArgumentOutOfRangeException(nameof(a), a.Status, null),
            },
            a.Start,
            a.End,
            a.CreatedAt,
            a.PlanId,
            a.Sequence,
            a.CancelReason)), a.PatientId);
}

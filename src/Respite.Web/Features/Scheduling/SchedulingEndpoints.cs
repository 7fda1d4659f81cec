using System.Security.Claims;
using Respite.Data.Auditing;
using Respite.Web.Features.Settings;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Scheduling;

public static class SchedulingEndpoints
{
    public static IEndpointRouteBuilder MapSchedulingEndpoints(this IEndpointRouteBuilder app)
    {
        var locations = app.MapGroup("/api/locations").WithTags("Scheduling");
        locations.MapGet("/", async (LocationService service, bool? includeInactive, CancellationToken ct) =>
                TypedResults.Ok(await service.ListAsync(includeInactive ?? false, ct)))
            .RequireAuthorization(Policies.Staff)
            .WithName("ListLocations");
        locations.MapGet("/{locationId:guid}", async (LocationService service, Guid locationId, CancellationToken ct) =>
                (await service.GetAsync(locationId, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Staff)
            .WithName("GetLocation");
        locations.MapPost("/", async (LocationService service, LocationInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "A location is required.")
                    : (await service.CreateAsync(input, ct)).ToResult(dto => TypedResults.Created($"/api/locations/{dto.Id}", dto)))
            .RequireAuthorization(Policies.Admin)
            .WithName("CreateLocation").WithSummary("Add a location with its IANA time zone and weekly opening hours.");
        locations.MapPut("/{locationId:guid}", async (LocationService service, Guid locationId, LocationInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "A location is required.")
                    : (await service.UpdateAsync(locationId, input, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Admin)
            .WithName("UpdateLocation").WithSummary("Change a location (hours, closed dates, time zone); needs the version last read.");
        locations.MapPost("/{locationId:guid}/chairs", async (LocationService service, Guid locationId, ChairInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "A chair is required.")
                    : (await service.AddChairAsync(locationId, input, ct)).ToResult(dto => TypedResults.Created($"/api/locations/{dto.Id}", dto)))
            .RequireAuthorization(Policies.Admin)
            .WithName("AddChair");
        locations.MapPut("/{locationId:guid}/chairs/{chairId:guid}", async (LocationService service, Guid locationId, Guid chairId, ChairInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "A chair is required.")
                    : (await service.UpdateChairAsync(locationId, chairId, input, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Admin)
            .WithName("UpdateChair");
        locations.MapGet("/{locationId:guid}/day", async (ScheduleBoard board, Guid locationId, DateOnly? date, TimeProvider clock, CancellationToken ct) =>
                (await board.DayAsync(locationId, date ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("GetDayView").WithSummary("A location's day: chairs × time, who is where, and planned sessions not yet booked.");

        app.MapGet("/api/appointment-types", async (ClinicSettingsService settings, CancellationToken ct) =>
                TypedResults.Ok(AppointmentService.Types(await settings.GetSchedulingSettingsAsync(ct))))
            .WithTags("Scheduling")
            .RequireAuthorization(Policies.Staff)
            .WithName("ListAppointmentTypes");

        var patient = app.MapGroup("/api/patients/{patientId:guid}").WithTags("Scheduling");
        patient.MapGet("/appointments", async (AppointmentService service, ClaimsPrincipal user, Guid patientId, CancellationToken ct) =>
                (await service.ListForPatientAsync(user, patientId, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.PatientRecordsOrSelf)
            .WithName("ListAppointments");
        patient.MapGet("/appointments.ics", async (
                AppointmentService service, CalendarFeedService calendars, ClaimsPrincipal user, Guid patientId, AuditTrail audit, CancellationToken ct) =>
            {
                var list = await service.ListForPatientAsync(user, patientId, ct);
                if (!list.Succeeded)
                {
                    return list.ToProblem();
                }

                await audit.RecordAsync(AuditAction.Export, "Appointment", null, patientId, detail: "icalendar", cancellationToken: ct);
                return Results.Text(await calendars.WriteAsync(list.Value!, ct), CalendarExport.ContentType);
            })
            .RequireAuthorization(Policies.PatientRecordsOrSelf)
            .WithName("ExportAppointmentsCalendar").WithSummary("The patient's appointments as an iCalendar file (RFC 5545).");
        patient.MapPost("/calendar-feed", async (CalendarFeedService calendars, ClaimsPrincipal user, Guid patientId, CancellationToken ct) =>
                (await calendars.CreateAsync(user, patientId, ct)).ToResult(dto => TypedResults.Created(dto.Url, dto)))
            .RequireAuthorization(Policies.PatientRecordsOrSelf)
            .WithName("CreateCalendarFeed").WithSummary("A secret link for calendar apps (shown once); a new link revokes the previous one.");
        patient.MapDelete("/calendar-feed", async (CalendarFeedService calendars, ClaimsPrincipal user, Guid patientId, CancellationToken ct) =>
                (await calendars.RevokeAsync(user, patientId, ct)).ToResult(_ => TypedResults.NoContent()))
            .RequireAuthorization(Policies.PatientRecordsOrSelf)
            .WithName("RevokeCalendarFeed");
        app.MapGet(CalendarFeedService.FeedPath + "{file}", async (CalendarFeedService calendars, string file, CancellationToken ct) =>
                file.EndsWith(".ics", StringComparison.Ordinal) && await calendars.FeedAsync(file[..^4], ct) is { } ics
                    ? Results.Text(ics, CalendarExport.ContentType)
                    : Problems.NotFound("The calendar"))
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.Public)
            .WithTags("Scheduling")
            .WithName("CalendarFeed").WithSummary("A patient's appointments for a calendar app, by secret link.");
        patient.MapPost("/appointments", async (AppointmentService service, ClaimsPrincipal user, Guid patientId, AppointmentInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "An appointment is required.")
                    : (await service.BookAsync(user, patientId, input, ct)).ToResult(dto => TypedResults.Created($"/api/patients/{patientId}/appointments/{dto.Id}", dto)))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("BookAppointment").WithSummary("Book one appointment; a taken chair, a busy patient or a nurse at capacity answers 409 with the conflicts.");
        patient.MapPost("/appointments/{appointmentId:guid}/reschedule", async (
                AppointmentService service, ClaimsPrincipal user, Guid patientId, Guid appointmentId, RescheduleInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "The new time is required.")
                    : (await service.RescheduleAsync(user, patientId, appointmentId, input, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("RescheduleAppointment").WithSummary("Move one appointment or the rest of its series; all or nothing.");
        patient.MapPost("/appointments/{appointmentId:guid}/cancel", async (
                AppointmentService service, ClaimsPrincipal user, Guid patientId, Guid appointmentId, CancelInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "A reason is required.")
                    : (await service.CancelAsync(user, patientId, appointmentId, input, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("CancelAppointment").WithSummary("Cancel one appointment or the rest of its series, with a reason.");
        patient.MapPost("/appointments/{appointmentId:guid}/complete", async (
                AppointmentService service, ClaimsPrincipal user, Guid patientId, Guid appointmentId, CompleteInput? input, CancellationToken ct) =>
                (await service.CompleteAsync(user, patientId, appointmentId, input?.Version, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Clinician)
            .WithName("CompleteAppointment").WithSummary("Mark a session completed; one package credit is used (once per appointment).");
        patient.MapPost("/plans/{planId:guid}/bookings", async (
                AppointmentService service, ClaimsPrincipal user, Guid patientId, Guid planId, SeriesBookingInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "A location and start time are required.")
                    : (await service.BookSeriesAsync(user, patientId, planId, input, ct)).ToResult(dto =>
                        dto.Booked ? TypedResults.Created($"/api/patients/{patientId}/appointments", dto) : TypedResults.Ok(dto)))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("BookPlanSeries").WithSummary("Propose (confirm=false) or book (confirm=true) a signed plan's sessions, skipping closed days, never double-booking.");

        var open = app.MapGroup("/api/public").WithTags("Public booking").AllowAnonymous().RequireRateLimiting(RateLimits.Public);
        open.MapGet("/locations", async (ConsultationSlots slots, CancellationToken ct) => TypedResults.Ok(await slots.LocationsAsync(ct)))
            .WithName("ListPublicLocations");
        open.MapGet("/consultation-slots", async (ConsultationSlots slots, Guid? locationId, DateOnly? from, int? days, CancellationToken ct) =>
                locationId is null
                    ? Problems.Validation("locationId", "The location is required.")
                    : (await slots.FindAsync(locationId.Value, from, days, ct)).ToResult(TypedResults.Ok))
            .WithName("ListConsultationSlots").WithSummary("Free consultation times; book one with POST /api/consultation-requests (locationId, slotStart).");
        return app;
    }
}

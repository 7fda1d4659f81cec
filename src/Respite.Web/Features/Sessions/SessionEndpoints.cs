using System.Security.Claims;
using Respite.Web.Features.Sessions.Reports;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Sessions;

public static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/patients/{patientId:guid}/sessions", async (SessionService sessions, ClaimsPrincipal user, Guid patientId, CheckInInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "The check-in is required.")
                    : (await sessions.CheckInAsync(user, patientId, input, ct)).ToResult(dto => TypedResults.Created($"/api/sessions/{dto.Id}", dto)))
            .WithTags("Sessions")
            .RequireAuthorization(Policies.Clinician)
            .WithName("CheckIn").WithSummary("Check a patient in: weight, baseline vitals and pre-checks; blocking findings are listed with rule ids.");

        app.MapGet("/api/patients/{patientId:guid}/sessions", async (SessionService sessions, Guid patientId, CancellationToken ct) =>
                (await sessions.ListForPatientAsync(patientId, ct)).ToResult(TypedResults.Ok))
            .WithTags("Sessions")
            .RequireAuthorization(Policies.Clinician)
            .WithName("ListPatientSessions").WithSummary("The patient's treatment sessions, newest first.");

        var group = app.MapGroup("/api/sessions/{sessionId:guid}").WithTags("Sessions");
        group.MapGet("/", async (SessionService sessions, Guid sessionId, CancellationToken ct) => (await sessions.GetAsync(sessionId, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Clinician)
            .WithName("GetSession");
        group.MapGet("/record.pdf", async (SessionReportService reports, Guid sessionId, string? paper, CancellationToken ct) =>
                (await reports.SessionRecordAsync(sessionId, paper, ct)).ToResult(SessionReportService.ToResult))
            .RequireAuthorization(Policies.Clinician)
            .Produces(StatusCodes.Status200OK, contentType: PdfFile.ContentType)
            .WithName("GetSessionRecordPdf").WithSummary("The session on one PDF page (paper=letter|a4): check-in, doses, vitals chart, alerts, side effects, discharge and signatures.");
        group.MapPost("/vitals", async (SessionService sessions, ClaimsPrincipal user, Guid sessionId, VitalsInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "A reading is required.")
                    : (await sessions.RecordVitalsAsync(user, sessionId, input, ct)).ToResult(dto => TypedResults.Created($"/api/sessions/{sessionId}", dto)))
            .RequireAuthorization(Policies.Clinician)
            .WithName("RecordVitals").WithSummary("Chart vitals (each optional, at least one); answers the stored reading and any alerts with rule ids.");
        group.MapPost("/doses", async (SessionService sessions, ClaimsPrincipal user, Guid sessionId, DoseInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "A dose event is required.")
                    : (await sessions.RecordDoseAsync(user, sessionId, input, ct)).ToResult(dto => TypedResults.Created($"/api/sessions/{sessionId}", dto)))
            .RequireAuthorization(Policies.Clinician)
            .WithName("RecordDose").WithSummary("Chart an infusion event (start, rate change with reason, pause, resume, bolus, stop) or an esketamine device (lot); answers the cumulative dose and alerts.");
        group.MapPost("/alerts/{alertId:guid}/acknowledge", async (SessionService sessions, ClaimsPrincipal user, Guid sessionId, Guid alertId, AcknowledgeInput? input, CancellationToken ct) =>
                (await sessions.AcknowledgeAsync(user, sessionId, alertId, input ?? new AcknowledgeInput(null), ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Clinician)
            .WithName("AcknowledgeSessionAlert");
        group.MapPost("/side-effects", async (SessionService sessions, ClaimsPrincipal user, Guid sessionId, SideEffectInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "A side effect is required.")
                    : (await sessions.RecordSideEffectAsync(user, sessionId, input, ct)).ToResult(dto => TypedResults.Created($"/api/sessions/{sessionId}", dto)))
            .RequireAuthorization(Policies.Clinician)
            .WithName("RecordSideEffect");
        group.MapPost("/addenda", async (SessionService sessions, ClaimsPrincipal user, Guid sessionId, AddendumInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("text", "The addendum's text is required.")
                    : (await sessions.AddAddendumAsync(user, sessionId, input, ct)).ToResult(dto => TypedResults.Created($"/api/sessions/{sessionId}", dto)))
            .RequireAuthorization(Policies.Clinician)
            .WithName("AddSessionAddendum").WithSummary("Add a note to the record at any status; the way to correct a discharged or signed session.");
        group.MapPost("/entries/{entryId:guid}/entered-in-error", async (SessionService sessions, ClaimsPrincipal user, Guid sessionId, Guid entryId, EnteredInErrorInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("reason", "A reason is required.")
                    : (await sessions.MarkEnteredInErrorAsync(user, sessionId, entryId, input, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Clinician)
            .WithName("MarkSessionEntryEnteredInError")
            .WithSummary("Mark a reading, dose event or side effect as entered in error, with a reason; it stays on the record and the rules stop counting it. Refused once discharged.");
        group.MapPost("/discharge", async (SessionService sessions, ClaimsPrincipal user, Guid sessionId, DischargeRequest? input, CancellationToken ct) =>
                (await sessions.DischargeAsync(user, sessionId, input ?? new DischargeRequest(null, null, null, null, null, null), ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Clinician)
            .WithName("Discharge").WithSummary("Discharge when every SAF-DIS criterion holds and every alert is acknowledged; esketamine never before 2 h after the last device.");
        group.MapPost("/cancel", async (SessionService sessions, ClaimsPrincipal user, Guid sessionId, CancelSessionInput? input, CancellationToken ct) =>
                (await sessions.CancelAsync(user, sessionId, input ?? new CancelSessionInput(null, null), ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Clinician)
            .WithName("CancelCheckIn").WithSummary("Cancel a check-in before any dose, with a reason; the appointment goes back to booked so the patient can be checked in again.");
        group.MapGet("/discharge-readiness", async (SessionService sessions, Guid sessionId, CancellationToken ct) =>
                (await sessions.DischargeReadinessAsync(sessionId, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Clinician)
            .WithName("GetDischargeReadiness").WithSummary("The discharge criteria the chart decides, assessed now, and the earliest time the observation rule allows discharge.");
        group.MapPost("/sign", async (SessionService sessions, ClaimsPrincipal user, Guid sessionId, SignInput? input, CancellationToken ct) =>
                (await sessions.SignAsync(user, sessionId, input ?? new SignInput(null), ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Prescriber)
            .WithName("SignSession").WithSummary("The supervising prescriber co-signs a discharged session.");
        group.MapGet("/rems-form", async (SessionService sessions, Guid sessionId, CancellationToken ct) =>
                (await sessions.RemsFormAsync(sessionId, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Clinician)
            .WithName("GetRemsForm").WithSummary("The SPRAVATO REMS Patient Monitoring Form answered from the chart, with the answers still missing and its due date.");
        group.MapGet("/rems-form.pdf", async (SessionReportService reports, Guid sessionId, string? paper, CancellationToken ct) =>
                (await reports.RemsFormAsync(sessionId, paper, ct)).ToResult(SessionReportService.ToResult))
            .RequireAuthorization(Policies.Clinician)
            .Produces(StatusCodes.Status200OK, contentType: PdfFile.ContentType)
            .WithName("GetRemsFormPdf").WithSummary("The REMS Patient Monitoring Form as a one-page PDF (paper=letter|a4), missing answers printed as such; esketamine sessions only.");
        group.MapPost("/rems-form/submission", async (SessionService sessions, ClaimsPrincipal user, Guid sessionId, RemsSubmissionInput? input, CancellationToken ct) =>
                (await sessions.SubmitRemsFormAsync(user, sessionId, input ?? new RemsSubmissionInput(null, null), ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Clinician)
            .WithName("SubmitRemsForm").WithSummary("Record the date and confirmation number of a complete form's submission to the REMS.");
        group.MapPost("/override", async (SessionService sessions, ClaimsPrincipal user, Guid sessionId, OverrideInput? input, CancellationToken ct) =>
                (await sessions.OverrideAsync(user, sessionId, input ?? new OverrideInput(null, null, null), ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Prescriber)
            .WithName("OverridePreCheck").WithSummary("A prescriber lets dosing go ahead despite an overridable pre-check (e.g. SAF-BP-002), with a written reason.");
        app.MapGet("/api/rems-forms", async (SessionService sessions, Guid? locationId, bool? overdue, CancellationToken ct) =>
                TypedResults.Ok(await sessions.RemsDueAsync(locationId, overdue ?? false, ct)))
            .WithTags("Sessions")
            .RequireAuthorization(Policies.Clinician)
            .WithName("ListDueRemsForms").WithSummary("REMS monitoring forms not yet submitted (due 7 days after the session), per location; overdue=true for the late ones.");
        return app;
    }
}

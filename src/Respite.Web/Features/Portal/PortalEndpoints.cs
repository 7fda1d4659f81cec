using System.Security.Claims;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Portal;

public static class PortalEndpoints
{
    public static IEndpointRouteBuilder MapPortalEndpoints(this IEndpointRouteBuilder app)
    {
        var invitations = app.MapGroup("/api/patients/{patientId:guid}/portal-invitations").WithTags("Patient portal");
        invitations.MapGet("/", async (PortalInvitationService service, ClaimsPrincipal user, Guid patientId, CancellationToken ct) =>
                (await service.ListAsync(user, patientId, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("ListPortalInvitations").WithSummary("The patient's portal account, if any, and their invitations with status pending, accepted, expired or revoked.");
        invitations.MapPost("/", async (PortalInvitationService service, ClaimsPrincipal user, Guid patientId, PortalInvitationInput? input, CancellationToken ct) =>
                (await service.CreateAsync(user, patientId, input, ct)).ToResult(dto => TypedResults.Created($"/api/patients/{patientId}/portal-invitations", dto)))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("CreatePortalInvitation")
            .WithSummary("Invite the patient to the portal by e-mail (a single-use link; earlier open invitations are revoked). The link is only in the e-mail, never in the response.");
        invitations.MapPost("/{invitationId:guid}/revoke", async (PortalInvitationService service, ClaimsPrincipal user, Guid patientId, Guid invitationId, CancellationToken ct) =>
                (await service.RevokeAsync(user, patientId, invitationId, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("RevokePortalInvitation");

        app.MapGet("/api/portal/appointments", async (ChangeRequestService service, ClaimsPrincipal user, CancellationToken ct) =>
                (await service.PortalAppointmentsAsync(user, ct)).ToResult(TypedResults.Ok))
            .WithTags("Patient portal")
            .RequireAuthorization(Policies.PortalPatient)
            .WithName("ListPortalAppointments").WithSummary("The signed-in patient's own appointments (upcoming and the last few) and their change requests.");
        app.MapPost("/api/appointments/{appointmentId:guid}/change-requests", async (
                ChangeRequestService service, ClaimsPrincipal user, Guid appointmentId, ChangeRequestInput? input, CancellationToken ct) =>
                (await service.CreateAsync(user, appointmentId, input, ct)).ToResult(dto => TypedResults.Created($"/api/change-requests/{dto.Id}", dto)))
            .WithTags("Patient portal")
            .RequireAuthorization(Policies.PortalPatient)
            .WithName("RequestAppointmentChange").WithSummary("The patient asks to reschedule (with the times that suit them) or cancel (with a reason) one of their upcoming appointments.");

        var requests = app.MapGroup("/api/change-requests").WithTags("Patient portal");
        requests.MapGet("/", async (ChangeRequestService service, ClaimsPrincipal user, string? status, CancellationToken ct) =>
                (await service.ListAsync(user, status, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("ListChangeRequests").WithSummary("Patients' change requests; status open (default), done, declined, withdrawn or all.");
        requests.MapPost("/{requestId:guid}/withdraw", async (
                ChangeRequestService service, ClaimsPrincipal user, Guid requestId, WithdrawChangeRequestInput? input, CancellationToken ct) =>
                (await service.WithdrawAsync(user, requestId, input, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.PortalPatient)
            .WithName("WithdrawChangeRequest");
        requests.MapPost("/{requestId:guid}/resolve", async (
                ChangeRequestService service, ClaimsPrincipal user, Guid requestId, ResolveChangeRequestInput? input, CancellationToken ct) =>
                (await service.ResolveAsync(user, requestId, input, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("ResolveChangeRequest").WithSummary("Close a request as done (after rebooking or cancelling) or declined (a note for the patient is required).");
        return app;
    }
}

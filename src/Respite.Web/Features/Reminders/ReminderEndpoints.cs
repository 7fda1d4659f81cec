using System.Security.Claims;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Reminders;

public static class ReminderEndpoints
{
    public static IEndpointRouteBuilder MapReminderEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/patients/{patientId:guid}/reminder-preference", async (ReminderPreferenceService preferences, ClaimsPrincipal user, Guid patientId, CancellationToken ct) =>
                (await preferences.GetAsync(user, patientId, ct)).ToResult(TypedResults.Ok))
            .WithTags("Reminders")
            .RequireAuthorization(Policies.PatientRecordsOrSelf)
            .WithName("GetReminderPreference")
            .WithSummary("Whether the patient receives e-mail reminders.");
        app.MapPut("/api/patients/{patientId:guid}/reminder-preference", async (ReminderPreferenceService preferences, ClaimsPrincipal user, Guid patientId, ReminderPreferenceRequest? body, CancellationToken ct) =>
                (await preferences.SetAsync(user, patientId, body, ct)).ToResult(TypedResults.Ok))
            .WithTags("Reminders")
            .RequireAuthorization(Policies.PatientRecordsOrSelf)
            .WithName("SetReminderPreference")
            .WithSummary("Stop (optedOut: true) or resume (optedOut: false) the patient's e-mail reminders. Portal invitations are not affected.");

        var admin = app.MapGroup("/api/admin/outbox").WithTags("Reminders").RequireAuthorization(Policies.Admin);
        admin.MapGet("/", async (OutboxService outbox, int? take, string? status, CancellationToken ct) =>
                (await outbox.ListAsync(take, status, ct)).ToResult(TypedResults.Ok))
            .WithName("ListOutbox")
            .WithSummary("Recent outbox messages, newest first: kind, masked address, subject, delivery state (bodies only in Development).");
        admin.MapPost("/send-due", async (OutboxService outbox, CancellationToken ct) =>
                (await outbox.RunNowAsync(ct)).ToResult(TypedResults.Ok))
            .WithName("SendOutboxNow")
            .WithSummary("Queue the reminders due now and deliver every due message.");
        return app;
    }
}

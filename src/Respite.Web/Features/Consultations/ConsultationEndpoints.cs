using System.Security.Claims;
using Respite.Data.Consultations;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Consultations;

public static class ConsultationEndpoints
{
    public static IEndpointRouteBuilder MapConsultationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/consultation-requests").WithTags("Consultations");
        group.MapPost("/", async (ConsultationService service, ConsultationRequestInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "A consultation request is required.")
                    : (await service.SubmitAsync(input, ct)).ToResult(receipt => TypedResults.Accepted((string?)null, receipt)))
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.Public)
            .WithName("SubmitConsultationRequest").WithSummary("Ask for a free consultation (no account needed).");
        group.MapGet("/", async (ConsultationService service, string? status, CancellationToken ct) =>
            {
                ConsultationStatus? wanted = null;
                if (!string.IsNullOrWhiteSpace(status))
                {
                    if (!Enum.TryParse<ConsultationStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                    {
                        return Problems.Validation("status", "Use new, converted or handled.");
                    }

                    wanted = parsed;
                }

                return Results.Ok(await service.ListAsync(wanted, ct));
            })
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("ListConsultationRequests");
        group.MapGet("/{id:guid}", async (ConsultationService service, Guid id, CancellationToken ct) =>
                (await service.GetAsync(id, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("GetConsultationRequest");
        group.MapPost("/{id:guid}/convert", async (ConsultationService service, ClaimsPrincipal user, Guid id, ConvertInput? input, CancellationToken ct) =>
                (await service.ConvertAsync(user, id, input?.Sex, ct)).ToResult(dto => TypedResults.Created($"/api/patients/{dto.Id}", dto)))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("ConvertConsultationRequest").WithSummary("Create a patient record from the request.");
        group.MapPost("/{id:guid}/handled", async (ConsultationService service, ClaimsPrincipal user, Guid id, CancellationToken ct) =>
                (await service.MarkHandledAsync(user, id, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("MarkConsultationRequestHandled");
        return app;
    }
}

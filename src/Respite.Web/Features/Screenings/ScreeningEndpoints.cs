using System.Security.Claims;
using Respite.Clinical.Screening;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Screenings;

public static class ScreeningEndpoints
{
    public static IEndpointRouteBuilder MapScreeningEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/patients/{patientId:guid}/screenings").WithTags("Screening");
        group.MapPost("/", async (ScreeningService service, ClaimsPrincipal user, Guid patientId, CancellationToken ct) =>
                (await service.EvaluateAsync(user, patientId, ct))
                    .ToResult(dto => TypedResults.Created($"/api/patients/{patientId}/screenings/{dto.Id}", dto)))
            .RequireAuthorization(Policies.Clinician)
            .WithName("EvaluateScreening").WithSummary("Evaluate eligibility for every modality and store the result.");
        group.MapGet("/", async (ScreeningService service, ClaimsPrincipal user, Guid patientId, CancellationToken ct) =>
                (await service.ListAsync(user, patientId, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("ListScreenings");
        group.MapGet("/{screeningId:guid}", async (ScreeningService service, ClaimsPrincipal user, Guid patientId, Guid screeningId, CancellationToken ct) =>
                (await service.GetAsync(user, patientId, screeningId, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("GetScreening");
        group.MapPost("/{screeningId:guid}/sign", async (ScreeningService service, ClaimsPrincipal user, Guid patientId, Guid screeningId, SignInput? input, CancellationToken ct) =>
                (await service.SignAsync(user, patientId, screeningId, input ?? new SignInput(null, null), ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Prescriber)
            .WithName("SignScreening").WithSummary("A prescriber signs the screening; refused while a suicide-risk alert is open.");
        app.MapGet("/api/screening-rules", () => TypedResults.Ok(ScreeningRules.All))
            .RequireAuthorization(Policies.Staff)
            .WithTags("Screening").WithName("ListScreeningRules").WithSummary("Every screening rule with its id and source.");
        return app;
    }
}

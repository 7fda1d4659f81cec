using System.Security.Claims;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Plans;

public static class PlanEndpoints
{
    public static IEndpointRouteBuilder MapPlanEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/patients/{patientId:guid}/plans").WithTags("Plans");
        group.MapPost("/", async (PlanService plans, ClaimsPrincipal user, Guid patientId, PlanInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "A plan is required.")
                    : (await plans.CreateAsync(user, patientId, input, ct)).ToResult(dto => TypedResults.Created($"/api/patients/{patientId}/plans/{dto.Id}", dto)))
            .RequireAuthorization(Policies.Prescriber)
            .WithName("CreatePlan").WithSummary("Plan a protocol phase for a screened patient; doses from the current weight, checked against the protocol.");
        group.MapGet("/", async (PlanService plans, Guid patientId, CancellationToken ct) => (await plans.ListAsync(patientId, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("ListPlans");
        group.MapGet("/{planId:guid}", async (PlanService plans, Guid patientId, Guid planId, CancellationToken ct) =>
                (await plans.GetAsync(patientId, planId, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("GetPlan");
        group.MapPost("/{planId:guid}/sign", async (PlanService plans, ClaimsPrincipal user, Guid patientId, Guid planId, PlanSignInput? input, CancellationToken ct) =>
                (await plans.SignAsync(user, patientId, planId, input?.Version, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Prescriber)
            .WithName("SignPlan").WithSummary("Sign a draft plan; a signed earlier version becomes superseded.");
        group.MapPost("/{planId:guid}/revisions", async (PlanService plans, ClaimsPrincipal user, Guid patientId, Guid planId, PlanInput? input, CancellationToken ct) =>
                (await plans.ReviseAsync(user, patientId, planId, input ?? new PlanInput(), ct))
                    .ToResult(dto => TypedResults.Created($"/api/patients/{patientId}/plans/{dto.Id}", dto)))
            .RequireAuthorization(Policies.Prescriber)
            .WithName("RevisePlan").WithSummary("Create the next version of a plan (e.g. advance to maintenance); history is kept.");
        return app;
    }
}

using System.Security.Claims;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Pharmacokinetics;

public static class PkEndpoints
{
    public static IEndpointRouteBuilder MapPkEndpoints(this IEndpointRouteBuilder app)
    {
        // The tools take a regimen and a weight, no patient: clinicians and administrators may use them.
        var tools = app.MapGroup("/api/pk").WithTags("Pharmacokinetics").RequireAuthorization(Policies.ClinicianOrAdmin);
        tools.MapGet("/models", () => TypedResults.Ok(PkService.Models()))
            .WithName("ListPkModels").WithSummary("The population models: parameters with units and sources, variability (assumptions flagged), citation.");
        tools.MapPost("/simulate", async (PkService pk, PkSimulationRequest? input, CancellationToken ct) =>
                input is null ? Problems.Validation("body", "A simulation request is required.") : (await pk.SimulateAsync(input, ct)).ToResult(TypedResults.Ok))
            .WithName("SimulatePk").WithSummary("Predicted plasma concentrations of a regimen for a typical patient; peak, time of peak and AUC over [0, last time].");
        tools.MapPost("/population", async (PkService pk, PkPopulationRequest? input, CancellationToken ct) =>
                input is null ? Problems.Validation("body", "A population request is required.") : (await pk.PopulationAsync(input, ct)).ToResult(TypedResults.Ok))
            .RequireRateLimiting(RateLimits.PkPopulation)
            .WithName("SimulatePkPopulation").WithSummary("Percentile bands of the concentration over virtual patients (deterministic for a seed).");
        tools.MapPost("/compare", async (PkService pk, PkCompareRequest? input, CancellationToken ct) =>
                input is null ? Problems.Validation("body", "A comparison request is required.") : (await pk.CompareAsync(input, ct)).ToResult(TypedResults.Ok))
            .WithName("ComparePkRegimens").WithSummary("Two to four regimens on one model: chart data and peak, time of peak, AUC and time above the dissociation band.");
        tools.MapPost("/target-controlled", async (PkService pk, ClaimsPrincipal user, PkTargetControlledRequest? input, CancellationToken ct) =>
                input is null ? Problems.Validation("body", "A target-controlled request is required.") : (await pk.TargetControlledAsync(user, input, ct)).ToResult(TypedResults.Ok))
            .WithName("PlanTargetControlledInfusion").WithSummary("A stepwise plasma-targeted infusion within the protocol's rate limit: a suggestion for the prescriber, never sent to a device.");

        app.MapGet("/api/plans/{planId:guid}/pk", async (PkService pk, ClaimsPrincipal user, Guid planId, string? model, CancellationToken ct) =>
                (await pk.PlanChartAsync(user, planId, model, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.PatientRecordsOrSelf)
            .WithTags("Pharmacokinetics")
            .WithName("GetPlanPk").WithSummary("The predicted concentration of a planned session, with the population band and reference ranges.");
        app.MapGet("/api/sessions/{sessionId:guid}/pk", async (PkService pk, ClaimsPrincipal user, Guid sessionId, string? model, CancellationToken ct) =>
                (await pk.SessionChartAsync(user, sessionId, model, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.ClinicianOrSelf)
            .WithTags("Pharmacokinetics")
            .WithName("GetSessionPk").WithSummary("Planned and given predicted concentrations of a session, from the charted doses.");
        return app;
    }
}

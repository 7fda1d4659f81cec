using System.Security.Claims;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Assessments;

public static class AssessmentEndpoints
{
    public static IEndpointRouteBuilder MapAssessmentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/patients/{patientId:guid}").WithTags("Assessments");
        group.MapPost("/assessments", RecordAsync)
            .RequireAuthorization(Policies.PatientRecordsOrSelf)
            .WithName("RecordAssessment").WithSummary("Score and store a questionnaire; raises suicide-risk alerts.");
        group.MapGet("/assessments", ListAsync)
            .RequireAuthorization(Policies.PatientRecordsOrSelf)
            .WithName("ListAssessments").WithSummary("A patient's questionnaires, newest first.");
        group.MapGet("/alerts", ListAlertsAsync)
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("ListAlerts").WithSummary("A patient's safety alerts.");
        group.MapPost("/alerts/{alertId:guid}/acknowledge", AcknowledgeAsync)
            .RequireAuthorization(Policies.Prescriber)
            .WithName("AcknowledgeAlert").WithSummary("A prescriber acknowledges a safety alert with a written note.");
        return app;
    }

    private static async Task<IResult> RecordAsync(AssessmentService service, ClaimsPrincipal user, Guid patientId, AssessmentInput? input, CancellationToken ct)
    {
        if (input is null)
        {
            return Problems.Validation("body", "An assessment is required.");
        }

        return (await service.RecordAsync(user, patientId, input, ct))
            .ToResult(dto => TypedResults.Created($"/api/patients/{patientId}/assessments/{dto.Id}", dto));
    }

    private static async Task<IResult> ListAsync(AssessmentService service, ClaimsPrincipal user, Guid patientId, string? instrument, CancellationToken ct) =>
        (await service.ListAsync(user, patientId, instrument, ct)).ToResult(TypedResults.Ok);

    private static async Task<IResult> ListAlertsAsync(AssessmentService service, ClaimsPrincipal user, Guid patientId, bool? open, CancellationToken ct) =>
        (await service.ListAlertsAsync(user, patientId, open ?? false, ct)).ToResult(TypedResults.Ok);

    private static async Task<IResult> AcknowledgeAsync(
        AssessmentService service, ClaimsPrincipal user, Guid patientId, Guid alertId, AcknowledgeInput? input, CancellationToken ct) =>
        (await service.AcknowledgeAsync(user, patientId, alertId, input?.Note, ct)).ToResult(TypedResults.Ok);
}

using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Respite.Data.Identity;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Questionnaires;

public static class QuestionnaireEndpoints
{
    public static IEndpointRouteBuilder MapQuestionnaireEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/patients/{patientId:guid}/questionnaire-assignments").WithTags("Questionnaires");
        group.MapGet("/", ListAsync)
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("ListQuestionnaireAssignments").WithSummary("A patient's assigned portal questionnaires with when each is next due.");
        group.MapPost("/", CreateAsync)
            .RequireAuthorization(Policies.Clinician)
            .WithName("AssignQuestionnaire").WithSummary("Assign a questionnaire to answer in the portal, before each session or as a diary.");
        group.MapPost("/defaults", DefaultsAsync)
            .RequireAuthorization(Policies.Clinician)
            .WithName("AssignDefaultQuestionnaires").WithSummary("Assign the default set (PHQ-9 and pain NRS before each session and as a weekly diary) where missing.");
        group.MapPost("/{assignmentId:guid}/end", EndAsync)
            .RequireAuthorization(Policies.Clinician)
            .WithName("EndQuestionnaireAssignment").WithSummary("Stop asking a patient an assigned questionnaire.");

        app.MapGet("/api/portal/questionnaires", OwnDueAsync)
            .WithTags("Portal")
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Patient })
            .WithName("OwnDueQuestionnaires").WithSummary("The signed-in patient's questionnaires due now and coming up.");
        return app;
    }

    private static async Task<IResult> ListAsync(QuestionnaireService service, ClaimsPrincipal user, Guid patientId, bool? includeEnded, CancellationToken ct) =>
        (await service.ListAsync(user, patientId, includeEnded ?? false, ct)).ToResult(TypedResults.Ok);

    private static async Task<IResult> CreateAsync(QuestionnaireService service, ClaimsPrincipal user, Guid patientId, AssignmentInput? input, CancellationToken ct)
    {
        if (input is null)
        {
            return Problems.Validation("body", "An assignment is required.");
        }

        return (await service.CreateAsync(user, patientId, input, ct))
            .ToResult(dto => TypedResults.Created($"/api/patients/{patientId}/questionnaire-assignments/{dto.Id}", dto));
    }

    private static async Task<IResult> DefaultsAsync(QuestionnaireService service, ClaimsPrincipal user, Guid patientId, CancellationToken ct) =>
        (await service.AddDefaultsAsync(user, patientId, ct)).ToResult(TypedResults.Ok);

    private static async Task<IResult> EndAsync(QuestionnaireService service, ClaimsPrincipal user, Guid patientId, Guid assignmentId, CancellationToken ct) =>
        (await service.EndAsync(user, patientId, assignmentId, ct)).ToResult(TypedResults.Ok);

    private static async Task<IResult> OwnDueAsync(QuestionnaireService service, ClaimsPrincipal user, CancellationToken ct) =>
        user.OwnPatientId() is { } own
            ? (await service.DueAsync(user, own, ct)).ToResult(TypedResults.Ok)
            : Problems.NotFound("The patient record of this account");
}

using System.Security.Claims;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Patients;

public static class PatientEndpoints
{
    public static IEndpointRouteBuilder MapPatientEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/patients").WithTags("Patients");

        group.MapGet("/", SearchAsync)
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("SearchPatients").WithSummary("Search patients by name or record number.");
        group.MapPost("/", CreateAsync)
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("CreatePatient").WithSummary("Register a patient.");
        group.MapGet("/{id:guid}", GetAsync)
            .RequireAuthorization(Policies.PatientRecordsOrSelf)
            .WithName("GetPatient").WithSummary("Read a patient's record.");
        group.MapPut("/{id:guid}", UpdateAsync)
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("UpdatePatient").WithSummary("Update a patient's record (send the version last read).");
        return app;
    }

    private static async Task<IResult> SearchAsync(PatientService patients, string? query, int? page, int? pageSize, CancellationToken ct) =>
        (await patients.SearchAsync(query, page ?? 1, pageSize ?? 25, ct)).ToResult(TypedResults.Ok);

    private static async Task<IResult> CreateAsync(PatientService patients, PatientInput? input, CancellationToken ct)
    {
        if (input is null)
        {
            return Problems.Validation("body", "A patient is required.");
        }

        return (await patients.CreateAsync(input, cancellationToken: ct))
            .ToResult(dto => TypedResults.Created($"/api/patients/{dto.Id}", dto));
    }

    private static async Task<IResult> GetAsync(PatientService patients, ClaimsPrincipal user, Guid id, CancellationToken ct) =>
        (await patients.GetAsync(user, id, ct)).ToResult(TypedResults.Ok);

    private static async Task<IResult> UpdateAsync(PatientService patients, ClaimsPrincipal user, Guid id, PatientInput? input, CancellationToken ct)
    {
        if (input is null)
        {
            return Problems.Validation("body", "A patient is required.");
        }

        return (await patients.UpdateAsync(user, id, input, ct)).ToResult(TypedResults.Ok);
    }
}

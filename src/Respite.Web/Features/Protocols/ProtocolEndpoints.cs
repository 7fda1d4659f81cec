using System.Security.Claims;
using Respite.Web.Features.Calculators;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Protocols;

public static class ProtocolEndpoints
{
    public static IEndpointRouteBuilder MapProtocolEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/protocols").WithTags("Protocols");
        group.MapGet("/", async (ProtocolCatalog catalog, CancellationToken ct) =>
                TypedResults.Ok((await catalog.AllAsync(ct)).Select(ToSummary).ToList()))
            .RequireAuthorization(Policies.Staff)
            .WithName("ListProtocols").WithSummary("The clinic's protocol library: phases, dose limits, the cited evidence, and any clinic revision with its reason.");
        group.MapGet("/{id}", async (ProtocolCatalog catalog, string id, CancellationToken ct) =>
                await catalog.FindAsync(id, ct) is { } protocol
                    ? Results.Ok(new
                    {
                        protocol = ToSummary(protocol),
                        citedDefault = protocol.CitedDefault is { } cited ? CalculatorEndpoints.ToSummary(cited) : null,
                        history = await catalog.HistoryAsync(protocol.Definition.Id, ct),
                    })
                    : Problems.NotFound("The protocol"))
            .RequireAuthorization(Policies.Staff)
            .WithName("GetProtocol");
        group.MapPut("/{id}", async (ProtocolCatalog catalog, ClaimsPrincipal user, string id, ProtocolChangeInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "A protocol change is required.")
                    : (await catalog.UpdateAsync(user, id, input, ct)).ToResult(p => TypedResults.Ok(ToSummary(p))))
            .RequireAuthorization(Policies.Prescriber)
            .WithName("ReviseProtocol").WithSummary("Save the clinic's revision of a protocol with a written reason (prescribers); plans keep the revision they used.");
        group.MapPost("/", async (ProtocolCatalog catalog, ClaimsPrincipal user, ProtocolCloneInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "A protocol is required.")
                    : (await catalog.CloneAsync(user, input, ct)).ToResult(p => TypedResults.Created($"/api/protocols/{p.Definition.Id}", ToSummary(p))))
            .RequireAuthorization(Policies.Prescriber)
            .WithName("DeriveProtocol").WithSummary("Derive a clinic protocol from an existing one (new id and name).");
        group.MapPost("/{id}/reset", async (ProtocolCatalog catalog, ClaimsPrincipal user, string id, ProtocolResetInput? input, CancellationToken ct) =>
                (await catalog.ResetAsync(user, id, input ?? new ProtocolResetInput(null, null), ct)).ToResult(p => TypedResults.Ok(ToSummary(p))))
            .RequireAuthorization(Policies.Prescriber)
            .WithName("ResetProtocol").WithSummary("Return a default protocol to its cited values (a new revision, with a reason).");
        return app;
    }

    public static ProtocolSummary ToSummary(EffectiveProtocol p) =>
        CalculatorEndpoints.ToSummary(p.Definition) with
        {
            Revision = p.Revision,
            IsCitedDefault = p.IsCitedDefault,
            ChangeReason = p.ChangeReason,
            ChangedBy = p.ChangedBy,
            ChangedAt = p.ChangedAt,
        };
}

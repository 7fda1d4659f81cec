using System.Security.Claims;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Users;

public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        group.MapGet("/", async (UserService service, CancellationToken ct) => TypedResults.Ok(await service.ListAsync(ct)))
            .WithName("ListUsers");
        group.MapPost("/", async (UserService service, CreateUserInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "A user is required.")
                    : (await service.CreateAsync(input, ct)).ToResult(dto => TypedResults.Created($"/api/admin/users/{dto.Id}", dto)))
            .WithName("CreateUser");
        group.MapPut("/{id}", async (UserService service, ClaimsPrincipal user, string id, UpdateUserInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "A change is required.")
                    : (await service.UpdateAsync(id, input, user.UserId(), ct)).ToResult(TypedResults.Ok))
            .WithName("UpdateUser");
        return app;
    }
}

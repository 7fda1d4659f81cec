using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Auth;

public sealed record LoginInput(string? Email, string? Password);

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/login", LoginAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.Login)
            .WithTags("Auth")
            .WithName("Login")
            .WithSummary("Exchange an e-mail and password for a bearer token usable on every /api route.");
        app.MapGet("/api/auth/me", (ClaimsPrincipal user) => TypedResults.Ok(new
            {
                id = user.UserId(),
                email = user.Identity?.Name,
                displayName = user.FindFirstValue("respite:display_name"),
                roles = Roles.All.Where(user.IsInRole).ToList(),
                patientId = user.OwnPatientId(),
            }))
            .RequireAuthorization()
            .WithTags("Auth")
            .WithName("Me");
        return app;
    }

    private static async Task<IResult> LoginAsync(
        LoginInput? input,
        SignInManager<ApplicationUser> signIn,
        UserManager<ApplicationUser> users,
        AuditTrail audit,
        CancellationToken ct)
    {
        var errors = new Shared.ErrorBag();
        var email = errors.Required("email", input?.Email, 254);
        var password = errors.Required("password", input?.Password, 200);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var user = await users.FindByEmailAsync(email!);
        if (user is null || !user.IsActive)
        {
            await audit.RecordAsync(AuditAction.LoginFailed, "User", null, null, AuditOutcome.Denied, "api", ct);
            return Unauthorized("The e-mail or password is not correct.");
        }

        var result = await signIn.CheckPasswordSignInAsync(user, password!, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            await audit.RecordAsync(AuditAction.LoginFailed, "User", user.Id, null, AuditOutcome.Denied, "locked-out", ct);
            return Unauthorized("The account is locked after repeated failed sign-ins. Try again later or ask an administrator.");
        }

        if (!result.Succeeded)
        {
            await audit.RecordAsync(AuditAction.LoginFailed, "User", user.Id, null, AuditOutcome.Denied, "api", ct);
            return Unauthorized("The e-mail or password is not correct.");
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        audit.Add(AuditAction.Login, "User", user.Id, null, detail: "api", user: principal);
        await audit.SaveAsync(ct);
        return TypedResults.SignIn(principal, authenticationScheme: Hosting.Auth.ApiScheme);
    }

    private static IResult Unauthorized(string detail) =>
        TypedResults.Problem(title: "Sign-in failed.", detail: detail, statusCode: StatusCodes.Status401Unauthorized);
}

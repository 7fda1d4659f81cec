using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Respite.Data.Auditing;
using Respite.Data.Identity;

namespace Respite.Web.Hosting;

/// <summary>Cookie sign-in and sign-out for the browser UI; plain form posts protected by antiforgery tokens.</summary>
public static class UiAccountEndpoints
{
    public static IEndpointRouteBuilder MapUiAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/login", LoginAsync).AllowAnonymous().RequireRateLimiting(RateLimits.Login).ExcludeFromDescription();
        app.MapPost("/account/logout", async (HttpContext context, SignInManager<ApplicationUser> signIn) =>
        {
            // Why: the handler binds no form field, so the framework would not refuse a post without a valid token by itself.
            if (context.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
            {
                return Results.Text("The sign-out form was not valid: reload the page and sign out again.", statusCode: StatusCodes.Status400BadRequest);
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("/login");
        }).RequireAuthorization().WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> LoginAsync(
        [FromForm] string? email,
        [FromForm] string? password,
        [FromForm] string? returnUrl,
        SignInManager<ApplicationUser> signIn,
        UserManager<ApplicationUser> users,
        AuditTrail audit)
    {
        var target = IsLocal(returnUrl) ? returnUrl! : "/";
        var back = $"/login?returnUrl={Uri.EscapeDataString(target)}";
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password))
        {
            return Results.LocalRedirect(back + "&error=missing");
        }

        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || !user.IsActive)
        {
            await audit.RecordAsync(AuditAction.LoginFailed, "User", null, null, AuditOutcome.Denied, "ui");
            return Results.LocalRedirect(back + "&error=invalid");
        }

        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            await audit.RecordAsync(AuditAction.LoginFailed, "User", user.Id, null, AuditOutcome.Denied, "locked-out");
            return Results.LocalRedirect(back + "&error=locked");
        }

        if (!result.Succeeded)
        {
            await audit.RecordAsync(AuditAction.LoginFailed, "User", user.Id, null, AuditOutcome.Denied, "ui");
            return Results.LocalRedirect(back + "&error=invalid");
        }

        await audit.RecordAsync(AuditAction.Login, "User", user.Id, null, detail: "ui");
        return Results.LocalRedirect(target);
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}

using System.Security.Claims;
using System.Text.Json;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Settings;

public static class SettingsEndpoints
{
    public static IEndpointRouteBuilder MapSettingsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/settings").WithTags("Settings");
        group.MapGet("/{key}", async (string key, ClinicSettingsService settings, CancellationToken ct) =>
                await settings.GetJsonAsync(key, ct) is { } json
                    ? Results.Ok(new { key, value = json, defaults = ClinicSettingsService.DefaultJson(key) })
                    : Problems.NotFound($"Setting group '{key}'"))
            .RequireAuthorization(Policies.Staff)
            .WithName("GetSettings").WithSummary("A group of clinic settings with the cited defaults.");
        group.MapPut("/{key}", async (string key, JsonElement body, ClinicSettingsService settings, ClaimsPrincipal user, CancellationToken ct) =>
                (await settings.UpdateAsync(key, body, user.UserId(), ct)).ToResult(value => Results.Ok(new { key, value })))
            .RequireAuthorization(Policies.Admin)
            .WithName("UpdateSettings").WithSummary("Change a group of clinic settings (administrators).");
        return app;
    }
}

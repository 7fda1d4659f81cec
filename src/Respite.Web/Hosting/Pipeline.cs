using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Respite.Web.Features.Fhir;

namespace Respite.Web.Hosting;

public static class Pipeline
{
    public static WebApplication UseRespitePipeline(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseFhirErrors();
        app.UseWhen(context => IsApi(context.Request.Path) && !context.Request.Path.StartsWithSegments("/fhir"), api => api.UseStatusCodePages());
        app.UseWhen(
            context => !IsApi(context.Request.Path),
            ui => ui.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapRespiteApiDocs();
        return app;
    }

    private static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/fhir") || path.StartsWithSegments("/openapi")
        || path.StartsWithSegments("/health") || path.StartsWithSegments("/alive");

    public static WebApplication MapRespiteHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        return app;
    }
}

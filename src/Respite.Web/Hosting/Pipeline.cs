using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Respite.Web.Features.Fhir;

namespace Respite.Web.Hosting;

public static class Pipeline
{
    public static WebApplication UseRespitePipeline(this WebApplication app)
    {
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

        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                headers.CacheControl = "no-store";
            }

            await next();
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
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

using Microsoft.AspNetCore.Http.Json;
using Respite.Web.Features.Shared;
using Scalar.AspNetCore;

namespace Respite.Web.Hosting;

public static class Api
{
    public static WebApplicationBuilder AddRespiteApi(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(options => JsonDefaults.Configure(options.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Respite API";
                document.Info.Description = "Patients, intake, validated questionnaires and screening for ketamine and esketamine clinics. "
                    + "Sign in with POST /api/auth/login and send the token as 'Authorization: Bearer …'.";
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    public static WebApplication MapRespiteApiDocs(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous().RequireRateLimiting(RateLimits.Public);
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference("/docs/api").AllowAnonymous().RequireRateLimiting(RateLimits.Public);
        }

        return app;
    }
}

using Respite.Web.Components;

namespace Respite.Web.Hosting;

public static class Ui
{
    public static WebApplicationBuilder AddRespiteUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents();
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    public static WebApplication MapRespiteUi(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>();
        app.MapUiAccountEndpoints();
        return app;
    }
}

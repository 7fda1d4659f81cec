namespace Respite.Web.Hosting;

/// <summary>
/// Keeps patient details out of the log whatever levels an operator configures. The app's own messages carry ids only
/// (source-generated <c>[LoggerMessage]</c> templates); these framework categories write request addresses, whose query
/// strings carry search terms such as a patient's name (<c>/api/patients?query=</c>, <c>/fhir/Patient?name=</c>), so they are
/// held at Warning here, more specifically than any <c>Logging:LogLevel</c> setting for <c>Microsoft.AspNetCore</c>.
/// </summary>
public static class LogPrivacy
{
    public static readonly IReadOnlyList<string> AddressLoggingCategories =
    [
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Microsoft.AspNetCore.HttpLogging",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.StaticAssets",
        "Microsoft.AspNetCore.Diagnostics.StatusCodePagesMiddleware",
    ];

    public static WebApplicationBuilder AddRespiteLogPrivacy(this WebApplicationBuilder builder)
    {
        foreach (var category in AddressLoggingCategories)
        {
            builder.Logging.AddFilter(category, LogLevel.Warning);
        }

        return builder;
    }
}

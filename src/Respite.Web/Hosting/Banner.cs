using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Respite.Web.Hosting;

public static class Banner
{
    /// <summary>Prints the address and, for a demo clinic in Development, the demo logins once the server listens.</summary>
    public static void PrintStartupBanner(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var lines = new List<string> { "", "Respite is running." };
            lines.AddRange(addresses.Select(a => $"  Open {a}"));
            if (app.Environment.IsDevelopment() && app.Configuration.GetValue("Demo:Seed", false))
            {
                lines.Add("  Demo logins (password for all: " + DemoSeeder.DemoPassword + "):");
                lines.AddRange(DemoSeeder.DemoUsers.Select(u => $"    {u.Role,-11} {u.Email}"));
            }

            lines.Add("");
            Console.WriteLine(string.Join(Environment.NewLine, lines));
        });
    }
}

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Respite.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real host on Kestrel (loopback, free port) over a fresh SQLite file with the demo clinic, and one headless
/// Chromium. Started only when Chromium exists, so that skipped runs stay cheap.
/// </summary>
public sealed class RespiteAppFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "respite-e2e", Guid.NewGuid().ToString("N"));
    private AppFactory? _factory;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser was not started.");

    /// <summary>The running application's services (to prepare data a journey needs).</summary>
    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("The application was not started.");

    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserSettings.ExecutablePath))
        {
            return;
        }

        Directory.CreateDirectory(_directory);
        // A port chosen up front, so that links the application e-mails (App:PublicBaseUrl) point at this server.
        var port = FreeLoopbackPort();
        _factory = new AppFactory(Path.Combine(_directory, "e2e.db"), $"http://127.0.0.1:{port}");
        _factory.UseKestrel(port);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserSettings.ExecutablePath,
            Headless = true,
            Args = BrowserSettings.Arguments,
        });
    }

    /// <summary>A fresh browser context (no cookies) with a 1280 px wide viewport.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(15_000);
        context.Console += (_, message) =>
        {
            if (message.Type == "error" && ContentSecurityPolicyViolations.IsViolation(message.Text))
            {
                ContentSecurityPolicyViolations.Record(message.Text, message.Page?.Url);
            }
        };
        return await context.NewPageAsync();
    }

    /// <summary>Runs a query against the app's database, e.g. to read an e-mail from the outbox as its recipient would.</summary>
    public async Task<T> WithDbAsync<T>(Func<Respite.Data.RespiteDbContext, Task<T>> action)
    {
        await using var scope = (_factory ?? throw new InvalidOperationException("The app was not started.")).Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<Respite.Data.RespiteDbContext>());
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class AppFactory(string databasePath, string publicBaseUrl) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:Respite", $"Data Source={databasePath}");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Demo:Seed", "true");
            builder.UseSetting("RateLimits:ConsultationRequestsPerMinute", "10000");
            builder.UseSetting("RateLimits:LoginAttemptsPerMinute", "10000");
            builder.UseSetting("RateLimits:PublicRequestsPerMinute", "10000");
            builder.UseSetting("RateLimits:PublicFormPostsPerMinute", "10000");
            builder.UseSetting("Email:PickupDirectory", Path.Combine(Path.GetDirectoryName(databasePath)!, "outbox"));
            builder.UseSetting("App:PublicBaseUrl", publicBaseUrl);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<RespiteAppFixture>
{
    public const string Name = "browser";
}

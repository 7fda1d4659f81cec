using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Respite.Data;
using Respite.Data.Identity;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Tests.Infrastructure;

/// <summary>
/// The real host over a fresh SQLite file (or a fresh PostgreSQL database), migrated and seeded with the demo clinic,
/// with real Identity sign-in. Tests create their own patients so they never depend on each other.
/// </summary>
public class RespiteWebApplicationFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "respite-web-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _tokenLock = new(1, 1);

    public RespiteWebApplicationFactory()
    {
        Directory.CreateDirectory(_directory);
        _settings["ConnectionStrings:Respite"] = $"Data Source={Path.Combine(_directory, "respite.db")}";
        _settings["Database:Provider"] = "Sqlite";
        _settings["Demo:Seed"] = "true";
        _settings["RateLimits:ConsultationRequestsPerMinute"] = "10000";
        _settings["RateLimits:LoginAttemptsPerMinute"] = "10000";
        _settings["RateLimits:PublicRequestsPerMinute"] = "10000";
        _settings["RateLimits:PublicFormPostsPerMinute"] = "10000";
        _settings["Email:PickupDirectory"] = Path.Combine(_directory, "outbox");

        // Each host its own exports folder: a host's export worker removes the folders its database has no job for,
        // so hosts sharing the default folder (under the content root) would remove each other's exports.
        _settings["Fhir:Export:Directory"] = Path.Combine(_directory, "exports");
    }

    public static JsonSerializerOptions Json { get; } = JsonDefaults.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>This host's own folder (its database and its e-mail pickup folder <c>outbox</c>).</summary>
    public string HostDirectory => _directory;

    public RespiteWebApplicationFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public async Task<HttpClient> ClientForAsync(string role)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (role == "anonymous")
        {
            return client;
        }

        var email = DemoSeeder.DemoUsers.Single(u => u.Role == role).Email;
        var token = await TokenAsync(email, DemoSeeder.DemoPassword);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<string> TokenAsync(string email, string password)
    {
        await _tokenLock.WaitAsync();
        try
        {
            if (_tokens.TryGetValue(email, out var cached))
            {
                return cached;
            }

            using var client = CreateClient();
            var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            var token = body.GetProperty("accessToken").GetString()!;
            _tokens[email] = token;
            return token;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    public async Task<T> WithDbAsync<T>(Func<RespiteDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RespiteDbContext>();
        return await action(db);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    public static IReadOnlyList<string> AllRoles { get; } = ["anonymous", Roles.Patient, Roles.FrontDesk, Roles.Nurse, Roles.Prescriber, Roles.Admin];
}

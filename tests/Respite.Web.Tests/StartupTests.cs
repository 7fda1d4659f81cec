using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

public sealed class StartupTests
{
    [Fact]
    public async Task EmptyDatabase_WithAdminVariables_CreatesFirstAdministratorOnly()
    {
        using var factory = new RespiteWebApplicationFactory()
            .With("Demo:Seed", "false")
            .With("RESPITE_ADMIN_EMAIL", "owner@clinic.example")
            .With("RESPITE_ADMIN_PASSWORD", "First-admin-2026");
        var client = factory.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = "owner@clinic.example", password = "First-admin-2026" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Users.CountAsync()));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Patients.CountAsync()));
        var demo = await client.PostAsJsonAsync("/api/auth/login", new { email = "nurse@demo.respite.local", password = Respite.Web.Hosting.DemoSeeder.DemoPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, demo.StatusCode);
    }

    [Fact]
    public async Task DemoSeed_IsIdempotentAcrossRestarts()
    {
        var directory = Path.Combine(Path.GetTempPath(), "respite-restart-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var connection = $"Data Source={Path.Combine(directory, "respite.db")}";
        int patients;
        using (var first = new RespiteWebApplicationFactory().With("ConnectionStrings:Respite", connection))
        {
            first.CreateClient();
            patients = await first.WithDbAsync(db => db.Patients.CountAsync());
        }

        using (var second = new RespiteWebApplicationFactory().With("ConnectionStrings:Respite", connection))
        {
            second.CreateClient();
            Assert.Equal(patients, await second.WithDbAsync(db => db.Patients.CountAsync()));
            Assert.Equal(5, await second.WithDbAsync(db => db.Users.CountAsync()));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}

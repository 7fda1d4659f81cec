using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Respite.Data.Identity;
using Respite.Web.Hosting;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

public sealed class AuthTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    [Fact]
    public async Task Login_ValidCredentials_ReturnsBearerTokenThatWorks()
    {
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = "nurse@demo.respite.local", password = DemoSeeder.DemoPassword });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var token = body.GetProperty("accessToken").GetString();
        Assert.False(string.IsNullOrEmpty(token));

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await (await client.GetAsync("/api/auth/me")).ReadJsonAsync();
        Assert.Equal(Roles.Nurse, me.GetProperty("roles")[0].GetString());
    }

    [Theory]
    [InlineData("{\"email\":\"nurse@demo.respite.local\"}", "password")]
    [InlineData("{\"password\":\"x\"}", "email")]
    public async Task Login_MissingField_Returns400(string json, string field)
    {
        var client = factory.CreateClient();
        var response = await client.PostAsync("/api/auth/login", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadJsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task Login_WrongPassword_Returns401()
    {
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = "prescriber@demo.respite.local", password = "wrong-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Login_RepeatedFailures_LocksTheAccount()
    {
        var admin = await factory.ClientForAsync(Roles.Admin);
        var email = $"locked-{Guid.NewGuid():N}@example.com";
        var created = await admin.PostAsJsonAsync("/api/admin/users", new { email, displayName = "Lock Test", password = "Correct-horse-9", roles = new[] { "nurse" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var client = factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong-password" });
        }

        var locked = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "Correct-horse-9" });
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("locked", (await locked.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);

        var id = (await created.ReadJsonAsync()).GetProperty("id").GetString();
        await admin.PutAsJsonAsync($"/api/admin/users/{id}", new { unlock = true });
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/login", new { email, password = "Correct-horse-9" })).StatusCode);
    }

    [Fact]
    public async Task AdminCreatesUser_WithUnknownRole_Returns400()
    {
        var admin = await factory.ClientForAsync(Roles.Admin);
        var response = await admin.PostAsJsonAsync("/api/admin/users", new { email = "x@example.com", displayName = "X", password = "Correct-horse-9", roles = new[] { "superuser" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("roles", (await response.ReadJsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task UiPage_Anonymous_RedirectsToLogin()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync("/patients");
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"got {response.StatusCode}");
        Assert.Contains("/login", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task PublicPages_RenderWithoutSignIn()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/request-consultation")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
    }
}

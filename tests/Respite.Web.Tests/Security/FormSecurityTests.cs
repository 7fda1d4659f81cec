using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Respite.Data.Identity;
using Respite.Web.Hosting;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests.Security;

/// <summary>Every form post needs its antiforgery token, and the cookies that carry a sign-in are locked down.</summary>
public sealed partial class FormSecurityTests
{
    private const string Password = "Every-role-2026";

    [Fact]
    public void EveryUiEndpointAcceptingPost_RequiresAntiforgery()
    {
        using var factory = new RespiteWebApplicationFactory();
        var posts = EndpointTable.All(factory).Where(e => EndpointTable.IsUi(e) && EndpointTable.AcceptsPost(e)).ToList();

        var unprotected = posts.Where(e => e.Metadata.GetMetadata<IAntiforgeryMetadata>() is not { RequiresValidation: true }).Select(EndpointTable.Route).ToList();

        Assert.True(unprotected.Count == 0, "Form posts without antiforgery: " + string.Join(", ", unprotected));
        Assert.Contains("/account/login", posts.Select(EndpointTable.Route));
        Assert.Contains("/account/logout", posts.Select(EndpointTable.Route));
        Assert.Contains("/calculators", posts.Select(EndpointTable.Route));
    }

    [Fact]
    public async Task EveryUiEndpointAcceptingPost_WithoutTheToken_Is400()
    {
        using var factory = new RespiteWebApplicationFactory();
        var client = await SignedInWithEveryRoleAsync(factory);
        var posts = EndpointTable.All(factory).Where(e => EndpointTable.IsUi(e) && EndpointTable.AcceptsPost(e)).ToList();

        var accepted = new List<string>();
        foreach (var endpoint in posts)
        {
            var url = EndpointTable.Url(endpoint);
            var response = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "any", ["email"] = "x@example.com" }));
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                accepted.Add($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(accepted.Count == 0, "Posts without a token not refused with 400: " + string.Join(", ", accepted));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Login_WithoutTheToken_SignsNobodyIn()
    {
        using var factory = new RespiteWebApplicationFactory();
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = DemoSeeder.DemoUsers.Single(u => u.Role == Roles.Nurse).Email,
            ["password"] = DemoSeeder.DemoPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("respite.auth=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Production_CookiesAreSecure_HttpOnly_AndSameSiteStrict()
    {
        using var factory = new ProductionFactory();
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

        var page = await client.GetAsync("/login");
        var antiforgery = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        AssertLockedDown(antiforgery);

        var login = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = DemoSeeder.DemoUsers.Single(u => u.Role == Roles.Nurse).Email,
            ["password"] = DemoSeeder.DemoPassword,
            ["__RequestVerificationToken"] = Token(await page.Content.ReadAsStringAsync()),
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        AssertLockedDown(Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("respite.auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Testing_OverPlainHttp_CookiesAreHttpOnlyAndStrict_ButNotSecure()
    {
        using var factory = new RespiteWebApplicationFactory();
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await client.GetAsync("/login");
        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie")).ToLowerInvariant();
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("secure", cookie, StringComparison.Ordinal);
    }

    private static void AssertLockedDown(string setCookie)
    {
        var attributes = setCookie.ToLowerInvariant().Split(';', StringSplitOptions.TrimEntries);
        Assert.Contains("secure", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
    }

    /// <summary>Signs in, by the real form, an account holding every role and linked to a patient, so no page turns the request away before its form is checked.</summary>
    private static async Task<HttpClient> SignedInWithEveryRoleAsync(RespiteWebApplicationFactory factory)
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patientId = Guid.Parse((await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!);
        var email = $"every.role.{Guid.NewGuid():N}@example.com";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = email, Email = email, DisplayName = "Every Role", PatientId = patientId };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            Assert.True((await users.AddToRolesAsync(user, Roles.All)).Succeeded);
        }

        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await client.GetStringAsync("/login");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = Password, ["__RequestVerificationToken"] = Token(login),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private static string Token(string html) => TokenPattern().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private sealed class ProductionFactory : RespiteWebApplicationFactory
    {
        public ProductionFactory()
        {
            With("Reminders:Background", "false");
            With("Email:Transport", "Pickup");
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }
}

using System.Net;
using System.Text.RegularExpressions;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests.Security;

/// <summary>Pages, the API, FHIR and error answers carry the same security headers; the CSP allows no inline script or style.</summary>
public sealed partial class SecurityHeaderTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    [InlineData("/no-such-page")]
    [InlineData("/api/public/locations")]
    [InlineData("/api/patients")]
    [InlineData("/fhir/metadata")]
    [InlineData("/fhir/Patient")]
    public async Task EveryAnswer_CarriesTheSecurityHeaders(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);

        var csp = Header(response, "Content-Security-Policy");
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        foreach (var directive in new[] { "default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'" })
        {
            Assert.Contains(directive, csp, StringComparison.Ordinal);
        }

        Assert.Matches("^style-src 'self'( 'nonce-[A-Za-z0-9+/=]+')?$", csp.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith("style-src", StringComparison.Ordinal)));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagesWithoutComputedStyle_OfferNoNonce_AndContainNoInlineStyleOrScript()
    {
        var response = await factory.CreateClient().GetAsync("/request-consultation");
        var html = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("nonce-", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.DoesNotMatch(InlineStyleOrScript(), html);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content)
        : throw new Xunit.Sdk.XunitException($"{name} is missing on {response.RequestMessage?.RequestUri} ({(int)response.StatusCode}).");

    [GeneratedRegex(@"<script|<style|\sstyle=|\son[a-z]+=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyleOrScript();
}

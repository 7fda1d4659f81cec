using System.Net.Http.Json;
using Respite.Web.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Respite.Web.Features.Settings;

namespace Respite.Web.Tests;

public sealed class SettingsCacheTests
{
    private static ClinicSettingsCache Cache(double seconds) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Settings:CacheSeconds"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) }).Build());

    [Fact]
    public void TryGet_AfterSet_ReturnsTheStoredJsonAndAStoredAbsence()
    {
        var cache = Cache(60);
        cache.Set("monitoring", "{\"a\":1}", cache.BeginRead());
        cache.Set("billing", null, cache.BeginRead());

        Assert.True(cache.TryGet("monitoring", out var json));
        Assert.Equal("{\"a\":1}", json);
        Assert.True(cache.TryGet("billing", out var absent));
        Assert.Null(absent);
        Assert.False(cache.TryGet("outcomes", out _));
    }

    [Fact]
    public void Invalidate_DropsTheEntry()
    {
        var cache = Cache(60);
        cache.Set("monitoring", "{}", cache.BeginRead());
        cache.Invalidate("monitoring");
        Assert.False(cache.TryGet("monitoring", out _));
    }

    [Fact]
    public void Set_ReadStartedBeforeAChangeWasSaved_IsNotKept()
    {
        var cache = Cache(60);
        var ticket = cache.BeginRead();
        cache.Invalidate("monitoring");
        cache.Set("monitoring", "{\"old\":true}", ticket);
        Assert.False(cache.TryGet("monitoring", out _));
    }

    [Fact]
    public void TryGet_OlderThanTheLifetime_Misses()
    {
        var cache = Cache(0.05);
        cache.Set("monitoring", "{}", cache.BeginRead());
        Thread.Sleep(120);
        Assert.False(cache.TryGet("monitoring", out _));
    }

    [Fact]
    public void ZeroSeconds_KeepsNothing()
    {
        var cache = Cache(0);
        cache.Set("monitoring", "{}", cache.BeginRead());
        Assert.False(cache.TryGet("monitoring", out _));
    }
}

/// <summary>A threshold changed by an administrator applies to the very next reading charted, cache or not.</summary>
public sealed class SettingsCacheApiTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    [Fact]
    public async Task ChartVitals_RightAfterTheSpO2ThresholdIsRaised_UsesTheNewThreshold()
    {
        var admin = await factory.ClientForAsync(Respite.Data.Identity.Roles.Admin);
        var nurse = await factory.ClientForAsync(Respite.Data.Identity.Roles.Nurse);
        var session = await new AuthorizationMatrixTests.Fixture(factory).NewSessionAsync();
        var url = $"/api/sessions/{session.GetProperty("id").GetString()}/vitals";
        var original = (await (await admin.GetAsync("/api/settings/monitoring")).ReadJsonAsync()).GetProperty("value");

        var before = await (await nurse.PostAsJsonAsync(url, new { spo2 = 93 })).ReadJsonAsync();
        Assert.Equal(0, before.GetProperty("alerts").GetArrayLength());

        var raised = System.Text.Json.Nodes.JsonNode.Parse(original.GetRawText())!.AsObject();
        raised["minSpO2"] = 95;
        Assert.Equal(System.Net.HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/settings/monitoring", raised)).StatusCode);
        try
        {
            var after = await (await nurse.PostAsJsonAsync(url, new { spo2 = 93 })).ReadJsonAsync();
            Assert.NotEqual(0, after.GetProperty("alerts").GetArrayLength());
        }
        finally
        {
            await admin.PutAsync("/api/settings/monitoring", new StringContent(original.GetRawText(), System.Text.Encoding.UTF8, "application/json"));
        }
    }
}

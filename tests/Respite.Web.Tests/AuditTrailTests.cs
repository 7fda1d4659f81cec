using System.Net;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

public sealed class AuditTrailTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    [Fact]
    public async Task AuditApi_FiltersByPatient_NewestFirst()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var id = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        await desk.GetAsync($"/api/patients/{id}");

        var admin = await factory.ClientForAsync(Roles.Admin);
        var response = await admin.GetAsync($"/api/audit?patientId={id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.True(items.Count >= 2);
        Assert.Equal("read", items[0].GetProperty("action").GetString());
        Assert.Equal("create", items[^1].GetProperty("action").GetString());
    }

    [Theory]
    [InlineData("/api/audit?limit=0", "limit")]
    [InlineData("/api/audit?action=destroy", "action")]
    [InlineData("/api/audit?outcome=maybe", "outcome")]
    [InlineData("/api/audit?patientId=not-a-guid", "patientId")]
    [InlineData("/api/audit?limit=lots", "limit")]
    public async Task AuditApi_BadQuery_Returns400(string url, string field)
    {
        var admin = await factory.ClientForAsync(Roles.Admin);
        var response = await admin.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadJsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task AuditEvents_CannotBeChangedThroughTheContext()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        await TestData.CreatePatientAsync(desk);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => factory.WithDbAsync(async db =>
        {
            var first = await db.AuditEvents.OrderBy(e => e.Id).FirstAsync();
            first.Outcome = AuditOutcome.Failed;
            return await db.SaveChangesAsync();
        }));
        Assert.Contains("append-only", error.Message);
    }
}

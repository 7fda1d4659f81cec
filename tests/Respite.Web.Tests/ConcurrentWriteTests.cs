using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Identity;
using Respite.Web.Hosting;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

/// <summary>Two requests that race past a use case's own uniqueness check: the loser gets 409, never 500, and nothing of it is saved.</summary>
public sealed class ConcurrentWriteTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    [Fact]
    public async Task CreateProduct_SameNameConcurrently_OneCreatedOthersConflict()
    {
        var admin = await factory.ClientForAsync(Roles.Admin);
        var name = "Race " + Guid.NewGuid().ToString("N");
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => admin.PostAsJsonAsync("/api/packages/products", new { name, credits = 3, listPrice = 900 })));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict or HttpStatusCode.BadRequest, r.StatusCode.ToString()));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
        Assert.Equal(1, await factory.WithDbAsync(db => db.PackageProducts.CountAsync(p => p.Name == name)));
    }

    [Fact]
    public void IsUniqueViolation_UniqueOrPrimaryKey_OtherConstraintsNot()
    {
        static DbUpdateException Failed(int extended) => new("save failed", new SqliteException("constraint", 19, extended));

        Assert.True(ProblemDetailsExceptionHandler.IsUniqueViolation(Failed(2067)));
        Assert.True(ProblemDetailsExceptionHandler.IsUniqueViolation(Failed(1555)));
        Assert.False(ProblemDetailsExceptionHandler.IsUniqueViolation(Failed(787)));
        Assert.False(ProblemDetailsExceptionHandler.IsUniqueViolation(new DbUpdateException("save failed")));
    }
}

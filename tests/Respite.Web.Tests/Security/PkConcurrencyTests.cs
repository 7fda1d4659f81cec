using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Respite.Web.Hosting;
using Respite.Web.Tests.Infrastructure;
using Respite.Data.Identity;

namespace Respite.Web.Tests.Security;

/// <summary>Population simulations are CPU-bound: beyond <c>Pharmacokinetics:MaxConcurrentPopulations</c> and its queue the host answers 503 with Retry-After.</summary>
public sealed class PkConcurrencyTests
{
    private static readonly object Request = new
    {
        model = "ketamine-domino", weightKg = 70,
        doses = new[] { new { kind = "infusion", startMinute = 0, durationMinutes = 40, rateMgPerHour = 52.5 } },
        times = new[] { 0, 20, 40, 60, 120 }, patients = 2_000, seed = 7, percentiles = new[] { 5, 50, 95 },
    };

    [Fact]
    public async Task Populations_BeyondTheConcurrencyLimit_Are503WithRetryAfter_AndTheOthersComplete()
    {
        using var factory = new RespiteWebApplicationFactory()
            .With("Pharmacokinetics:MaxConcurrentPopulations", "1")
            .With("Pharmacokinetics:PopulationQueueLimit", "0");
        var client = await factory.ClientForAsync(Roles.Nurse);
        var body = JsonSerializer.SerializeToUtf8Bytes(Request, RespiteWebApplicationFactory.Json);

        // The first simulation holds the only permit while its body is held back; the limiter admits a request before
        // its body is read, so once the server reads the body the permit is taken.
        var held = new HeldBackContent(body);
        var first = client.PostAsync("/api/pk/population", held);
        try
        {
            await held.BeingRead.WaitAsync(TimeSpan.FromSeconds(30));
            var refused = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => client.PostAsJsonAsync("/api/pk/population", Request)));
            foreach (var response in refused)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, $"Retry-After: {response.Headers.RetryAfter}");
                var problem = await response.ReadJsonAsync();
                Assert.Equal(RateLimits.BusyType, problem.GetProperty("type").GetString());
            }
        }
        finally
        {
            held.Release();
        }

        Assert.Equal(HttpStatusCode.OK, (await first.WaitAsync(TimeSpan.FromSeconds(60))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/pk/population", Request)).StatusCode);
    }

    [Fact]
    public async Task Populations_WithinTheQueue_WaitTheirTurn()
    {
        using var factory = new RespiteWebApplicationFactory()
            .With("Pharmacokinetics:MaxConcurrentPopulations", "1")
            .With("Pharmacokinetics:PopulationQueueLimit", "3");
        var client = await factory.ClientForAsync(Roles.Nurse);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsJsonAsync("/api/pk/population", Request)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    /// <summary>
    /// A request body that sends a long run of JSON whitespace, reports once the server is reading it (more than the
    /// in-memory server's pipe holds has gone through), and sends the JSON itself only when released.
    /// </summary>
    private sealed class HeldBackContent : HttpContent
    {
        private const int Padding = 512 * 1024;
        private readonly TaskCompletionSource _read = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private readonly byte[] _json;

        public HeldBackContent(byte[] json)
        {
            _json = json;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        public Task BeingRead => _read.Task;

        public void Release() => _release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var spaces = new byte[16 * 1024];
            Array.Fill(spaces, (byte)' ');
            for (var sent = 0; sent < Padding; sent += spaces.Length)
            {
                await stream.WriteAsync(spaces);
                await stream.FlushAsync();
            }

            _read.TrySetResult();
            await _release.Task;
            await stream.WriteAsync(_json);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}

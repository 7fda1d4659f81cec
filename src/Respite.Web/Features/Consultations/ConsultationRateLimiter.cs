using System.Threading.RateLimiting;

namespace Respite.Web.Features.Consultations;

/// <summary>
/// Limits anonymous consultation requests per client address, for the API and the public page alike
/// (<c>RateLimits:ConsultationRequestsPerMinute</c>, default 5).
/// </summary>
public sealed class ConsultationRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public ConsultationRateLimiter(IConfiguration configuration)
    {
        var permits = configuration.GetValue("RateLimits:ConsultationRequestsPerMinute", 5);
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(
            key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    public bool TryAcquire(string clientKey)
    {
        using var lease = _limiter.AttemptAcquire(clientKey);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}

using System.Threading.Channels;

namespace Respite.Web.Features.Outcomes;

/// <summary>
/// Recomputes, in the background, the outcome snapshots computed under other outcome settings: after the settings
/// change (a clinic with years of patients must not wait for that in the settings request) and once at start-up. The
/// dashboard counts the snapshots still waiting (<c>staleSnapshots</c>) until it is done.
/// </summary>
public sealed class OutcomeSnapshotRefresher(IServiceScopeFactory scopes, ILogger<OutcomeSnapshotRefresher> logger) : BackgroundService
{
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks for a refresh; requests made while one is waiting are merged into it.</summary>
    public void Request() => _requests.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Request();
        await foreach (var _ in _requests.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                var written = await RefreshOnceAsync(stoppingToken);
                if (written > 0)
                {
                    OutcomeLog.SnapshotsRefreshed(logger, written);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                OutcomeLog.SnapshotRefreshFailed(logger, exception.GetType().FullName ?? exception.GetType().Name);
            }
        }
    }

    /// <summary>One refresh: every snapshot computed under other settings, recomputed; returns how many were written.</summary>
    public async Task<int> RefreshOnceAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutcomeSnapshotService>().RecomputeStaleAsync(cancellationToken);
    }
}

internal static partial class OutcomeLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Outcome snapshots recomputed under the current settings: {Count}.")]
    public static partial void SnapshotsRefreshed(ILogger logger, int count);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Recomputing the outcome snapshots failed: {ErrorType}.")]
    public static partial void SnapshotRefreshFailed(ILogger logger, string errorType);
}

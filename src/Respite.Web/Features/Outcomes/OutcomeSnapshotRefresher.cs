using System.Threading.Channels;

namespace Respite.Web.Features.Outcomes;

/// <summary>
/// Recomputes outcome snapshots in the background, so that no request waits for them:
/// <list type="bullet">
/// <item>a patient's, after a new pain or mood score (<see cref="Request(Guid)"/>): the score is committed and answered
/// first, and the dashboard follows a moment later. Patients asked for while a recompute runs are recomputed after it,
/// together; a patient asked for twice meanwhile, once (docs/benchmarks.md, change 23);</item>
/// <item>every stale snapshot (<see cref="OutcomeSnapshotService.RecomputeStaleAsync"/>) after the outcome settings
/// change (<see cref="Request()"/>: a clinic with years of patients must not wait for that in the settings request),
/// and once at start-up, which also catches up the snapshots a stopped process left behind its patients' scores.</item>
/// </list>
/// A recompute that fails is logged and tried again after <see cref="RetryDelay"/>. The dashboard counts the snapshots
/// computed under other settings (<c>staleSnapshots</c>) until they are done.
/// </summary>
public sealed class OutcomeSnapshotRefresher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<OutcomeSnapshotRefresher> logger) : BackgroundService
{
    /// <summary>How long a failed recompute waits before it is tried again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _gate = new();
    private HashSet<Guid> _patients = [];
    private bool _stale;
    private bool _running;

    /// <summary>Asks for every stale snapshot to be recomputed; requests made while one is waiting are merged into it.</summary>
    public void Request()
    {
        lock (_gate)
        {
            _stale = true;
        }

        _wake.Writer.TryWrite(true);
    }

    /// <summary>Asks for one patient's snapshot to be recomputed from what is committed now.</summary>
    public void Request(Guid patientId)
    {
        lock (_gate)
        {
            _patients.Add(patientId);
        }

        _wake.Writer.TryWrite(true);
    }

    /// <summary>True when nothing is waiting or running.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                return _patients.Count == 0 && !_stale && !_running;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Request();
        await foreach (var _ in _wake.Reader.ReadAllAsync(stoppingToken))
        {
            Guid[] patients;
            bool stale;
            lock (_gate)
            {
                (patients, stale) = ([.. _patients], _stale);
                _patients = [];
                _stale = false;
                _running = true;
            }

            try
            {
                if (stale)
                {
                    var written = await RefreshOnceAsync(stoppingToken);
                    if (written > 0)
                    {
                        OutcomeLog.SnapshotsRefreshed(logger, written);
                    }
                }

                if (patients.Length > 0)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<OutcomeSnapshotService>().RecomputeAsync(patients, stoppingToken);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                OutcomeLog.SnapshotRefreshFailed(logger, exception.GetType().FullName ?? exception.GetType().Name);
                lock (_gate)
                {
                    _patients.UnionWith(patients);
                    _stale |= stale;
                }

                await Task.Delay(RetryDelay, clock, stoppingToken);
                _wake.Writer.TryWrite(true);
            }
            finally
            {
                lock (_gate)
                {
                    _running = false;
                }
            }
        }
    }

    /// <summary>One refresh: every stale snapshot recomputed; returns how many were written.</summary>
    public async Task<int> RefreshOnceAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutcomeSnapshotService>().RecomputeStaleAsync(cancellationToken);
    }
}

internal static partial class OutcomeLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Stale outcome snapshots recomputed: {Count}.")]
    public static partial void SnapshotsRefreshed(ILogger logger, int count);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Recomputing the outcome snapshots failed: {ErrorType}.")]
    public static partial void SnapshotRefreshFailed(ILogger logger, string errorType);
}

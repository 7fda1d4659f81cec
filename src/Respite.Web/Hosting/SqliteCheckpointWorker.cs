using Respite.Data.Sqlite;

namespace Respite.Web.Hosting;

/// <summary>
/// Checkpoints the SQLite database's write-ahead log every <c>Database:CheckpointMilliseconds</c> (default 500,
/// bounded to 50 ms – 1 min), beside the writers instead of inside a commit (<see cref="SqliteCheckpoint"/>). Registered
/// only for a SQLite file. A failed checkpoint is logged once (exception type only) until one succeeds again; meanwhile
/// commits checkpoint themselves past <see cref="SqliteConnectionSettings.CommitCheckpointPages"/>.
/// </summary>
public sealed class SqliteCheckpointWorker(
    string connectionString, TimeSpan interval, TimeProvider clock, ILogger<SqliteCheckpointWorker> logger) : BackgroundService
{
    public const string IntervalSetting = "Database:CheckpointMilliseconds";

    private bool _failing;

    /// <summary>The last checkpoint's result, null until one has run.</summary>
    public WalCheckpoint? Last { get; private set; }

    public static TimeSpan IntervalFrom(IConfiguration configuration) =>
        TimeSpan.FromMilliseconds(Math.Clamp(configuration.GetValue(IntervalSetting, 500), 50, 60_000));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RunOnceAsync(stoppingToken);
        }
    }

    /// <summary>One checkpoint; a failure is logged, not thrown.</summary>
    public async Task<WalCheckpoint?> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            Last = await SqliteCheckpoint.PassiveAsync(connectionString, cancellationToken);
            if (_failing)
            {
                _failing = false;
                CheckpointLog.Resumed(logger);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (!_failing)
            {
                _failing = true;
                CheckpointLog.Failed(logger, exception.GetType().FullName ?? exception.GetType().Name);
            }
        }

        return Last;
    }
}

internal static partial class CheckpointLog
{
    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Checkpointing the SQLite log failed: {ErrorType}. Commits checkpoint it themselves meanwhile.")]
    public static partial void Failed(ILogger logger, string errorType);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Checkpointing the SQLite log works again.")]
    public static partial void Resumed(ILogger logger);
}

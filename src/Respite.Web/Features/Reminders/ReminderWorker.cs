using Microsoft.Extensions.Options;

namespace Respite.Web.Features.Reminders;

/// <summary>
/// The background loop: every <see cref="ReminderWorkerOptions.Interval"/> it queues due reminders and delivers the
/// outbox, each run in its own scope. A failed run is logged (exception type only) and the loop goes on.
/// </summary>
public sealed class ReminderWorker(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<ReminderWorkerOptions> options, ILogger<ReminderWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Background)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                await RunOnceAsync(clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                ReminderLog.RunFailed(logger, exception.GetType().FullName ?? exception.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One run: queue the reminders due at <paramref name="now"/>, then deliver what is due.</summary>
    public async Task<(ScheduleRun Scheduled, SendRun Sent)> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var scheduled = await scope.ServiceProvider.GetRequiredService<ReminderScheduler>().RunOnceAsync(now, cancellationToken);
        var sent = await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync(now, cancellationToken);
        return (scheduled, sent);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Respite.Data;

/// <summary>
/// A save interceptor that holds something from the start of a save to its end, and is told of the end however the save
/// ends: saved, failed, cancelled, or refused for a concurrency conflict. EF Core throws
/// <see cref="DbUpdateConcurrencyException"/> without calling <c>SaveChangesFailed</c>, so an interceptor that listens
/// only for success and failure keeps what it holds after a conflict (docs/benchmarks.md, change 8). Being told twice of
/// one end must do no harm.
/// </summary>
public abstract class SaveEndInterceptor : SaveChangesInterceptor
{
    /// <summary>The save of <paramref name="context"/> has ended, one way or another.</summary>
    protected abstract void SaveEnded(DbContext? context);

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SaveEnded(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        SaveEnded(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => SaveEnded(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveEnded(eventData.Context);
        return Task.CompletedTask;
    }

    public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        SaveEnded(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(
        ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        SaveEnded(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => SaveEnded(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveEnded(eventData.Context);
        return Task.CompletedTask;
    }
}

using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Exports;

namespace Respite.Web.Features.Fhir.Export;

/// <summary>
/// Runs bulk export jobs one at a time per host, each in its own DI scope, and removes expired jobs with their files. A
/// job is claimed with a conditional update, so when several hosts share the database each job runs once. It wakes when
/// a job is queued here, and every <see cref="FhirExportOptions.PollInterval"/> for jobs queued elsewhere.
/// </summary>
public sealed class FhirExportWorker(
    IServiceScopeFactory scopes,
    FhirExportStorage storage,
    TimeProvider clock,
    IOptions<FhirExportOptions> options,
    ILogger<FhirExportWorker> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Lock _gate = new();
    private Guid? _currentJob;
    private CancellationTokenSource? _currentCancel;

    /// <summary>Starts the next queued job soon rather than at the next poll.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    /// <summary>Stops the job if this host is running it (its row has been deleted); its files are then removed.</summary>
    public void Cancel(Guid jobId)
    {
        lock (_gate)
        {
            if (_currentJob == jobId)
            {
                _currentCancel?.Cancel();
            }
        }
    }

    public static string SerializeFiles(IReadOnlyList<FhirExportFile> files) => JsonSerializer.Serialize(files, Json);

    public static IReadOnlyList<FhirExportFile> DeserializeFiles(string json) => JsonSerializer.Deserialize<List<FhirExportFile>>(json, Json) ?? [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Worker)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested && await ClaimNextAsync(stoppingToken) is { } job)
                {
                    await RunAsync(job, stoppingToken);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                FhirExportLog.RunFailed(logger, exception.GetType().FullName ?? exception.GetType().Name);
            }

            try
            {
                await _wake.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Removes expired jobs and their files, folders no job owns, and queues again jobs whose worker died.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RespiteDbContext>();
        var now = clock.GetUtcNow();
        var expired = await db.FhirExportJobs.Where(j => j.ExpiresAt != null && j.ExpiresAt < now).Select(j => j.Id).ToListAsync(cancellationToken);
        foreach (var id in expired)
        {
            storage.Delete(id);
            await db.FhirExportJobs.Where(j => j.Id == id).ExecuteDeleteAsync(cancellationToken);
        }

        var orphans = 0;
        foreach (var id in storage.JobFolders())
        {
            if (!IsCurrent(id) && !await db.FhirExportJobs.AnyAsync(j => j.Id == id, cancellationToken))
            {
                storage.Delete(id);
                orphans++;
            }
        }

        var stale = now - options.Value.StaleAfter;
        var restarted = await db.FhirExportJobs
            .Where(j => j.Status == FhirExportStatus.Running && (j.HeartbeatAt == null || j.HeartbeatAt < stale))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, FhirExportStatus.Queued).SetProperty(j => j.ResourcesWritten, 0L), cancellationToken);
        if (expired.Count + orphans + restarted > 0)
        {
            FhirExportLog.Swept(logger, expired.Count, orphans, restarted);
        }
    }

    private async Task<FhirExportJob?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RespiteDbContext>();
        var queued = await db.FhirExportJobs.Where(j => j.Status == FhirExportStatus.Queued)
            .OrderBy(j => j.CreatedAt).Select(j => j.Id).Take(10).ToListAsync(cancellationToken);
        foreach (var id in queued)
        {
            var now = clock.GetUtcNow();
            var claimed = await db.FhirExportJobs.Where(j => j.Id == id && j.Status == FhirExportStatus.Queued)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, FhirExportStatus.Running)
                    .SetProperty(j => j.StartedAt, now)
                    .SetProperty(j => j.HeartbeatAt, now)
                    .SetProperty(j => j.ResourcesWritten, 0L), cancellationToken);
            if (claimed == 1)
            {
                return await db.FhirExportJobs.AsNoTracking().SingleAsync(j => j.Id == id, cancellationToken);
            }
        }

        return null;
    }

    private async Task RunAsync(FhirExportJob job, CancellationToken stoppingToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        lock (_gate)
        {
            _currentJob = job.Id;
            _currentCancel = cancel;
        }

        // Job bookkeeping goes through a context of its own: the runner's context is busy streaming the export.
        await using var books = scopes.CreateAsyncScope();
        var db = books.ServiceProvider.GetRequiredService<RespiteDbContext>();
        var watch = Stopwatch.StartNew();
        try
        {
            storage.Delete(job.Id);
            FhirExportLog.Started(logger, job.Id);
            IReadOnlyList<FhirExportFile> files;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var runner = scope.ServiceProvider.GetRequiredService<FhirExportRunner>();
                files = await runner.WriteAsync(job, (type, written) => HeartbeatAsync(db, job.Id, type, written, cancel), cancel.Token);
            }

            var now = clock.GetUtcNow();
            var resources = files.Where(f => f.Type != FhirExportRunner.OutcomeType).Sum(f => f.Count);
            var completed = await db.FhirExportJobs.Where(j => j.Id == job.Id && j.Status == FhirExportStatus.Running)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, FhirExportStatus.Completed)
                    .SetProperty(j => j.CompletedAt, now)
                    .SetProperty(j => j.ExpiresAt, now + options.Value.FileLifetime)
                    .SetProperty(j => j.HeartbeatAt, now)
                    .SetProperty(j => j.CurrentType, (string?)null)
                    .SetProperty(j => j.ResourcesWritten, resources)
                    .SetProperty(j => j.OutputJson, SerializeFiles(files)), CancellationToken.None);
            if (completed == 0)
            {
                storage.Delete(job.Id);
                FhirExportLog.Cancelled(logger, job.Id);
                return;
            }

            var counts = files.Where(f => f.Type != FhirExportRunner.OutcomeType).GroupBy(f => f.Type).Select(g => $"{g.Key}={g.Sum(f => f.Count)}");
            await AuditAsync(db, job, AuditOutcome.Success, $"fhir $export completed files={files.Count} " + string.Join(' ', counts));
            FhirExportLog.Completed(logger, job.Id, resources, files.Count, watch.Elapsed.TotalSeconds);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: the job starts again from the beginning on the next worker.
            storage.Delete(job.Id);
            await db.FhirExportJobs.Where(j => j.Id == job.Id && j.Status == FhirExportStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, FhirExportStatus.Queued).SetProperty(j => j.ResourcesWritten, 0L), CancellationToken.None);
        }
        catch (Exception) when (cancel.IsCancellationRequested)
        {
            // Deleted while running; the database provider may report the cancelled query as its own exception.
            storage.Delete(job.Id);
            FhirExportLog.Cancelled(logger, job.Id);
        }
        catch (Exception exception)
        {
            var reason = exception.GetType().Name;
            FhirExportLog.Failed(logger, job.Id, exception.GetType().FullName ?? reason);
            storage.Delete(job.Id);
            var now = clock.GetUtcNow();
            await db.FhirExportJobs.Where(j => j.Id == job.Id && j.Status == FhirExportStatus.Running)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, FhirExportStatus.Failed)
                    .SetProperty(j => j.CompletedAt, now)
                    .SetProperty(j => j.ExpiresAt, now + options.Value.FileLifetime)
                    .SetProperty(j => j.Error, reason), CancellationToken.None);
            await AuditAsync(db, job, AuditOutcome.Failed, $"fhir $export failed {reason}");
        }
        finally
        {
            lock (_gate)
            {
                _currentJob = null;
                _currentCancel = null;
            }
        }
    }

    private async Task HeartbeatAsync(RespiteDbContext db, Guid jobId, string type, long written, CancellationTokenSource cancel)
    {
        var alive = await db.FhirExportJobs.Where(j => j.Id == jobId && j.Status == FhirExportStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.HeartbeatAt, clock.GetUtcNow())
                .SetProperty(j => j.CurrentType, type)
                .SetProperty(j => j.ResourcesWritten, written), cancel.Token);
        if (alive == 0)
        {
            // Deleted by its requester (possibly through another host).
            await cancel.CancelAsync();
            cancel.Token.ThrowIfCancellationRequested();
        }
    }

    private async Task AuditAsync(RespiteDbContext db, FhirExportJob job, AuditOutcome outcome, string detail)
    {
        db.AuditEvents.Add(new AuditEvent
        {
            OccurredAt = clock.GetUtcNow(),
            UserId = job.RequestedByUserId,
            Role = "export-worker",
            Action = AuditAction.Export,
            EntityType = FhirExportService.AuditEntity,
            EntityId = job.Id.ToString(),
            Outcome = outcome,
            TraceId = Activity.Current?.TraceId.ToString(),
            Detail = detail.Length > 400 ? detail[..400] : detail,
        });
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private bool IsCurrent(Guid jobId)
    {
        lock (_gate)
        {
            return _currentJob == jobId;
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}

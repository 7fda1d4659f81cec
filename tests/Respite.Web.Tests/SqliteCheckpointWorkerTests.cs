using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Respite.Data.Identity;
using Respite.Web.Hosting;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

public sealed class SqliteCheckpointWorkerTests
{
    [Fact]
    public async Task ServerOnASqliteFile_CheckpointsTheLogOnItsOwn()
    {
        await using var factory = new RespiteWebApplicationFactory().With(SqliteCheckpointWorker.IntervalSetting, "50");
        using var client = await factory.ClientForAsync(Roles.Nurse);
        var worker = factory.Services.GetRequiredService<SqliteCheckpointWorker>();
        Assert.Contains(worker, factory.Services.GetServices<IHostedService>());

        // Bounded wait for the worker's own timer: 50 ms apart, so well within 10 s.
        for (var i = 0; i < 200 && worker.Last is null; i++)
        {
            await Task.Delay(50);
        }

        Assert.NotNull(worker.Last);
        var checkpoint = await worker.RunOnceAsync();
        Assert.NotNull(checkpoint);
        Assert.True(checkpoint.Value.LogFrames >= 0, "the database is in WAL mode");
        Assert.True(checkpoint.Value.Complete, checkpoint.Value.ToString());
    }

    [Fact]
    public async Task FailedCheckpoint_IsLoggedOnce_AndItsRecovery()
    {
        var folder = Path.Combine(Path.GetTempPath(), "respite-checkpoint-tests", Guid.NewGuid().ToString("N"));
        var logger = new ListLogger();
        var worker = new SqliteCheckpointWorker(
            $"Data Source={Path.Combine(folder, "respite.db")}", TimeSpan.FromSeconds(1), TimeProvider.System, logger);
        try
        {
            // The folder does not exist yet: the database cannot be opened.
            Assert.Null(await worker.RunOnceAsync());
            Assert.Null(await worker.RunOnceAsync());
            var failure = Assert.Single(logger.Entries);
            Assert.Equal((LogLevel.Warning, 1003), (failure.Level, failure.EventId));
            Assert.Contains("SqliteException", failure.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(folder, failure.Text, StringComparison.Ordinal);

            Directory.CreateDirectory(folder);
            Assert.NotNull(await worker.RunOnceAsync());
            Assert.NotNull(await worker.RunOnceAsync());
            Assert.Equal([1003, 1004], logger.Entries.Select(e => e.EventId));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData(null, 500)]
    [InlineData("10", 50)]
    [InlineData("250", 250)]
    [InlineData("3600000", 60_000)]
    public void Interval_IsBounded(string? setting, int expectedMilliseconds)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [SqliteCheckpointWorker.IntervalSetting] = setting })
            .Build();

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), SqliteCheckpointWorker.IntervalFrom(configuration));
    }

    private sealed record Entry(LogLevel Level, int EventId, string Text);

    private sealed class ListLogger : ILogger<SqliteCheckpointWorker>
    {
        private readonly List<Entry> _entries = [];

        public IReadOnlyList<Entry> Entries => _entries;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _entries.Add(new Entry(logLevel, eventId.Id, formatter(state, exception) + (exception is null ? "" : " | " + exception)));
    }
}

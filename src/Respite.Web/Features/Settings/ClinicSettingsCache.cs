using System.Collections.Concurrent;
using System.Diagnostics;

namespace Respite.Web.Features.Settings;

/// <summary>
/// The stored JSON of each settings group, kept for <c>Settings:CacheSeconds</c> (5 by default, 0 turns it off) so that
/// every charted reading does not read the monitoring thresholds again. A change made through this host is seen at
/// once (the entry is dropped when it is saved); one made through another host sharing the database within that time.
/// The time is the process's monotonic clock, not the clinic's: it measures how old the copy is, nothing clinical.
/// </summary>
public sealed class ClinicSettingsCache(IConfiguration configuration)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _changes;
    private readonly long _lifetimeTicks = (long)(Math.Max(0, configuration.GetValue("Settings:CacheSeconds", 5.0)) * Stopwatch.Frequency);

    /// <summary>The group's JSON, or null when no row is stored (the cited defaults apply); false when not cached or too old.</summary>
    public bool TryGet(string key, out string? json)
    {
        if (_entries.TryGetValue(key, out var entry) && Stopwatch.GetTimestamp() - entry.ReadAt < _lifetimeTicks)
        {
            json = entry.Json;
            return true;
        }

        json = null;
        return false;
    }

    /// <summary>Taken before reading the database: when it was read, and which change it may have missed.</summary>
    public ReadTicket BeginRead() => new(Stopwatch.GetTimestamp(), Interlocked.Read(ref _changes));

    /// <summary>
    /// Keeps what was read, unless a change was saved meanwhile (the read may predate it); the timestamp is the one
    /// taken before the read, so a copy is never thought younger than it is.
    /// </summary>
    public void Set(string key, string? json, ReadTicket ticket)
    {
        if (_lifetimeTicks > 0 && Interlocked.Read(ref _changes) == ticket.Changes)
        {
            _entries[key] = new Entry(json, ticket.ReadAt);
        }
    }

    public void Invalidate(string key)
    {
        Interlocked.Increment(ref _changes);
        _entries.TryRemove(key, out _);
    }

    public readonly record struct ReadTicket(long ReadAt, long Changes);

    private sealed record Entry(string? Json, long ReadAt);
}

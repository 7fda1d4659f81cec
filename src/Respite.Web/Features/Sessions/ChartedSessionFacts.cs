using Microsoft.Extensions.Caching.Memory;

namespace Respite.Web.Features.Sessions;

/// <summary>
/// What charting needs to know of an open session that never changes after check-in: whose session it is and when the
/// patient checked in. Charting reads the session once; later readings of that session skip the read, and the database
/// itself refuses a reading recorded after the session closed (<see cref="Respite.Data.Sessions.VitalsAfterClose"/>),
/// so nothing that can change is remembered. Bounded: the sessions of a clinic's days, not its history.
/// </summary>
public sealed class ChartedSessionFacts : IDisposable
{
    /// <summary>How many sessions are remembered at most; far more than a clinic's chairs hold in a day.</summary>
    public const int Capacity = 10_000;

    private static readonly TimeSpan Unused = TimeSpan.FromHours(12);

    private readonly MemoryCache _sessions = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public bool TryGet(Guid sessionId, out SessionFacts facts) => _sessions.TryGetValue(sessionId, out facts);

    public void Remember(Guid sessionId, SessionFacts facts) =>
        _sessions.Set(sessionId, facts, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = Unused });

    public void Dispose() => _sessions.Dispose();
}

/// <summary>A session's facts that stay as they are from check-in on.</summary>
public readonly record struct SessionFacts(Guid PatientId, DateTimeOffset CheckedInAt);

using Respite.Pharmacokinetics.Quantities;

namespace Respite.Clinical.Sessions;

public enum InfusionEventKind
{
    Start,
    RateChange,
    Pause,
    Resume,
    Stop,
    Bolus,
}

/// <summary>
/// One charted infusion event. <see cref="RateMgPerHour"/> is the running rate after Start, RateChange and Resume;
/// <see cref="BolusMg"/> is the amount of a Bolus.
/// </summary>
public sealed record InfusionEvent(DateTimeOffset At, InfusionEventKind Kind, decimal? RateMgPerHour = null, decimal? BolusMg = null, string? Reason = null);

public enum InfusionState
{
    NotStarted,
    Running,
    Paused,
    Stopped,
}

/// <summary>
/// The infusion as charted: state, running rate and the exact cumulative dose at any moment (rate × time of each running
/// segment, plus boluses), so the chair can show the dose live and check it against the plan's limits.
/// </summary>
public sealed class InfusionLedger
{
    private readonly List<InfusionEvent> _events = [];

    public IReadOnlyList<InfusionEvent> Events => _events;

    public InfusionState State { get; private set; } = InfusionState.NotStarted;

    public decimal CurrentRateMgPerHour { get; private set; }

    /// <summary>Adds an event in time order; an event that does not fit the state (resume a running infusion, …) is refused.</summary>
    public void Add(InfusionEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (_events.Count > 0 && e.At < _events[^1].At)
        {
            throw new InvalidOperationException("Infusion events are charted in time order.");
        }

        switch (e.Kind)
        {
            case InfusionEventKind.Start when State == InfusionState.NotStarted:
            case InfusionEventKind.Resume when State == InfusionState.Paused:
                CurrentRateMgPerHour = PositiveRate(e);
                State = InfusionState.Running;
                break;
            case InfusionEventKind.RateChange when State is InfusionState.Running or InfusionState.Paused:
                if (string.IsNullOrWhiteSpace(e.Reason))
                {
                    throw new InvalidOperationException("A rate change needs a reason (titration).");
                }

                CurrentRateMgPerHour = PositiveRate(e);
                break;
            case InfusionEventKind.Pause when State == InfusionState.Running:
                State = InfusionState.Paused;
                break;
            case InfusionEventKind.Stop when State is InfusionState.Running or InfusionState.Paused:
                State = InfusionState.Stopped;
                break;
            case InfusionEventKind.Bolus when State != InfusionState.Stopped:
                if (e.BolusMg is not > 0m)
                {
                    throw new InvalidOperationException("A bolus needs a positive amount.");
                }

                break;
            default:
                throw new InvalidOperationException($"Cannot {e.Kind} an infusion that is {State}.");
        }

        _events.Add(e);
    }

    /// <summary>The dose given up to <paramref name="at"/> (exact; round only for display).</summary>
    public Mass CumulativeDose(DateTimeOffset at)
    {
        var total = 0m;
        decimal rate = 0m;
        var running = false;
        DateTimeOffset? since = null;
        foreach (var e in _events.Where(e => e.At <= at))
        {
            if (running && since is { } from)
            {
                total += rate * (decimal)(e.At - from).TotalSeconds / 3600m;
            }

            switch (e.Kind)
            {
                case InfusionEventKind.Start or InfusionEventKind.Resume:
                    rate = e.RateMgPerHour!.Value;
                    running = true;
                    break;
                case InfusionEventKind.RateChange:
                    rate = e.RateMgPerHour!.Value;
                    break;
                case InfusionEventKind.Pause or InfusionEventKind.Stop:
                    running = false;
                    break;
                case InfusionEventKind.Bolus:
                    total += e.BolusMg!.Value;
                    break;
            }

            since = e.At;
        }

        if (running && since is { } last && at > last)
        {
            total += rate * (decimal)(at - last).TotalSeconds / 3600m;
        }

        return Mass.FromMilligrams(total);
    }

    /// <summary>Minutes the infusion ran (not paused) up to <paramref name="at"/>.</summary>
    public double RunningMinutes(DateTimeOffset at)
    {
        var minutes = 0d;
        DateTimeOffset? runningSince = null;
        foreach (var e in _events.Where(e => e.At <= at))
        {
            if (e.Kind is InfusionEventKind.Start or InfusionEventKind.Resume)
            {
                runningSince = e.At;
            }
            else if (e.Kind is InfusionEventKind.Pause or InfusionEventKind.Stop && runningSince is { } from)
            {
                minutes += (e.At - from).TotalMinutes;
                runningSince = null;
            }
        }

        return runningSince is { } open ? minutes + (at - open).TotalMinutes : minutes;
    }

    private static decimal PositiveRate(InfusionEvent e) =>
        e.RateMgPerHour is > 0m and <= 1000m ? e.RateMgPerHour.Value : throw new InvalidOperationException("A running infusion needs a rate above 0 mg/h.");
}

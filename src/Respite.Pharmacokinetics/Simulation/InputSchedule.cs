using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;

namespace Respite.Pharmacokinetics.Simulation;

/// <summary>
/// A regimen turned into what the differential equations see: instants at which amounts are added to compartments,
/// and between consecutive instants a constant input rate into each compartment (mg/min).
/// </summary>
/// <remarks>Times are whole milliseconds from the start, so that equal steps are bit-for-bit equal.</remarks>
internal sealed class InputSchedule
{
    private InputSchedule(long[] breakpoints, double[]?[] impulses, double[]?[] ratesAfter)
    {
        Breakpoints = breakpoints;
        Impulses = impulses;
        RatesAfter = ratesAfter;
    }

    /// <summary>The instants (ms) at which the input changes, ascending and distinct.</summary>
    public long[] Breakpoints { get; }

    /// <summary>Amounts (mg) added at each breakpoint, or null.</summary>
    public double[]?[] Impulses { get; }

    /// <summary>The input rates (mg/min) from each breakpoint to the next, or null for none.</summary>
    public double[]?[] RatesAfter { get; }

    public static long Milliseconds(TimeSpan time) => (long)Math.Round(time.Ticks / (double)TimeSpan.TicksPerMillisecond, MidpointRounding.AwayFromZero);

    public static InputSchedule For(LinearModel model, Regimen regimen)
    {
        var n = model.CompartmentCount;
        var impulses = new List<(long At, int Compartment, double Milligrams)>();
        var rates = new List<(long From, long To, int Compartment, double MilligramsPerMinute)>();
        foreach (var dose in regimen.Doses)
        {
            switch (dose)
            {
                case Infusion infusion:
                    rates.Add((Milliseconds(infusion.At), Milliseconds(infusion.End), model.Central, (double)infusion.Rate.MilligramsPerHour / 60d));
                    break;
                case Bolus bolus:
                    impulses.Add((Milliseconds(bolus.At), model.Central, (double)bolus.Amount.Milligrams));
                    break;
                case IntranasalDose:
                    break;
                default:
                    throw new InvalidOperationException("Unknown dose kind.");
            }
        }

        AddIntranasal(model, regimen, impulses, rates);

        var breakpoints = impulses.Select(i => i.At)
            .Concat(rates.SelectMany(r => new[] { r.From, r.To }))
            .Append(0L)
            .Distinct()
            .Order()
            .ToArray();
        var impulseVectors = new double[]?[breakpoints.Length];
        var rateVectors = new double[]?[breakpoints.Length];
        foreach (var (at, compartment, milligrams) in impulses)
        {
            var index = Array.BinarySearch(breakpoints, at);
            (impulseVectors[index] ??= new double[n])[compartment] += milligrams;
        }

        foreach (var (from, to, compartment, perMinute) in rates)
        {
            var first = Array.BinarySearch(breakpoints, from);
            for (var index = first; index < breakpoints.Length && breakpoints[index] < to; index++)
            {
                (rateVectors[index] ??= new double[n])[compartment] += perMinute;
            }
        }

        return new InputSchedule(breakpoints, impulseVectors, rateVectors);
    }

    private static void AddIntranasal(LinearModel model, Regimen regimen, List<(long, int, double)> impulses, List<(long, long, int, double)> rates)
    {
        var devices = new List<(long At, double Milligrams)>();
        foreach (var dose in regimen.Doses.OfType<IntranasalDose>())
        {
            var route = model.Intranasal ?? throw new ArgumentException("This model has no intranasal route.", nameof(regimen));
            var remaining = (double)dose.Amount.Milligrams;
            var at = Milliseconds(dose.At);
            while (remaining > 1e-9)
            {
                var milligrams = Math.Min(remaining, route.Parameters.DeviceMilligrams);
                devices.Add((at, milligrams));
                remaining -= milligrams;
                at += (long)Math.Round(route.Parameters.DeviceIntervalMinutes * 60_000d);
            }
        }

        if (devices.Count == 0)
        {
            return;
        }

        var absorption = model.Intranasal!;
        var p = absorption.Parameters;
        var window = (long)Math.Round(p.SessionWindowMinutes * 60_000d);
        var swallowedDuration = (long)Math.Round(p.SwallowedInputMinutes * 60_000d);
        devices.Sort((a, b) => a.At.CompareTo(b.At));
        long? previous = null;
        foreach (var (at, milligrams) in devices)
        {
            var later = previous is { } last && at - last <= window;
            var nasal = p.NasalFraction * (later ? p.LaterDeviceFactor : 1d);
            impulses.Add((at, absorption.NasalDepot, nasal * milligrams));
            var swallowed = (1d - nasal) * p.GutAvailability * milligrams;
            if (swallowed > 0d)
            {
                rates.Add((at, at + swallowedDuration, absorption.SwallowedDepot, swallowed / p.SwallowedInputMinutes));
            }

            previous = at;
        }
    }
}

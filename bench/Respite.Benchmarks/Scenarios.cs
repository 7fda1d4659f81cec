using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;

namespace Respite.Benchmarks;

/// <summary>The workloads measured, shared by the benchmarks and the agreement check.</summary>
public static class Scenarios
{
    /// <summary>A 70-kg adult.</summary>
    public static readonly Covariates Adult70 = new(BodyWeight.FromKilograms(70m));

    /// <summary>0.5 mg/kg over 40 minutes for 70 kg: 52.5 mg/h.</summary>
    public static readonly Regimen Session = Regimen.Of(new Infusion(TimeSpan.Zero, TimeSpan.FromMinutes(40), MassRate.FromMilligramsPerHour(52.5m)));

    /// <summary>Esketamine 84 mg (three devices five minutes apart).</summary>
    public static readonly Regimen Esketamine84 = Regimen.Of(new IntranasalDose(TimeSpan.Zero, Mass.FromMilligrams(84m)));

    /// <summary>
    /// A three-week induction series: 0.5 mg/kg over 40 minutes on days 0, 2, 4, 7, 9 and 11 (six infusions in two
    /// weeks, then a week of follow-up).
    /// </summary>
    public static readonly Regimen Induction = Regimen.Of(
        [.. new[] { 0, 2, 4, 7, 9, 11 }.Select(day => (Dose)new Infusion(TimeSpan.FromDays(day), TimeSpan.FromMinutes(40), MassRate.FromMilligramsPerHour(52.5m)))]);

    /// <summary>Six hours on a one-second grid: 21,601 times.</summary>
    public static readonly double[] SixHoursBySecond = Enumerable.Range(0, (6 * 3600) + 1).Select(s => s / 60d).ToArray();

    /// <summary>Three weeks on a five-minute grid: 6,049 times.</summary>
    public static readonly double[] ThreeWeeksByFiveMinutes = Enumerable.Range(0, (21 * 24 * 12) + 1).Select(i => i * 5d).ToArray();
}

using FsCheck;
using FsCheck.Fluent;
using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;
using Respite.Pharmacokinetics.Simulation;

namespace Respite.Pharmacokinetics.Tests;

/// <summary>
/// Properties every prediction must have, checked on random regimens (FsCheck): concentrations are never negative,
/// regimens superpose, drug is conserved, and concentrations only fall once the last intravenous dose is over.
/// </summary>
public sealed class PropertyTests
{
    private static readonly string[] IntravenousModels = ["ketamine-domino", "ketamine-clements", "ketamine-hijazi", "s-ketamine-otto", "esketamine-intranasal"];

    private static readonly Config Checks = Config.QuickThrowOnFailure.WithMaxTest(60);

    /// <summary>A random model, weight and intravenous regimen (non-overlapping infusions, a few boluses).</summary>
    public sealed record Case(string Model, decimal WeightKg, IReadOnlyList<Dose> Doses)
    {
        public Regimen Regimen => Regimen.Of([.. Doses]);

        public LinearModel Build() => ModelCatalog.Find(Model)!.Typical(new Covariates(BodyWeight.FromKilograms(WeightKg)));

        public override string ToString() => $"{Model}, {WeightKg} kg, {string.Join("; ", Doses)}";
    }

    private static Arbitrary<Case> Cases()
    {
        var infusion = from gap in Gen.Choose(0, 120)
                       from duration in Gen.Choose(1, 90)
                       from rate in Gen.Choose(1, 300)
                       select (gap, duration, rate);
        var bolus = from at in Gen.Choose(0, 300)
                    from mg in Gen.Choose(1, 50)
                    select new Bolus(TimeSpan.FromMinutes(at), Mass.FromMilligrams(mg)) as Dose;
        var gen = from model in Gen.Elements(IntravenousModels)
                  from weight in Gen.Choose(400, 1500)
                  from infusions in Gen.ListOf(infusion).Select(list => list.Take(4).ToArray())
                  from boluses in Gen.ListOf(bolus).Select(list => list.Take(2).ToArray())
                  select new Case(model, weight / 10m, Lay(infusions).Concat(boluses).DefaultIfEmpty(new Bolus(TimeSpan.Zero, Mass.FromMilligrams(10m))).ToArray());
        return gen.ToArbitrary();
    }

    private static IEnumerable<Dose> Lay(IEnumerable<(int Gap, int Duration, int Rate)> infusions)
    {
        var at = 0;
        foreach (var (gap, duration, rate) in infusions)
        {
            at += gap;
            yield return new Infusion(TimeSpan.FromMinutes(at), TimeSpan.FromMinutes(duration), MassRate.FromMilligramsPerHour(rate));
            at += duration;
        }
    }

    private static double[] Grid(double until, double step) =>
        Enumerable.Range(0, (int)(until / step) + 1).Select(i => i * step).ToArray();

    [Fact]
    public void ConcentrationsAndAmounts_AreNeverNegative() =>
        Check.One(Checks, Prop.ForAll(Cases(), c =>
        {
            var simulator = new PkSimulator(c.Build());
            var times = Grid(1440, 7);
            var values = new double[times.Length];
            simulator.Concentrations(c.Regimen, times, values);
            var scale = Math.Max(1e-9, values.Max());
            Assert.All(values, v => Assert.True(v >= -1e-12 * scale, $"{v} ng/mL"));
            foreach (var minute in new[] { 1d, 45, 200, 1000 })
            {
                Assert.All(simulator.Amounts(c.Regimen, TimeSpan.FromMinutes(minute)), a => Assert.True(a >= -1e-9, $"{a} mg"));
            }
        }));

    [Fact]
    public void TwoRegimensGivenTogether_AddUp() =>
        Check.One(Checks, Prop.ForAll(Cases(), Cases(), (a, b) =>
        {
            var model = a.Build();
            var later = b.Regimen.Shift(a.Regimen.End); // starts when the last infusion of a has stopped
            var times = Grid(1200, 5);
            var simulator = new PkSimulator(model);
            var (alone, other, together) = (new double[times.Length], new double[times.Length], new double[times.Length]);
            simulator.Concentrations(a.Regimen, times, alone);
            simulator.Concentrations(later, times, other);
            simulator.Concentrations(a.Regimen.Plus(later), times, together);
            for (var i = 0; i < times.Length; i++)
            {
                Assert.Equal(alone[i] + other[i], together[i], 1e-9 * Math.Max(1d, together[i]));
            }
        }));

    [Fact]
    public void DrugGivenIsDrugInTheBodyPlusDrugCleared() =>
        Check.One(Checks, Prop.ForAll(Cases(), c =>
        {
            // The same model with every elimination routed into a "cleared" compartment: nothing may be lost.
            var closed = WithSink(c.Build());
            var simulator = new PkSimulator(closed);
            foreach (var minute in new[] { 30d, 333, 2000 })
            {
                var until = TimeSpan.FromMinutes(minute);
                var given = c.Regimen.Doses.Sum(dose => dose switch
                {
                    Infusion i => (double)i.Rate.MilligramsPerHour / 60d * Math.Clamp((until - i.At).TotalMinutes, 0, i.Duration.TotalMinutes),
                    Bolus b when b.At <= until => (double)b.Amount.Milligrams,
                    _ => 0d,
                });
                var amounts = simulator.Amounts(c.Regimen, until);
                Assert.Equal(given, amounts.Sum(), 1e-9 * Math.Max(1d, given));
                Assert.True(amounts[^1] >= 0d);
            }
        }));

    [Fact]
    public void AfterTheLastIntravenousDose_TheConcentrationOnlyFalls() =>
        Check.One(Checks, Prop.ForAll(Cases(), c =>
        {
            var simulator = new PkSimulator(c.Build());
            var end = c.Regimen.End.TotalMinutes;
            var times = Grid(720, 3).Select(t => t + end).ToArray();
            var values = new double[times.Length];
            simulator.Concentrations(c.Regimen, times, values);
            for (var i = 1; i < values.Length; i++)
            {
                Assert.True(values[i] <= values[i - 1] * (1 + 1e-12) + 1e-15, $"rose at {times[i]} min: {values[i - 1]} → {values[i]}");
            }
        }));

    [Fact]
    public void TheOdePathAgreesWithTheClosedForm() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(25), Prop.ForAll(Cases(), c =>
        {
            var model = c.Build();
            var times = Grid(600, 10);
            var exact = new double[times.Length];
            new PkSimulator(model).Concentrations(c.Regimen, times, exact);
            var numeric = OdeSimulator.Concentrations(model, c.Regimen, times, 1e-10, 1e-14);
            var peak = exact.Max();
            for (var i = 0; i < times.Length; i++)
            {
                Assert.Equal(exact[i], numeric[i], Math.Max(1e-7 * peak, 1e-6 * exact[i]));
            }
        }));

    private static LinearModel WithSink(LinearModel model)
    {
        var n = model.CompartmentCount;
        var builder = LinearModel.With([.. model.Compartments, "cleared"]);
        for (var column = 0; column < n; column++)
        {
            var outflow = 0d;
            for (var row = 0; row < n; row++)
            {
                var rate = model.Rates[(row * n) + column];
                if (row != column && rate > 0d)
                {
                    builder.Transfer(model.Compartments[column], model.Compartments[row], rate);
                }

                outflow -= rate; // the column sum of A is minus the rate at which the compartment's drug leaves the body
            }

            if (outflow > 0d)
            {
                builder.Transfer(model.Compartments[column], "cleared", outflow);
            }
        }

        return builder.Build(model.Compartments[model.Central], model.CentralVolumeLitres);
    }
}

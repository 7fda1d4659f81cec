namespace Respite.Pharmacokinetics.Models;

/// <summary>
/// A linear compartment model for one patient: amounts of drug (mg) in compartments that exchange and eliminate
/// drug at first-order rates, dx/dt = A x + u(t).
/// </summary>
/// <remarks>
/// Intravenous doses enter the <see cref="Central"/> compartment, whose volume turns an amount into the plasma
/// concentration. Intranasal doses follow <see cref="Intranasal"/> when the model has an intranasal route. A model
/// may also report a metabolite's concentration (<see cref="Metabolite"/>). Rate constants are per minute.
/// </remarks>
public sealed class LinearModel
{
    private readonly double[] rates;

    private LinearModel(string[] compartments, double[] rates, int central, double centralVolumeLitres, IntranasalAbsorption? intranasal, ObservedAnalyte? metabolite)
    {
        Compartments = compartments;
        this.rates = rates;
        Central = central;
        CentralVolumeLitres = centralVolumeLitres;
        Intranasal = intranasal;
        Metabolite = metabolite;
    }

    /// <summary>The compartments' names, in state order.</summary>
    public IReadOnlyList<string> Compartments { get; }

    /// <summary>The number of compartments.</summary>
    public int CompartmentCount => Compartments.Count;

    /// <summary>The index of the central (sampled, dosed) compartment.</summary>
    public int Central { get; }

    /// <summary>The central compartment's volume of distribution, in litres.</summary>
    public double CentralVolumeLitres { get; }

    /// <summary>How an intranasal dose is absorbed, or null when the model has no intranasal route.</summary>
    public IntranasalAbsorption? Intranasal { get; }

    /// <summary>A metabolite the model also predicts, or null.</summary>
    public ObservedAnalyte? Metabolite { get; }

    /// <summary>The system matrix A (per minute), row-major, n × n.</summary>
    public ReadOnlySpan<double> Rates => rates;

    /// <summary>Starts a model with the given compartments.</summary>
    public static Builder With(params string[] compartments) => new(compartments);

    /// <summary>Assembles a <see cref="LinearModel"/> from first-order transfers and eliminations.</summary>
    public sealed class Builder
    {
        private readonly string[] compartments;
        private readonly double[] rates;
        private IntranasalAbsorption? intranasal;
        private ObservedAnalyte? metabolite;

        internal Builder(string[] compartments)
        {
            if (compartments.Length == 0 || compartments.Distinct(StringComparer.Ordinal).Count() != compartments.Length)
            {
                throw new ArgumentException("A model needs at least one compartment and unique names.", nameof(compartments));
            }

            this.compartments = compartments;
            rates = new double[compartments.Length * compartments.Length];
        }

        /// <summary>Drug moves from one compartment to another at <paramref name="perMinute"/> × amount.</summary>
        public Builder Transfer(string from, string to, double perMinute)
        {
            var source = IndexOf(from);
            var target = IndexOf(to);
            CheckRate(perMinute);
            var n = compartments.Length;
            rates[(source * n) + source] -= perMinute;
            rates[(target * n) + source] += perMinute;
            return this;
        }

        /// <summary>Drug leaves the system from a compartment at <paramref name="perMinute"/> × amount.</summary>
        public Builder Eliminate(string from, double perMinute)
        {
            var source = IndexOf(from);
            CheckRate(perMinute);
            rates[(source * compartments.Length) + source] -= perMinute;
            return this;
        }

        /// <summary>Declares the intranasal route.</summary>
        public Builder WithIntranasal(string nasalDepot, string swallowedDepot, IntranasalParameters parameters)
        {
            intranasal = new IntranasalAbsorption(IndexOf(nasalDepot), IndexOf(swallowedDepot), parameters);
            return this;
        }

        /// <summary>Declares a metabolite whose concentration the model reports.</summary>
        public Builder WithMetabolite(string name, string compartment, double volumeLitres)
        {
            CheckVolume(volumeLitres);
            metabolite = new ObservedAnalyte(name, IndexOf(compartment), volumeLitres);
            return this;
        }

        /// <summary>Builds the model, sampled in <paramref name="central"/> of volume <paramref name="volumeLitres"/>.</summary>
        public LinearModel Build(string central, double volumeLitres)
        {
            CheckVolume(volumeLitres);
            return new LinearModel(compartments, (double[])rates.Clone(), IndexOf(central), volumeLitres, intranasal, metabolite);
        }

        private int IndexOf(string name)
        {
            var index = Array.IndexOf(compartments, name);
            return index >= 0 ? index : throw new ArgumentException($"Unknown compartment '{name}'.", nameof(name));
        }

        private static void CheckRate(double perMinute)
        {
            if (!double.IsFinite(perMinute) || perMinute < 0d)
            {
                throw new ArgumentOutOfRangeException(nameof(perMinute), perMinute, "A rate constant is finite and not negative.");
            }
        }

        private static void CheckVolume(double litres)
        {
            if (!double.IsFinite(litres) || litres <= 0d)
            {
                throw new ArgumentOutOfRangeException(nameof(litres), litres, "A volume is finite and positive.");
            }
        }
    }
}

/// <summary>A second analyte (a metabolite) a model predicts, in amounts of parent-drug mass.</summary>
/// <param name="Name">The analyte, e.g. <c>S-norketamine</c>.</param>
/// <param name="Compartment">The index of its central compartment.</param>
/// <param name="VolumeLitres">That compartment's (apparent) volume.</param>
public sealed record ObservedAnalyte(string Name, int Compartment, double VolumeLitres);

/// <summary>Where an intranasal dose goes: a nasal depot and a swallowed (oral) depot.</summary>
/// <param name="NasalDepot">The index of the nasal depot compartment.</param>
/// <param name="SwallowedDepot">The index of the swallowed-dose depot compartment.</param>
/// <param name="Parameters">The absorption parameters.</param>
public sealed record IntranasalAbsorption(int NasalDepot, int SwallowedDepot, IntranasalParameters Parameters);

/// <summary>How one intranasal device's dose divides between the nose and the gut (Perez-Ruixo 2021).</summary>
/// <param name="NasalFraction">Fraction of the first device's dose absorbed through the nasal mucosa (FRn).</param>
/// <param name="LaterDeviceFactor">Multiplier on FRn for the second and later devices of a session.</param>
/// <param name="GutAvailability">Fraction of the swallowed part that escapes gut-wall metabolism (Fgut).</param>
/// <param name="SwallowedInputMinutes">The swallowed part enters its depot at a constant rate over this time (Dsw).</param>
/// <param name="DeviceMilligrams">The dose of one device; larger doses are several devices.</param>
/// <param name="DeviceIntervalMinutes">Time between the devices of one dose.</param>
/// <param name="SessionWindowMinutes">A device within this time after another counts as a later device of the same session.</param>
public sealed record IntranasalParameters(
    double NasalFraction,
    double LaterDeviceFactor,
    double GutAvailability,
    double SwallowedInputMinutes,
    double DeviceMilligrams,
    double DeviceIntervalMinutes,
    double SessionWindowMinutes);

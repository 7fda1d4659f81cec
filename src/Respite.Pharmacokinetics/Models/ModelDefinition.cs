namespace Respite.Pharmacokinetics.Models;

/// <summary>
/// A published population model: its typical parameters with their sources, the inter-individual variability, and
/// how a patient's compartment model follows from them.
/// </summary>
public sealed class ModelDefinition
{
    private readonly Func<IReadOnlyDictionary<string, double>, Covariates, LinearModel> build;
    private readonly Dictionary<string, int> index;

    internal ModelDefinition(
        string id,
        string name,
        string drug,
        string citation,
        string studiedPopulation,
        ModelRoutes routes,
        IReadOnlyList<ModelParameter> parameters,
        IReadOnlyList<VariabilityBlock> variability,
        Func<IReadOnlyDictionary<string, double>, Covariates, LinearModel> build)
    {
        Id = id;
        Name = name;
        Drug = drug;
        Citation = citation;
        StudiedPopulation = studiedPopulation;
        Routes = routes;
        Parameters = parameters;
        Variability = variability;
        this.build = build;
        index = parameters.Select((p, i) => (p.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        foreach (var block in variability)
        {
            foreach (var parameter in block.Parameters)
            {
                if (!index.ContainsKey(parameter))
                {
                    throw new ArgumentException($"Variability on unknown parameter '{parameter}'.", nameof(variability));
                }
            }
        }

        RandomEffectCount = variability.Sum(block => block.Parameters.Count);
    }

    /// <summary>The identifier used by the API, e.g. <c>ketamine-domino</c>.</summary>
    public string Id { get; }

    /// <summary>A short name for people.</summary>
    public string Name { get; }

    /// <summary>The drug the model describes.</summary>
    public string Drug { get; }

    /// <summary>Where the parameters come from, with the evidence mark of the clinical sources.</summary>
    public string Citation { get; }

    /// <summary>Whom the model was built from.</summary>
    public string StudiedPopulation { get; }

    /// <summary>The routes of administration the model can take.</summary>
    public ModelRoutes Routes { get; }

    /// <summary>The typical (population) parameters.</summary>
    public IReadOnlyList<ModelParameter> Parameters { get; }

    /// <summary>The inter-individual variability, block by block.</summary>
    public IReadOnlyList<VariabilityBlock> Variability { get; }

    /// <summary>The number of random effects a virtual patient draws.</summary>
    public int RandomEffectCount { get; }

    /// <summary>The compartment model of a typical patient with these covariates.</summary>
    public LinearModel Typical(Covariates covariates) => Individual(covariates, []);

    /// <summary>
    /// The compartment model of an individual whose random effects (η, in the order of <see cref="Variability"/>'s
    /// parameters) are <paramref name="randomEffects"/>; empty for the typical patient.
    /// </summary>
    public LinearModel Individual(Covariates covariates, ReadOnlySpan<double> randomEffects)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        var values = new Dictionary<string, double>(Parameters.Count, StringComparer.Ordinal);
        foreach (var parameter in Parameters)
        {
            values[parameter.Name] = parameter.Value;
        }

        if (!randomEffects.IsEmpty)
        {
            if (randomEffects.Length != RandomEffectCount)
            {
                throw new ArgumentException($"Expected {RandomEffectCount} random effects.", nameof(randomEffects));
            }

            var k = 0;
            foreach (var block in Variability)
            {
                foreach (var name in block.Parameters)
                {
                    var eta = randomEffects[k++];
                    var typical = values[name];
                    values[name] = Parameters[index[name]].Scale == ParameterScale.Logit
                        ? 1d / (1d + Math.Exp(-(Math.Log(typical / (1d - typical)) + eta)))
                        : typical * Math.Exp(eta);
                }
            }
        }

        return build(values, covariates);
    }
}

/// <summary>The routes of administration a model was built for.</summary>
[Flags]
public enum ModelRoutes
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>Intravenous infusion and bolus.</summary>
    Intravenous = 1,

    /// <summary>Intranasal spray.</summary>
    Intranasal = 2,
}

/// <summary>How random effects act on a parameter.</summary>
public enum ParameterScale
{
    /// <summary>Log-normal: P = θ · e<sup>η</sup>.</summary>
    Log,

    /// <summary>Logit-normal, for fractions: logit P = logit θ + η.</summary>
    Logit,
}

/// <summary>A typical value of a model parameter.</summary>
/// <param name="Name">The parameter's name in the source, e.g. <c>k10</c>.</param>
/// <param name="Value">The typical value.</param>
/// <param name="Unit">Its unit, e.g. <c>1/min</c> or <c>L/kg</c>.</param>
/// <param name="Source">Where the value comes from.</param>
/// <param name="Scale">How random effects act on it.</param>
public sealed record ModelParameter(string Name, double Value, string Unit, string Source, ParameterScale Scale = ParameterScale.Log);

/// <summary>
/// Correlated random effects on some parameters: η ~ N(0, Ω) with Ω the covariance matrix given row-major.
/// </summary>
/// <param name="Parameters">The parameters, in the order of Ω's rows.</param>
/// <param name="Covariance">Ω, row-major, symmetric and positive definite.</param>
/// <param name="Source">Where Ω comes from.</param>
/// <param name="IsAssumption">True when Ω is not from the model's source but an assumption Respite states.</param>
public sealed record VariabilityBlock(IReadOnlyList<string> Parameters, IReadOnlyList<double> Covariance, string Source, bool IsAssumption)
{
    /// <summary>Independent random effects with the given coefficients of variation (ω² = ln(1 + CV²)).</summary>
    public static VariabilityBlock Independent(IReadOnlyList<(string Parameter, double Variance)> terms, string source, bool isAssumption)
    {
        var n = terms.Count;
        var covariance = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            covariance[(i * n) + i] = terms[i].Variance;
        }

        return new VariabilityBlock(terms.Select(t => t.Parameter).ToArray(), covariance, source, isAssumption);
    }

    /// <summary>The log-scale variance that gives a coefficient of variation: ω² = ln(1 + CV²).</summary>
    public static double VarianceFromCv(double cv) => Math.Log(1d + (cv * cv));
}

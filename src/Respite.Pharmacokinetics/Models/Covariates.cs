using Respite.Pharmacokinetics.Quantities;

namespace Respite.Pharmacokinetics.Models;

/// <summary>The patient characteristics a model may scale its parameters by.</summary>
/// <param name="Weight">Total body weight.</param>
/// <param name="AgeYears">Age in whole years, when known; models that use age assume a younger adult without it.</param>
public sealed record Covariates(BodyWeight Weight, int? AgeYears = null);

using System.Globalization;
using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;
using Respite.Pharmacokinetics.Simulation;
using Respite.Web.Features.Shared;

namespace Respite.Web.Features.Pharmacokinetics;

/// <summary>
/// Turns the JSON of the PK tools into the engine's types, naming the field of every problem (<c>model</c>,
/// <c>weightKg</c>, <c>doses[2].rateMgPerHour</c>, <c>doses[1]</c> for an overlap, <c>times[3]</c>).
/// </summary>
internal static class PkInput
{
    /// <summary>The most doses one request may carry.</summary>
    public const int MaximumDoses = 500;

    /// <summary>The most output times one request may ask for.</summary>
    public const int MaximumTimes = 50_000;

    /// <summary>The largest total accepted (the cap of a plasma-targeted schedule), mg: far above any clinical dose, it keeps arithmetic finite.</summary>
    public const double MaximumMilligrams = 100_000;

    /// <summary>The highest infusion rate accepted, mg/h: the highest rate a session can chart.</summary>
    public const double MaximumRateMgPerHour = PkService.ChartableMaximumRateMgPerHour;

    /// <summary>The largest intravenous bolus accepted, mg: the largest bolus a session can chart.</summary>
    public const double MaximumBolusMg = 200;

    /// <summary>
    /// The largest intranasal dose accepted, mg: 36 devices of 28 mg given 5 minutes apart, twelve times the largest
    /// labelled esketamine session (84 mg). An input bound, not a clinical threshold: the model splits a dose into
    /// devices, and each device adds changes of input.
    /// </summary>
    public const double MaximumIntranasalMg = 1000;

    /// <summary>
    /// The most distinct step lengths one simulation may meet between consecutive changes of input and requested
    /// times. Each distinct length costs a matrix exponential (about 35 µs for the largest model, so at most about
    /// a third of a second); equal steps are computed once, so any regular grid passes.
    /// </summary>
    public const int MaximumDistinctSteps = 10_000;

    /// <summary>The latest minute a regimen or a time may reach (366 days).</summary>
    public static readonly double HorizonMinutes = Respite.Pharmacokinetics.Dosing.Regimen.Horizon.TotalMinutes;

    public static ModelDefinition? Model(ErrorBag errors, string? id, string field = "model")
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add(field, "Name a model: " + Known + ".");
            return null;
        }

        if (ModelCatalog.Find(id) is not { } model)
        {
            errors.Add(field, $"Unknown model '{Truncate(id)}'. Known models: {Known}.");
            return null;
        }

        return model;
    }

    public static BodyWeight? Weight(ErrorBag errors, double? kilograms, string field = "weightKg")
    {
        if (kilograms is not { } kg)
        {
            errors.Add(field, "The body weight in kg is required.");
            return null;
        }

        if (!double.IsFinite(kg) || kg < (double)BodyWeight.MinimumKilograms || kg > (double)BodyWeight.MaximumKilograms)
        {
            errors.Add(field, "Body weight must lie between 0.5 and 500 kg.");
            return null;
        }

        return BodyWeight.FromKilograms((decimal)kg);
    }

    public static int? Age(ErrorBag errors, int? years, string field = "ageYears")
    {
        if (years is { } age && age is < 0 or > 130)
        {
            errors.Add(field, "Age must lie between 0 and 130 years.");
            return null;
        }

        return years;
    }

    /// <summary>The regimen, or null with the problems added to <paramref name="errors"/>.</summary>
    public static Regimen? Regimen(ErrorBag errors, ModelDefinition? model, IReadOnlyList<PkDoseInput?>? doses, string field = "doses")
    {
        if (doses is null)
        {
            errors.Add(field, "The doses are required (an empty list for none).");
            return null;
        }

        if (doses.Count > MaximumDoses)
        {
            errors.Add(field, $"At most {MaximumDoses} doses.");
            return null;
        }

        var parsed = new List<Dose>(doses.Count);
        var valid = true;
        for (var i = 0; i < doses.Count; i++)
        {
            var dose = One(errors, model, doses[i], $"{field}[{i}]");
            if (dose is null)
            {
                valid = false;
            }
            else
            {
                parsed.Add(dose);
            }
        }

        if (!valid)
        {
            return null;
        }

        if (!Respite.Pharmacokinetics.Dosing.Regimen.TryCreate(parsed, out var regimen, out var problem))
        {
            errors.Add($"{field}[{problem!.Index}]", problem.Message);
            return null;
        }

        return regimen;
    }

    /// <summary>Output times in minutes: present, at most <see cref="MaximumTimes"/>, finite, ascending, within the horizon.</summary>
    public static double[]? Times(ErrorBag errors, IReadOnlyList<double>? times, int maximum = MaximumTimes, string field = "times")
    {
        if (times is null || times.Count == 0)
        {
            errors.Add(field, "At least one time (minutes from the start) is required.");
            return null;
        }

        if (times.Count > maximum)
        {
            errors.Add(field, $"At most {Count(maximum)} times.");
            return null;
        }

        for (var i = 0; i < times.Count; i++)
        {
            var t = times[i];
            var problem = !double.IsFinite(t) ? "A time must be a number of minutes."
                : t < 0 ? "Times cannot be negative."
                : t > HorizonMinutes ? "Times must lie within 366 days of the start."
                : i > 0 && t < times[i - 1] ? "Times must be in ascending order."
                : null;
            if (problem is not null)
            {
                errors.Add($"{field}[{i}]", problem);
                return null;
            }
        }

        return [.. times];
    }

    /// <summary>
    /// Refuses a simulation that would meet more than <see cref="MaximumDistinctSteps"/> distinct step lengths. The
    /// problem names <paramref name="timesField"/> unless there is none or the doses alone need that many (counted by
    /// <paramref name="dosesAlone"/>, asked only then), when it names <paramref name="dosesField"/>.
    /// </summary>
    public static bool WithinSteps(ErrorBag errors, SimulationCost cost, string dosesField, string? timesField = null, Func<SimulationCost>? dosesAlone = null)
    {
        if (cost.DistinctSteps <= MaximumDistinctSteps)
        {
            return true;
        }

        var doses = timesField is null || dosesAlone is null ? cost : dosesAlone();
        if (timesField is null || doses.DistinctSteps > MaximumDistinctSteps)
        {
            errors.Add(dosesField, $"These doses need {Count(doses.DistinctSteps)} distinct step lengths between changes of input; at most {Count(MaximumDistinctSteps)}, because each distinct length costs a matrix exponential.");
        }
        else
        {
            errors.Add(timesField, $"These times need {Count(cost.DistinctSteps)} distinct step lengths between consecutive times and doses; at most {Count(MaximumDistinctSteps)}, because each distinct length costs a matrix exponential. Ask for times on a regular grid: equal steps are computed once.");
        }

        return false;
    }

    /// <summary>A whole number with thousands separators, e.g. 10,000.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static double? Positive(ErrorBag errors, string field, double? value, double maximum, string unit, bool required = true)
    {
        if (value is not { } v)
        {
            if (required)
            {
                errors.Add(field, "This field is required.");
            }

            return null;
        }

        if (!double.IsFinite(v) || v <= 0 || v > maximum)
        {
            errors.Add(field, $"Must be more than 0 and at most {maximum.ToString("0.###", CultureInfo.InvariantCulture)} {unit}.");
            return null;
        }

        return v;
    }

    private static Dose? One(ErrorBag errors, ModelDefinition? model, PkDoseInput? input, string field)
    {
        if (input is null)
        {
            errors.Add(field, "A dose is required.");
            return null;
        }

        switch (input.Kind)
        {
            case "infusion":
            {
                var start = Minute(errors, $"{field}.startMinute", input.StartMinute);
                var duration = Positive(errors, $"{field}.durationMinutes", input.DurationMinutes, HorizonMinutes, "minutes");
                var rate = Positive(errors, $"{field}.rateMgPerHour", input.RateMgPerHour, MaximumRateMgPerHour, "mg/h");
                if (start is { } s && duration is { } d && s + d > HorizonMinutes)
                {
                    errors.Add($"{field}.durationMinutes", "An infusion must end within 366 days of the start.");
                    return null;
                }

                if (!Route(errors, model, ModelRoutes.Intravenous, field) || start is null || duration is null || rate is null)
                {
                    return null;
                }

                var at = TimeSpan.FromMinutes(start.Value);
                var end = TimeSpan.FromMinutes(start.Value + duration.Value);
                if (end <= at)
                {
                    errors.Add($"{field}.durationMinutes", "Must be at least a millisecond.");
                    return null;
                }

                return new Infusion(at, end - at, MassRate.FromMilligramsPerHour((decimal)rate.Value));
            }

            case "bolus" or "intranasal":
            {
                var minute = Minute(errors, $"{field}.minute", input.Minute);
                var bolus = input.Kind == "bolus";
                var mg = Positive(errors, $"{field}.mg", input.Mg, bolus ? MaximumBolusMg : MaximumIntranasalMg, bolus ? "mg for a bolus" : "mg for an intranasal dose");
                var route = bolus ? ModelRoutes.Intravenous : ModelRoutes.Intranasal;
                if (!Route(errors, model, route, field) || minute is null || mg is null)
                {
                    return null;
                }

                var amount = Mass.FromMilligrams((decimal)mg.Value);
                return bolus ? new Bolus(TimeSpan.FromMinutes(minute.Value), amount) : new IntranasalDose(TimeSpan.FromMinutes(minute.Value), amount);
            }

            case null:
                errors.Add($"{field}.kind", "The kind is required: infusion, bolus or intranasal.");
                return null;
            default:
                errors.Add($"{field}.kind", $"Unknown kind '{Truncate(input.Kind)}': infusion, bolus or intranasal.");
                return null;
        }
    }

    private static double? Minute(ErrorBag errors, string field, double? value)
    {
        if (value is not { } v)
        {
            errors.Add(field, "This field is required (minutes from the start).");
            return null;
        }

        if (!double.IsFinite(v) || v < 0 || v > HorizonMinutes)
        {
            errors.Add(field, "Must lie between 0 and 366 days (527040 minutes) from the start.");
            return null;
        }

        return v;
    }

    private static bool Route(ErrorBag errors, ModelDefinition? model, ModelRoutes route, string field)
    {
        if (model is null || model.Routes.HasFlag(route))
        {
            return true;
        }

        errors.Add($"{field}.kind", $"The model {model.Id} takes no {(route == ModelRoutes.Intranasal ? "intranasal" : "intravenous")} doses.");
        return false;
    }

    private static string Known => string.Join(", ", ModelCatalog.All.Select(m => m.Id));

    private static string Truncate(string value) => value.Length > 40 ? value[..40] + "…" : value;
}

using System.Globalization;
using Respite.Web.Components.Ui;
using Respite.Web.Features.Pharmacokinetics;

namespace Respite.Web.Components.Pages.Pharmacokinetics;

/// <summary>
/// The comparison form as the browser posts it: one model and patient, regimens A and B. A dose is entered in mg/kg
/// or mg; an infusion runs from minute 0 at the rate that gives the dose over its duration.
/// </summary>
public sealed class CompareForm
{
    /// <summary>The longest infusion the form takes, minutes.</summary>
    public const double LongestInfusionMinutes = 24 * 60;

    /// <summary>What the comparison's fields are called in its error summary.</summary>
    public static IReadOnlyDictionary<string, string> Labels { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["model"] = "Model",
        ["weightKg"] = "Weight",
        ["ageYears"] = "Age",
        ["a.kind"] = "Regimen A route",
        ["a.dose"] = "Regimen A dose",
        ["a.unit"] = "Regimen A unit",
        ["a.duration"] = "Regimen A duration",
        ["a.label"] = "Regimen A name",
        ["b.kind"] = "Regimen B route",
        ["b.dose"] = "Regimen B dose",
        ["b.unit"] = "Regimen B unit",
        ["b.duration"] = "Regimen B duration",
        ["b.label"] = "Regimen B name",
    };

    public string? Model { get; set; }

    public string? WeightKg { get; set; } = "70";

    public string? AgeYears { get; set; }

    public string? AKind { get; set; } = "infusion";

    public string? ADose { get; set; } = "0.5";

    public string? AUnit { get; set; } = "mg/kg";

    public string? ADuration { get; set; } = "40";

    public string? ALabel { get; set; }

    public string? BKind { get; set; } = "infusion";

    public string? BDose { get; set; } = "0.5";

    public string? BUnit { get; set; } = "mg/kg";

    public string? BDuration { get; set; } = "60";

    public string? BLabel { get; set; }

    /// <summary>
    /// The request, or null with the problems in <paramref name="errors"/> under the form's keys (<c>weightKg</c>,
    /// <c>a.dose</c>, <c>b.duration</c>…). Shape only: the service checks the meaning (model, weight range, route).
    /// </summary>
    public PkCompareRequest? ToRequest(IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var weight = PkFormValues.Number(WeightKg, "weightKg", errors);
        var age = FormValues.ParseInt(AgeYears, "ageYears", errors);
        var a = Regimen("a", "A", AKind, ADose, AUnit, ADuration, ALabel, weight, errors);
        var b = Regimen("b", "B", BKind, BDose, BUnit, BDuration, BLabel, weight, errors);
        if (errors.Count > 0)
        {
            return null;
        }

        return new PkCompareRequest
        {
            Model = Model,
            WeightKg = weight,
            AgeYears = age,
            Regimens = [a, b],
        };
    }

    /// <summary>
    /// The service's problems under the form's keys: <c>regimens[0]…</c> belongs to regimen A, <c>regimens[1]…</c>
    /// to B (its label, route, duration, or otherwise its dose). A refused weight makes a dose in mg/kg meaningless,
    /// so the dose's own problem is then left out.
    /// </summary>
    public Dictionary<string, string[]> FormErrors(IDictionary<string, string[]> serviceErrors)
    {
        ArgumentNullException.ThrowIfNull(serviceErrors);
        var mapped = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, messages) in serviceErrors)
        {
            var field = key switch
            {
                _ when key.StartsWith("regimens[0]", StringComparison.Ordinal) => "a." + RegimenField(key),
                _ when key.StartsWith("regimens[1]", StringComparison.Ordinal) => "b." + RegimenField(key),
                "regimens" => "a.dose",
                _ => key,
            };
            mapped[field] = mapped.TryGetValue(field, out var existing) ? [.. existing, .. messages] : messages;
        }

        if (mapped.ContainsKey("weightKg"))
        {
            if (AUnit == "mg/kg")
            {
                mapped.Remove("a.dose");
            }

            if (BUnit == "mg/kg")
            {
                mapped.Remove("b.dose");
            }
        }

        return mapped;
    }

    private static string RegimenField(string key) =>
        key.EndsWith(".label", StringComparison.Ordinal) ? "label"
        : key.EndsWith(".kind", StringComparison.Ordinal) ? "kind"
        : key.EndsWith(".durationMinutes", StringComparison.Ordinal) ? "duration"
        : "dose";

    private static PkCompareRegimen? Regimen(
        string prefix, string name, string? kind, string? doseText, string? unit, string? durationText, string? label, double? weight, IDictionary<string, string[]> errors)
    {
        var dose = PkFormValues.Number(doseText, prefix + ".dose", errors);
        if (dose is null && !errors.ContainsKey(prefix + ".dose"))
        {
            errors[prefix + ".dose"] = ["Enter the dose."];
        }
        else if (dose is <= 0)
        {
            errors[prefix + ".dose"] = ["Must be more than 0."];
        }

        if (kind is not ("infusion" or "bolus" or "intranasal"))
        {
            errors[prefix + ".kind"] = ["Choose IV infusion, IV bolus or nasal spray."];
            return null;
        }

        var perKg = unit switch
        {
            "mg/kg" => true,
            "mg" => false,
            _ => (bool?)null,
        };
        if (perKg is null)
        {
            errors[prefix + ".unit"] = ["Choose mg/kg or mg."];
        }

        double? duration = null;
        if (kind == "infusion")
        {
            duration = PkFormValues.Number(durationText, prefix + ".duration", errors);
            if (duration is null && !errors.ContainsKey(prefix + ".duration"))
            {
                errors[prefix + ".duration"] = ["Enter how long the infusion runs, in minutes."];
            }
            else if (duration is <= 0 or > LongestInfusionMinutes)
            {
                errors[prefix + ".duration"] = [$"Must be more than 0 and at most {LongestInfusionMinutes:0} minutes."];
            }
        }

        if (perKg == true && weight is null && !errors.ContainsKey("weightKg"))
        {
            errors["weightKg"] = ["The body weight in kg is required for a dose in mg/kg."];
        }

        if (label is { Length: > 100 })
        {
            errors[prefix + ".label"] = ["At most 100 characters."];
        }

        if (errors.Keys.Any(k => k.StartsWith(prefix + ".", StringComparison.Ordinal)) || (perKg == true && weight is null))
        {
            return null;
        }

        var mg = perKg == true ? dose!.Value * weight!.Value : dose!.Value;
        var amount = $"{PkFormValues.Text(dose!.Value)} {unit}";
        var described = kind switch
        {
            "infusion" => $"{amount} over {PkFormValues.Text(duration!.Value)} min",
            "bolus" => $"{amount} IV bolus",
            _ => $"{amount} nasal spray",
        };
        if (perKg == true)
        {
            described += $" ({PkFormValues.Text(mg)} mg)";
        }

        PkDoseInput doseInput = kind == "infusion"
            ? new PkDoseInput("infusion", 0, duration, mg * 60 / duration!.Value, null, null)
            : new PkDoseInput(kind, null, null, null, 0, mg);
        return new PkCompareRegimen($"{name}: {(string.IsNullOrWhiteSpace(label) ? described : label.Trim())}", [doseInput]);
    }
}

/// <summary>The plasma-targeted form as the browser posts it; the keys of its errors are those of the service.</summary>
public sealed class TciForm
{
    /// <summary>What the form's fields are called in its error summary.</summary>
    public static IReadOnlyDictionary<string, string> Labels { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["model"] = "Model",
        ["weightKg"] = "Weight",
        ["ageYears"] = "Age",
        ["targetNgPerMl"] = "Target",
        ["durationMinutes"] = "Hold for",
        ["stepMinutes"] = "Rate changes every",
        ["maxRateMgPerHour"] = "Maximum rate",
        ["maxTotalMg"] = "Maximum total",
        ["concentrationMgPerMl"] = "Bag concentration",
        ["rateIncrementMgPerHour"] = "Rate increment",
        ["planId"] = "Plan",
    };

    public string? Model { get; set; }

    public string? WeightKg { get; set; } = "70";

    public string? AgeYears { get; set; }

    public string? TargetNgPerMl { get; set; }

    public string? DurationMinutes { get; set; } = "40";

    public string? StepMinutes { get; set; }

    public string? MaxRateMgPerHour { get; set; }

    public string? ConcentrationMgPerMl { get; set; } = "1";

    public string? PlanId { get; set; }

    /// <summary>The plan's patient, only to link back to the plan page.</summary>
    public string? PatientId { get; set; }

    /// <summary>
    /// The request with every number that could be read; those that could not are left out (so that the service
    /// still checks the rest) and named in <paramref name="errors"/>.
    /// </summary>
    public PkTargetControlledRequest ToRequest(IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var request = new PkTargetControlledRequest
        {
            Model = string.IsNullOrWhiteSpace(Model) ? null : Model,
            WeightKg = PkFormValues.Number(WeightKg, "weightKg", errors),
            AgeYears = FormValues.ParseInt(AgeYears, "ageYears", errors),
            TargetNgPerMl = PkFormValues.Number(TargetNgPerMl, "targetNgPerMl", errors),
            DurationMinutes = PkFormValues.Number(DurationMinutes, "durationMinutes", errors),
            StepMinutes = PkFormValues.Number(StepMinutes, "stepMinutes", errors),
            MaxRateMgPerHour = PkFormValues.Number(MaxRateMgPerHour, "maxRateMgPerHour", errors),
            ConcentrationMgPerMl = PkFormValues.Number(ConcentrationMgPerMl, "concentrationMgPerMl", errors),
        };
        if (!string.IsNullOrWhiteSpace(PlanId))
        {
            if (Guid.TryParse(PlanId, out var planId))
            {
                request = request with { PlanId = planId };
            }
            else
            {
                errors["planId"] = ["Not a plan."];
            }
        }

        return request;
    }
}

/// <summary>Numbers typed into the concentration forms: invariant culture, blank for none.</summary>
internal static class PkFormValues
{
    public static double? Number(string? text, string key, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        errors[key] = ["Enter a number, e.g. 72.5."];
        return null;
    }

    public static string Text(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

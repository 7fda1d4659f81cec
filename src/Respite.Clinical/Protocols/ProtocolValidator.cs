using System.Text.RegularExpressions;
using Respite.Clinical.Screening;

namespace Respite.Clinical.Protocols;

/// <summary>
/// Checks a clinic's edit of a protocol: the structure is complete, every number is in a sane range, a usual bound
/// never exceeds its hard limit, and each phase's own dose respects the protocol's hard limits.
/// Field names follow the JSON of <see cref="ProtocolDefinition"/> (e.g. <c>limits.maxMgPerKg</c>, <c>phases[0].dose.mgPerKg</c>).
/// </summary>
public static partial class ProtocolValidator
{
    public const decimal MaxAbsoluteMgPerKg = 5m;
    public const decimal MaxAbsoluteMgPerKgPerHour = 7m;
    public const int MaxMinutes = 720;

    public static IReadOnlyList<(string Field, string Message)> Validate(ProtocolDefinition protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        var problems = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(protocol.Id) || !IdPattern().IsMatch(protocol.Id))
        {
            problems.Add(("id", "Use 3–60 lower-case letters, digits and hyphens (e.g. iv-ketamine-depression-clinic)."));
        }

        Text(problems, "name", protocol.Name, 200);
        Text(problems, "indication", protocol.Indication, 200);
        Text(problems, "evidence", protocol.Evidence, 4000);
        Text(problems, "source", protocol.Source, 400);
        if (!Enum.IsDefined(protocol.Modality))
        {
            problems.Add(("modality", "Unknown modality."));
        }

        if (protocol.Phases is null || protocol.Phases.Count is 0 or > 6)
        {
            problems.Add(("phases", "A protocol has 1 to 6 phases."));
            return problems;
        }

        var limits = protocol.Limits ?? new DoseLimits();
        ValidateLimits(problems, limits, protocol.Modality);
        for (var i = 0; i < protocol.Phases.Count; i++)
        {
            ValidatePhase(problems, $"phases[{i}]", protocol.Phases[i], limits, protocol.Modality);
        }

        if (protocol.Phases.GroupBy(p => p.Kind).Any(g => g.Count() > 1))
        {
            problems.Add(("phases", "Each phase kind (induction, taper, maintenance) appears at most once."));
        }

        return problems;
    }

    private static void ValidatePhase(List<(string, string)> problems, string at, ProtocolPhase phase, DoseLimits limits, Modality modality)
    {
        if (phase is null)
        {
            problems.Add((at, "A phase is required."));
            return;
        }

        Text(problems, $"{at}.name", phase.Name, 100);
        Text(problems, $"{at}.frequency", phase.Frequency, 300);
        Range(problems, $"{at}.sessionsPerWeek", phase.SessionsPerWeek, 1, 7);
        Range(problems, $"{at}.intervalDays", phase.IntervalDays, 1, 365);
        Range(problems, $"{at}.weeks", phase.Weeks, 1, 52);
        Range(problems, $"{at}.sessions", phase.Sessions, 1, 60);
        if (phase.SessionsPerWeek is null && phase.IntervalDays is null && phase.Sessions is not 1)
        {
            problems.Add(($"{at}.intervalDays", "Give sessions a week or an interval in days."));
        }

        if (phase.SessionsPerWeek is not null && phase.IntervalDays is not null)
        {
            problems.Add(($"{at}.intervalDays", "Give sessions a week or an interval in days, not both."));
        }

        var dose = phase.Dose;
        if (dose is null)
        {
            problems.Add(($"{at}.dose", "The phase's dose is required."));
            return;
        }

        Range(problems, $"{at}.dose.durationMinutes", dose.DurationMinutes, 1, MaxMinutes);
        var expected = modality == Modality.EsketamineNasalSpray ? DoseBasis.FixedDose : dose.Basis;
        if (dose.Basis != expected || (modality != Modality.EsketamineNasalSpray && dose.Basis == DoseBasis.FixedDose))
        {
            problems.Add(($"{at}.dose.basis", modality == Modality.EsketamineNasalSpray
                ? "Esketamine doses are fixed doses in mg."
                : "IV ketamine doses are weight-based (mg/kg or mg/kg/h)."));
            return;
        }

        switch (dose.Basis)
        {
            case DoseBasis.WeightBasedDose:
                Positive(problems, $"{at}.dose.mgPerKg", dose.MgPerKg, MaxAbsoluteMgPerKg, required: true);
                if (dose.MgPerKg > limits.MaxMgPerKg)
                {
                    problems.Add(($"{at}.dose.mgPerKg", $"Above the protocol's hard limit of {limits.MaxMgPerKg} mg/kg."));
                }

                break;
            case DoseBasis.WeightBasedRate:
                Positive(problems, $"{at}.dose.mgPerKgPerHour", dose.MgPerKgPerHour, MaxAbsoluteMgPerKgPerHour, required: true);
                if (dose.MgPerKgPerHour > limits.MaxMgPerKgPerHour)
                {
                    problems.Add(($"{at}.dose.mgPerKgPerHour", $"Above the protocol's hard limit of {limits.MaxMgPerKgPerHour} mg/kg/h."));
                }

                break;
            case DoseBasis.FixedDose:
                Positive(problems, $"{at}.dose.fixedMg", dose.FixedMg, 112m, required: true);
                if (dose.FixedMg is { } mg && mg % 28m != 0m)
                {
                    problems.Add(($"{at}.dose.fixedMg", "An esketamine dose is a whole number of 28 mg devices."));
                }

                if (dose.FixedMg > limits.MaxMgPerSession)
                {
                    problems.Add(($"{at}.dose.fixedMg", $"Above the protocol's limit of {limits.MaxMgPerSession} mg per session."));
                }

                break;
            default:
                problems.Add(($"{at}.dose.basis", "Unknown dose basis."));
                break;
        }
    }

    private static void ValidateLimits(List<(string, string)> problems, DoseLimits l, Modality modality)
    {
        Positive(problems, "limits.usualMaxMgPerKg", l.UsualMaxMgPerKg, MaxAbsoluteMgPerKg);
        Positive(problems, "limits.maxMgPerKg", l.MaxMgPerKg, MaxAbsoluteMgPerKg);
        Positive(problems, "limits.usualMinMgPerKgPerHour", l.UsualMinMgPerKgPerHour, MaxAbsoluteMgPerKgPerHour);
        Positive(problems, "limits.usualMaxMgPerKgPerHour", l.UsualMaxMgPerKgPerHour, MaxAbsoluteMgPerKgPerHour);
        Positive(problems, "limits.maxMgPerKgPerHour", l.MaxMgPerKgPerHour, MaxAbsoluteMgPerKgPerHour);
        Positive(problems, "limits.maxMgPerHour", l.MaxMgPerHour, 1000m);
        Positive(problems, "limits.maxMgPerSession", l.MaxMgPerSession, 2000m);
        Positive(problems, "limits.maxBolusMgPerKg", l.MaxBolusMgPerKg, 2m);
        Positive(problems, "limits.firstInfusionMinMg", l.FirstInfusionMinMg, 1000m);
        Range(problems, "limits.usualMinDurationMinutes", l.UsualMinDurationMinutes, 1, MaxMinutes);
        Range(problems, "limits.usualMaxDurationMinutes", l.UsualMaxDurationMinutes, 1, MaxMinutes);
        Range(problems, "limits.minDurationMinutes", l.MinDurationMinutes, 1, MaxMinutes);
        Range(problems, "limits.maxDurationMinutes", l.MaxDurationMinutes, 1, MaxMinutes);
        Range(problems, "limits.firstInfusionMinMinutes", l.FirstInfusionMinMinutes, 1, MaxMinutes);
        NotAbove(problems, "limits.usualMaxMgPerKg", l.UsualMaxMgPerKg, l.MaxMgPerKg, "maxMgPerKg");
        NotAbove(problems, "limits.usualMinMgPerKgPerHour", l.UsualMinMgPerKgPerHour, l.UsualMaxMgPerKgPerHour, "usualMaxMgPerKgPerHour");
        NotAbove(problems, "limits.usualMaxMgPerKgPerHour", l.UsualMaxMgPerKgPerHour, l.MaxMgPerKgPerHour, "maxMgPerKgPerHour");
        NotAbove(problems, "limits.minDurationMinutes", l.MinDurationMinutes, l.UsualMinDurationMinutes, "usualMinDurationMinutes");
        NotAbove(problems, "limits.usualMinDurationMinutes", l.UsualMinDurationMinutes, l.UsualMaxDurationMinutes, "usualMaxDurationMinutes");
        NotAbove(problems, "limits.usualMaxDurationMinutes", l.UsualMaxDurationMinutes, l.MaxDurationMinutes, "maxDurationMinutes");
        if (l.LabelDosesMg is null || l.LabelDosesMg.Any(d => d <= 0m || d % 28m != 0m))
        {
            problems.Add(("limits.labelDosesMg", "Label doses are whole numbers of 28 mg devices."));
        }

        if (modality == Modality.EsketamineNasalSpray && l.LabelDosesMg is { Count: 0 })
        {
            problems.Add(("limits.labelDosesMg", "An esketamine protocol lists the label's doses (56, 84 mg)."));
        }
    }

    private static void Text(List<(string, string)> problems, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add((field, "Required."));
        }
        else if (value.Length > max)
        {
            problems.Add((field, $"At most {max} characters."));
        }
    }

    private static void Positive(List<(string, string)> problems, string field, decimal? value, decimal max, bool required = false)
    {
        if (value is null)
        {
            if (required)
            {
                problems.Add((field, "Required."));
            }

            return;
        }

        if (value <= 0m || value > max)
        {
            problems.Add((field, $"Must be more than 0 and at most {max}."));
        }
    }

    private static void Range(List<(string, string)> problems, string field, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            problems.Add((field, $"Must be between {min} and {max}."));
        }
    }

    private static void NotAbove(List<(string, string)> problems, string field, decimal? lower, decimal? upper, string upperName)
    {
        if (lower is { } a && upper is { } b && a > b)
        {
            problems.Add((field, $"Must not exceed {upperName} ({b})."));
        }
    }

    private static void NotAbove(List<(string, string)> problems, string field, int? lower, int? upper, string upperName) =>
        NotAbove(problems, field, (decimal?)lower, upper, upperName);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,59}$")]
    private static partial Regex IdPattern();
}

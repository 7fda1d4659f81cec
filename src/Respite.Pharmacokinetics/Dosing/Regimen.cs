namespace Respite.Pharmacokinetics.Dosing;

/// <summary>
/// A valid list of administrations: times not negative, amounts and rates positive, durations positive, and no two
/// infusions running at once.
/// </summary>
public sealed class Regimen
{
    /// <summary>The latest time a regimen may reach (one year).</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(366);

    private Regimen(IReadOnlyList<Dose> doses) => Doses = doses;

    /// <summary>No administrations.</summary>
    public static Regimen Empty { get; } = new([]);

    /// <summary>The administrations, ordered by start.</summary>
    public IReadOnlyList<Dose> Doses { get; }

    /// <summary>When the last administration ends.</summary>
    public TimeSpan End => Doses.Count == 0 ? TimeSpan.Zero : Doses.Max(dose => dose is Infusion infusion ? infusion.End : dose.Start);

    /// <summary>Creates a regimen, or throws when the doses break one of its rules.</summary>
    /// <exception cref="ArgumentException">A dose is invalid; the message names it.</exception>
    public static Regimen Of(params Dose[] doses) =>
        TryCreate(doses, out var regimen, out var problem) ? regimen : throw new ArgumentException(problem!.Message, nameof(doses));

    /// <summary>Creates a regimen when every dose is valid; otherwise says which dose is wrong and why.</summary>
    public static bool TryCreate(IReadOnlyList<Dose> doses, out Regimen regimen, out RegimenProblem? problem)
    {
        regimen = Empty;
        for (var index = 0; index < doses.Count; index++)
        {
            var dose = doses[index];
            var fault = dose switch
            {
                null => "A dose is missing.",
                _ when dose.Start < TimeSpan.Zero => "A dose cannot start before the regimen.",
                _ when dose.Start > Horizon => "A dose must start within a year of the regimen's start.",
                Infusion { Duration: var d } when d <= TimeSpan.Zero => "An infusion's duration must be positive.",
                Infusion { Rate.MilligramsPerHour: <= 0m } => "An infusion's rate must be positive.",
                Infusion infusion when infusion.End > Horizon => "An infusion must end within a year of the regimen's start.",
                Bolus { Amount.Milligrams: <= 0m } => "A bolus must be a positive amount.",
                IntranasalDose { Amount.Milligrams: <= 0m } => "An intranasal dose must be a positive amount.",
                _ => null,
            };
            if (fault is not null)
            {
                problem = new RegimenProblem(index, fault);
                return false;
            }
        }

        var infusions = doses.Select((dose, index) => (dose, index)).Where(d => d.dose is Infusion).OrderBy(d => d.dose.Start).ToList();
        for (var i = 1; i < infusions.Count; i++)
        {
            var previous = (Infusion)infusions[i - 1].dose;
            if (infusions[i].dose.Start < previous.End)
            {
                problem = new RegimenProblem(Math.Max(infusions[i].index, infusions[i - 1].index), $"Infusions {Math.Min(infusions[i].index, infusions[i - 1].index)} and {Math.Max(infusions[i].index, infusions[i - 1].index)} overlap; one pump runs one rate at a time.");
                return false;
            }
        }

        regimen = new Regimen(doses.OrderBy(dose => dose.Start).ToArray());
        problem = null;
        return true;
    }

    /// <summary>The same administrations moved later by <paramref name="offset"/>.</summary>
    public Regimen Shift(TimeSpan offset) =>
        new(Doses.Select(dose => dose switch
        {
            Infusion infusion => (Dose)(infusion with { At = infusion.At + offset }),
            Bolus bolus => bolus with { At = bolus.At + offset },
            IntranasalDose intranasal => intranasal with { At = intranasal.At + offset },
            _ => throw new InvalidOperationException("Unknown dose kind."),
        }).ToArray());

    /// <summary>This regimen and another given together.</summary>
    /// <exception cref="ArgumentException">Their infusions would overlap.</exception>
    public Regimen Plus(Regimen other) => Of([.. Doses, .. other.Doses]);
}

/// <summary>Why a list of doses is not a regimen.</summary>
/// <param name="Index">The position of the offending dose in the list given.</param>
/// <param name="Message">What is wrong, in words for a clinician.</param>
public sealed record RegimenProblem(int Index, string Message);

using Respite.Clinical.Screening;

namespace Respite.Clinical.Protocols;

public enum PhaseKind
{
    Induction,
    Taper,
    Maintenance,
}

/// <summary>How a session's dose is expressed.</summary>
public enum DoseBasis
{
    /// <summary>mg/kg given over the session's duration (e.g. 0.5 mg/kg over 40 min).</summary>
    WeightBasedDose,

    /// <summary>mg/kg/h run for the session's duration (chronic-pain infusions).</summary>
    WeightBasedRate,

    /// <summary>A fixed dose in mg (esketamine nasal spray).</summary>
    FixedDose,
}

/// <summary>
/// The usual dose of a phase. Exactly one of <see cref="MgPerKg"/>, <see cref="MgPerKgPerHour"/> or
/// <see cref="FixedMg"/> is set, matching <see cref="Basis"/>.
/// </summary>
public sealed record DoseRule(DoseBasis Basis, decimal? MgPerKg, decimal? MgPerKgPerHour, decimal? FixedMg, int DurationMinutes);

/// <summary>One phase of a protocol: how often, for how long, at what dose.</summary>
public sealed record ProtocolPhase(
    PhaseKind Kind,
    string Name,
    string Frequency,
    int? SessionsPerWeek,
    int? IntervalDays,
    int? Weeks,
    int? Sessions,
    DoseRule Dose);

/// <summary>
/// Limits a dose is checked against. A "usual" bound outside which a dose warns, and a hard bound beyond which it is
/// blocked (or needs an audited override). Null means "no limit of this kind".
/// </summary>
public sealed record DoseLimits
{
    public decimal? UsualMaxMgPerKg { get; init; }

    public decimal? MaxMgPerKg { get; init; }

    public decimal? UsualMinMgPerKgPerHour { get; init; }

    public decimal? UsualMaxMgPerKgPerHour { get; init; }

    public decimal? MaxMgPerKgPerHour { get; init; }

    public decimal? MaxMgPerHour { get; init; }

    public decimal? MaxMgPerSession { get; init; }

    public int? UsualMinDurationMinutes { get; init; }

    public int? UsualMaxDurationMinutes { get; init; }

    public int? MinDurationMinutes { get; init; }

    public int? MaxDurationMinutes { get; init; }

    public decimal? MaxBolusMgPerKg { get; init; }

    /// <summary>First outpatient infusion: at least this total (Cohen 2018: 80 mg) …</summary>
    public decimal? FirstInfusionMinMg { get; init; }

    /// <summary>… over more than this many minutes (Cohen 2018: 2 h), then reassess.</summary>
    public int? FirstInfusionMinMinutes { get; init; }

    /// <summary>Fixed doses the label allows (esketamine: 56, 84 mg); other doses warn.</summary>
    public IReadOnlyList<decimal> LabelDosesMg { get; init; } = [];
}

/// <summary>
/// A treatment protocol with its phases, limits and the evidence shown to the prescriber.
/// <paramref name="RequiresTreatmentResistance"/> is false for an indication that does not need failed antidepressant
/// trials (esketamine for MDD with acute suicidal ideation or behaviour): the screening's SCR-TRD-001 does not apply.
/// </summary>
public sealed record ProtocolDefinition(
    string Id,
    string Name,
    Modality Modality,
    string Indication,
    IReadOnlyList<ProtocolPhase> Phases,
    DoseLimits Limits,
    string Evidence,
    string Source,
    bool RequiresTreatmentResistance = true);

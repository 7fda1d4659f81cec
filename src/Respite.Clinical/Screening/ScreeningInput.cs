using Respite.Clinical.Instruments;

namespace Respite.Clinical.Screening;

/// <summary>The facts screening reads: the patient's record and latest questionnaire scores.</summary>
public sealed record ScreeningInput
{
    public required bool HasDepression { get; init; }

    public required bool HasChronicPain { get; init; }

    public IReadOnlySet<MedicalFlag> Flags { get; init; } = new HashSet<MedicalFlag>();

    /// <summary>Antidepressant trials in the current episode.</summary>
    public IReadOnlyList<AntidepressantTrial> AntidepressantTrials { get; init; } = [];

    public SubstanceUseStatus SubstanceUse { get; init; }

    public InstrumentScore? LatestPhq9 { get; init; }

    public InstrumentScore? LatestCssrs { get; init; }

    public InstrumentScore? LatestDast10 { get; init; }

    public InstrumentScore? LatestAuditC { get; init; }

    public InstrumentScore? LatestGad7 { get; init; }

    /// <summary>The latest pain NRS or PEG-3.</summary>
    public InstrumentScore? LatestPain { get; init; }
}

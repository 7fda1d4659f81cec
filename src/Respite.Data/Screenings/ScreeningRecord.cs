namespace Respite.Data.Screenings;

/// <summary>
/// A stored screening: the facts it was evaluated on, the result for each modality, and the prescriber's signature.
/// A signed screening is never recomputed: a later evaluation creates a new record.
/// </summary>
public sealed class ScreeningRecord
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    public DateTimeOffset EvaluatedAt { get; set; }

    public string EvaluatedByUserId { get; set; } = "";

    /// <summary>The inputs the rules saw, as JSON.</summary>
    public string InputJson { get; set; } = "{}";

    /// <summary>The results per modality with every finding, as JSON.</summary>
    public string ResultJson { get; set; } = "[]";

    /// <summary>The settings in force, as JSON.</summary>
    public string SettingsJson { get; set; } = "{}";

    public bool SuicideRiskAlert { get; set; }

    public DateTimeOffset? SignedAt { get; set; }

    public string? SignedByUserId { get; set; }

    public string? SignatureNote { get; set; }

    public Guid Version { get; set; }
}

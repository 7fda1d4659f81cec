namespace Respite.Data.Outcomes;

/// <summary>Which treatments a patient has had.</summary>
public enum TreatmentModality
{
    /// <summary>No dosed session yet.</summary>
    None,

    /// <summary>IV ketamine infusions only.</summary>
    Iv,

    /// <summary>Esketamine nasal spray only.</summary>
    Esketamine,

    /// <summary>Both IV ketamine and esketamine.</summary>
    Both,
}

/// <summary>What a patient is treated for, from the indications of their signed plans (else their coded conditions).</summary>
public enum TreatmentIndication
{
    Unspecified,
    Depression,
    Pain,

    /// <summary>Depression and chronic pain together.</summary>
    Both,
}

/// <summary>
/// One patient's outcomes, worked out by the clinical core from their scores and sessions and kept for the clinic
/// dashboard, so that it aggregates one row per patient instead of reading every score. It is recomputed when the
/// patient's scores, sessions or plans change, and for every patient when the outcome settings change
/// (<see cref="SettingsFingerprint"/> tells a stale row). It is derived data: the assessments and sessions stay the record.
/// </summary>
public sealed class PatientOutcomeSnapshot
{
    public Guid PatientId { get; set; }

    /// <summary>The location of most of the patient's sessions (by their appointments); null when none was booked.</summary>
    public Guid? LocationId { get; set; }

    public TreatmentModality Modality { get; set; }

    public TreatmentIndication Indication { get; set; }

    public DateTimeOffset? FirstTreatmentAt { get; set; }

    public DateTimeOffset? LastTreatmentAt { get; set; }

    /// <summary>Dosed sessions (in progress or discharged).</summary>
    public int SessionsGiven { get; set; }

    public decimal? BaselinePhq9 { get; set; }

    public decimal? LatestPhq9 { get; set; }

    /// <summary>Pain baseline on the NRS, else the PEG-3 (see <see cref="PainIsPeg"/>).</summary>
    public decimal? BaselinePain { get; set; }

    public decimal? LatestPain { get; set; }

    public bool PainIsPeg { get; set; }

    /// <summary>PHQ-9 response; null when it cannot be judged.</summary>
    public bool? Responded { get; set; }

    public bool? Remitted { get; set; }

    /// <summary>Meaningful or substantial pain relief; null when it cannot be judged.</summary>
    public bool? PainMeaningful { get; set; }

    public bool? DualResponse { get; set; }

    /// <summary>The first PHQ-9 score that was a response.</summary>
    public DateTimeOffset? RespondedAt { get; set; }

    public DateTimeOffset? RelapsedAt { get; set; }

    /// <summary>
    /// Duration of response in days: from <see cref="RespondedAt"/> to the relapse, or (censored) to the latest PHQ-9
    /// score. Null for a patient who never responded.
    /// </summary>
    public double? ResponseDurationDays { get; set; }

    /// <summary>PHQ-9 and pain by week since the first treatment, as JSON (see the clinical core's <c>WeeklyTrajectory</c>).</summary>
    public string TrajectoryJson { get; set; } = "{}";

    public DateTimeOffset ComputedAt { get; set; }

    /// <summary>A hash of the outcome settings the row was computed with.</summary>
    public string SettingsFingerprint { get; set; } = "";

    /// <summary>
    /// Changed by every write of the row, which is made only if the row still has the version read with the facts it
    /// was computed from: two recomputes of one patient that overlap cannot leave the one that read less.
    /// </summary>
    public Guid Version { get; set; }
}

namespace Respite.Fhir.Medications;

/// <summary>The treatment given at a session: racemic ketamine by IV infusion, or esketamine nasal spray.</summary>
public enum SessionTreatment
{
    IvKetamine,
    EsketamineNasalSpray,
}

/// <summary>What a charted dose entry records (Respite.Data's <c>DoseEventKind</c>).</summary>
public enum DoseEntryKind
{
    Start,
    RateChange,
    Pause,
    Resume,
    Stop,
    Bolus,
    EsketamineDevice,
}

/// <summary>One charted dose entry of a session.</summary>
/// <param name="RateMgPerHour">The running rate after a start, rate change or resume, in mg/h.</param>
/// <param name="AmountMg">The amount of a bolus or of one esketamine device, in mg.</param>
/// <param name="PerformerId">The staff account that charted it.</param>
/// <param name="EnteredInError">Marked entered in error: kept on the record, left out of every dose.</param>
public sealed record DoseEntry(
    Guid Id,
    DateTimeOffset At,
    DoseEntryKind Kind,
    decimal? RateMgPerHour,
    decimal? AmountMg,
    string? LotNumber,
    string? Reason,
    string PerformerId,
    bool EnteredInError = false);

/// <summary>A session's dose entries in charted order, with the patient and the treatment.</summary>
public sealed record SessionDoseChart(Guid SessionId, Guid PatientId, SessionTreatment Treatment, IReadOnlyList<DoseEntry> Entries);

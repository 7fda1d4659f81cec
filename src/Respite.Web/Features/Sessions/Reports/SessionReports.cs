namespace Respite.Web.Features.Sessions.Reports;

/// <summary>The page size of a printed report.</summary>
public enum PaperSize
{
    Letter,
    A4,
}

/// <summary>The patient as named on a report.</summary>
public sealed record ReportPatient(string Name, string RecordNumber, DateOnly DateOfBirth);

/// <summary>The check-in answers and the discharge checklist, as charted, beside what <see cref="SessionDto"/> carries.</summary>
public sealed record SessionRecordDetails(
    string? CheckedInBy,
    DateTimeOffset? LastFood,
    DateTimeOffset? LastLiquid,
    bool NewInteractingMedication,
    string? NewMedicationNote,
    bool? PossiblyPregnant,
    decimal? ConcentrationMgPerMl,
    string? OverriddenBy,
    DateTimeOffset? OverriddenAt,
    bool? Ambulating,
    bool? EscortPresent,
    string? DischargeNote,
    string? Location);

/// <summary>Everything printed on the one-page session record; times are shown in <paramref name="Zone"/>.</summary>
public sealed record SessionRecordReport(SessionDto Session, ReportPatient Patient, SessionRecordDetails Details, TimeZoneInfo Zone);

/// <summary>Everything printed on the REMS Patient Monitoring Form; times are shown in <paramref name="Zone"/>.</summary>
public sealed record RemsFormReport(Guid SessionId, RemsFormDto Rems, string RecordNumber, TimeZoneInfo Zone);

/// <summary>A rendered PDF and the file name to offer (never a patient's name).</summary>
public sealed record PdfFile(byte[] Content, string FileName)
{
    public const string ContentType = "application/pdf";
}

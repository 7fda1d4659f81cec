using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Sessions.Reports;

/// <summary>
/// The printable session record and REMS form. The data is what the JSON routes answer (their reads are audited
/// there); each PDF is audited once more as an export. File names carry the session id, never the patient.
/// </summary>
public sealed class SessionReportService(SessionService sessions, RespiteDbContext db, AuditTrail audit, TimeProvider clock)
{
    public async Task<Outcome<PdfFile>> SessionRecordAsync(Guid sessionId, string? paper, CancellationToken cancellationToken = default)
    {
        if (ParsePaper(paper) is not { } size)
        {
            return Outcome<PdfFile>.Invalid("paper", "Give letter or a4.");
        }

        var read = await sessions.GetAsync(sessionId, cancellationToken);
        if (!read.Succeeded)
        {
            return read.Cast<PdfFile>();
        }

        var session = read.Value!;
        var context = (await sessions.ContextAsync(sessionId, cancellationToken))!;
        var row = await (from s in db.TreatmentSessions.AsNoTracking()
                         join p in db.Patients.AsNoTracking() on s.PatientId equals p.Id
                         where s.Id == sessionId
                         select new
                         {
                             p.DateOfBirth,
                             s.CheckedInByUserId, s.LastFood, s.LastLiquid, s.NewInteractingMedication, s.NewMedicationNote, s.PossiblyPregnant,
                             s.ConcentrationMgPerMl, s.OverriddenByUserId, s.OverriddenAt, s.Ambulating, s.EscortPresent, s.DischargeNote,
                         })
            .FirstAsync(cancellationToken);
        var names = await db.DisplayNamesAsync([row.CheckedInByUserId, row.OverriddenByUserId], cancellationToken);
        var report = new SessionRecordReport(
            session,
            new ReportPatient(context.PatientName, context.RecordNumber, row.DateOfBirth),
            new SessionRecordDetails(
                names.GetValueOrDefault(row.CheckedInByUserId), row.LastFood, row.LastLiquid, row.NewInteractingMedication, row.NewMedicationNote,
                row.PossiblyPregnant, row.ConcentrationMgPerMl, row.OverriddenByUserId is { } by ? names.GetValueOrDefault(by) : null, row.OverriddenAt,
                row.Ambulating, row.EscortPresent, row.DischargeNote, context.LocationName),
            Zone(context.TimeZoneId));
        var bytes = SessionPdfRenderer.RenderSessionRecord(report, size, clock.GetUtcNow());
        await audit.RecordAsync(AuditAction.Export, "TreatmentSession", sessionId.ToString(), session.PatientId, detail: "session record pdf",
            cancellationToken: cancellationToken);
        return Outcome<PdfFile>.Success(new PdfFile(bytes, $"session-{sessionId}-record.pdf"));
    }

    public async Task<Outcome<PdfFile>> RemsFormAsync(Guid sessionId, string? paper, CancellationToken cancellationToken = default)
    {
        if (ParsePaper(paper) is not { } size)
        {
            return Outcome<PdfFile>.Invalid("paper", "Give letter or a4.");
        }

        var read = await sessions.RemsFormAsync(sessionId, cancellationToken);
        if (!read.Succeeded)
        {
            return read.Cast<PdfFile>();
        }

        var context = (await sessions.ContextAsync(sessionId, cancellationToken))!;
        var bytes = SessionPdfRenderer.RenderRemsForm(new RemsFormReport(sessionId, read.Value!, context.RecordNumber, Zone(context.TimeZoneId)), size, clock.GetUtcNow());
        await audit.RecordAsync(AuditAction.Export, "RemsForm", sessionId.ToString(), context.PatientId, detail: "rems form pdf", cancellationToken: cancellationToken);
        return Outcome<PdfFile>.Success(new PdfFile(bytes, $"session-{sessionId}-rems-form.pdf"));
    }

    public static IResult ToResult(PdfFile file) => TypedResults.File(file.Content, PdfFile.ContentType, file.FileName);

    /// <summary>Letter unless a4 is asked for; null when the value is neither.</summary>
    internal static PaperSize? ParsePaper(string? paper) => paper?.Trim().ToLowerInvariant() switch
    {
        null or "" or "letter" => PaperSize.Letter,
        "a4" => PaperSize.A4,
        _ => null,
    };

    /// <summary>The zone the chair page shows the session in (<see cref="SessionService.ContextAsync"/>); UTC if it is unknown here.</summary>
    private static TimeZoneInfo Zone(string? timeZoneId) =>
        timeZoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;
}

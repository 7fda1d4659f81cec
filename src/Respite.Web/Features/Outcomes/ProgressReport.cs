using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Outcomes;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Sessions;
using Respite.Web.Features.Patients;
using Respite.Web.Features.Sessions.Reports;
using Respite.Web.Features.Settings;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;
using SkiaSharp;

namespace Respite.Web.Features.Outcomes;

/// <summary>Who a progress report is written for: the patient (plain words, no record number) or a referring clinician.</summary>
public enum ProgressAudience
{
    Patient,
    Referrer,
}

/// <summary>Everything printed on the progress report; dates are shown in <paramref name="Zone"/>.</summary>
public sealed record ProgressReport(
    string ClinicName, ReportPatient Patient, ProgressAudience Audience, OutcomeChartDto Chart, OutcomeSettings Rules, string GeneratedBy, TimeZoneInfo Zone);

/// <summary>
/// The progress report PDF: baseline against now for each measure with the response and remission statements, the
/// timeline, and the sessions received. Staff with access to patient records may print any patient's; a patient may
/// print their own. Audited as an export; the file name carries no patient detail.
/// </summary>
public sealed class ProgressReportService(
    OutcomeService outcomes, RespiteDbContext db, AuditTrail audit, PatientAccess access, ClinicSettingsService settings, TimeProvider clock)
{
    public async Task<Outcome<PdfFile>> RenderAsync(ClaimsPrincipal user, Guid patientId, string? paper, string? audience, CancellationToken cancellationToken = default)
    {
        var errors = new ErrorBag();
        var size = SessionReportService.ParsePaper(paper);
        if (size is null)
        {
            errors.Add("paper", "Give letter or a4.");
        }

        ProgressAudience? who = audience?.Trim().ToLowerInvariant() switch
        {
            null or "" or "patient" => ProgressAudience.Patient,
            "referrer" => ProgressAudience.Referrer,
            _ => null,
        };
        if (who is null)
        {
            errors.Add("audience", "Give patient or referrer.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<PdfFile>();
        }

        var patient = access.CanRead(user, patientId)
            ? await db.Patients.AsNoTracking().Where(p => p.Id == patientId)
                .Select(p => new { p.GivenName, p.FamilyName, p.RecordNumber, p.DateOfBirth }).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (patient is null)
        {
            await audit.RecordAsync(AuditAction.Export, "ProgressReport", null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<PdfFile>.NotFound("The patient");
        }

        var chart = await outcomes.BuildAsync(patientId, cancellationToken);
        var location = await db.Locations.AsNoTracking().OrderByDescending(l => l.Active).ThenBy(l => l.Name)
            .Select(l => new { l.Name, l.TimeZoneId }).FirstOrDefaultAsync(cancellationToken);
        var zone = location is not null && TimeZoneInfo.TryFindSystemTimeZoneById(location.TimeZoneId, out var found) ? found : TimeZoneInfo.Utc;
        var userId = user.UserId();
        var by = userId is null ? null : (await db.DisplayNamesAsync([userId], cancellationToken)).GetValueOrDefault(userId);
        var report = new ProgressReport(
            location?.Name ?? "Respite",
            new ReportPatient($"{patient.GivenName} {patient.FamilyName}", patient.RecordNumber, patient.DateOfBirth),
            who!.Value,
            chart,
            await settings.GetOutcomeSettingsAsync(cancellationToken),
            by ?? "—",
            zone);
        var now = clock.GetUtcNow();
        var bytes = ProgressPdfRenderer.Render(report, size!.Value, now);
        await audit.RecordAsync(AuditAction.Export, "ProgressReport", null, patientId, detail: $"progress report pdf, {JsonDefaults.Kebab(who.Value)}",
            cancellationToken: cancellationToken);
        return Outcome<PdfFile>.Success(new PdfFile(bytes, $"progress-report-{now.UtcDateTime:yyyyMMdd}.pdf"));
    }
}

public static class ProgressReportEndpoints
{
    public static IEndpointRouteBuilder MapProgressReportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/patients/{patientId:guid}/progress-report.pdf",
                async (ProgressReportService reports, ClaimsPrincipal user, Guid patientId, string? paper, string? audience, CancellationToken ct) =>
                    (await reports.RenderAsync(user, patientId, paper, audience, ct)).ToResult(SessionReportService.ToResult))
            .WithTags("Outcomes")
            .RequireAuthorization(Policies.PatientRecordsOrSelf)
            .WithName("GetProgressReportPdf")
            .WithSummary("The progress report as PDF (paper=letter|a4, audience=patient|referrer): baseline against now, response and remission, the timeline and the sessions received.");
        return app;
    }
}

/// <summary>Draws the one-page progress report (SkiaSharp, the embedded DejaVu fonts). Pure: the same report and time give the same bytes.</summary>
public static class ProgressPdfRenderer
{
    public static byte[] Render(ProgressReport report, PaperSize paper, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(report);
        return SessionPdfRenderer.Document("Treatment progress report", paper, generatedAt, page => Draw(page, report, generatedAt));
    }

    private static void Draw(ReportPage page, ProgressReport report, DateTimeOffset generatedAt)
    {
        var s = report.Chart.Summary;
        var t = report.Chart.Timeline;
        var forPatient = report.Audience == ProgressAudience.Patient;
        var zone = report.Zone;
        var y = page.Top;

        page.Text("Treatment progress report", page.Left, y + 13, 15, bold: true);
        page.Text(report.ClinicName, page.Right, y + 13, 9, bold: true, color: ReportPage.Accent, align: SKTextAlign.Right, maxWidth: page.Width * 0.4f);
        y += 27;
        var x = page.Left + page.Text(report.Patient.Name, page.Left, y, 11, bold: true, maxWidth: page.Width * 0.45f) + 12;
        if (!forPatient)
        {
            x = page.Field("Record no.", report.Patient.RecordNumber, x, y, 8.5f, page.Right - x) + 12;
            page.Field("Date of birth", report.Patient.DateOfBirth.ToString("d MMM yyyy", CultureInfo.InvariantCulture), x, y, 8.5f, page.Right - x);
        }

        y += 12;
        var period = t.From is { } from && t.To is { } to ? $"{Date(from, zone)} to {Date(to, zone)}" : "no scores or sessions yet";
        page.Text(
            $"Period: {period} · {s.SessionsGiven} {(s.SessionsGiven == 1 ? "session" : "sessions")} received · "
            + (forPatient ? "for the patient" : "for the referring clinician"),
            page.Left, y, 7.5f, color: ReportPage.Muted, maxWidth: page.Width);
        y += 5;
        page.Line(page.Left, y, page.Right, y, ReportPage.Ink, 0.8f);
        y += 4;

        // Baseline against now.
        var rows = new List<IReadOnlyList<string>> { DepressionRow("PHQ-9 (mood, 0–27)", s.Depression, forPatient, zone) };
        if (s.Madrs is { } madrs)
        {
            rows.Add(DepressionRow("MADRS (clinician-rated, 0–60)", madrs, forPatient, zone));
        }

        rows.Add(PainRow(s.Pain, forPatient, zone));
        y = page.Table(y, forPatient ? "Where you started and where you are now" : "Baseline and now",
            [new("Measure", 2.4f), new("Baseline", 1.6f), new("Latest", 1.6f), new("Change", 1.2f, AlignRight: true), new("Result", 2.2f)], rows, 5, "No scores yet.");
        foreach (var statement in Statements(report))
        {
            foreach (var line in page.Wrap(statement, page.Width - 6, 7.4f, maxLines: 3))
            {
                page.Text(line, page.Left + 3, y + 7, 7.4f);
                y += 9.5f;
            }
        }

        y += 4;

        // The timeline.
        y = page.Heading(forPatient ? "Your scores over time" : "Scores over time", y);
        var chartArea = new SKRect(page.Left, y, page.Right, y + 250);
        ProgressChart.Draw(page, chartArea, t, forPatient, zone);
        y = chartArea.Bottom + 6;

        // Durability, for the referrer: relapse and the projected booster dates as the prescriber sees them.
        if (!forPatient)
        {
            y = page.Heading("Durability", y);
            foreach (var line in Durability(s, zone))
            {
                page.Text(line, page.Left + 3, y + 7, 7.2f, maxWidth: page.Width - 6);
                y += 9.5f;
            }

            y += 4;
        }

        // The sessions received, latest last.
        var footerTop = page.Bottom - 12;
        var room = (int)Math.Floor((footerTop - y - ReportPage.TableTitleHeight - ReportPage.TableHeaderHeight - ReportPage.TableGap) / ReportPage.RowHeight);
        var sessionRows = t.Sessions.Select(x => (IReadOnlyList<string>)
        [
            Date(x.At, zone),
            x.Kind == SessionKind.Esketamine ? "Esketamine nasal spray" : "IV ketamine infusion",
            x.Dose,
            x.Kind == SessionKind.Esketamine ? $"{x.Devices} {(x.Devices == 1 ? "device" : "devices")}" : $"{Number(x.TotalMg)} mg",
        ]).ToList();
        page.Table(y, forPatient ? "Sessions you received" : "Sessions received",
            [new("Date", 1.4f), new("Treatment", 2.6f), new("Dose", 1.4f), new("Total", 1.2f, AlignRight: true)], sessionRows, Math.Max(room, 2), "No sessions yet.");

        page.Line(page.Left, footerTop, page.Right, footerTop, ReportPage.RuleColor);
        page.Text(
            $"Generated {Date(generatedAt, zone)} {TimeZoneInfo.ConvertTime(generatedAt, zone):HH:mm} ({zone.Id}) by {report.GeneratedBy} · Respite · Confidential health information",
            page.Left, footerTop + 8, 6.4f, color: ReportPage.Muted, maxWidth: page.Width);
    }

    private static List<string> DepressionRow(string name, DepressionOutcome d, bool forPatient, TimeZoneInfo zone) =>
    [
        name,
        d.Baseline is { } b ? $"{Number(b.Value)} ({Date(b.At, zone)})" : forPatient ? "none before your first session" : "none before treatment",
        d.Latest is { } l ? $"{Number(l.Value)} ({Date(l.At, zone)})" : "—",
        d.ChangeFraction is { } f ? Signed(f) : "—",
        d.Basis != OutcomeBasis.Evaluated ? Basis(d.Basis)
            : forPatient ? (d.Remitted == true ? "low-symptom range" : d.Responded == true ? "down by half or more" : PlainChange(d.ChangePoints))
            : d.Remitted == true ? "response and remission" : d.Responded == true ? "response" : "no response yet",
    ];

    private static List<string> PainRow(PainOutcome p, bool forPatient, TimeZoneInfo zone) =>
    [
        p.Scale == PainScale.Nrs ? "Pain, NRS (0–10)" : "Pain, PEG-3 (0–10)",
        p.Baseline is { } b ? $"{Number(b.Value)} ({Date(b.At, zone)})" : forPatient ? "none before your first session" : "none before treatment",
        p.Latest is { } l ? $"{Number(l.Value)} ({Date(l.At, zone)})" : "—",
        p.ChangeFraction is { } f ? Signed(f) : "—",
        p.Improvement is not { } i ? Basis(p.Basis)
            : forPatient ? (p.Meaningful == true ? "a noticeable improvement" : PlainChange(p.ChangePoints))
            : JsonDefaults.Kebab(i) + " improvement",
    ];

    private static string PlainChange(decimal? points) => points switch
    {
        > 0 => "lower than at the start",
        < 0 => "higher than at the start",
        _ => "the same as at the start",
    };

    /// <summary>The response, remission and dual-response statements in the audience's words, with the clinic's definitions.</summary>
    private static List<string> Statements(ProgressReport report)
    {
        var s = report.Chart.Summary;
        var r = report.Rules;
        var lines = new List<string>();
        if (report.Audience == ProgressAudience.Patient)
        {
            if (s.Depression.Basis == OutcomeBasis.Evaluated && s.Depression.ChangeFraction is { } mood)
            {
                lines.Add($"Mood: your PHQ-9 score went from {Number(s.Depression.Baseline!.Value.Value)} to {Number(s.Depression.Latest!.Value.Value)} ({Plain(mood)})."
                    + (s.Depression.Remitted == true ? $" A score below {r.Phq9RemissionBelow} is in the low-symptom range." : ""));
            }

            if (s.Pain.Basis == OutcomeBasis.Evaluated && s.Pain.ChangeFraction is { } pain)
            {
                lines.Add($"Pain: your score went from {Number(s.Pain.Baseline!.Value.Value)} to {Number(s.Pain.Latest!.Value.Value)} ({Plain(pain)})."
                    + (s.Pain.Meaningful == true ? " That is a change people usually notice in daily life." : ""));
            }

            lines.Add("Your care team reviews these scores with you, including when a maintenance session may help.");
            return lines;
        }

        lines.Add($"Depression (PHQ-9): response, ≥ {Percent(r.Phq9ResponseFraction)} below baseline: {YesNo(s.Depression.Responded)}; "
            + $"remission, latest below {r.Phq9RemissionBelow}: {YesNo(s.Depression.Remitted)}.");
        if (s.Madrs is { } madrs)
        {
            lines.Add($"Depression (MADRS): response, ≥ {Percent(r.MadrsResponseFraction)} below baseline: {YesNo(madrs.Responded)}; "
                + $"remission, latest {r.MadrsRemissionAtMost} or below: {YesNo(madrs.Remitted)}.");
        }

        lines.Add(s.Pain.Scale == PainScale.Nrs
            ? $"Pain (NRS): meaningful improvement, ≥ {Percent(r.PainMeaningfulFraction)} or ≥ {Number(r.PainMeaningfulPoints)} points below baseline: {YesNo(s.Pain.Meaningful)}."
            : $"Pain (PEG-3): meaningful improvement, ≥ {Percent(r.PegMeaningfulFraction)} below baseline: {YesNo(s.Pain.Meaningful)}.");
        lines.Add($"Dual response (depression response and meaningful pain improvement together): {YesNo(s.DualResponse)}.");
        return lines;
    }

    private static IEnumerable<string> Durability(OutcomeSummaryDto s, TimeZoneInfo zone)
    {
        foreach (var (what, relapse) in new[] { ("PHQ-9", s.DepressionRelapse), ("Pain", s.PainRelapse) })
        {
            yield return relapse.RelapsedAt is { } at
                ? $"{what}: response from {Date(relapse.RespondedAt!.Value, zone)}; relapse on {Date(at, zone)}"
                    + (relapse.DaysFromLastSessionToRelapse is { } days ? $", {days.ToString("0", CultureInfo.InvariantCulture)} days after the session before it." : ".")
                : relapse.RespondedAt is { } responded ? $"{what}: response from {Date(responded, zone)}; no relapse since." : $"{what}: no response yet, so no relapse to report.";
        }

        foreach (var (what, booster) in new[] { ("PHQ-9", s.DepressionBooster), ("Pain", s.PainBooster) })
        {
            yield return booster switch
            {
                null => $"{what} booster timing: no sessions yet.",
                { Basis: BoosterBasis.Projected, ProposedBoosterAt: { } proposed } b =>
                    $"{what} booster timing: the trend of {b.ScoresUsed} scores after the series (+{(b.SlopePerDay!.Value * 7).ToString("0.0", CultureInfo.InvariantCulture)} a week) "
                    + $"reaches the response threshold {Number(b.Threshold)} on {Date(b.ProjectedLossAt!.Value, zone)}; a booster is proposed by {Date(proposed, zone)} for the prescriber to decide.",
                { } b => $"{what} booster timing: {JsonDefaults.Kebab(b.Basis).Replace('-', ' ')}.",
            };
        }
    }

    private static string Basis(OutcomeBasis basis) => basis switch
    {
        OutcomeBasis.NoBaseline => "no baseline",
        OutcomeBasis.NoFollowUp => "no follow-up yet",
        _ => "",
    };

    private static string YesNo(bool? value) => value switch { true => "yes", false => "no", null => "not yet known" };

    private static string Plain(decimal fraction) => fraction switch
    {
        > 0 => $"{(fraction * 100).ToString("0", CultureInfo.InvariantCulture)} % lower",
        < 0 => $"{(-fraction * 100).ToString("0", CultureInfo.InvariantCulture)} % higher",
        _ => "no change",
    };

    private static string Signed(decimal fraction) => (-fraction * 100).ToString("+0;−0;0", CultureInfo.InvariantCulture) + " %";

    private static string Percent(decimal fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    private static string Number(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "—";

    internal static string Date(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}

/// <summary>The timeline on paper: mood above pain on one time axis, the sessions along the bottom, as on the chart page.</summary>
public static class ProgressChart
{
    private static readonly SKColor Mood = new(0x5A, 0x3F, 0xB0);
    private static readonly SKColor Pain = new(0xC2, 0x62, 0x0F);
    private static readonly SKColor Iv = new(0x0F, 0x76, 0x6E);
    private static readonly SKColor Esketamine = new(0x1D, 0x4E, 0xD8);
    private static readonly SKColor Good = new(0x21, 0x7A, 0x4B);
    private static readonly SKColor Booster = new(0xB4, 0x53, 0x09);
    private static readonly SKColor Grid = new(0xE3, 0xE6, 0xEA);

    public static void Draw(ReportPage page, SKRect area, OutcomeTimelineDto t, bool forPatient, TimeZoneInfo zone)
    {
        Legend(page, area.Left + 26, area.Top + 8, forPatient);
        var left = area.Left + 26;
        var right = area.Right - 8;
        var mood = new SKRect(left, area.Top + 24, right, area.Top + 124);
        var pain = new SKRect(left, mood.Bottom + 16, right, mood.Bottom + 86);
        var strip = new SKRect(left, pain.Bottom + 6, right, pain.Bottom + 26);

        var boosters = forPatient ? [] : new[] { t.Depression.ProposedBoosterAt, t.Pain.ProposedBoosterAt }.OfType<DateTimeOffset>().ToList();
        var times = t.Depression.Points.Concat(t.Pain.Points).Select(p => p.At).Concat(t.Sessions.Select(s => s.At)).Concat(boosters).ToList();
        if (times.Count == 0)
        {
            page.Box(new SKRect(left, mood.Top, right, strip.Bottom), SKColors.White, ReportPage.RuleColor);
            page.Text("No scores or sessions yet.", (left + right) / 2, (mood.Top + strip.Bottom) / 2, 8f, color: ReportPage.Muted, align: SKTextAlign.Center);
            return;
        }

        var start = times.Min();
        var end = times.Max();
        if (end - start < TimeSpan.FromDays(14))
        {
            var middle = start + ((end - start) / 2);
            start = middle.AddDays(-7);
            end = middle.AddDays(7);
        }

        var pad = (end - start) * 0.03;
        start -= pad;
        end += pad;
        float X(DateTimeOffset at) => left + (float)((at - start) / (end - start)) * (right - left);

        Panel(page, mood, t.Depression, forPatient ? "Mood (PHQ-9)" : "PHQ-9", Mood, [0, 5, 10, 15, 20, 27], X, forPatient);
        Panel(page, pain, t.Pain, forPatient ? "Pain" : t.Pain.Name, Pain, [0, 2, 4, 6, 8, 10], X, forPatient);

        // Month or week ticks under the strip.
        page.Box(strip, new SKColor(0xF7, 0xF9, 0xFB), ReportPage.RuleColor);
        page.Text("Sessions", left - 2, strip.Top + 8, 5.8f, color: ReportPage.Muted, align: SKTextAlign.Right);
        var days = (end - start).TotalDays;
        var ticks = new List<(DateTimeOffset At, string Label)>();
        if (days <= 90)
        {
            var step = days <= 42 ? 7 : 14;
            for (var at = new DateTimeOffset(start.UtcDateTime.Date, TimeSpan.Zero).AddDays(1); at <= end; at = at.AddDays(step))
            {
                ticks.Add((at, at.UtcDateTime.ToString("d MMM", CultureInfo.InvariantCulture)));
            }
        }
        else
        {
            var months = days <= 240 ? 1 : days <= 540 ? 2 : 3;
            for (var at = new DateTimeOffset(start.Year, start.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1); at <= end; at = at.AddMonths(months))
            {
                ticks.Add((at, at.UtcDateTime.ToString(at.Month == 1 || ticks.Count == 0 ? "MMM yyyy" : "MMM", CultureInfo.InvariantCulture)));
            }
        }

        foreach (var (at, label) in ticks)
        {
            var x = X(at);
            page.Line(x, mood.Top, x, mood.Bottom, Grid, 0.4f);
            page.Line(x, pain.Top, x, pain.Bottom, Grid, 0.4f);
            page.Line(x, strip.Bottom, x, strip.Bottom + 2, ReportPage.Muted);
            page.Text(label, x, strip.Bottom + 9, 6f, color: ReportPage.Muted, align: SKTextAlign.Center);
        }

        var lastLabel = float.MinValue;
        foreach (var session in t.Sessions)
        {
            var x = X(session.At);
            Marker(page, x, strip.Top + 6, session.Kind == SessionKind.Esketamine, 2.8f);
            if (x - lastLabel >= 30f)
            {
                page.Text(session.Dose, x, strip.Top + 17, 5.4f, color: ReportPage.Ink, align: SKTextAlign.Center);
                lastLabel = x;
            }
        }

        foreach (var (at, what) in new[] { (t.Depression.ProposedBoosterAt, "PHQ-9"), (t.Pain.ProposedBoosterAt, "Pain") })
        {
            if (forPatient || at is not { } when)
            {
                continue;
            }

            var x = X(when);
            page.Line(x, mood.Top - 3, x, strip.Bottom, Booster, 0.8f, [3f, 2f]);
            page.Text($"{what} booster proposed {ProgressPdfRenderer.Date(when, zone)}", x - 2, mood.Top + 7, 5.8f, bold: true, color: Booster, align: SKTextAlign.Right);
        }
    }

    private static void Panel(
        ReportPage page, SKRect plot, TimelineSeriesDto series, string name, SKColor color, int[] grid, Func<DateTimeOffset, float> x, bool forPatient)
    {
        float Y(decimal value) => plot.Bottom - ((float)Math.Clamp(value / series.Max, 0m, 1m) * plot.Height);
        page.Box(plot, SKColors.White, ReportPage.RuleColor);
        if (series.RemissionLimit is { } limit)
        {
            page.Box(new SKRect(plot.Left, Y(limit), plot.Right, plot.Bottom), new SKColor(0x21, 0x7A, 0x4B, 0x22));
            page.Text(forPatient ? "low-symptom range" : series.RemissionRule ?? "", plot.Right - 3, Y(limit) + 7, 5.6f, color: Good, align: SKTextAlign.Right);
        }

        foreach (var value in grid)
        {
            page.Line(plot.Left, Y(value), plot.Right, Y(value), Grid, 0.4f);
            page.Text(value.ToString(CultureInfo.InvariantCulture), plot.Left - 2, Y(value) + 2, 5.8f, color: ReportPage.Muted, align: SKTextAlign.Right);
        }

        page.Text($"{name} · lower is better", plot.Left, plot.Top - 3, 6.4f, bold: true, color: color);
        if (series.Threshold is { } threshold)
        {
            // The line across the plot; what it means in the title row, clear of the scores.
            page.Line(plot.Left, Y(threshold), plot.Right, Y(threshold), Good, 0.8f, [3f, 2f]);
            page.Line(plot.Right - 12, plot.Top - 5, plot.Right, plot.Top - 5, Good, 0.8f, [3f, 2f]);
            var label = forPatient
                ? (series.Instrument == "phq9" ? "half of your starting score" : "meaningful relief")
                : series.ThresholdRule ?? "";
            page.Text($"{label}: {threshold.ToString("0.##", CultureInfo.InvariantCulture)}", plot.Right - 15, plot.Top - 3, 5.8f, color: Good, align: SKTextAlign.Right);
        }

        if (series.Points.Count == 0)
        {
            page.Text("no scores yet", plot.MidX, plot.MidY, 7f, color: ReportPage.Muted, align: SKTextAlign.Center);
            return;
        }

        var points = series.Points.Select(p => new SKPoint(x(p.At), Y(p.Value))).ToList();
        for (var i = 1; i < points.Count; i++)
        {
            page.Line(points[i - 1].X, points[i - 1].Y, points[i].X, points[i].Y, color, 1.1f);
        }

        if (page.Measuring)
        {
            return;
        }

        using var fill = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill, Color = color };
        using var ring = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, Color = ReportPage.Ink, StrokeWidth = 0.8f };
        var radius = points.Count > 80 ? 1.2f : 1.9f;
        foreach (var point in points)
        {
            page.Canvas.DrawCircle(point, radius, fill);
        }

        if (series.Baseline is { } baseline)
        {
            var at = new SKPoint(x(baseline.At), Y(baseline.Value));
            page.Canvas.DrawCircle(at, 4f, ring);
            page.Text($"{(forPatient ? "start" : "baseline")} {baseline.Value.ToString("0.##", CultureInfo.InvariantCulture)}", at.X + 5, at.Y + (baseline.Value > series.Max * 0.8m ? 8 : -3), 5.8f);
        }

        if (!forPatient && series.Relapse is { } relapse)
        {
            var rx = x(relapse.At);
            var ry = Y(relapse.Value);
            page.Line(rx - 3, ry - 3, rx + 3, ry + 3, ReportPage.Danger, 1.2f);
            page.Line(rx - 3, ry + 3, rx + 3, ry - 3, ReportPage.Danger, 1.2f);
            page.Text("relapse", rx, ry - 5, 5.8f, bold: true, color: ReportPage.Danger, align: SKTextAlign.Center);
        }
    }

    private static void Legend(ReportPage page, float x, float baseline, bool forPatient)
    {
        foreach (var (label, color) in new[] { (forPatient ? "Mood" : "PHQ-9", Mood), ("Pain", Pain) })
        {
            page.Line(x, baseline - 2, x + 10, baseline - 2, color, 1.2f);
            x += 13 + page.Text(label, x + 13, baseline, 6.2f) + 8;
        }

        page.Line(x, baseline - 2, x + 10, baseline - 2, Good, 0.8f, [3f, 2f]);
        x += 13 + page.Text(forPatient ? "half of starting score / meaningful relief" : "response / meaningful-relief threshold", x + 13, baseline, 6.2f) + 8;
        Marker(page, x + 3, baseline - 2, false, 2.6f);
        x += 8 + page.Text("IV infusion", x + 8, baseline, 6.2f) + 8;
        Marker(page, x + 3, baseline - 2, true, 2.6f);
        x += 8 + page.Text("esketamine", x + 8, baseline, 6.2f) + 8;
        if (!forPatient)
        {
            page.Line(x, baseline + 1, x, baseline - 6, Booster, 0.8f, [2f, 1.5f]);
            x += 4 + page.Text("proposed booster", x + 4, baseline, 6.2f) + 8;
            page.Line(x, baseline - 5, x + 5, baseline, ReportPage.Danger, 1f);
            page.Line(x, baseline, x + 5, baseline - 5, ReportPage.Danger, 1f);
            page.Text("relapse", x + 8, baseline, 6.2f);
        }
    }

    private static void Marker(ReportPage page, float x, float y, bool esketamine, float r)
    {
        if (page.Measuring)
        {
            return;
        }

        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill, Color = esketamine ? Esketamine : Iv };
        if (!esketamine)
        {
            page.Canvas.DrawCircle(x, y, r, paint);
            return;
        }

        using var path = new SKPath();
        path.MoveTo(x, y - r - 0.5f);
        path.LineTo(x + r + 0.5f, y);
        path.LineTo(x, y + r + 0.5f);
        path.LineTo(x - r - 0.5f, y);
        path.Close();
        page.Canvas.DrawPath(path, paint);
    }
}

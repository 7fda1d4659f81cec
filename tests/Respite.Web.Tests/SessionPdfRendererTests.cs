using Respite.Clinical.Sessions;
using Respite.Data.Sessions;
using Respite.Web.Features.Sessions;
using Respite.Web.Features.Sessions.Reports;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Respite.Web.Tests;

/// <summary>The PDF renderer on its own: built DTOs in, bytes out.</summary>
public sealed class SessionPdfRendererTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 14, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static SessionRecordReport LongInfusion(int vitals, int doses, int alerts, int effects, bool signed)
    {
        var events = new List<DoseEventDto> { new(Guid.NewGuid(), T0, DoseEventKind.Start, 40m, null, null, null, "Noah Nurse") };
        for (var i = 1; i < doses; i++)
        {
            events.Add(new DoseEventDto(Guid.NewGuid(), T0.AddMinutes(i * 3), DoseEventKind.RateChange, 40m + i, null, null, $"Titration step {i}", "Noah Nurse"));
        }

        var readings = Enumerable.Range(0, vitals)
            .Select(i => new VitalsDto(Guid.NewGuid(), T0.AddMinutes((i * 4) - 10), i == 0, 120 + (i % 30), 80 + (i % 10), 70 + (i % 20), 95 + (i % 5), 14, 5, "Noah Nurse", T0))
            .ToList();
        var raised = Enumerable.Range(0, alerts)
            .Select(i => new SessionAlertDto(Guid.NewGuid(), $"SAF-BP-{i:000}", "warn", $"Blood pressure above the threshold ({i})", T0.AddMinutes(i * 5),
                i % 2 == 0 ? T0.AddMinutes((i * 5) + 2) : null, i % 2 == 0 ? "Noah Nurse" : null, i % 2 == 0 ? "Rechecked." : null))
            .ToList();
        var sideEffects = Enumerable.Range(0, effects)
            .Select(i => new SideEffectDto(Guid.NewGuid(), T0.AddMinutes(i * 6), SideEffect.Nausea, EffectSeverity.Mild, null, "Ondansetron 4 mg", null, "Noah Nurse"))
            .ToList();
        var end = T0.AddMinutes(Math.Max(vitals * 4, doses * 3) + 30);
        var session = new SessionDto(
            Guid.NewGuid(), Guid.NewGuid(), null, SessionKind.IvInfusion, SessionStatus.Discharged, T0.AddMinutes(-15), 82m, true, null,
            ["SAF-BP-002"], "Rechecked 158/94 after rest; long-standing hypertension; benefit outweighs the risk.", [], false,
            readings, raised,
            new DosingDto("stopped", null, null, 123.4m, 0, 41m, 150m, events[^1].At, events),
            sideEffects, end, "Noah Nurse", end.AddMinutes(-20), signed ? end.AddMinutes(10) : null, signed ? "Dr Priya Prescriber" : null, Guid.NewGuid(),
            [new AddendumDto(Guid.NewGuid(), end.AddMinutes(30), "Late entry: the patient phoned at 18:00, feeling well.", "Noah Nurse")], null, false);
        return new SessionRecordReport(
            session,
            new ReportPatient("Avery Example", "R-000123", new DateOnly(1980, 5, 17)),
            new SessionRecordDetails("Noah Nurse", T0.AddHours(-4), T0.AddHours(-1), true, "Started sertraline last week", false, 1m,
                "Dr Priya Prescriber", T0.AddMinutes(-5), true, true, "Left with a friend.", "Downtown"),
            NewYork);
    }

    private static RemsFormReport Rems(RemsFormStatus status, bool complete, bool overdue = false)
    {
        var form = new RemsMonitoringForm(
            "Avery Example", new DateOnly(1980, 5, 17), new DateOnly(2026, 12, 4), "Downtown", complete ? "Noah Nurse" : null,
            ["Lorazepam (benzodiazepine)"], 84, ["24K031"], complete ? 140 : null, complete ? T0.AddMinutes(100) : null, true, complete ? true : null,
            [new RemsBp(T0.AddMinutes(-5), -5, 128, 82), new RemsBp(T0.AddMinutes(40), 40, 138, 86)],
            true, true, false, ["dissociation (moderate)"],
            complete ? [] : ["The patient has not been discharged.", "The monitoring clinician (who discharged the patient)."]);
        var dto = new RemsFormDto(form, status, form.DueOn, overdue, form.DoseCategory,
            status == RemsFormStatus.Submitted ? new DateOnly(2026, 12, 5) : null, status == RemsFormStatus.Submitted ? "REMS-778812" : null);
        return new RemsFormReport(Guid.NewGuid(), dto, "R-000123", NewYork);
    }

    private static (string Text, int Pages, PdfDocument Document) Open(byte[] pdf)
    {
        var document = PdfDocument.Open(pdf);
        return (string.Join("\n", document.GetPages().Select(p => ContentOrderTextExtractor.GetText(p))), document.NumberOfPages, document);
    }

    [Theory]
    [InlineData(PaperSize.Letter)]
    [InlineData(PaperSize.A4)]
    public void RenderSessionRecord_LongSession_FitsOnePage_ShowingTheLatestRows(PaperSize paper)
    {
        var report = LongInfusion(vitals: 90, doses: 60, alerts: 30, effects: 20, signed: false);
        var pdf = SessionPdfRenderer.RenderSessionRecord(report, paper, T0.AddHours(6));
        SessionPdfTests.Keep($"record-long-{paper}.pdf", pdf);
        var (text, pages, document) = Open(pdf);
        using (document)
        {
            Assert.Equal(1, pages);
            var size = SessionPdfRenderer.PageSize(paper);
            Assert.Equal(size.Width, (float)document.GetPage(1).Width, 0.5);
            Assert.Equal(size.Height, (float)document.GetPage(1).Height, 0.5);
        }

        Assert.Contains("earlier rows not shown", text);
        Assert.Contains("Titration step 59", text);
        Assert.DoesNotContain("Titration step 1 ", text);
        Assert.Contains("SAF-BP-029", text);
        Assert.Contains("not signed", text);
        Assert.Contains("SAF-BP-002 overridden by Dr Priya Prescriber", text);
        Assert.Contains("Cumulative dose: 123.4 mg", text);
        Assert.Contains("planned 41 mg", text);
        Assert.Contains("R-000123", text);
        Assert.Contains("America/New_York", text);
    }

    [Fact]
    public void RenderSessionRecord_ShortSession_ShowsEveryRow_AndMetadataFromTheGivenTime()
    {
        var report = LongInfusion(vitals: 4, doses: 3, alerts: 1, effects: 1, signed: true);
        var vitals = report.Session.Vitals.ToList();
        vitals[2] = vitals[2] with { EnteredInError = true, EnteredInErrorBy = "Noah Nurse", EnteredInErrorReason = "Other patient's cuff" };
        report = report with { Session = report.Session with { Vitals = vitals } };
        var generatedAt = new DateTimeOffset(2026, 12, 4, 21, 30, 0, TimeSpan.Zero);
        var pdf = SessionPdfRenderer.RenderSessionRecord(report, PaperSize.Letter, generatedAt);
        var (text, pages, document) = Open(pdf);
        using (document)
        {
            Assert.Equal(1, pages);
            Assert.Equal("Treatment session record", document.Information.Title);
            Assert.StartsWith("D:20261204213000", document.Information.CreationDate);
            Assert.DoesNotContain("Avery", document.Information.Title);
        }

        Assert.DoesNotContain("not shown", text);
        Assert.Contains("Titration step 1", text);
        Assert.Contains("Titration step 2", text);
        Assert.Contains("Dr Priya Prescriber — 2026-12-04", text);
        Assert.Contains("Generated 2026-12-04 16:30", text);    // 21:30 UTC in New York
        Assert.Contains("ENTERED IN ERROR (Noah Nurse): Other patient's cuff", text);
        Assert.Contains("Late entry: the patient phoned at 18:00, feeling well.", text);
    }

    [Fact]
    public void RenderSessionRecord_NothingCharted_StillOnePage()
    {
        var report = LongInfusion(vitals: 0, doses: 1, alerts: 0, effects: 0, signed: false);
        report = report with { Session = report.Session with { Vitals = [], Dosing = report.Session.Dosing with { Events = [] }, Status = SessionStatus.CheckedIn, DischargedAt = null, DischargedBy = null } };
        var (text, pages, document) = Open(SessionPdfRenderer.RenderSessionRecord(report, PaperSize.Letter, T0));
        document.Dispose();
        Assert.Equal(1, pages);
        Assert.Contains("No vitals charted.", text);
        Assert.Contains("No dose charted.", text);
        Assert.Contains("CHECKED IN", text);
    }

    [Fact]
    public void RenderRemsForm_Draft_PrintsEachMissingAnswerAsNotAnswered()
    {
        var pdf = SessionPdfRenderer.RenderRemsForm(Rems(RemsFormStatus.Draft, complete: false, overdue: true), PaperSize.Letter, T0.AddDays(9));
        SessionPdfTests.Keep("rems-draft-unit.pdf", pdf);
        var (text, pages, document) = Open(pdf);
        document.Dispose();
        Assert.Equal(1, pages);
        Assert.Contains("DRAFT", text);
        Assert.Contains("2026-12-11 — OVERDUE", text);
        Assert.Equal(4, text.Split("not answered").Length - 1);    // clinician, minutes, could have left, vitals before discharge
        Assert.Contains("Still missing before this form can be submitted", text);
        Assert.Contains("Lorazepam (benzodiazepine)", text);
        Assert.Contains("24K031", text);
        Assert.Contains("128/82", text);
        Assert.Contains("post-dose check", text);
    }

    [Fact]
    public void RenderRemsForm_Submitted_ShowsTheConfirmationNumber()
    {
        var (text, pages, document) = Open(SessionPdfRenderer.RenderRemsForm(Rems(RemsFormStatus.Submitted, complete: true), PaperSize.A4, T0.AddDays(1)));
        document.Dispose();
        Assert.Equal(1, pages);
        Assert.Contains("SUBMITTED", text);
        Assert.Contains("REMS-778812", text);
        Assert.Contains("140 minutes", text);
        Assert.DoesNotContain("not answered", text);
        Assert.DoesNotContain("Still missing", text);
    }

    [Theory]
    [InlineData(new[] { 3, 3 }, 20, new[] { 3, 3 })]
    [InlineData(new[] { 30, 1, 5 }, 10, new[] { 5, 1, 4 })]
    [InlineData(new[] { 50, 50 }, 11, new[] { 6, 5 })]
    [InlineData(new[] { 9, 9, 9 }, 3, new[] { 2, 2, 2 })]
    public void Share_GivesEachTableItsTurn(int[] wanted, int capacity, int[] expected) =>
        Assert.Equal(expected, SessionPdfRenderer.Share(wanted, capacity));
}

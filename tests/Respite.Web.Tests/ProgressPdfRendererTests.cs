using Respite.Clinical.Outcomes;
using Respite.Data.Sessions;
using Respite.Web.Features.Outcomes;
using Respite.Web.Features.Sessions.Reports;

namespace Respite.Web.Tests;

/// <summary>The progress report renderer on its own: a year of weekly scores and 200 sessions, and a single score.</summary>
public sealed class ProgressPdfRendererTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 15, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static TimelineSeriesDto Series(string code, string name, decimal max, IReadOnlyList<TimelinePointDto> points) =>
        new(code, name, max, points, points.Count == 0 ? null : points[0], points.Count == 0 ? null : points[0].Value / 2, "response: 50 % below baseline",
            points.Count == 0 ? null : points[0].Value / 2, code == "phq9" ? 5 : null, code == "phq9" ? "remission: below 5" : null, null, null);

    private static ProgressReport Report(int scores, int sessions, ProgressAudience audience)
    {
        var phq9 = Enumerable.Range(0, scores).Select(i => new TimelinePointDto(T0.AddDays(i * 1.8), 22 - (i % 15))).ToList();
        var pain = Enumerable.Range(0, scores).Select(i => new TimelinePointDto(T0.AddDays(i * 1.8), 8 - (i % 6))).ToList();
        var given = Enumerable.Range(0, sessions).Select(i => i % 3 == 0
            ? new TimelineSessionDto(Guid.NewGuid(), T0.AddDays(i * 1.8).AddHours(2), SessionKind.Esketamine, 84m, null, 3, "84 mg")
            : new TimelineSessionDto(Guid.NewGuid(), T0.AddDays(i * 1.8).AddHours(2), SessionKind.IvInfusion, 35m, 0.5m, 0, "0.5 mg/kg")).ToList();
        var all = phq9.Select(p => p.At).Concat(given.Select(g => g.At)).ToList();
        var timeline = new OutcomeTimelineDto(Guid.NewGuid(), all.Count == 0 ? null : all.Min(), all.Count == 0 ? null : all.Max(),
            Series("phq9", "PHQ-9", 27, phq9), Series("nrs-pain", "Pain (NRS)", 10, pain), null, given);
        var depression = OutcomeEvaluator.Depression(phq9.Select(p => new ScorePoint(p.At, p.Value)), T0.AddHours(1), DepressionScale.Phq9, OutcomeSettings.Default);
        var painOutcome = OutcomeEvaluator.Pain(pain.Select(p => new ScorePoint(p.At, p.Value)), T0.AddHours(1), PainScale.Nrs, OutcomeSettings.Default);
        var none = new RelapseOutcome(null, null, null, null);
        var summary = new OutcomeSummaryDto(T0, given.Count == 0 ? null : given[^1].At, sessions, depression, painOutcome, new DualOutcome(depression, painOutcome).DualResponse,
            none, null, null, none, null);
        return new ProgressReport("Respite Demo Clinic", new ReportPatient("Alex Long-Name Example", "R-123456", new DateOnly(1980, 5, 17)), audience,
            new OutcomeChartDto(summary, timeline), OutcomeSettings.Default, "Dr Priya Prescriber", NewYork);
    }

    [Theory]
    [InlineData(200, 200, ProgressAudience.Referrer, "long")]
    [InlineData(1, 0, ProgressAudience.Patient, "single")]
    [InlineData(0, 0, ProgressAudience.Referrer, "empty")]
    public void Render_AnySizeOfHistory_FitsOnePage_AndSaysWhatIsLeftOut(int scores, int sessions, ProgressAudience audience, string name)
    {
        var pdf = ProgressPdfRenderer.Render(Report(scores, sessions, audience), PaperSize.Letter, T0.AddYears(1));
        SessionPdfTests.Keep($"progress-{name}.pdf", pdf);
        var (text, pages) = SessionPdfTests.Read(pdf);

        Assert.Equal(1, pages);
        Assert.Contains("Treatment progress report", text, StringComparison.Ordinal);
        Assert.Equal(audience == ProgressAudience.Referrer, text.Contains("R-123456", StringComparison.Ordinal));
        if (sessions > 20)
        {
            Assert.Contains("earlier rows not shown", text, StringComparison.Ordinal);
            Assert.Contains("Jan 2027", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_SameReportAndTime_SameBytes()
    {
        var report = Report(20, 6, ProgressAudience.Referrer);
        Assert.Equal(ProgressPdfRenderer.Render(report, PaperSize.A4, T0), ProgressPdfRenderer.Render(report, PaperSize.A4, T0));
    }
}

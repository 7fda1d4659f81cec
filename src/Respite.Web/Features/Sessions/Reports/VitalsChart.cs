using System.Globalization;
using Respite.Data.Sessions;
using SkiaSharp;

namespace Respite.Web.Features.Sessions.Reports;

/// <summary>
/// The session's vitals over time: systolic, diastolic and heart rate on the left axis, SpO2 on the right, dose events
/// marked on the time axis and the discharge as a line.
/// </summary>
public static class VitalsChart
{
    private static readonly SKColor Systolic = new(0xC6, 0x28, 0x28);
    private static readonly SKColor Diastolic = new(0xEF, 0x6C, 0x00);
    private static readonly SKColor HeartRate = new(0x15, 0x65, 0xC0);
    private static readonly SKColor Spo2 = new(0x2E, 0x7D, 0x32);
    private static readonly SKColor Dose = new(0x6A, 0x1B, 0x9A);
    private static readonly SKColor Grid = new(0xE3, 0xE6, 0xEA);

    private enum Marker
    {
        Down,
        Up,
        Circle,
        Square,
    }

    /// <summary>The letter that marks a dose event on the time axis.</summary>
    public static string Letter(DoseEventKind kind) => kind switch
    {
        DoseEventKind.Start => "S",
        DoseEventKind.RateChange => "R",
        DoseEventKind.Pause => "P",
        DoseEventKind.Resume => "Re",
        DoseEventKind.Stop => "X",
        DoseEventKind.Bolus => "B",
        DoseEventKind.EsketamineDevice => "D",
        _ => "?",
    };

    public static void Draw(
        ReportPage page, SKRect area, IReadOnlyList<VitalsDto> vitals, IReadOnlyList<DoseEventDto> doses, DateTimeOffset checkedInAt,
        DateTimeOffset? dischargedAt, TimeZoneInfo zone)
    {
        const float legendHeight = 10f;
        var plot = new SKRect(area.Left + 24, area.Top + legendHeight + 14, area.Right - 22, area.Bottom - 11);
        Legend(page, area.Left + 24, area.Top + 7, doses);

        var times = vitals.Select(v => v.TakenAt).Concat(doses.Select(d => d.At)).Append(checkedInAt).ToList();
        if (dischargedAt is { } left)
        {
            times.Add(left);
        }

        var start = times.Min();
        var end = times.Max();
        if (end - start < TimeSpan.FromMinutes(20))
        {
            end = start.AddMinutes(20);
        }

        var span = end - start;
        start -= span * 0.02;
        end += span * 0.02;
        float X(DateTimeOffset t) => plot.Left + (float)((t - start) / (end - start)) * plot.Width;

        var pressures = vitals.SelectMany(v => new[] { v.Systolic, v.Diastolic, v.HeartRate }).OfType<int>().ToList();
        var low = Math.Min(40, pressures.Count == 0 ? 40 : pressures.Min()) / 20 * 20;
        var high = (Math.Max(160, pressures.Count == 0 ? 160 : pressures.Max()) + 19) / 20 * 20;
        var step = high - low > 200 ? 40 : 20;
        float Y(int value) => plot.Bottom - ((float)(value - low) / (high - low) * plot.Height);

        var saturations = vitals.Select(v => v.Spo2).OfType<int>().ToList();
        var spoLow = Math.Min(85, saturations.Count == 0 ? 85 : saturations.Min()) / 5 * 5;
        var spoStep = 100 - spoLow > 30 ? 10 : 5;
        float YSpo2(int value) => plot.Bottom - ((float)(value - spoLow) / (100 - spoLow) * plot.Height);

        // Grid and axes.
        page.Box(plot, SKColors.White, ReportPage.RuleColor);
        for (var v = low; v <= high; v += step)
        {
            page.Line(plot.Left, Y(v), plot.Right, Y(v), Grid);
            page.Text(v.ToString(CultureInfo.InvariantCulture), plot.Left - 2, Y(v) + 2, 5.8f, color: ReportPage.Muted, align: SKTextAlign.Right);
        }

        for (var v = spoLow; v <= 100; v += spoStep)
        {
            page.Text(v.ToString(CultureInfo.InvariantCulture), plot.Right + 2, YSpo2(v) + 2, 5.8f, color: Spo2);
        }

        page.Text("mmHg · /min", plot.Left - 2, plot.Top - 6f, 5.5f, color: ReportPage.Muted, align: SKTextAlign.Right);
        page.Text("SpO2 %", plot.Right + 20, plot.Top - 6f, 5.5f, color: Spo2, align: SKTextAlign.Right);
        TimeAxis(page, plot, start, end, zone, X);

        // Dose events: a dotted line through the plot and the event's letter on the time axis.
        var lastLabel = float.MinValue;
        foreach (var dose in doses)
        {
            var x = X(dose.At);
            page.Line(x, plot.Top, x, plot.Bottom, Dose.WithAlpha(0x90), 0.6f, [1.5f, 1.5f]);
            DrawMarker(page, Marker.Up, x, plot.Bottom - 2.2f, Dose, 2.4f);
            if (x - lastLabel >= 7f)
            {
                page.Text(Letter(dose.Kind), x, plot.Top + 6.5f, 5.8f, bold: true, color: Dose, align: SKTextAlign.Center);
                lastLabel = x;
            }
        }

        if (dischargedAt is { } discharged)
        {
            var x = X(discharged);
            page.Line(x, plot.Top, x, plot.Bottom, ReportPage.Ink, 0.8f);
            page.Text("discharge", x - 2, plot.Top + 6.5f, 5.8f, bold: true, color: ReportPage.Ink, align: SKTextAlign.Right);
        }

        if (vitals.Count == 0)
        {
            page.Text("No vitals charted.", plot.MidX, plot.MidY, 8f, color: ReportPage.Muted, align: SKTextAlign.Center);
            return;
        }

        Series(page, [.. vitals.Where(v => v.Systolic is not null).Select(v => new SKPoint(X(v.TakenAt), Y(v.Systolic!.Value)))], Systolic, Marker.Down, null);
        Series(page, [.. vitals.Where(v => v.Diastolic is not null).Select(v => new SKPoint(X(v.TakenAt), Y(v.Diastolic!.Value)))], Diastolic, Marker.Up, null);
        Series(page, [.. vitals.Where(v => v.HeartRate is not null).Select(v => new SKPoint(X(v.TakenAt), Y(v.HeartRate!.Value)))], HeartRate, Marker.Circle, null);
        Series(page, [.. vitals.Where(v => v.Spo2 is not null).Select(v => new SKPoint(X(v.TakenAt), YSpo2(v.Spo2!.Value)))], Spo2, Marker.Square, [2.5f, 1.5f]);
    }

    private static void Legend(ReportPage page, float x, float baseline, IReadOnlyList<DoseEventDto> doses)
    {
        foreach (var (label, color, marker, dash) in new (string, SKColor, Marker, float[]?)[]
        {
            ("Systolic", Systolic, Marker.Down, null),
            ("Diastolic", Diastolic, Marker.Up, null),
            ("Heart rate", HeartRate, Marker.Circle, null),
            ("SpO2 (right axis)", Spo2, Marker.Square, [2.5f, 1.5f]),
        })
        {
            page.Line(x, baseline - 2, x + 12, baseline - 2, color, 0.9f, dash);
            DrawMarker(page, marker, x + 6, baseline - 2, color, 2f);
            x += 15 + page.Text(label, x + 15, baseline, 6.2f, color: ReportPage.Ink) + 8;
        }

        var kinds = doses.Select(d => d.Kind).Distinct().Order().ToList();
        var key = kinds.Count == 0
            ? "Dose events: none charted"
            : "Dose events: " + string.Join(" · ", kinds.Select(k => $"{Letter(k)} {SessionPdfRenderer.EventName(k)}"));
        page.Line(x, baseline + 1, x, baseline - 6, Dose, 0.6f, [1.5f, 1.5f]);
        DrawMarker(page, Marker.Up, x, baseline - 0.5f, Dose, 2f);
        page.Text(key, x + 5, baseline, 6.2f, color: Dose);
    }

    private static void TimeAxis(ReportPage page, SKRect plot, DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone, Func<DateTimeOffset, float> x)
    {
        var minutes = (end - start).TotalMinutes;
        var step = new[] { 5, 10, 15, 20, 30, 60, 120, 240 }.FirstOrDefault(s => minutes / s <= 10, 480);
        var local = TimeZoneInfo.ConvertTime(start, zone);
        var midnight = new DateTimeOffset(local.Date, local.Offset);
        var firstMinute = (int)Math.Ceiling((local - midnight).TotalMinutes / step) * step;
        for (var tick = midnight.AddMinutes(firstMinute); tick <= end; tick = tick.AddMinutes(step))
        {
            var at = x(tick);
            if (at < plot.Left + 8 || at > plot.Right - 8)
            {
                continue;    // would run into the value axes' labels
            }

            page.Line(at, plot.Bottom, at, plot.Bottom + 2, ReportPage.Muted);
            page.Text(TimeZoneInfo.ConvertTime(tick, zone).ToString("HH:mm", CultureInfo.InvariantCulture), at, plot.Bottom + 8.5f, 5.8f, color: ReportPage.Muted, align: SKTextAlign.Center);
        }
    }

    private static void Series(ReportPage page, IReadOnlyList<SKPoint> points, SKColor color, Marker marker, float[]? dash)
    {
        for (var i = 1; i < points.Count; i++)
        {
            page.Line(points[i - 1].X, points[i - 1].Y, points[i].X, points[i].Y, color, 0.9f, dash);
        }

        foreach (var point in points)
        {
            DrawMarker(page, marker, point.X, point.Y, color, 2f);
        }
    }

    private static void DrawMarker(ReportPage page, Marker marker, float x, float y, SKColor color, float r)
    {
        if (page.Measuring)
        {
            return;
        }

        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill, Color = color };
        switch (marker)
        {
            case Marker.Circle:
                page.Canvas.DrawCircle(x, y, r * 0.85f, paint);
                break;
            case Marker.Square:
                page.Canvas.DrawRect(x - (r * 0.75f), y - (r * 0.75f), r * 1.5f, r * 1.5f, paint);
                break;
            case Marker.Down:
            case Marker.Up:
                using (var path = new SKPath())
                {
                    var sign = marker == Marker.Down ? 1 : -1;
                    path.MoveTo(x - r, y - (sign * r));
                    path.LineTo(x + r, y - (sign * r));
                    path.LineTo(x, y + (sign * r));
                    path.Close();
                    page.Canvas.DrawPath(path, paint);
                }

                break;
        }
    }
}

using SkiaSharp;

namespace Respite.Web.Features.Sessions.Reports;

/// <summary>A column of a <see cref="ReportPage.Table"/>: its header and its share of the width.</summary>
public sealed record ReportColumn(string Header, float Weight, bool AlignRight = false);

/// <summary>
/// One page of a report and the few things drawn on it: single-line text cut to a width, wrapped text with a line
/// limit, rules, boxes, check boxes and tables of single-line rows. In <see cref="Measuring"/> mode nothing is drawn,
/// so that a block can be measured before the page is laid out around it.
/// </summary>
public sealed class ReportPage : IDisposable
{
    public const float RowHeight = 9.4f;
    public const float TableTitleHeight = 12f;
    public const float TableHeaderHeight = 10f;
    public const float TableGap = 5f;

    public static readonly SKColor Ink = new(0x1A, 0x1A, 0x1A);
    public static readonly SKColor Muted = new(0x5F, 0x63, 0x68);
    public static readonly SKColor RuleColor = new(0xB8, 0xBE, 0xC6);
    public static readonly SKColor Accent = new(0x0B, 0x53, 0x94);
    public static readonly SKColor Shade = new(0xEE, 0xF2, 0xF7);
    public static readonly SKColor Warning = new(0xB3, 0x3C, 0x00);
    public static readonly SKColor Danger = new(0xB7, 0x1C, 0x1C);

    private readonly SKCanvas _canvas;
    private readonly Dictionary<(float Size, bool Bold), SKFont> _fonts = [];
    private readonly SKPaint _fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _stroke = new() { IsAntialias = true, Style = SKPaintStyle.Stroke };

    public ReportPage(SKCanvas canvas, SKSize size, float margin)
    {
        _canvas = canvas;
        Size = size;
        Left = margin;
        Top = margin;
        Right = size.Width - margin;
        Bottom = size.Height - margin;
    }

    public SKSize Size { get; }

    public float Left { get; }

    public float Top { get; }

    public float Right { get; }

    public float Bottom { get; }

    public float Width => Right - Left;

    /// <summary>When true, drawing calls only measure.</summary>
    public bool Measuring { get; set; }

    public SKCanvas Canvas => _canvas;

    public SKFont Font(float size, bool bold = false)
    {
        if (!_fonts.TryGetValue((size, bold), out var font))
        {
            font = new SKFont(bold ? ReportFonts.Bold : ReportFonts.Regular, size) { Subpixel = true, Edging = SKFontEdging.Antialias };
            _fonts[(size, bold)] = font;
        }

        return font;
    }

    public float Measure(string text, float size, bool bold = false) => Font(size, bold).MeasureText(text);

    /// <summary>Draws one line of text with its baseline at <paramref name="baseline"/>, cut with an ellipsis to <paramref name="maxWidth"/>; answers its width.</summary>
    public float Text(string text, float x, float baseline, float size, bool bold = false, SKColor? color = null, SKTextAlign align = SKTextAlign.Left, float maxWidth = float.MaxValue)
    {
        var line = Fit(Clean(text), maxWidth, size, bold);
        var width = Measure(line, size, bold);
        if (!Measuring && line.Length > 0)
        {
            _fill.Color = color ?? Ink;
            _canvas.DrawText(line, x, baseline, align, Font(size, bold), _fill);
        }

        return width;
    }

    /// <summary>Draws "label value" on one line; answers the x after it.</summary>
    public float Field(string label, string value, float x, float baseline, float size, float maxWidth, SKColor? valueColor = null)
    {
        var labelWidth = Text(label + " ", x, baseline, size, bold: true, color: Muted, maxWidth: maxWidth);
        var valueWidth = Text(value, x + labelWidth, baseline, size, color: valueColor, maxWidth: Math.Max(0, maxWidth - labelWidth));
        return x + labelWidth + valueWidth;
    }

    /// <summary>Text wrapped to a width in at most <paramref name="maxLines"/> lines (the last one cut with an ellipsis).</summary>
    public IReadOnlyList<string> Wrap(string text, float width, float size, bool bold = false, int maxLines = int.MaxValue)
    {
        var words = Clean(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var lines = new List<string>();
        var current = "";
        for (var i = 0; i < words.Length; i++)
        {
            var candidate = current.Length == 0 ? words[i] : current + " " + words[i];
            if (Measure(candidate, size, bold) <= width || current.Length == 0)
            {
                current = candidate;
                continue;
            }

            lines.Add(current);
            current = words[i];
            if (lines.Count == maxLines)
            {
                lines[^1] = Fit(lines[^1] + " " + string.Join(' ', words[i..]), width, size, bold);
                return lines;
            }
        }

        if (current.Length > 0)
        {
            lines.Add(current);
        }

        return [.. lines.Select(l => Fit(l, width, size, bold))];
    }

    /// <summary>The text, cut with an ellipsis so that it fits the width.</summary>
    public string Fit(string text, float width, float size, bool bold = false)
    {
        if (Measure(text, size, bold) <= width)
        {
            return text;
        }

        int low = 0, high = text.Length;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Measure(text[..middle].TrimEnd() + "…", size, bold) <= width)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low == 0 ? "" : text[..low].TrimEnd() + "…";
    }

    public void Line(float x1, float y1, float x2, float y2, SKColor color, float width = 0.5f, float[]? dash = null)
    {
        if (Measuring)
        {
            return;
        }

        _stroke.Color = color;
        _stroke.StrokeWidth = width;
        using var effect = dash is null ? null : SKPathEffect.CreateDash(dash, 0);
        _stroke.PathEffect = effect;
        _canvas.DrawLine(x1, y1, x2, y2, _stroke);
        _stroke.PathEffect = null;
    }

    public void Box(SKRect rect, SKColor? fill = null, SKColor? stroke = null, float strokeWidth = 0.6f)
    {
        if (Measuring)
        {
            return;
        }

        if (fill is { } f)
        {
            _fill.Color = f;
            _canvas.DrawRect(rect, _fill);
        }

        if (stroke is { } s)
        {
            _stroke.Color = s;
            _stroke.StrokeWidth = strokeWidth;
            _canvas.DrawRect(rect, _stroke);
        }
    }

    /// <summary>A check box with its label; answers the x after the label.</summary>
    public float CheckBox(bool ticked, string label, float x, float baseline, float size)
    {
        var box = new SKRect(x, baseline - size * 0.78f, x + size * 0.85f, baseline + size * 0.07f);
        Box(box, SKColors.White, Ink, 0.6f);
        if (ticked)
        {
            Line(box.Left + 1.2f, box.Top + 1.2f, box.Right - 1.2f, box.Bottom - 1.2f, Ink, 0.9f);
            Line(box.Left + 1.2f, box.Bottom - 1.2f, box.Right - 1.2f, box.Top + 1.2f, Ink, 0.9f);
        }

        var width = Text(label, box.Right + 2.5f, baseline, size, bold: ticked);
        return box.Right + 2.5f + width + 9f;
    }

    /// <summary>The section heading: a title on a shaded band; answers the y below it.</summary>
    public float Heading(string title, float y, float height = 12f)
    {
        Box(new SKRect(Left, y, Right, y + height), Shade);
        Text(title, Left + 3, y + height - 3.2f, 8f, bold: true, color: Accent);
        return y + height + 2.5f;
    }

    /// <summary>The height of a table of <paramref name="rows"/> rows (an empty table shows one line).</summary>
    public static float TableHeight(int rows) => TableTitleHeight + TableHeaderHeight + (Math.Max(rows, 1) * RowHeight) + TableGap;

    /// <summary>
    /// A titled table of single-line rows. When there are more rows than <paramref name="maxRows"/>, the last ones are
    /// shown under a line that says how many earlier rows are left out. Answers the y below the table.
    /// </summary>
    public float Table(float y, string title, IReadOnlyList<ReportColumn> columns, IReadOnlyList<IReadOnlyList<string>> rows, int maxRows, string whenEmpty)
    {
        y = Heading(title, y, TableTitleHeight - 2.5f);
        var total = columns.Sum(c => c.Weight);
        var xs = new float[columns.Count + 1];
        xs[0] = Left;
        for (var i = 0; i < columns.Count; i++)
        {
            xs[i + 1] = xs[i] + (Width * columns[i].Weight / total);
        }

        const float size = 6.6f;
        for (var i = 0; i < columns.Count; i++)
        {
            Cell(columns[i].Header, xs[i], xs[i + 1], y + TableHeaderHeight - 3f, size, columns[i].AlignRight, bold: true, Muted);
        }

        y += TableHeaderHeight;
        Line(Left, y - 1.2f, Right, y - 1.2f, RuleColor);
        if (rows.Count == 0)
        {
            Text(whenEmpty, Left + 2, y + RowHeight - 2.6f, size, color: Muted);
            return y + RowHeight + TableGap;
        }

        var shown = rows;
        if (rows.Count > Math.Max(maxRows, 1))
        {
            var keep = Math.Max(maxRows - 1, 0);
            shown = [.. rows.Skip(rows.Count - keep)];
            var left = rows.Count - keep;
            Text($"… {left} earlier {(left == 1 ? "row" : "rows")} not shown (the full chart is in Respite); the latest {keep} follow.",
                Left + 2, y + RowHeight - 2.6f, size, color: Warning, maxWidth: Width - 4);
            y += RowHeight;
        }

        for (var r = 0; r < shown.Count; r++)
        {
            if (r % 2 == 1)
            {
                Box(new SKRect(Left, y, Right, y + RowHeight), new SKColor(0xF7, 0xF8, 0xFA));
            }

            for (var i = 0; i < columns.Count && i < shown[r].Count; i++)
            {
                var color = shown[r][i].StartsWith("OPEN", StringComparison.Ordinal) || shown[r][i].StartsWith("not signed", StringComparison.Ordinal) ? Danger : Ink;
                Cell(shown[r][i], xs[i], xs[i + 1], y + RowHeight - 2.6f, size, columns[i].AlignRight, bold: false, color);
            }

            y += RowHeight;
        }

        return y + TableGap;
    }

    private void Cell(string text, float left, float right, float baseline, float size, bool alignRight, bool bold, SKColor color)
    {
        const float pad = 2f;
        if (alignRight)
        {
            Text(text, right - pad, baseline, size, bold, color, SKTextAlign.Right, right - left - (2 * pad));
        }
        else
        {
            Text(text, left + pad, baseline, size, bold, color, maxWidth: right - left - (2 * pad));
        }
    }

    /// <summary>Free text on one line: line breaks and tabs become spaces.</summary>
    private static string Clean(string text) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });

    public void Dispose()
    {
        foreach (var font in _fonts.Values)
        {
            font.Dispose();
        }

        _fill.Dispose();
        _stroke.Dispose();
    }
}

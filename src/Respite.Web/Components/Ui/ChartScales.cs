using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Respite.Web.Components.Ui;

/// <summary>
/// Axis ticks, label placement, SVG paths and number wording for the charts the server draws as SVG (no script).
/// Pure functions of their arguments.
/// </summary>
public static partial class ChartScales
{
    /// <summary>Minute steps of a time axis labelled in minutes (charts of up to 2 h).</summary>
    private static readonly double[] MinuteSteps = [1, 2, 5, 10, 15, 20, 30];

    /// <summary>Minute steps of a time axis labelled in hours: half hours up to days.</summary>
    private static readonly double[] HourSteps = [30, 60, 120, 180, 240, 360, 480, 720, 1440, 2880, 4320, 10080];

    /// <summary>The longest time axis labelled in minutes; longer ones are labelled in hours.</summary>
    public const double MinuteAxisLimit = 120;

    /// <summary>A tick: where it is (in the axis's data unit) and its label.</summary>
    public readonly record struct Tick(double Value, string Label);

    /// <summary>A time axis from 0: its ticks (values in minutes) and the unit its labels are in, <c>min</c> or <c>h</c>.</summary>
    public sealed record TimeAxis(IReadOnlyList<Tick> Ticks, string Unit);

    /// <summary>
    /// Ticks for a time axis from 0 to <paramref name="endMinute"/>: whole minutes (1, 2, 5, 10, 15, 20 or 30 apart)
    /// up to <see cref="MinuteAxisLimit"/>, beyond that hours (every ½, 1, 2, 3, 4, 6, 8, 12 h or whole days), the
    /// smallest step that gives at most <paramref name="maxTicks"/> intervals.
    /// </summary>
    public static TimeAxis TimeTicks(double endMinute, int maxTicks = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTicks, 1);
        var end = double.IsFinite(endMinute) && endMinute > 0 ? endMinute : 1;
        var inMinutes = end <= MinuteAxisLimit;
        var steps = inMinutes ? MinuteSteps : HourSteps;
        var step = steps.FirstOrDefault(s => end / s <= maxTicks);
        if (step == 0)
        {
            step = Math.Ceiling(end / maxTicks / 1440) * 1440;
        }

        var ticks = new List<Tick>();
        for (var i = 0; i * step <= end + 1e-9; i++)
        {
            var minute = i * step;
            ticks.Add(new Tick(minute, inMinutes
                ? minute.ToString("0", CultureInfo.InvariantCulture)
                : (minute / 60).ToString("0.#", CultureInfo.InvariantCulture)));
        }

        return new TimeAxis(ticks, inMinutes ? "min" : "h");
    }

    /// <summary>
    /// Ticks for a value axis from 0 that covers <paramref name="max"/>: a "nice" step (1, 2, 2.5 or 5 × 10ⁿ) giving
    /// at most <paramref name="maxTicks"/> intervals; the last tick is the top of the axis, at or above
    /// <paramref name="max"/>. A maximum that is zero, negative or not a number gives the axis 0–1.
    /// </summary>
    public static IReadOnlyList<Tick> ValueTicks(double max, int maxTicks = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTicks, 1);
        var top = double.IsFinite(max) && max > 0 ? max : 1;
        var step = NiceStep(top / maxTicks);
        var count = (int)Math.Ceiling((top / step) - 1e-9);
        var format = step >= 1 ? "0" : "0." + new string('#', Math.Min(6, (int)Math.Ceiling(-Math.Log10(step)) + 1));
        var ticks = new List<Tick>(count + 1);
        for (var i = 0; i <= count; i++)
        {
            var value = Math.Round(i * step, 9);
            ticks.Add(new Tick(value, value.ToString(format, CultureInfo.InvariantCulture)));
        }

        return ticks;
    }

    /// <summary>The smallest of 1, 2, 2.5, 5 and 10 × 10ⁿ at or above <paramref name="rough"/> (positive).</summary>
    public static double NiceStep(double rough)
    {
        if (!double.IsFinite(rough) || rough <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rough), rough, "A step is a positive number.");
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var residual = rough / magnitude;
        var nice = residual <= 1 + 1e-9 ? 1 : residual <= 2 + 1e-9 ? 2 : residual <= 2.5 + 1e-9 ? 2.5 : residual <= 5 + 1e-9 ? 5 : 10;
        return nice * magnitude;
    }

    /// <summary>An SVG path through the points (<paramref name="xs"/>, <paramref name="ys"/>), mapped to pixels.</summary>
    public static string Line(IReadOnlyList<double> xs, IReadOnlyList<double> ys, Func<double, double> x, Func<double, double> y)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var count = Math.Min(xs.Count, ys.Count);
        var path = new StringBuilder(count * 14);
        for (var i = 0; i < count; i++)
        {
            path.Append(i == 0 ? 'M' : 'L').Append(Pixel(x(xs[i]))).Append(',').Append(Pixel(y(ys[i])));
        }

        return path.ToString();
    }

    /// <summary>A closed SVG path of the area between <paramref name="low"/> and <paramref name="high"/>: along the top, back along the bottom.</summary>
    public static string Area(IReadOnlyList<double> xs, IReadOnlyList<double> low, IReadOnlyList<double> high, Func<double, double> x, Func<double, double> y)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var count = Math.Min(xs.Count, Math.Min(low.Count, high.Count));
        if (count == 0)
        {
            return "";
        }

        var path = new StringBuilder(count * 28);
        for (var i = 0; i < count; i++)
        {
            path.Append(i == 0 ? 'M' : 'L').Append(Pixel(x(xs[i]))).Append(',').Append(Pixel(y(high[i])));
        }

        for (var i = count - 1; i >= 0; i--)
        {
            path.Append('L').Append(Pixel(x(xs[i]))).Append(',').Append(Pixel(y(low[i])));
        }

        return path.Append('Z').ToString();
    }

    /// <summary>
    /// Positions for labels that want to sit at <paramref name="desired"/> along one axis, moved apart until
    /// neighbours are at least <paramref name="gap"/> apart and kept within [<paramref name="min"/>,
    /// <paramref name="max"/>] where the room allows; in the order given.
    /// </summary>
    public static IReadOnlyList<double> Spread(IReadOnlyList<double> desired, double gap, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var order = Enumerable.Range(0, desired.Count).OrderBy(i => desired[i]).ToArray();
        var placed = order.Select(i => Math.Clamp(desired[i], min, Math.Max(min, max))).ToArray();
        for (var i = 1; i < placed.Length; i++)
        {
            placed[i] = Math.Max(placed[i], placed[i - 1] + gap);
        }

        if (placed.Length > 0 && placed[^1] > max)
        {
            placed[^1] = max;
            for (var i = placed.Length - 2; i >= 0; i--)
            {
                placed[i] = Math.Min(placed[i], placed[i + 1] - gap);
            }

            // Not enough room for every gap: start at the minimum and let the last ones overlap rather than leave the axis.
            if (placed[0] < min)
            {
                placed[0] = min;
                for (var i = 1; i < placed.Length; i++)
                {
                    placed[i] = Math.Max(placed[i], placed[i - 1] + gap);
                }
            }
        }

        var result = new double[desired.Count];
        for (var i = 0; i < order.Length; i++)
        {
            result[order[i]] = placed[i];
        }

        return result;
    }

    /// <summary>
    /// Rows ("lanes") for labels spanning [Start, End] along one axis: each label goes to the first lane where it
    /// starts at least <paramref name="gap"/> after the previous label of that lane ends, in order of their start;
    /// returns each label's lane, in the order given (0 is the first lane).
    /// </summary>
    public static IReadOnlyList<int> Lanes(IReadOnlyList<(double Start, double End)> spans, double gap)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var lanes = new int[spans.Count];
        var ends = new List<double>();
        foreach (var i in Enumerable.Range(0, spans.Count).OrderBy(i => spans[i].Start).ThenBy(i => i))
        {
            var lane = ends.FindIndex(end => spans[i].Start >= end + gap);
            if (lane < 0)
            {
                lane = ends.Count;
                ends.Add(spans[i].End);
            }
            else
            {
                ends[lane] = spans[i].End;
            }

            lanes[i] = lane;
        }

        return lanes;
    }

    /// <summary>An estimate of the width of <paramref name="text"/> in pixels at <paramref name="fontSize"/> in a sans-serif font.</summary>
    public static double TextWidth(string text, double fontSize)
    {
        ArgumentNullException.ThrowIfNull(text);

        // Implementation note: no font metrics on the server; 0.56 em per character is a little wider than the
        // average of Inter, Segoe UI, Helvetica and DejaVu Sans for mixed text, so that labels placed apart stay apart.
        return text.Length * fontSize * 0.56;
    }

    /// <summary>A figure to read rather than to compute with: whole numbers from 100, one decimal from 10, two below.</summary>
    public static string Figure(double value) =>
        !double.IsFinite(value) ? "—"
        : Math.Abs(value) >= 100 ? value.ToString("#,0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("0.#", CultureInfo.InvariantCulture)
        : value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A time in words: "7.5 min" below 10 minutes, "40 min" below 2 hours, "2 h 15 min" or "3 h" beyond.</summary>
    public static string Minutes(double minutes)
    {
        if (!double.IsFinite(minutes))
        {
            return "—";
        }

        if (minutes < 10)
        {
            return minutes.ToString("0.#", CultureInfo.InvariantCulture) + " min";
        }

        var whole = (long)Math.Round(minutes, MidpointRounding.AwayFromZero);
        if (whole < MinuteAxisLimit)
        {
            return whole.ToString(CultureInfo.InvariantCulture) + " min";
        }

        var hours = whole / 60;
        var rest = whole % 60;
        return rest == 0
            ? hours.ToString(CultureInfo.InvariantCulture) + " h"
            : $"{hours.ToString(CultureInfo.InvariantCulture)} h {rest.ToString(CultureInfo.InvariantCulture)} min";
    }

    /// <summary>A pixel coordinate as SVG attributes take it: invariant culture, one decimal.</summary>
    public static string Pixel(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="text"/> cut into plain runs and web addresses (http or https, up to white space; punctuation
    /// that ends a sentence or closes a bracket after an address is not part of it), in order.
    /// </summary>
    public static IReadOnlyList<(string Text, bool IsLink)> Links(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<(string, bool)>();
        var last = 0;
        foreach (Match match in WebAddress().Matches(text))
        {
            if (match.Index > last)
            {
                parts.Add((text[last..match.Index], false));
            }

            parts.Add((match.Value, true));
            last = match.Index + match.Length;
        }

        if (last < text.Length)
        {
            parts.Add((text[last..], false));
        }

        return parts;
    }

    [GeneratedRegex(@"https?://[^\s<>""]+?(?=[.,;:)\]]*(?:\s|$))", RegexOptions.CultureInvariant)]
    private static partial Regex WebAddress();
}

using System.Diagnostics;
using System.Globalization;

namespace Respite.FhirImport;

/// <summary>
/// The import's progress on standard error: a bar redrawn in place on a terminal, or a line every few seconds when the
/// output goes to a file or a pipe.
/// </summary>
public sealed class ConsoleProgressBar(TextWriter writer, bool interactive) : IProgress<ImportProgress>
{
    private const int Width = 30;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

    private readonly Stopwatch clock = Stopwatch.StartNew();
    private TimeSpan? last;
    private ImportProgress latest;

    public void Report(ImportProgress value)
    {
        latest = value;
        var now = clock.Elapsed;
        if (last is { } previous && now - previous < (interactive ? RedrawInterval : LogInterval))
        {
            return;
        }

        last = now;
        Draw();
    }

    /// <summary>Draws the final state and ends the line.</summary>
    public void Complete()
    {
        Draw();
        if (interactive)
        {
            writer.WriteLine();
        }
    }

    /// <summary>The text of one redraw: the bar (or the patients pass), counts and rate.</summary>
    public static string Format(ImportProgress value, TimeSpan elapsed)
    {
        var rate = elapsed.TotalSeconds > 0 ? value.Done / elapsed.TotalSeconds : 0;
        var counts = string.Create(CultureInfo.InvariantCulture, $"accepted {value.Accepted}, rejected {value.Rejected}, {rate:0.#}/s");
        if (value.Total is not { } total)
        {
            return string.Create(CultureInfo.InvariantCulture, $"[patients first] {value.Done} resources · {counts}");
        }

        var fraction = total == 0 ? 1 : Math.Clamp((double)value.Done / total, 0, 1);
        var filled = (int)Math.Round(fraction * Width);
        return string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', Width - filled)}] {fraction * 100,3:0}% {value.Done}/{total} · {counts}");
    }

    private void Draw()
    {
        var text = Format(latest, clock.Elapsed);
        if (interactive)
        {
            writer.Write("\r" + text.PadRight(Console.IsErrorRedirected ? 0 : Math.Max(0, SafeWidth() - 1)));
        }
        else
        {
            writer.WriteLine(text);
        }

        writer.Flush();
    }

    private static int SafeWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}

using SkiaSharp;

namespace Respite.Web.Features.Sessions.Reports;

/// <summary>
/// The typefaces of the PDFs, loaded from the assembly (DejaVu Sans Condensed, see Fonts/LICENSE.txt) so that the text
/// is drawn the same on every machine, with or without system fonts.
/// </summary>
public static class ReportFonts
{
    private static readonly Lazy<SKTypeface> LazyRegular = new(() => Load("DejaVuSansCondensed.ttf"));
    private static readonly Lazy<SKTypeface> LazyBold = new(() => Load("DejaVuSansCondensed-Bold.ttf"));

    public static SKTypeface Regular => LazyRegular.Value;

    public static SKTypeface Bold => LazyBold.Value;

    private static SKTypeface Load(string file)
    {
        var name = "Respite.Web.Fonts." + file;
        using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font resource {name} is missing from the assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        using var data = SKData.CreateCopy(buffer.ToArray());
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"The font resource {name} could not be read.");
    }
}

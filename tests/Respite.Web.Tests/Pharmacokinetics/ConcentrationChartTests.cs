using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Respite.Web.Components.Ui;
using Respite.Web.Features.Pharmacokinetics;

namespace Respite.Web.Tests.Pharmacokinetics;

/// <summary>The markup of the predicted-concentration chart, rendered by Blazor's own HTML renderer and read as XML.</summary>
public sealed partial class ConcentrationChartTests
{
    private const string Source = "Racemic ketamine ranges: https://pmc.ncbi.nlm.nih.gov/articles/PMC6020109/table/T1 (CLINICAL-SOURCES §5.1)";
    private const string Caption = "Population estimate from a published model, not a measured level. Typical patient of 70 kg.";

    private static readonly double[] Minutes = [0, 20, 40, 60, 120, 280];

    [Fact]
    public async Task Chart_IsAnImageNamedByItsTitle_DescribedInWords_WithTheFiguresInATable()
    {
        var figure = await RenderAsync(SessionLike());
        var svg = Drawing(figure);
        Assert.Equal("img", svg.Attribute("role")?.Value);
        var title = figure.Descendants("title").Single(t => t.Attribute("id")?.Value == svg.Attribute("aria-labelledby")?.Value);
        Assert.Equal("Predicted concentration: planned and given", title.Value);
        var description = figure.Descendants("desc").Single(d => d.Attribute("id")?.Value == svg.Attribute("aria-describedby")?.Value).Value;
        Assert.Contains("Planned: 35 mg over 40 min: peak 177 ng/mL at 40 min", description, StringComparison.Ordinal);
        Assert.Contains("Given: 32 mg: peak 141 ng/mL at 48 min", description, StringComparison.Ordinal);
        Assert.Contains("Reference range Dissociation (population): 100 to 250 ng/mL", description, StringComparison.Ordinal);
        Assert.Contains("Marked: Infusion starts at 0 min; Rate 40 mg/h at 15 min", description, StringComparison.Ordinal);
        Assert.Contains("not a measured level", description, StringComparison.Ordinal);

        var rows = ByTestId(figure, "pk-figure-row").ToList();
        Assert.Equal(["planned", "given"], rows.Select(r => r.Attribute("data-kind")?.Value));
        Assert.Equal("177", ByTestId(rows[0], "pk-peak").Single().Value);
        Assert.Equal("40 min", ByTestId(rows[0], "pk-peak-time").Single().Value);
        Assert.Equal("310", ByTestId(rows[0], "pk-auc").Single().Value);
        Assert.Equal("141", ByTestId(rows[1], "pk-peak").Single().Value);
        Assert.Contains("AUC to 4 h 40 min", figure.Descendants("th").Select(t => t.Value).Single(v => v.StartsWith("AUC", StringComparison.Ordinal)), StringComparison.Ordinal);

        var caption = ByTestId(figure, "pk-caption").Single();
        Assert.Contains("Estimate", caption.Value, StringComparison.Ordinal);
        Assert.Contains(Caption, caption.Value, StringComparison.Ordinal);
        Assert.Contains("Clements", ByTestId(figure, "pk-model").Single().Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Curves_ToldApartByDashClassAndPeakSymbol_NotByColourAlone()
    {
        var data = SessionLike() with
        {
            Curves =
            [
                Curve("A: 0.5 mg/kg over 40 min", "compare", 177, 40),
                Curve("B: 0.5 mg/kg over 60 min", "compare", 150, 60),
                Curve("C", "compare", 120, 60),
                Curve("D", "compare", 100, 60),
            ],
        };
        var figure = await RenderAsync(data);
        var curves = ByTestId(figure, "pk-curve").Select(c => c.Attribute("class")!.Value).ToList();
        Assert.Equal(["curve compare-0", "curve compare-1", "curve compare-2", "curve compare-3"], curves);
        var symbols = PeakSymbols(Drawing(figure));
        Assert.Equal(["circle", "rect", "path", "path"], symbols.Select(s => s.Symbol));
        Assert.NotEqual(symbols[2].Element.Attribute("d")?.Value.Count(c => c == 'L'), symbols[3].Element.Attribute("d")?.Value.Count(c => c == 'L'));

        // The legend draws each curve's own line and symbol.
        var keys = figure.Descendants("svg").Where(s => s.Attribute("class")?.Value == "key-line").ToList();
        Assert.Equal(curves, keys.Take(4).Select(k => k.Element("line")!.Attribute("class")!.Value));

        var planned = await RenderAsync(SessionLike());
        Assert.Equal(["curve planned", "curve given"], ByTestId(planned, "pk-curve").Select(c => c.Attribute("class")!.Value));
        Assert.Equal(["rect", "circle"], PeakSymbols(Drawing(planned)).Select(s => s.Symbol));
    }

    [Fact]
    public async Task PercentileBand_AClosedAreaAroundTheCurve()
    {
        var figure = await RenderAsync(SessionLike());
        var band = ByTestId(figure, "pk-band").Single();
        var d = band.Attribute("d")!.Value;
        Assert.EndsWith("Z", d, StringComparison.Ordinal);
        Assert.Equal(2 * Minutes.Length, Points(d).Count);
        Assert.Equal("5th–95th percentile of 500 virtual patients", band.Element("title")?.Value);
        Assert.Contains(figure.Descendants("span"), s => s.Attribute("class")?.Value == "swatch pband");
    }

    [Fact]
    public async Task ReferenceBands_Shaded_TheSecondHatched_NamedInTheMargin_WithTheirSourceLinked()
    {
        var figure = await RenderAsync(SessionLike(), id: "plan-chart");
        var bands = ByTestId(figure, "pk-reference").ToList();
        Assert.Equal([("70", "160"), ("100", "250")], bands.Select(b => (b.Attribute("data-low")!.Value, b.Attribute("data-high")!.Value)));
        Assert.DoesNotContain(bands[0].Elements("rect"), r => r.Attribute("fill") is not null);
        Assert.Equal("url(#plan-chart-hatch)", bands[1].Elements("rect").Single(r => r.Attribute("class")?.Value == "hatched").Attribute("fill")?.Value);
        Assert.Single(figure.Descendants("pattern"), p => p.Attribute("id")?.Value == "plan-chart-hatch");

        var labels = figure.Descendants("g").Where(g => g.Attribute("class")?.Value.StartsWith("ref-label", StringComparison.Ordinal) == true)
            .Select(g => string.Join(" ", g.Elements("text").Select(t => t.Value))).ToList();
        Assert.Equal(["Analgesia 70–160 ng/mL", "Dissociation 100–250 ng/mL"], labels);

        var link = figure.Descendants("a").Single(a => a.Value.Contains("PMC6020109", StringComparison.Ordinal));
        Assert.Equal("https://pmc.ncbi.nlm.nih.gov/articles/PMC6020109/table/T1", link.Attribute("href")?.Value);
    }

    [Fact]
    public async Task ReferenceBands_None_NothingShaded_AndThePlotUsesTheMargin()
    {
        var with = await RenderAsync(SessionLike());
        var without = await RenderAsync(SessionLike() with { ReferenceBands = [] });
        Assert.Empty(ByTestId(without, "pk-reference"));
        Assert.DoesNotContain(without.Descendants("g"), g => g.Attribute("class")?.Value.StartsWith("ref-label", StringComparison.Ordinal) == true);
        Assert.True(PlotFrame(without).Right > PlotFrame(with).Right + 100);
    }

    [Fact]
    public async Task Axis_CoversEveryCurveAndTheBand_AndEveryPointLiesInThePlot()
    {
        // A real comparison from the engine: 0.5 mg/kg over 40 and over 20 minutes for 70 kg.
        var comparison = PkService.Compare(new PkCompareRequest
        {
            Model = "ketamine-clements",
            WeightKg = 70,
            Regimens =
            [
                new PkCompareRegimen("40 min", [new PkDoseInput("infusion", 0, 40, 52.5, null, null)]),
                new PkCompareRegimen("20 min", [new PkDoseInput("infusion", 0, 20, 105, null, null)]),
            ],
        }, PharmacokineticSettings.Default).Value!;
        var figure = await RenderAsync(comparison.Chart);
        var svg = Drawing(figure);
        var top = svg.Descendants("text").Where(t => t.Attribute("text-anchor")?.Value == "end" && double.TryParse(t.Value, CultureInfo.InvariantCulture, out _))
            .Select(t => double.Parse(t.Value, CultureInfo.InvariantCulture)).Max();
        Assert.True(top >= comparison.Chart.Curves.Max(c => c.PeakNgPerMl), $"axis top {top}");

        var frame = PlotFrame(figure);
        foreach (var curve in ByTestId(figure, "pk-curve"))
        {
            var points = Points(curve.Attribute("d")!.Value);
            Assert.Equal(comparison.Chart.Curves[0].Minutes.Count, points.Count);
            Assert.All(points, p =>
            {
                Assert.InRange(p.X, frame.Left - 0.05, frame.Right + 0.05);
                Assert.InRange(p.Y, frame.Top - 0.05, frame.Bottom + 0.05);
            });
        }

        // The faster infusion peaks higher: drawn higher (a smaller y).
        var peaks = PeakSymbols(svg).Select(s => double.Parse(s.Element.Attribute("cy")?.Value ?? s.Element.Attribute("y")!.Value, CultureInfo.InvariantCulture)).ToList();
        Assert.True(peaks[1] < peaks[0]);
    }

    [Fact]
    public async Task Markers_VerticalLinesWithLabelsInRows_NoTwoLabelsOfARowOverlap()
    {
        var figure = await RenderAsync(SessionLike());
        var svg = Drawing(figure);
        var markers = ByTestId(figure, "pk-marker").ToList();
        Assert.Equal(["0", "15", "25", "30", "48", "62"], markers.Select(m => m.Attribute("data-minute")!.Value));
        Assert.Equal(6, svg.Descendants("line").Count(l => l.Attribute("class")?.Value.StartsWith("marker-line", StringComparison.Ordinal) == true));
        Assert.Equal("marker now", markers[^1].Attribute("class")?.Value);
        Assert.Empty(ByTestId(figure, "pk-events"));

        var labels = markers.Select(m => m.Element("text")!).Select(t => (
            Y: double.Parse(t.Attribute("y")!.Value, CultureInfo.InvariantCulture),
            X: double.Parse(t.Attribute("x")!.Value, CultureInfo.InvariantCulture),
            End: t.Attribute("text-anchor")!.Value == "end",
            Width: ChartScales.TextWidth(t.Value, 11.5))).ToList();
        Assert.True(labels.Select(l => l.Y).Distinct().Count() > 1, "Close labels go to more than one row.");
        foreach (var row in labels.GroupBy(l => l.Y))
        {
            var spans = row.Select(l => l.End ? (Start: l.X - l.Width, Stop: l.X) : (Start: l.X, Stop: l.X + l.Width)).OrderBy(s => s.Start).ToList();
            for (var i = 1; i < spans.Count; i++)
            {
                Assert.True(spans[i].Start >= spans[i - 1].Stop, $"Labels overlap in the row at y={row.Key}.");
            }
        }

        // Every label sits above the plot.
        Assert.All(labels, l => Assert.True(l.Y < PlotFrame(figure).Top));
    }

    [Fact]
    public async Task Markers_TooManyForTheRows_AreNumbered_WithAKeyUnderTheChart()
    {
        var markers = Enumerable.Range(0, 12).Select(i => new ChartMarker($"Rate {40 + i} mg/h", i * 2.5)).ToList();
        var figure = await RenderAsync(SessionLike() with { Markers = markers });
        var labels = ByTestId(figure, "pk-marker").Select(m => m.Element("text")!.Value).ToList();
        Assert.Equal(Enumerable.Range(1, 12).Select(i => i.ToString(CultureInfo.InvariantCulture)), labels);
        var key = ByTestId(figure, "pk-events").Single().Elements("li").ToList();
        Assert.Equal(12, key.Count);
        Assert.Equal("1", key[0].Attribute("value")?.Value);
        Assert.StartsWith("Rate 40 mg/h", key[0].Value, StringComparison.Ordinal);
        Assert.Contains("Rate 51 mg/h at 28 min", key[^1].Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markers_OutsideTheTimeAxis_AreLeftOut()
    {
        var figure = await RenderAsync(SessionLike() with { Markers = [new("Before", -5), new("Within", 100), new("After", 281)] });
        Assert.Equal(["100"], ByTestId(figure, "pk-marker").Select(m => m.Attribute("data-minute")!.Value));
    }

    [Fact]
    public async Task TwoChartsOnOnePage_IdsOfTheirOwn()
    {
        var a = await RenderAsync(SessionLike(), id: "compare-chart");
        var b = await RenderAsync(SessionLike(), id: "tci-chart");
        string[] Ids(XElement figure) => [.. figure.DescendantsAndSelf().Select(e => e.Attribute("id")?.Value).OfType<string>()];
        Assert.Empty(Ids(a).Intersect(Ids(b)));
        Assert.All(Ids(a), id => Assert.StartsWith("compare-chart", id, StringComparison.Ordinal));
        Assert.Equal("url(#tci-chart-plot)", b.Descendants("g").Single(g => g.Attribute("clip-path") is not null).Attribute("clip-path")?.Value);
    }

    [Fact]
    public async Task WithoutTable_OnlyTheChart()
    {
        var figure = await RenderAsync(SessionLike(), showTable: false);
        Assert.Empty(ByTestId(figure, "pk-figures"));
        Assert.Single(figure.Descendants("svg"), s => s.Attribute("role")?.Value == "img");
    }

    [Fact]
    public async Task NoCurves_SaysSo_DrawsNothing()
    {
        var figure = await RenderAsync(SessionLike() with { Curves = [] });
        Assert.Equal("Nothing to chart.", ByTestId(figure, "pk-chart-empty").Single().Value);
        Assert.Empty(figure.Descendants("svg"));
    }

    private static ConcentrationChartData SessionLike() => new(
        "Predicted concentration: planned and given",
        "Ketamine IV — Clements & Nimmo (2-compartment). Clements JA, Nimmo WS. Br J Anaesth 1981;53:27.",
        Caption,
        [Curve("Planned: 35 mg over 40 min", "planned", 177.2, 40, 310.4), Curve("Given: 32 mg", "given", 141.2, 48, 275.3)],
        [new PercentileBandData("5th–95th percentile of 500 virtual patients", Minutes, [0, 50, 95, 70, 40, 12], [0, 140, 270, 190, 100, 40])],
        [
            new ReferenceBandData("Analgesia (population)", 70, 160, Source),
            new ReferenceBandData("Dissociation (population)", 100, 250, Source),
        ],
        [new("Infusion starts", 0), new("Rate 40 mg/h", 15), new("Paused", 25), new("Resumed 40 mg/h", 30), new("Infusion stops", 48), new("Now", 62)],
        280);

    private static ConcentrationCurve Curve(string label, string kind, double peak, double peakMinute, double auc = 100) =>
        new(label, kind, Minutes, [0, peak * 0.6, peak, peak * 0.7, peak * 0.35, peak * 0.1], peak, peakMinute, auc);

    private static XElement Drawing(XElement figure) => figure.Descendants("svg").Single(s => s.Attribute("role")?.Value == "img");

    private static IEnumerable<XElement> ByTestId(XElement root, string id) =>
        root.DescendantsAndSelf().Where(e => e.Attribute("data-testid")?.Value == id);

    private static List<(string Symbol, XElement Element)> PeakSymbols(XElement svg) =>
        [.. svg.Elements("g").Where(g => g.Attribute("class")?.Value.StartsWith("peak ", StringComparison.Ordinal) == true)
            .Select(g => g.Elements().Single(e => e.Name != "title"))
            .Select(e => (e.Name.LocalName, e))];

    private static (double Left, double Top, double Right, double Bottom) PlotFrame(XElement figure)
    {
        var frame = figure.Descendants("rect").Single(r => r.Attribute("class")?.Value == "plot-frame");
        double A(string name) => double.Parse(frame.Attribute(name)!.Value, CultureInfo.InvariantCulture);
        return (A("x"), A("y"), A("x") + A("width"), A("y") + A("height"));
    }

    private static List<(double X, double Y)> Points(string path) =>
        [.. PointPattern().Matches(path).Select(m => (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))];

    private static async Task<XElement> RenderAsync(ConcentrationChartData data, string? id = null, bool showTable = true)
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = new Dictionary<string, object?> { [nameof(ConcentrationChart.Data)] = data, [nameof(ConcentrationChart.ShowTable)] = showTable };
            if (id is not null)
            {
                parameters[nameof(ConcentrationChart.Id)] = id;
            }

            var output = await renderer.RenderComponentAsync<ConcentrationChart>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
        return XElement.Parse(html);
    }

    [GeneratedRegex(@"[ML](-?[\d.]+),(-?[\d.]+)")]
    private static partial Regex PointPattern();
}

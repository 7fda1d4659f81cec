namespace Respite.Web.Features.Pharmacokinetics;

/// <summary>
/// What a predicted-concentration chart shows: curves, population percentile bands, reference concentration bands
/// from the clinical sources, and marked moments. Every figure is a population estimate, not a measurement.
/// </summary>
/// <param name="Title">The chart's heading.</param>
/// <param name="Model">The model's display name and citation, shown under the chart.</param>
/// <param name="Caption">The plain-words caption (e.g. "Population estimate, not a measured level").</param>
/// <param name="Curves">The predicted curves (at least one).</param>
/// <param name="Bands">Percentile bands over virtual patients (may be empty).</param>
/// <param name="ReferenceBands">Concentration ranges from the sources, e.g. dissociation 100–250 ng/mL.</param>
/// <param name="Markers">Moments to mark on the time axis, e.g. "now" or "infusion stopped".</param>
/// <param name="EndMinute">The end of the time axis, in minutes from the first dose.</param>
public sealed record ConcentrationChartData(
    string Title,
    string Model,
    string Caption,
    IReadOnlyList<ConcentrationCurve> Curves,
    IReadOnlyList<PercentileBandData> Bands,
    IReadOnlyList<ReferenceBandData> ReferenceBands,
    IReadOnlyList<ChartMarker> Markers,
    double EndMinute);

/// <summary>One predicted curve.</summary>
/// <param name="Label">The legend text, e.g. "Planned: 0.5 mg/kg over 40 min".</param>
/// <param name="Kind">Styles the curve: <c>planned</c>, <c>given</c>, <c>compare</c>.</param>
/// <param name="Minutes">The times, in minutes from the first dose.</param>
/// <param name="NanogramsPerMillilitre">The concentration at each time.</param>
/// <param name="PeakNgPerMl">The curve's peak.</param>
/// <param name="PeakMinute">When the peak occurs.</param>
/// <param name="AucNgHPerMl">The area under the curve over the chart, ng·h/mL.</param>
public sealed record ConcentrationCurve(
    string Label,
    string Kind,
    IReadOnlyList<double> Minutes,
    IReadOnlyList<double> NanogramsPerMillilitre,
    double PeakNgPerMl,
    double PeakMinute,
    double AucNgHPerMl);

/// <summary>A band between two percentiles of virtual patients.</summary>
/// <param name="Label">E.g. "5th–95th percentile of 1,000 virtual patients".</param>
/// <param name="Minutes">The times.</param>
/// <param name="Low">The lower percentile at each time.</param>
/// <param name="High">The upper percentile at each time.</param>
public sealed record PercentileBandData(string Label, IReadOnlyList<double> Minutes, IReadOnlyList<double> Low, IReadOnlyList<double> High);

/// <summary>A concentration range associated with an effect in the sources.</summary>
/// <param name="Label">E.g. "Dissociation (population)".</param>
/// <param name="LowNgPerMl">Lower edge.</param>
/// <param name="HighNgPerMl">Upper edge.</param>
/// <param name="Source">The citation.</param>
public sealed record ReferenceBandData(string Label, double LowNgPerMl, double HighNgPerMl, string Source);

/// <summary>A moment marked on the time axis.</summary>
/// <param name="Label">E.g. "Now", "Stopped".</param>
/// <param name="Minute">Minutes from the first dose.</param>
public sealed record ChartMarker(string Label, double Minute);

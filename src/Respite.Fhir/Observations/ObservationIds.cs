using System.Diagnostics.CodeAnalysis;

namespace Respite.Fhir.Observations;

/// <summary>
/// Observation ids. One stored row can give several Observations (a set of vitals gives blood pressure, heart rate, …;
/// an assessment gives its total and item scores), so an Observation id is the row's id and a suffix naming the measure:
/// <c>{reading id}-hr</c>, <c>{assessment id}-total</c>, <c>{assessment id}-item-9</c>.
/// </summary>
public static class ObservationIds
{
    public const string BloodPressure = "bp";
    public const string HeartRate = "hr";
    public const string OxygenSaturation = "spo2";
    public const string RespiratoryRate = "rr";
    public const string Sedation = "moaas";
    public const string BodyWeight = "weight";
    public const string Total = "total";
    public const string ItemPrefix = "item-";

    /// <summary>The measures of a set of vitals, in the order their Observations are written.</summary>
    public static IReadOnlyList<string> VitalSigns { get; } = [BloodPressure, HeartRate, OxygenSaturation, RespiratoryRate, Sedation];

    public static string For(Guid source, string measure) => FhirReferences.Id(source) + "-" + measure;

    public static string ForItem(Guid assessment, string itemLabel) => For(assessment, ItemPrefix + itemLabel);

    /// <summary>Splits an Observation id into the stored row's id and the measure; false for any other id.</summary>
    public static bool TryParse(string? id, out Guid source, [NotNullWhen(true)] out string? measure)
    {
        source = default;
        measure = null;
        if (id is null || id.Length < 38 || id[36] != '-' || !Guid.TryParseExact(id[..36], "D", out source))
        {
            return false;
        }

        var suffix = id[37..];
        if (!(VitalSigns.Contains(suffix) || suffix is BodyWeight or Total || (suffix.StartsWith(ItemPrefix, StringComparison.Ordinal) && suffix.Length > ItemPrefix.Length)))
        {
            source = default;
            return false;
        }

        measure = suffix;
        return true;
    }
}

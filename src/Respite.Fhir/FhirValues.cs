using System.Globalization;
using Hl7.Fhir.Model;

namespace Respite.Fhir;

/// <summary>Primitive conversions every mapper shares, written so the same value always gives the same text.</summary>
internal static class FhirValues
{
    /// <summary>An instant as a FHIR dateTime in UTC, with fractional seconds only when there are any.</summary>
    public static string Instant(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static FhirDateTime DateTime(DateTimeOffset at) => new(Instant(at));

    public static Instant InstantElement(DateTimeOffset at) => new(at.ToUniversalTime());

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Time(TimeOnly time) => time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    public static Period Period(DateTimeOffset start, DateTimeOffset? end) =>
        new() { Start = Instant(start), End = end is { } e ? Instant(e) : null };

    /// <summary>A dateTime that names an instant: a date, a time and a time zone. Dates alone or times without a zone give false.</summary>
    public static bool TryParseInstant(string? value, out DateTimeOffset at)
    {
        at = default;
        if (string.IsNullOrEmpty(value) || !value.Contains('T', StringComparison.Ordinal)
            || !(value.EndsWith('Z') || value.Length > 6 && (value[^6] == '+' || value[^6] == '-')))
        {
            return false;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out at);
    }

    public static bool TryParseDate(string? value, out DateOnly date) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static Coding Coding(string system, string code, string? display = null) => new(system, code, display);

    public static CodeableConcept Concept(string system, string code, string? display = null, string? text = null) =>
        new(system, code, display, text);

    /// <summary>A UCUM quantity; trailing zeros of a computed value are dropped (17.50 mg is written 17.5).</summary>
    public static Quantity Ucum(decimal value, string unit, string code) =>
        new() { Value = value / 1.000000000000000000000000000000000m, Unit = unit, System = FhirSystems.Ucum, Code = code };

    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace Respite.Web.Components.Ui;

/// <summary>Reads posted values that Blazor form binding does not map well, such as groups of checkboxes sharing one name.</summary>
public static class FormValues
{
    public static IReadOnlyList<string> All(HttpContext? context, string name)
    {
        if (context is null || !context.Request.HasFormContentType)
        {
            return [];
        }

        return context.Request.Form[name].OfType<string>().Where(v => v.Length > 0).ToList();
    }

    public static List<T> Enums<T>(HttpContext? context, string name)
        where T : struct, Enum =>
        All(context, name).Select(v => Enum.TryParse<T>(v, ignoreCase: false, out var parsed) ? (T?)parsed : null)
            .OfType<T>().Distinct().ToList();

    public static DateOnly? ParseDate(string? text, string key, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors[key] = ["Not a valid date (use the date picker or YYYY-MM-DD)."];
        return null;
    }

    public static decimal? ParseDecimal(string? text, string key, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[key] = ["Not a number."];
        return null;
    }

    public static int? ParseInt(string? text, string key, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[key] = ["Not a whole number."];
        return null;
    }

    public static T? ParseEnum<T>(string? text)
        where T : struct, Enum =>
        !string.IsNullOrWhiteSpace(text) && Enum.TryParse<T>(text, ignoreCase: false, out var value) && Enum.IsDefined(value) ? value : null;

    public static Dictionary<string, string[]> Merge(IDictionary<string, string[]> first, IDictionary<string, string[]> second)
    {
        var merged = new Dictionary<string, string[]>(first, StringComparer.Ordinal);
        foreach (var (key, messages) in second)
        {
            merged[key] = merged.TryGetValue(key, out var existing) ? [.. existing, .. messages] : messages;
        }

        return merged;
    }

    public static bool Has(IDictionary<string, string[]>? errors, string key) => errors is not null && errors.ContainsKey(key);
}

using System.Globalization;
using Respite.Clinical.Scheduling;
using Respite.Web.Features.Assessments;

namespace Respite.Web.Components.Ui;

/// <summary>
/// Times typed at the chair: a local wall-clock time (HH:mm) in the clinic's zone, meaning the most recent such time —
/// 23:50 typed just after midnight is yesterday's. Blank means "now" (the server's clock).
/// </summary>
public static class ChairTime
{
    public static DateTimeOffset? Parse(string? text, string key, TimeZoneInfo zone, DateTimeOffset now, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm", "HH:mm:ss", "HHmm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            errors[key] = ["Give a time as HH:mm."];
            return null;
        }

        var today = DateOnly.FromDateTime(ClinicClock.ToLocal(now, zone).DateTime);
        var instant = ClinicClock.ToInstant(today, time, zone).Instant;
        return instant > now.AddMinutes(5) ? ClinicClock.ToInstant(today.AddDays(-1), time, zone).Instant : instant;
    }

    public static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        ClinicClock.ToLocal(at, zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Local(DateTimeOffset? at, TimeZoneInfo zone) => at is { } value ? Local(value, zone) : "—";

    /// <summary>The PHQ-9, pain NRS and PEG-3 answered on the clinic's local today, oldest first (pre-session scores).</summary>
    public static IReadOnlyList<AssessmentDto> TodaysScores(IEnumerable<AssessmentDto> assessments, TimeZoneInfo zone, DateTimeOffset now)
    {
        var today = ClinicClock.ToLocal(now, zone).Date;
        return [.. assessments
            .Where(a => a.Instrument is "phq9" or "nrs-pain" or "peg3" && ClinicClock.ToLocal(a.AnsweredAt, zone).Date == today)
            .OrderBy(a => a.AnsweredAt)];
    }
}

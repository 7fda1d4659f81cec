namespace Respite.Web.Features.Questionnaires;

/// <summary>
/// The clinic's settings for questionnaires answered in the patient portal. Defaults and their sources:
/// docs/portal-questionnaires.md.
/// </summary>
public sealed record PortalSettings
{
    /// <summary>The default crisis message: the US 988 Suicide &amp; Crisis Lifeline (call or text 988, 988lifeline.org) and 911.</summary>
    public const string DefaultCrisisMessage =
        "If you are thinking about suicide or hurting yourself, please reach out now. Call or text 988 to reach the 988 Suicide & Crisis Lifeline, "
        + "free and open 24 hours a day (988lifeline.org). If you are in immediate danger, call 911 or go to the nearest emergency department.";

    /// <summary>Days after a diary entry falls due before it counts as overdue on the chart. Default 2 [U: practice convention].</summary>
    public int DiaryGraceDays { get; init; } = 2;

    /// <summary>
    /// Shown at once to a patient whose answers suggest suicidal thoughts (PHQ-9 item 9, C-SSRS). Default: the 988 Suicide &amp;
    /// Crisis Lifeline and 911 (988lifeline.org); a clinic outside the US must replace it with its own crisis lines.
    /// </summary>
    public string CrisisMessage { get; init; } = DefaultCrisisMessage;

    /// <summary>The crisis line patients can call or text, offered as a button with the message. Default 988, the US
    /// Suicide &amp; Crisis Lifeline (988lifeline.org).</summary>
    public string CrisisLineNumber { get; init; } = "988";

    /// <summary>The emergency number, offered as a button with the message. Default 911 (US).</summary>
    public string EmergencyNumber { get; init; } = "911";

    public static PortalSettings Default { get; } = new();

    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var errors = new List<(string, string)>();
        if (DiaryGraceDays is < 0 or > 14)
        {
            errors.Add(("diaryGraceDays", "Must lie between 0 and 14 days."));
        }

        if (string.IsNullOrWhiteSpace(CrisisMessage))
        {
            errors.Add(("crisisMessage", "A crisis message is required."));
        }
        else if (CrisisMessage.Length > 1000)
        {
            errors.Add(("crisisMessage", "At most 1000 characters."));
        }

        Number(errors, "crisisLineNumber", CrisisLineNumber);
        Number(errors, "emergencyNumber", EmergencyNumber);
        return errors;
    }

    private static void Number(List<(string, string)> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 20 || !value.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-'))
        {
            errors.Add((field, "A phone number of digits, spaces, '+' or '-', at most 20 characters."));
        }
    }
}

using System.Globalization;
using System.Text;

namespace Respite.Web.Features.Reminders;

/// <summary>A reminder's subject and plain-text body.</summary>
public sealed record ReminderText(string Subject, string Body);

/// <summary>
/// Writes reminders. A reminder names the patient by first name only and states a time: no family name, record number,
/// date of birth, treatment, medicine or diagnosis, and a neutral subject, because e-mail is read on shared screens and
/// lock screens. The clinic's name and phone, the portal link and the opt-out link complete it.
/// </summary>
public static class ReminderComposer
{
    public const string AppointmentSubject = "Your appointment reminder";

    public const string QuestionnaireSubject = "A check-in is ready for you";

    public static ReminderText Appointment(
        string firstName, DateTimeOffset start, TimeZoneInfo zone, string clinicName, string? clinicPhone, string portalUrl, string optOutUrl)
    {
        var local = TimeZoneInfo.ConvertTime(start, zone);
        var body = new StringBuilder()
            .Append("Hello ").Append(firstName.Trim()).Append(",\n\n")
            .Append("This is a reminder of your appointment at ").Append(clinicName).Append(" on ")
            .Append(local.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture)).Append(" at ")
            .Append(local.ToString("h:mm tt", CultureInfo.InvariantCulture)).Append(" (").Append(zone.Id).Append(" time).\n\n")
            .Append(clinicPhone is { Length: > 0 } phone ? $"If you need to change it, please call us on {phone} or use the patient portal:\n" : "If you need to change it, please use the patient portal:\n")
            .Append(portalUrl).Append("\n\n");
        return new ReminderText(AppointmentSubject, Close(body, clinicName, optOutUrl));
    }

    public static ReminderText Questionnaire(
        string firstName, DateTimeOffset dueAt, TimeZoneInfo zone, string clinicName, string? clinicPhone, string portalUrl, string optOutUrl)
    {
        var local = TimeZoneInfo.ConvertTime(dueAt, zone);
        var body = new StringBuilder()
            .Append("Hello ").Append(firstName.Trim()).Append(",\n\n")
            .Append("A short check-in from ").Append(clinicName).Append(" is ready for you in the patient portal (due ")
            .Append(local.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture)).Append(" at ")
            .Append(local.ToString("h:mm tt", CultureInfo.InvariantCulture)).Append(", ").Append(zone.Id).Append(" time):\n")
            .Append(portalUrl).Append("\n\n")
            .Append(clinicPhone is { Length: > 0 } phone ? $"Questions? Call us on {phone}.\n\n" : "");
        return new ReminderText(QuestionnaireSubject, Close(body, clinicName, optOutUrl));
    }

    private static string Close(StringBuilder body, string clinicName, string optOutUrl) =>
        body.Append(clinicName).Append("\n\n")
            .Append("To stop e-mail reminders, open this link:\n").Append(optOutUrl).Append('\n')
            .ToString();
}

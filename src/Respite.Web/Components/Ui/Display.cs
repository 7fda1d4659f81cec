using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Respite.Web.Components.Ui;

/// <summary>Human wording for enum values, dates and field keys shown in the browser UI.</summary>
public static partial class Display
{
    private static readonly Dictionary<string, string> Overrides = new(StringComparer.Ordinal)
    {
        ["Sex.Unknown"] = "Unknown / not stated",
        ["ConditionCategory.ChronicPain"] = "Chronic pain",
        ["ConsultationConcern.ChronicPain"] = "Chronic pain",
        ["ConsultationConcern.Both"] = "Depression and chronic pain",
        ["MedicationClass.Maoi"] = "MAOI",
        ["MedicationClass.SedativeHypnotic"] = "Sedative / hypnotic",
        ["PainSymptom.JointPain"] = "Joint pain",
        ["PainSymptom.MuscleAches"] = "Muscle aches",
        ["PainSymptom.BurningPain"] = "Burning pain",
        ["PainSymptom.SleepProblems"] = "Sleep problems",
        ["PainSymptom.LossOfLibido"] = "Loss of libido",
        ["PainSymptom.DrugOrAlcoholUse"] = "Drug or alcohol use",
        ["PainSymptom.RelationshipProblems"] = "Relationship problems",
        ["PainSymptom.JobLoss"] = "Job loss / work impact",
        ["PainSymptom.SuicidalThoughts"] = "Suicidal thoughts",
        ["AssessmentContext.PreSession"] = "Pre-session",
        ["AssessmentContext.PostSession"] = "Post-session",
        ["AssessmentContext.FollowUp"] = "Follow-up",
        ["Modality.IvKetamineDepression"] = "IV ketamine – depression",
        ["Modality.IvKetamineChronicPain"] = "IV ketamine – chronic pain",
        ["Modality.EsketamineNasalSpray"] = "Esketamine nasal spray",
        ["Eligibility.EligibleWithCautions"] = "Eligible with cautions",
        ["Eligibility.NotEligible"] = "Not eligible",
        ["FindingSeverity.Information"] = "Information",
        ["MedicalFlag.Hypertension"] = "Hypertension",
        ["MedicalFlag.CardiovascularDisease"] = "Cardiovascular disease",
        ["MedicalFlag.AneurysmalVascularDiseaseOrAvm"] = "Aneurysmal vascular disease or arteriovenous malformation",
        ["MedicalFlag.IntracerebralHaemorrhage"] = "History of intracerebral haemorrhage",
        ["MedicalFlag.Psychosis"] = "Psychosis (current or history)",
        ["MedicalFlag.Pregnancy"] = "Pregnant or breastfeeding",
        ["MedicalFlag.LiverDisease"] = "Liver disease",
        ["MedicalFlag.RaisedIntracranialOrIntraocularPressure"] = "Raised intracranial or intraocular pressure",
        ["MedicalFlag.KetamineHypersensitivity"] = "Hypersensitivity to ketamine / esketamine",
        ["SubstanceUseStatus.None"] = "None",
        ["SubstanceUseStatus.Past"] = "Past",
        ["SubstanceUseStatus.Current"] = "Current",
        ["AuditOutcome.NotFound"] = "Not found",
        ["AuditAction.LoginFailed"] = "Login failed",
        ["AppointmentKind.IvInfusion"] = "IV infusion",
        ["AppointmentKind.EsketamineSession"] = "Esketamine session",
        ["SessionKind.IvInfusion"] = "IV infusion",
        ["SideEffect.BloodPressureRise"] = "Blood pressure rise",
    };

    /// <summary>The API spelling of an enum value (e.g. iv-infusion), for CSS classes and test hooks.</summary>
    public static string Kebab<T>(T value)
        where T : struct, System.Enum => Respite.Web.Features.Shared.JsonDefaults.Kebab(value);

    public static string Enum<T>(T value)
        where T : struct, System.Enum =>
        Overrides.TryGetValue($"{typeof(T).Name}.{value}", out var label) ? label : Words(value.ToString());

    public static string Enum<T>(T? value, string missing = "—")
        where T : struct, System.Enum =>
        value is { } v ? Enum(v) : missing;

    public static string Words(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (i > 0 && char.IsUpper(c) && (char.IsLower(pascal[i - 1]) || (i + 1 < pascal.Length && char.IsLower(pascal[i + 1]))))
            {
                builder.Append(' ');
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static readonly Dictionary<string, string> FieldNames = new(StringComparer.Ordinal)
    {
        ["givenName"] = "First name",
        ["familyName"] = "Last name",
        ["dateOfBirth"] = "Date of birth",
        ["email"] = "E-mail",
        ["weightKg"] = "Weight",
        ["weightMeasuredOn"] = "Weighed on",
        ["icd10"] = "ICD-10 code",
        ["text"] = "description",
        ["doseMg"] = "dose (mg)",
        ["painConditions"] = "Pain conditions",
        ["preferredTimes"] = "Preferred times",
        ["displayName"] = "Display name",
        ["newPassword"] = "New password",
        ["conditions"] = "Condition",
        ["allergies"] = "Allergy",
        ["medications"] = "Medication",
        ["antidepressantTrials"] = "Antidepressant trial",
        ["answers"] = "Question",
    };

    /// <summary>Turns an error key such as <c>conditions[0].icd10</c> into "Condition 1 ICD-10 code".</summary>
    public static string Field(string key)
    {
        var match = RowField().Match(key);
        if (match.Success)
        {
            var row = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) + 1;
            var list = FieldNames.GetValueOrDefault(match.Groups[1].Value) ?? Words(match.Groups[1].Value);
            var field = match.Groups[3].Value;
            return field.Length == 0 ? $"{list} {row}" : $"{list} {row} {FieldNames.GetValueOrDefault(field) ?? Words(field).ToLowerInvariant()}";
        }

        if (FieldNames.TryGetValue(key, out var name))
        {
            return name;
        }

        var words = Words(key);
        return words.Length == 0 ? key : char.ToUpperInvariant(words[0]) + words[1..];
    }

    [GeneratedRegex(@"^(\w+)\[(\d+)\]\.?(\w*)$", RegexOptions.CultureInvariant)]
    private static partial Regex RowField();

    public static string Date(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset instant) => instant.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string When(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string When(DateTimeOffset? instant) => instant is { } value ? When(value) : "—";

    public static string IsoDate(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Number(decimal? value) => value is { } v ? Number(v) : "";

    public static string Ago(DateTimeOffset instant, DateTimeOffset now)
    {
        var span = now - instant;
        return span.TotalMinutes switch
        {
            < 1 => "just now",
            < 60 => $"{(int)span.TotalMinutes} min ago",
            < 60 * 24 => $"{(int)span.TotalHours} h ago",
            _ => $"{(int)span.TotalDays} d ago",
        };
    }
}

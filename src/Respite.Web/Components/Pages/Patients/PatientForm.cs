using System.Globalization;
using System.Text.RegularExpressions;
using Respite.Clinical.Patients;
using Respite.Clinical.Screening;
using Respite.Data.Patients;
using Respite.Web.Components.Ui;
using Respite.Web.Features.Patients;

namespace Respite.Web.Components.Pages.Patients;

/// <summary>The intake form as posted by the browser: text fields and a fixed number of rows per list.</summary>
public sealed partial class PatientForm
{
    public const int BlankRows = 3;

    public string? GivenName { get; set; }

    public string? FamilyName { get; set; }

    public string? DateOfBirth { get; set; }

    public string? Sex { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Address { get; set; }

    public string? EmergencyContact { get; set; }

    public string? WeightKg { get; set; }

    public string? WeightMeasuredOn { get; set; }

    public List<AllergyRow> Allergies { get; set; } = [];

    public List<ConditionRow> Conditions { get; set; } = [];

    public List<MedicationRow> Medications { get; set; } = [];

    public List<TrialRow> Trials { get; set; } = [];

    public string? SubstanceUse { get; set; }

    public string? SubstanceUseNotes { get; set; }

    public string? IntakeNotes { get; set; }

    public string? Version { get; set; }

    public sealed class AllergyRow
    {
        public string? Substance { get; set; }

        public string? Reaction { get; set; }

        public bool KetamineHypersensitivity { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Substance) && string.IsNullOrWhiteSpace(Reaction) && !KetamineHypersensitivity;
    }

    public sealed class ConditionRow
    {
        public string? Icd10 { get; set; }

        public string? Text { get; set; }

        public string? Category { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Icd10) && string.IsNullOrWhiteSpace(Text);
    }

    public sealed class MedicationRow
    {
        public string? Name { get; set; }

        public string? Dose { get; set; }

        public string? Frequency { get; set; }

        public string? Class { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Dose) && string.IsNullOrWhiteSpace(Frequency);
    }

    public sealed class TrialRow
    {
        public string? Drug { get; set; }

        public string? DoseMg { get; set; }

        public string? Weeks { get; set; }

        public string? Adequate { get; set; }

        public string? Outcome { get; set; }

        public bool IsBlank =>
            string.IsNullOrWhiteSpace(Drug) && string.IsNullOrWhiteSpace(DoseMg) && string.IsNullOrWhiteSpace(Weeks) && string.IsNullOrWhiteSpace(Outcome);
    }

    public static PatientForm Blank()
    {
        var form = new PatientForm { SubstanceUse = nameof(SubstanceUseStatus.None) };
        form.PadRows();
        return form;
    }

    public static PatientForm From(PatientDto patient)
    {
        var form = new PatientForm
        {
            GivenName = patient.GivenName,
            FamilyName = patient.FamilyName,
            DateOfBirth = Display.IsoDate(patient.DateOfBirth),
            Sex = patient.Sex.ToString(),
            Email = patient.Email,
            Phone = patient.Phone,
            Address = patient.Address,
            EmergencyContact = patient.EmergencyContact,
            WeightKg = Display.Number(patient.WeightKg),
            Allergies = patient.Allergies.Select(a => new AllergyRow
            {
                Substance = a.Substance, Reaction = a.Reaction, KetamineHypersensitivity = a.KetamineHypersensitivity,
            }).ToList(),
            Conditions = patient.Conditions.Select(c => new ConditionRow
            {
                Icd10 = c.Icd10, Text = c.Text, Category = c.Category.ToString(),
            }).ToList(),
            Medications = patient.Medications.Select(m => new MedicationRow
            {
                Name = m.Name, Dose = m.Dose, Frequency = m.Frequency, Class = m.Class.ToString(),
            }).ToList(),
            Trials = patient.AntidepressantTrials.Select(t => new TrialRow
            {
                Drug = t.Drug,
                DoseMg = Display.Number(t.DoseMg),
                Weeks = t.Weeks?.ToString(CultureInfo.InvariantCulture),
                Adequate = t.Adequate ? "yes" : "no",
                Outcome = t.Outcome,
            }).ToList(),
            SubstanceUse = patient.SubstanceUse.ToString(),
            SubstanceUseNotes = patient.SubstanceUseNotes,
            IntakeNotes = patient.IntakeNotes,
            Version = patient.Version.ToString(),
        };
        form.PadRows();
        return form;
    }

    public void PadRows()
    {
        Pad(Allergies, r => r.IsBlank);
        Pad(Conditions, r => r.IsBlank);
        Pad(Medications, r => r.IsBlank);
        Pad(Trials, r => r.IsBlank);
    }

    private static void Pad<T>(List<T> rows, Func<T, bool> isBlank)
        where T : new()
    {
        var trailingBlanks = 0;
        for (var i = rows.Count - 1; i >= 0 && isBlank(rows[i]); i--)
        {
            trailingBlanks++;
        }

        for (var i = trailingBlanks; i < BlankRows; i++)
        {
            rows.Add(new T());
        }
    }

    /// <summary>Builds the service input; rows left blank are dropped, and <paramref name="rowIndex"/> maps each kept row back to its form row.</summary>
    public PatientInput ToInput(
        IReadOnlyList<MedicalFlag> flags,
        IReadOnlyList<PainSymptom> symptoms,
        Dictionary<string, string[]> errors,
        Dictionary<string, List<int>> rowIndex)
    {
        List<TInput> Rows<TRow, TInput>(string key, List<TRow> rows, Func<TRow, bool> isBlank, Func<TRow, int, TInput> map)
        {
            var kept = new List<int>();
            var result = new List<TInput>();
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i] is { } row && !isBlank(row))
                {
                    kept.Add(i);
                    result.Add(map(row, i));
                }
            }

            rowIndex[key] = kept;
            return result;
        }

        var sex = FormValues.ParseEnum<Sex>(Sex);
        return new PatientInput
        {
            GivenName = GivenName,
            FamilyName = FamilyName,
            DateOfBirth = FormValues.ParseDate(DateOfBirth, "dateOfBirth", errors),
            Sex = sex,
            Email = Email,
            Phone = Phone,
            Address = Address,
            EmergencyContact = EmergencyContact,
            WeightKg = FormValues.ParseDecimal(WeightKg, "weightKg", errors),
            WeightMeasuredOn = FormValues.ParseDate(WeightMeasuredOn, "weightMeasuredOn", errors),
            Allergies = Rows("allergies", Allergies, r => r.IsBlank, (r, _) => new AllergyInput(r.Substance, r.Reaction, r.KetamineHypersensitivity)),
            Conditions = Rows("conditions", Conditions, r => r.IsBlank, (r, _) =>
            {
                var known = CommonConditions.Find(r.Icd10);
                var text = string.IsNullOrWhiteSpace(r.Text) ? known?.Text : r.Text;
                var category = FormValues.ParseEnum<ConditionCategory>(r.Category) ?? known?.Category;
                return new ConditionInput(r.Icd10, text, category);
            }),
            Medications = Rows("medications", Medications, r => r.IsBlank, (r, _) =>
                new MedicationInput(r.Name, r.Dose, r.Frequency, FormValues.ParseEnum<MedicationClass>(r.Class))),
            AntidepressantTrials = Rows("antidepressantTrials", Trials, r => r.IsBlank, (r, i) => new AntidepressantTrialInput(
                r.Drug,
                FormValues.ParseDecimal(r.DoseMg, $"antidepressantTrials[{i}].doseMg", errors),
                FormValues.ParseInt(r.Weeks, $"antidepressantTrials[{i}].weeks", errors),
                r.Adequate == "yes",
                r.Outcome)),
            SubstanceUse = FormValues.ParseEnum<SubstanceUseStatus>(SubstanceUse),
            SubstanceUseNotes = SubstanceUseNotes,
            MedicalFlags = flags.ToList(),
            PainSymptoms = symptoms.ToList(),
            IntakeNotes = IntakeNotes,
            Version = Guid.TryParse(Version, out var version) ? version : null,
        };
    }

    /// <summary>Renames service error keys such as <c>conditions[0].icd10</c> to the form row they came from.</summary>
    public static Dictionary<string, string[]> MapRowErrors(IDictionary<string, string[]> errors, Dictionary<string, List<int>> rowIndex)
    {
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, messages) in errors)
        {
            var match = RowKey().Match(key);
            var mapped = key;
            if (match.Success && rowIndex.TryGetValue(match.Groups[1].Value, out var kept)
                && int.TryParse(match.Groups[2].Value, CultureInfo.InvariantCulture, out var index) && index < kept.Count)
            {
                mapped = $"{match.Groups[1].Value}[{kept[index]}]{match.Groups[3].Value}";
            }

            result[mapped] = result.TryGetValue(mapped, out var existing) ? [.. existing, .. messages] : messages;
        }

        return result;
    }

    [GeneratedRegex(@"^(allergies|conditions|medications|antidepressantTrials)\[(\d+)\](.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex RowKey();
}

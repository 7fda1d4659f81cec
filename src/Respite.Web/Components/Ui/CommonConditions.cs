using Respite.Data.Patients;

namespace Respite.Web.Components.Ui;

/// <summary>ICD-10-CM codes the clinic records most often, offered as suggestions on the intake form.</summary>
public static class CommonConditions
{
    public sealed record Code(string Icd10, string Text, ConditionCategory Category);

    public static IReadOnlyList<Code> All { get; } =
    [
        new("F32.A", "Depression, unspecified", ConditionCategory.Depression),
        new("F33.2", "Major depressive disorder, recurrent severe without psychotic features", ConditionCategory.Depression),
        new("F33.1", "Major depressive disorder, recurrent, moderate", ConditionCategory.Depression),
        new("F32.2", "Major depressive disorder, single episode, severe without psychotic features", ConditionCategory.Depression),
        new("M79.7", "Fibromyalgia", ConditionCategory.ChronicPain),
        new("G90.50", "Complex regional pain syndrome I, unspecified", ConditionCategory.ChronicPain),
        new("M79.2", "Neuralgia and neuritis, unspecified", ConditionCategory.ChronicPain),
        new("M19.90", "Unspecified osteoarthritis, unspecified site", ConditionCategory.ChronicPain),
        new("G89.29", "Other chronic pain", ConditionCategory.ChronicPain),
        new("G89.4", "Chronic pain syndrome", ConditionCategory.ChronicPain),
    ];

    public static Code? Find(string? icd10) =>
        string.IsNullOrWhiteSpace(icd10) ? null : All.FirstOrDefault(c => string.Equals(c.Icd10, icd10.Trim(), StringComparison.OrdinalIgnoreCase));
}

namespace Respite.Web.Features.Consultations;

/// <summary>Pain conditions a person can tick on the public page, with the ICD-10 code used when a patient is created.</summary>
public static class PainConditionOptions
{
    public sealed record Option(string Key, string Label, string Icd10, string Icd10Text);

    public static IReadOnlyList<Option> All { get; } =
    [
        new("neuropathic-pain", "Neuropathic pain", "M79.2", "Neuralgia and neuritis, unspecified"),
        new("fibromyalgia", "Fibromyalgia", "M79.7", "Fibromyalgia"),
        new("crps", "Complex regional pain syndrome (CRPS)", "G90.50", "Complex regional pain syndrome I, unspecified"),
        new("arthritis", "Arthritis", "M19.90", "Unspecified osteoarthritis, unspecified site"),
        new("migraine", "Migraine / chronic headache", "G43.909", "Migraine, unspecified, not intractable"),
        new("back-pain", "Chronic back pain", "M54.50", "Low back pain, unspecified"),
        new("other-pain", "Other chronic pain", "G89.29", "Other chronic pain"),
    ];

    public static Option? Find(string key) => All.FirstOrDefault(o => o.Key == key);

    public const string DepressionIcd10 = "F32.A";
    public const string DepressionText = "Depression, unspecified";
}

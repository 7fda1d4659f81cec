namespace Respite.Fhir.Questionnaires;

/// <summary>
/// Whether an instrument's wording may be handed out in a Questionnaire, after the licences CLINICAL-SOURCES §4 gives.
/// A Questionnaire of an instrument that may not be distributed keeps its structure (link ids, answer types and values)
/// and leaves out the item and answer wording.
/// </summary>
public static class QuestionnaireLicensing
{
    private static readonly Dictionary<string, string> Reasons = new(StringComparer.Ordinal)
    {
        ["phq9"] = "Pfizer released the PHQ and GAD-7 without copyright restriction: no permission is required to reproduce, translate, display or distribute.",
        ["phq2"] = "Pfizer released the PHQ and GAD-7 without copyright restriction: no permission is required to reproduce, translate, display or distribute.",
        ["gad7"] = "Pfizer released the PHQ and GAD-7 without copyright restriction: no permission is required to reproduce, translate, display or distribute.",
        ["nrs-pain"] = "Public domain.",
        ["peg3"] = "Public domain.",
        ["auditc"] = "WHO AUDIT: public domain.",
    };

    /// <summary>True where the sources allow distributing the wording.</summary>
    public static bool MayDistributeWording(string instrumentCode) => Reasons.ContainsKey(instrumentCode);

    /// <summary>
    /// Why the wording is (or is not) distributed. C-SSRS: free for health-care providers, including in their records,
    /// which is not a licence to republish; DAST-10: non-commercial use with credit, commercial software needs
    /// permission; MADRS: the licence is unconfirmed.
    /// </summary>
    public static string Reason(string instrumentCode) =>
        Reasons.TryGetValue(instrumentCode, out var reason)
            ? reason
            : "The licence does not allow Respite to distribute the wording; the Questionnaire carries the structure only.";
}

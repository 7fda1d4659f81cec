using Respite.Clinical.Instruments;
using Respite.Data.Assessments;
using Respite.Web.Components.Ui;

namespace Respite.Web.Components.Portal;

/// <summary>Patient-facing wording for the portal's questionnaires.</summary>
public static class PortalText
{
    /// <summary>A plain title for an instrument, e.g. "How you have been feeling" for the PHQ-9.</summary>
    public static string Title(string code) => code switch
    {
        "phq9" => "How you have been feeling",
        "phq2" => "Your mood",
        "gad7" => "Worry and nerves",
        "nrs-pain" => "Your pain right now",
        "peg3" => "Your pain this past week",
        "dast10" => "Drug use",
        "auditc" => "Alcohol",
        _ => InstrumentCatalog.TryGet(code, out var d) ? d.Name : code,
    };

    /// <summary>The lead-in to the items, in the instrument's recall period.</summary>
    public static string Prompt(InstrumentDefinition instrument) => instrument.Code switch
    {
        "phq9" or "phq2" or "gad7" => $"{instrument.RecallPeriod}, how often have you been bothered by the following problems?",
        "nrs-pain" => "Choose the number that best describes your pain right now: 0 means no pain, 10 the worst pain you can imagine.",
        "peg3" => "Choose a number from 0 to 10 for each question, thinking of the past week.",
        _ => $"{instrument.RecallPeriod}:",
    };

    public static string AnswerHref(string code, AssessmentContext context) =>
        $"/portal/questionnaires/{Uri.EscapeDataString(code)}?context={Display.Kebab(context)}";
}

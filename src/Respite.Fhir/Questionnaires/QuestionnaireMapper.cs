using System.Globalization;
using Hl7.Fhir.Model;
using Respite.Clinical.Instruments;

namespace Respite.Fhir.Questionnaires;

/// <summary>
/// The instruments Respite administers → Questionnaire (read-only), with link ids that are the items' printed labels
/// (<c>1</c>…<c>9</c>, <c>6b</c>) and answer values that are the item scores. Wording only where
/// <see cref="QuestionnaireLicensing"/> allows it.
/// </summary>
public static class QuestionnaireMapper
{
    /// <summary>C-SSRS screener items asked only after a yes to another item (linkId → the gating linkId).</summary>
    private static readonly Dictionary<(string Instrument, string LinkId), string> Gates = new()
    {
        [("cssrs-screener", "3")] = "2",
        [("cssrs-screener", "4")] = "2",
        [("cssrs-screener", "5")] = "2",
        [("cssrs-screener", "6b")] = "6",
    };

    public static Questionnaire ToFhir(InstrumentDefinition instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var wording = QuestionnaireLicensing.MayDistributeWording(instrument.Code);
        var questionnaire = new Questionnaire
        {
            Id = instrument.Code,
            Url = FhirSystems.QuestionnaireCanonical(instrument.Code),
            Name = new string(instrument.Name.Where(char.IsAsciiLetterOrDigit).ToArray()),
            Title = instrument.Name,
            Status = PublicationStatus.Active,
            SubjectType = [ResourceType.Patient],
            Description = wording ? $"{instrument.Description} Recall period: {instrument.RecallPeriod}." : instrument.Description,
            Copyright = instrument.Licence,
            Code = instrument.PanelLoinc is { } panel ? [FhirValues.Coding(FhirSystems.Loinc, panel)] : [],
        };
        foreach (var item in instrument.Items)
        {
            var component = new Questionnaire.ItemComponent
            {
                LinkId = item.Label,
                Prefix = item.Label,
                Text = wording ? item.Text : null,
                Type = item.Kind == AnswerKind.YesNo ? Questionnaire.QuestionnaireItemType.Boolean : Questionnaire.QuestionnaireItemType.Choice,
                Required = !item.Optional,
                Code = item.Loinc is { } loinc ? [FhirValues.Coding(FhirSystems.Loinc, loinc)] : [],
            };
            if (item.Kind == AnswerKind.Score)
            {
                foreach (var option in item.Options)
                {
                    component.AnswerOption.Add(new Questionnaire.AnswerOptionComponent { Value = AnswerCoding(instrument, option.Value, wording ? option.Label : null) });
                }
            }

            if (Gates.TryGetValue((instrument.Code, item.Label), out var gate))
            {
                component.EnableWhen.Add(new Questionnaire.EnableWhenComponent
                {
                    Question = gate,
                    Operator = Questionnaire.QuestionnaireItemOperator.Equal,
                    Answer = new FhirBoolean(true),
                });
            }

            questionnaire.Item.Add(component);
        }

        return questionnaire;
    }

    /// <summary>The instrument a Questionnaire canonical names (a <c>|version</c> suffix is ignored).</summary>
    public static bool TryGetInstrument(string? canonical, out InstrumentDefinition? instrument)
    {
        instrument = null;
        if (string.IsNullOrEmpty(canonical))
        {
            return false;
        }

        var url = canonical.Split('|')[0];
        instrument = InstrumentCatalog.All.FirstOrDefault(i => FhirSystems.QuestionnaireCanonical(i.Code) == url);
        return instrument is not null;
    }

    internal static Coding AnswerCoding(InstrumentDefinition instrument, decimal value, string? display) =>
        FhirValues.Coding(FhirSystems.InstrumentAnswers(instrument.Code), value.ToString(CultureInfo.InvariantCulture), display);
}

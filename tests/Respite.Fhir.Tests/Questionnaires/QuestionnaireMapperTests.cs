using Hl7.Fhir.Model;
using Respite.Clinical.Instruments;
using Respite.Fhir.Questionnaires;

namespace Respite.Fhir.Tests.Questionnaires;

public sealed class QuestionnaireMapperTests
{
    public static TheoryData<string> Instruments => [.. InstrumentCatalog.All.Select(i => i.Code)];

    [Theory]
    [InlineData("phq9")]
    [InlineData("cssrs-screener")]
    [InlineData("dast10")]
    public void ToFhir_Instrument_MatchesGoldenFile(string code)
    {
        InstrumentCatalog.TryGet(code, out var instrument);

        GoldenFiles.AssertMatches($"questionnaire-{code}.json", QuestionnaireMapper.ToFhir(instrument!));
    }

    [Theory]
    [MemberData(nameof(Instruments))]
    public void ToFhir_EveryInstrument_IsValidAndHasOneItemPerInstrumentItem(string code)
    {
        InstrumentCatalog.TryGet(code, out var instrument);

        var questionnaire = QuestionnaireMapper.ToFhir(instrument!);

        Issues.AssertValid(questionnaire);
        Assert.Equal(FhirSystems.QuestionnaireCanonical(code), questionnaire.Url);
        Assert.Equal(instrument!.Items.Select(i => i.Label), questionnaire.Item.Select(i => i.LinkId));
        Assert.Equal(instrument.Items.Select(i => !i.Optional), questionnaire.Item.Select(i => i.Required ?? false));
        Assert.True(QuestionnaireMapper.TryGetInstrument(questionnaire.Url, out var back));
        Assert.Same(instrument, back);
    }

    [Theory]
    [MemberData(nameof(Instruments))]
    public void ToFhir_EveryInstrument_CarriesWordingOnlyWhereTheLicenceAllows(string code)
    {
        InstrumentCatalog.TryGet(code, out var instrument);

        var questionnaire = QuestionnaireMapper.ToFhir(instrument!);

        var texts = questionnaire.Item.Select(i => i.Text)
            .Concat(questionnaire.Item.SelectMany(i => i.AnswerOption).Select(o => ((Coding)o.Value!).Display))
            .ToList();
        if (QuestionnaireLicensing.MayDistributeWording(code))
        {
            Assert.All(questionnaire.Item, i => Assert.Equal(instrument!.Items.Single(x => x.Label == i.LinkId).Text, i.Text));
        }
        else
        {
            Assert.All(texts, Assert.Null);
            Assert.DoesNotContain(instrument!.Items[0].Text, FhirFormats.ToJson(questionnaire), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("phq9", true)]
    [InlineData("phq2", true)]
    [InlineData("gad7", true)]
    [InlineData("nrs-pain", true)]
    [InlineData("peg3", true)]
    [InlineData("auditc", true)]
    [InlineData("cssrs-screener", false)]
    [InlineData("dast10", false)]
    [InlineData("madrs", false)]
    public void MayDistributeWording_FollowsTheSourcesLicences(string code, bool expected)
    {
        Assert.Equal(expected, QuestionnaireLicensing.MayDistributeWording(code));
    }

    [Fact]
    public void ToFhir_Cssrs_FollowUpsAreEnabledByTheirGate()
    {
        var questionnaire = QuestionnaireMapper.ToFhir(InstrumentCatalog.CssrsScreener);

        var gates = questionnaire.Item.Where(i => i.EnableWhen.Count > 0).ToDictionary(i => i.LinkId!, i => i.EnableWhen[0].Question!);
        Assert.Equal(new Dictionary<string, string> { ["3"] = "2", ["4"] = "2", ["5"] = "2", ["6b"] = "6" }, gates);
    }

    [Fact]
    public void ToFhir_Phq9_AnswerOptionsAreTheItemScores()
    {
        var item9 = QuestionnaireMapper.ToFhir(InstrumentCatalog.Phq9).Item[8];

        Assert.Equal("44260-8", item9.Code.Single().Code);
        Assert.Equal(["0", "1", "2", "3"], item9.AnswerOption.Select(o => ((Coding)o.Value!).Code));
        Assert.All(item9.AnswerOption, o => Assert.Equal(FhirSystems.InstrumentAnswers("phq9"), ((Coding)o.Value!).System));
    }
}

using Hl7.Fhir.Model;
using Respite.Clinical.Instruments;
using Respite.Fhir;
using Respite.Web.Features.Fhir.Sources;
using Respite.Web.Tests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir.Sources;

public sealed class QuestionnaireSourceTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    [Fact]
    public async Task Read_InstrumentCode_IsItsQuestionnaire()
    {
        var entry = await SourceHarness.ReadAsync<QuestionnaireSource>(factory, "phq9");

        var questionnaire = Assert.IsType<Questionnaire>(entry!.Resource);
        Assert.Null(entry.PatientId);
        Assert.Equal(FhirSystems.QuestionnaireCanonical("phq9"), questionnaire.Url);
        Assert.Equal(9, questionnaire.Item.Count);
        Assert.Equal("44249-1", questionnaire.Code.Single().Code);
    }

    [Theory]
    [InlineData("PHQ9")]
    [InlineData("bpi")]
    [InlineData("not a valid id!")]
    public async Task Read_UnknownCode_IsNull(string id) =>
        Assert.Null(await SourceHarness.ReadAsync<QuestionnaireSource>(factory, id));

    [Fact]
    public async Task Read_ResourceIsACopy_ChangingItLeavesTheNextReadAlone()
    {
        var first = (Questionnaire)(await SourceHarness.ReadAsync<QuestionnaireSource>(factory, "gad7"))!.Resource;
        first.Item.Clear();

        var second = (Questionnaire)(await SourceHarness.ReadAsync<QuestionnaireSource>(factory, "gad7"))!.Resource;
        Assert.Equal(7, second.Item.Count);
    }

    [Fact]
    public async Task Search_All_EveryInstrumentOnce_ByCode()
    {
        var ids = await SourceHarness.IdsAsync<QuestionnaireSource>(factory, "");

        Assert.Equal(InstrumentCatalog.All.Select(i => i.Code).Order(StringComparer.Ordinal), ids);
    }

    [Theory]
    [InlineData("_id=phq9,gad7", "gad7,phq9")]
    [InlineData("_id=phq9&_id=gad7", "")]
    [InlineData("url=https://respite.dev/fhir/Questionnaire/gad7", "gad7")]
    [InlineData("url=https://respite.dev/fhir/Questionnaire/gad7|1.0", "gad7")]
    [InlineData("url=https://respite.dev/fhir/Questionnaire/none", "")]
    [InlineData("title=phq", "phq2,phq9")]
    [InlineData("title=PHQ-9", "phq9")]
    [InlineData("title=depression", "")]
    [InlineData("code=http://loinc.org|44249-1", "phq9")]
    [InlineData("code=http://snomed.info/sct|44249-1", "")]
    public async Task Search_Parameters_MatchAndMiss(string query, string expected) =>
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), await SourceHarness.IdsAsync<QuestionnaireSource>(factory, query));

    [Fact]
    public async Task Search_Name_StartsWithTheComputerName()
    {
        var phq9 = (Questionnaire)(await SourceHarness.ReadAsync<QuestionnaireSource>(factory, "phq9"))!.Resource;

        Assert.Contains("phq9", await SourceHarness.IdsAsync<QuestionnaireSource>(factory, "name=" + phq9.Name!.ToLowerInvariant()));
        Assert.Empty(await SourceHarness.IdsAsync<QuestionnaireSource>(factory, "name=zz"));
    }
}

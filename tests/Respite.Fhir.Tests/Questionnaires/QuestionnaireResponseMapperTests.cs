using Hl7.Fhir.Model;
using Respite.Clinical.Instruments;
using Respite.Fhir.Observations;
using Respite.Fhir.Questionnaires;

namespace Respite.Fhir.Tests.Questionnaires;

public sealed class QuestionnaireResponseMapperTests
{
    private static readonly QuestionnaireAnswers Phq9 = new(
        Samples.AssessmentId, Samples.PatientId, "phq9",
        [.. new decimal[] { 2, 2, 1, 2, 1, 2, 1, 2, 1 }.Select(Answer.Number)],
        Samples.Morning, AnswerRespondent.Patient, Context: AnswerContext.PreSession);

    private static readonly QuestionnaireAnswers Cssrs = new(
        Samples.AssessmentId, Samples.PatientId, "cssrs-screener",
        [Answer.YesNo(true), Answer.YesNo(false), Answer.Skipped, Answer.Skipped, Answer.Skipped, Answer.YesNo(false), Answer.Skipped],
        Samples.Morning, AnswerRespondent.Clinician, Samples.NurseId, AnswerContext.Intake);

    private static readonly QuestionnaireAnswers Dast10 = new(
        Samples.AssessmentId, Samples.PatientId, "dast10",
        [.. new[] { true, false, true, false, false, false, false, false, false, false }.Select(Answer.YesNo)],
        Samples.Morning, AnswerRespondent.Patient);

    [Fact]
    public void ToFhir_Phq9_MatchesGoldenFile()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);

        GoldenFiles.AssertMatches("questionnaireresponse-phq9.json", response);
        Issues.AssertValid(response);
    }

    [Fact]
    public void ToFhir_CssrsWithSkippedItems_MatchesGoldenFile()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Cssrs);

        GoldenFiles.AssertMatches("questionnaireresponse-cssrs-screener.json", response);
        Assert.Equal(["1", "2", "6"], response.Item.Select(i => i.LinkId));
        Assert.All(response.Item, i => Assert.Null(i.Text));
    }

    [Theory]
    [InlineData("questionnaireresponse-phq9.json")]
    [InlineData("questionnaireresponse-cssrs-screener.json")]
    public void FromFhir_GoldenFile_GivesTheSameAnswers(string file)
    {
        var expected = file.Contains("phq9", StringComparison.Ordinal) ? Phq9 : Cssrs;

        var parsed = QuestionnaireResponseMapper.FromFhir(GoldenFiles.Parse<QuestionnaireResponse>(file));

        Assert.True(parsed.Succeeded, string.Join("; ", parsed.Issues.Select(i => i.Path + ": " + i.Message)));
        AssertSame(expected, parsed.Value!);
    }

    [Fact]
    public void ToFhirThenFromFhir_Dast10WithoutWording_GivesTheSameAnswers()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Dast10);

        Assert.All(response.Item, i => Assert.Null(i.Text));
        AssertSame(Dast10, QuestionnaireResponseMapper.FromFhir(response).Value!);
    }

    [Fact]
    public void FromFhir_AnswersAsIntegers_AreAccepted()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);
        foreach (var item in response.Item)
        {
            item.Answer[0].Value = new Integer(int.Parse(((Coding)item.Answer[0].Value!).Code!, System.Globalization.CultureInfo.InvariantCulture));
        }

        AssertSame(Phq9, QuestionnaireResponseMapper.FromFhir(response).Value!);
    }

    [Fact]
    public void ToScoreObservations_Phq9_GivesTotalAndItem9DerivedFromTheResponse()
    {
        var assessment = new ScoredAssessment(Phq9, 14m, "moderate", ["suicidal-ideation"], Samples.SessionId);

        var scores = QuestionnaireResponseMapper.ToScoreObservations(assessment);

        Assert.Equal(
            [
                new ScoreObservation(Samples.AssessmentId, Samples.PatientId, "phq9", null, 14m, Samples.Morning, Samples.SessionId, "moderate", assessment.Flags),
                new ScoreObservation(Samples.AssessmentId, Samples.PatientId, "phq9", "9", 1m, Samples.Morning, Samples.SessionId),
            ],
            scores);
        var observations = scores.Select(ObservationMapper.ToFhir).ToList();
        Assert.Equal([Samples.AssessmentId + "-total", Samples.AssessmentId + "-item-9"], observations.Select(o => o.Id));
        GoldenFiles.AssertMatches("observation-phq9-scores.json", GoldenFiles.Collection(observations));
    }

    [Fact]
    public void ToFhir_ClinicianRatingWithoutClinician_Throws()
    {
        Assert.Throws<ArgumentException>(() => QuestionnaireResponseMapper.ToFhir(Cssrs with { ClinicianId = null }));
    }

    [Fact]
    public void ToFhir_AnswerCountNotTheInstruments_Throws()
    {
        Assert.Throws<ArgumentException>(() => QuestionnaireResponseMapper.ToFhir(Phq9 with { Answers = [Answer.Number(1)] }));
    }

    [Fact]
    public void FromFhir_UnknownLinkId_ReportsThatItemsLinkId()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);
        response.Item[3].LinkId = "10";

        Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.item[3].linkId", FhirIssueKind.NotSupported);
    }

    [Fact]
    public void FromFhir_DuplicateLinkId_ReportsTheSecond()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);
        response.Item[4].LinkId = "4";

        Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.item[4].linkId", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_MissingRequiredItem_ReportsItemsWithTheItemsLabel()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);
        response.Item.RemoveAt(8);

        var issue = Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.item", FhirIssueKind.Value);
        Assert.Contains("item 9", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFhir_ItemWithoutAnswer_ReportsItsRequiredness()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);
        response.Item[2].Answer.Clear();

        Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.item[2].answer[0]", FhirIssueKind.Value);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("-1")]
    public void FromFhir_AnswerOutOfRange_ReportsThatAnswer(string code)
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);
        ((Coding)response.Item[2].Answer[0].Value!).Code = code;

        var issue = Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.item[2].answer[0]", FhirIssueKind.Value);
        Assert.Contains("0–3", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFhir_AnswerCodeNotANumber_ReportsValueCodingCode()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);
        ((Coding)response.Item[0].Answer[0].Value!).Code = "often";

        Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.item[0].answer[0].valueCoding.code", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_AnswerCodedInAnotherSystem_ReportsValueCodingSystem()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);
        ((Coding)response.Item[0].Answer[0].Value!).System = "http://loinc.org";

        Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.item[0].answer[0].valueCoding.system", FhirIssueKind.NotSupported);
    }

    [Fact]
    public void FromFhir_WrongAnswerType_ReportsValue()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);
        response.Item[0].Answer[0].Value = new FhirString("several days");

        Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.item[0].answer[0].value[x]", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_NumberForYesNoItem_ReportsValue()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Dast10);
        response.Item[1].Answer[0].Value = new Integer(1);

        Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.item[1].answer[0].value[x]", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_TwoAnswers_ReportsAnswer()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);
        response.Item[0].Answer.Add(new QuestionnaireResponse.AnswerComponent { Value = new Integer(1) });

        Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.item[0].answer", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_NestedItems_ReportsItem()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);
        response.Item[0].Item.Add(new QuestionnaireResponse.ItemComponent { LinkId = "1.1" });

        Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.item[0].item", FhirIssueKind.NotSupported);
    }

    [Fact]
    public void FromFhir_CssrsFollowUpAfterNo_ReportsThatAnswer()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Cssrs);
        response.Item.Add(new QuestionnaireResponse.ItemComponent { LinkId = "3", Answer = [new QuestionnaireResponse.AnswerComponent { Value = new FhirBoolean(true) }] });

        var issue = Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.item[3].answer[0]", FhirIssueKind.Value);
        Assert.Contains("only when item 2 is yes", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFhir_CssrsFollowUpMissingAfterYes_ReportsItem()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Cssrs);
        response.Item[1].Answer[0].Value = new FhirBoolean(true);

        var parsed = QuestionnaireResponseMapper.FromFhir(response);

        Assert.Equal(["QuestionnaireResponse.item", "QuestionnaireResponse.item", "QuestionnaireResponse.item"], parsed.Issues.Select(i => i.Path));
        Assert.Contains(parsed.Issues, i => i.Message.Contains("item 3 must be asked", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(QuestionnaireResponse.QuestionnaireResponseStatus.InProgress)]
    [InlineData(QuestionnaireResponse.QuestionnaireResponseStatus.Stopped)]
    [InlineData(QuestionnaireResponse.QuestionnaireResponseStatus.EnteredInError)]
    public void FromFhir_NotCompleted_ReportsStatus(QuestionnaireResponse.QuestionnaireResponseStatus status)
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);
        response.Status = status;

        Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.status", FhirIssueKind.NotSupported);
    }

    [Theory]
    [InlineData("http://loinc.org/q/44249-1")]
    [InlineData("https://respite.dev/fhir/Questionnaire/bpi")]
    public void FromFhir_UnknownQuestionnaire_ReportsQuestionnaire(string canonical)
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);
        response.Questionnaire = canonical;

        Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.questionnaire", FhirIssueKind.NotSupported);
    }

    [Fact]
    public void FromFhir_VersionedCanonical_IsAccepted()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);
        response.Questionnaire += "|1";

        Assert.True(QuestionnaireResponseMapper.FromFhir(response).Succeeded);
    }

    [Fact]
    public void FromFhir_NoQuestionnaire_ReportsQuestionnaire()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);
        response.Questionnaire = null;

        Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.questionnaire", FhirIssueKind.Required);
    }

    [Theory]
    [InlineData(null, FhirIssueKind.Required)]
    [InlineData("2026-03-02", FhirIssueKind.Value)]
    public void FromFhir_AuthoredMissingOrDateOnly_ReportsAuthored(string? authored, FhirIssueKind kind)
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);
        response.Authored = authored;

        Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.authored", kind);
    }

    [Fact]
    public void FromFhir_SubjectNotAPatient_ReportsSubjectReference()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);
        response.Subject = new ResourceReference("Patient/not-a-guid");

        Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.subject.reference", FhirIssueKind.NotSupported);
    }

    [Fact]
    public void FromFhir_SourceAnotherPatient_ReportsSourceReference()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);
        response.Source = FhirReferences.Patient(Guid.NewGuid());

        Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.source.reference", FhirIssueKind.NotSupported);
    }

    [Fact]
    public void FromFhir_MadrsFromThePatient_ReportsSource()
    {
        var madrs = new QuestionnaireAnswers(null, Samples.PatientId, "madrs", [.. Enumerable.Repeat(Answer.Number(2), 10)], Samples.Morning, AnswerRespondent.Patient);
        var response = QuestionnaireResponseMapper.ToFhir(madrs);

        Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.source", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_UnknownContext_ReportsTheExtensionsValue()
    {
        var response = QuestionnaireResponseMapper.ToFhir(Phq9);
        response.Extension[0].Value = new Code("bedtime");

        Issues.AssertSingleAt(QuestionnaireResponseMapper.FromFhir(response), "QuestionnaireResponse.extension[0].valueCode", FhirIssueKind.Value);
    }

    private static readonly Answer[] NoAnswers = [];

    private static void AssertSame(QuestionnaireAnswers expected, QuestionnaireAnswers actual)
    {
        Assert.Equal(expected.Answers, actual.Answers);
        Assert.Equal(expected with { Answers = NoAnswers }, actual with { Answers = NoAnswers });
    }
}

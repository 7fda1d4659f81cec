using System.Globalization;
using Hl7.Fhir.Model;
using Respite.Clinical.Instruments;
using Respite.Clinical.Patients;

namespace Respite.Fhir.Questionnaires;

/// <summary>
/// Assessments ↔ QuestionnaireResponse. Responses are writable for the instruments Respite knows: link ids, answer
/// types and values, and completeness are checked exactly as Respite's scorer checks answers given in Respite.
/// </summary>
public static class QuestionnaireResponseMapper
{
    public static QuestionnaireResponse ToFhir(QuestionnaireAnswers source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var instrument = Observations.ObservationMapper.Instrument(source.InstrumentCode);
        if (source.Answers.Count != instrument.Items.Count)
        {
            throw new ArgumentException($"{instrument.Name} has {instrument.Items.Count} items; {source.Answers.Count} answers were given.", nameof(source));
        }

        if (source.Respondent == AnswerRespondent.Clinician && source.ClinicianId is null)
        {
            throw new ArgumentException("A clinician rating names the clinician (ClinicianId).", nameof(source));
        }

        var wording = QuestionnaireLicensing.MayDistributeWording(instrument.Code);
        var response = new QuestionnaireResponse
        {
            Id = source.Id is { } id ? FhirReferences.Id(id) : null,
            Questionnaire = FhirSystems.QuestionnaireCanonical(instrument.Code),
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            Subject = FhirReferences.Patient(source.PatientId),
            Authored = FhirValues.Instant(source.AnsweredAt),
            Source = source.Respondent == AnswerRespondent.Clinician
                ? FhirReferences.Practitioner(source.ClinicianId!)
                : FhirReferences.Patient(source.PatientId),
        };
        if (source.Context is { } context)
        {
            response.Extension.Add(new Extension(FhirSystems.AssessmentContextExtension, new Code(ContextCode(context))));
        }

        for (var i = 0; i < instrument.Items.Count; i++)
        {
            var item = instrument.Items[i];
            var answer = source.Answers[i];
            if (answer.IsSkipped)
            {
                continue;
            }

            DataType value = answer.IsYesNo
                ? new FhirBoolean(answer.YesNoValue)
                : QuestionnaireMapper.AnswerCoding(instrument, answer.NumberValue,
                    wording ? item.Options.FirstOrDefault(o => o.Value == answer.NumberValue)?.Label : null);
            response.Item.Add(new QuestionnaireResponse.ItemComponent
            {
                LinkId = item.Label,
                Text = wording ? item.Text : null,
                Answer = [new QuestionnaireResponse.AnswerComponent { Value = value }],
            });
        }

        return response;
    }

    /// <summary>The total and the item scores with codes of their own (PHQ-9 item 9), as Observations derive them.</summary>
    public static IReadOnlyList<Observations.ScoreObservation> ToScoreObservations(ScoredAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var answers = assessment.Answers;
        var id = answers.Id ?? throw new ArgumentException("A stored assessment has an id.", nameof(assessment));
        var instrument = Observations.ObservationMapper.Instrument(answers.InstrumentCode);
        var scores = new List<Observations.ScoreObservation>
        {
            new(id, answers.PatientId, instrument.Code, null, assessment.Total, answers.AnsweredAt, assessment.SessionId, assessment.Band,
                assessment.Flags.Count > 0 ? assessment.Flags : null),
        };
        for (var i = 0; i < instrument.Items.Count; i++)
        {
            var item = instrument.Items[i];
            if (Observations.ObservationCodes.ItemOf(instrument, item) is not null && answers.Answers[i].IsNumber)
            {
                scores.Add(new(id, answers.PatientId, instrument.Code, item.Label, answers.Answers[i].NumberValue, answers.AnsweredAt, assessment.SessionId));
            }
        }

        return scores;
    }

    /// <summary>
    /// Reads the answers of a completed response to one of Respite's Questionnaires. Every item must be a known link id
    /// at the top level, at most once, with one answer of the item's type (a coding or integer for a scored item, a
    /// boolean for a yes/no item); the set must be complete and consistent as <see cref="InstrumentScorer"/> requires.
    /// </summary>
    public static FhirParseResult<QuestionnaireAnswers> FromFhir(QuestionnaireResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var issues = new List<FhirIssue>();
        if (response.Status is not (QuestionnaireResponse.QuestionnaireResponseStatus.Completed or QuestionnaireResponse.QuestionnaireResponseStatus.Amended))
        {
            issues.Add(new FhirIssue("QuestionnaireResponse.status", "Only completed (or amended) responses are accepted.",
                response.Status is null ? FhirIssueKind.Required : FhirIssueKind.NotSupported));
        }

        var subjectRead = FhirReferences.TryGetGuid(response.Subject, "Patient", out var patientId);
        if (!subjectRead)
        {
            issues.Add(response.Subject is null
                ? new FhirIssue("QuestionnaireResponse.subject", "The subject (a Patient reference) is required.", FhirIssueKind.Required)
                : new FhirIssue("QuestionnaireResponse.subject.reference", "The subject must reference a Respite patient (Patient/{id}).", FhirIssueKind.NotSupported));
        }

        DateTimeOffset answeredAt = default;
        if (string.IsNullOrEmpty(response.Authored))
        {
            issues.Add(new FhirIssue("QuestionnaireResponse.authored", "The time the answers were given (authored) is required.", FhirIssueKind.Required));
        }
        else if (!FhirValues.TryParseInstant(response.Authored, out answeredAt))
        {
            issues.Add(new FhirIssue("QuestionnaireResponse.authored", "authored must be a dateTime with a time and a time zone.", FhirIssueKind.Value));
        }

        var respondent = AnswerRespondent.Patient;
        string? clinicianId = null;
        if (response.Source is not null)
        {
            if (FhirReferences.TryGetId(response.Source, "Practitioner", out var practitioner))
            {
                respondent = AnswerRespondent.Clinician;
                clinicianId = practitioner;
            }
            else if (!FhirReferences.TryGetGuid(response.Source, "Patient", out var sourcePatient) || (subjectRead && sourcePatient != patientId))
            {
                issues.Add(new FhirIssue("QuestionnaireResponse.source.reference", "The source must be the subject patient or a Respite practitioner (Practitioner/{id}).", FhirIssueKind.NotSupported));
            }
        }

        AnswerContext? context = null;
        if (response.GetExtension(FhirSystems.AssessmentContextExtension) is { } extension)
        {
            var index = response.Extension.IndexOf(extension);
            if (extension.Value is Code { Value: { } code } && TryContext(code, out var parsed))
            {
                context = parsed;
            }
            else
            {
                issues.Add(new FhirIssue($"QuestionnaireResponse.extension[{index}].valueCode", "The assessment context is one of intake, pre-session, post-session, diary, follow-up.", FhirIssueKind.Value));
            }
        }

        if (string.IsNullOrEmpty(response.Questionnaire))
        {
            issues.Add(new FhirIssue("QuestionnaireResponse.questionnaire", "The questionnaire (the canonical URL of one of Respite's Questionnaires) is required.", FhirIssueKind.Required));
            return FhirParseResult<QuestionnaireAnswers>.Failure(issues);
        }

        if (!QuestionnaireMapper.TryGetInstrument(response.Questionnaire, out var found))
        {
            issues.Add(new FhirIssue("QuestionnaireResponse.questionnaire", "Unsupported questionnaire. Respite accepts responses to: "
                + string.Join(", ", InstrumentCatalog.All.Select(i => FhirSystems.QuestionnaireCanonical(i.Code))) + ".", FhirIssueKind.NotSupported));
            return FhirParseResult<QuestionnaireAnswers>.Failure(issues);
        }

        var instrument = found!;
        if (instrument.ClinicianRated && respondent == AnswerRespondent.Patient)
        {
            issues.Add(new FhirIssue("QuestionnaireResponse.source", $"{instrument.Name} is rated by a clinician: the source must be a Practitioner.", FhirIssueKind.Value));
        }

        var answers = ReadItems(response, instrument, issues, out var itemIndex);
        if (issues.Count == 0)
        {
            var outcome = InstrumentScorer.Score(instrument, answers, Sex.Unknown);
            foreach (var error in outcome.Errors)
            {
                issues.Add(new FhirIssue(PathOf(error.Field, itemIndex), error.Message, FhirIssueKind.Value));
            }
        }

        return FhirParseResult<QuestionnaireAnswers>.From(
            () => new QuestionnaireAnswers(
                Guid.TryParseExact(response.Id, "D", out var id) ? id : null,
                patientId,
                instrument.Code,
                answers,
                answeredAt,
                respondent,
                clinicianId,
                context),
            issues);
    }

    public static string ContextCode(AnswerContext context) => context switch
    {
        AnswerContext.Intake => "intake",
        AnswerContext.PreSession => "pre-session",
        AnswerContext.PostSession => "post-session",
        AnswerContext.Diary => "diary",
        AnswerContext.FollowUp => "follow-up",
        _ => throw new ArgumentOutOfRangeException(nameof(context), context, null),
    };

    private static bool TryContext(string code, out AnswerContext context)
    {
        foreach (var candidate in Enum.GetValues<AnswerContext>())
        {
            if (ContextCode(candidate) == code)
            {
                context = candidate;
                return true;
            }
        }

        context = default;
        return false;
    }

    private static Answer[] ReadItems(QuestionnaireResponse response, InstrumentDefinition instrument, List<FhirIssue> issues, out int[] itemIndex)
    {
        var answers = new Answer[instrument.Items.Count];
        itemIndex = Enumerable.Repeat(-1, instrument.Items.Count).ToArray();
        var answerSystem = FhirSystems.InstrumentAnswers(instrument.Code);
        for (var j = 0; j < response.Item.Count; j++)
        {
            var item = response.Item[j];
            var path = $"QuestionnaireResponse.item[{j}]";
            var k = instrument.Items.ToList().FindIndex(i => i.Label == item.LinkId);
            if (k < 0)
            {
                issues.Add(new FhirIssue(path + ".linkId", $"{instrument.Name} has no item '{item.LinkId}'. Link ids are: {string.Join(", ", instrument.Items.Select(i => i.Label))}.", FhirIssueKind.NotSupported));
                continue;
            }

            if (itemIndex[k] >= 0)
            {
                issues.Add(new FhirIssue(path + ".linkId", $"Item '{item.LinkId}' is answered more than once.", FhirIssueKind.Value));
                continue;
            }

            itemIndex[k] = j;
            if (item.Item.Count > 0 || item.Answer.Any(a => a.Item.Count > 0))
            {
                issues.Add(new FhirIssue(path + ".item", "Nested items are not part of Respite's questionnaires.", FhirIssueKind.NotSupported));
            }

            if (item.Answer.Count == 0)
            {
                continue;
            }

            if (item.Answer.Count > 1)
            {
                issues.Add(new FhirIssue(path + ".answer", $"Item '{item.LinkId}' takes one answer; got {item.Answer.Count}.", FhirIssueKind.Value));
                continue;
            }

            var valuePath = path + ".answer[0].value[x]";
            var definition = instrument.Items[k];
            switch (item.Answer[0].Value)
            {
                case FhirBoolean { Value: { } yes } when definition.Kind == AnswerKind.YesNo:
                    answers[k] = Answer.YesNo(yes);
                    break;
                case Integer { Value: { } number } when definition.Kind == AnswerKind.Score:
                    answers[k] = Answer.Number(number);
                    break;
                case Coding coding when definition.Kind == AnswerKind.Score:
                    if (coding.System is not null && coding.System != answerSystem)
                    {
                        issues.Add(new FhirIssue(path + ".answer[0].valueCoding.system", $"Answers to {instrument.Name} are coded in {answerSystem}.", FhirIssueKind.NotSupported));
                    }
                    else if (decimal.TryParse(coding.Code, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                    {
                        answers[k] = Answer.Number(value);
                    }
                    else
                    {
                        issues.Add(new FhirIssue(path + ".answer[0].valueCoding.code", FhirFormats.Invariant($"'{coding.Code}' is not an answer to {instrument.Name} item {definition.Label}: the codes are {definition.Min}–{definition.Max}."), FhirIssueKind.Value));
                    }

                    break;
                default:
                    issues.Add(new FhirIssue(valuePath, definition.Kind == AnswerKind.YesNo
                        ? $"{instrument.Name} item {definition.Label} is answered with valueBoolean."
                        : $"{instrument.Name} item {definition.Label} is answered with valueCoding (or valueInteger).", FhirIssueKind.Value));
                    break;
            }
        }

        return answers;
    }

    private static string PathOf(string field, int[] itemIndex)
    {
        if (field.StartsWith("answers[", StringComparison.Ordinal)
            && int.TryParse(field.AsSpan(8, field.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && k < itemIndex.Length)
        {
            return itemIndex[k] >= 0 ? $"QuestionnaireResponse.item[{itemIndex[k]}].answer[0]" : "QuestionnaireResponse.item";
        }

        return "QuestionnaireResponse.item";
    }
}

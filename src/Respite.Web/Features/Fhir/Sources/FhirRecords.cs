using System.Text.Json;
using Respite.Clinical.Instruments;
using Respite.Data.Assessments;
using Respite.Data.Patients;
using Respite.Data.Sessions;
using Respite.Fhir;
using Respite.Fhir.Observations;
using Respite.Fhir.Patients;
using Respite.Fhir.Questionnaires;

namespace Respite.Web.Features.Fhir.Sources;

/// <summary>Respite.Data entities as the FHIR-neutral records of Respite.Fhir.</summary>
public static class FhirRecords
{
    public static PatientDemographics Demographics(Patient p) => new(
        p.Id, p.RecordNumber, p.GivenName, p.FamilyName, p.DateOfBirth, p.Sex, p.Email, p.Phone, p.Address,
        VersionOf(p.Version), p.UpdatedAt);

    /// <summary>The version a Patient resource carries in <c>meta.versionId</c> and the ETag: the record's concurrency token.</summary>
    public static string VersionOf(Guid version) => version.ToString("N");

    public static VitalSignsReading Vitals(VitalsReading r, Guid patientId) => new(
        r.Id, patientId, r.SessionId, r.TakenAt, r.Systolic, r.Diastolic, r.HeartRate, r.SpO2, r.RespiratoryRate, r.Moaas,
        r.PreDose, r.RecordedByUserId, r.EnteredInErrorAt is not null);

    public static BodyWeightMeasurement Weight(WeightMeasurement w) =>
        new(w.Id, w.PatientId, w.WeightKg, w.MeasuredOn, w.RecordedByUserId);

    public static ScoredAssessment Scored(Assessment a)
    {
        var answers = new QuestionnaireAnswers(
            a.Id, a.PatientId, a.InstrumentCode, AnswersOf(a.AnswersJson), a.AnsweredAt,
            a.Respondent == Respondent.Clinician ? AnswerRespondent.Clinician : AnswerRespondent.Patient,
            a.Respondent == Respondent.Clinician ? a.RecordedByUserId : null,
            (AnswerContext)(int)a.Context);
        return new ScoredAssessment(answers, a.Total, a.Band, a.Flags);
    }

    /// <summary>The answers as stored: a JSON array of numbers, booleans and nulls (items not asked).</summary>
    public static IReadOnlyList<Answer> AnswersOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(e => e.ValueKind switch
        {
            JsonValueKind.Number => Answer.Number(e.GetDecimal()),
            JsonValueKind.True => Answer.YesNo(true),
            JsonValueKind.False => Answer.YesNo(false),
            _ => Answer.Skipped,
        }).ToList();
    }

    /// <summary>The Observations of a stored assessment: its total, and the item scores that have codes of their own.</summary>
    public static IEnumerable<Hl7.Fhir.Model.Observation> ScoreObservations(Assessment a) =>
        QuestionnaireResponseMapper.ToScoreObservations(Scored(a)).Select(ObservationMapper.ToFhir);

    public static string Id(Guid id) => FhirReferences.Id(id);

    /// <summary>
    /// Sets <c>meta.lastUpdated</c>: when the row was recorded, or last changed (an entry marked entered in error), the
    /// instant <c>_lastUpdated</c> searches and a bulk export's <c>_since</c> compare with.
    /// </summary>
    public static T Stamped<T>(T resource, DateTimeOffset lastUpdated)
        where T : Hl7.Fhir.Model.Resource
    {
        resource.Meta ??= new Hl7.Fhir.Model.Meta();
        resource.Meta.LastUpdated = lastUpdated;
        return resource;
    }
}

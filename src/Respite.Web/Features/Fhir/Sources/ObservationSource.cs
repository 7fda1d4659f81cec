using System.Runtime.CompilerServices;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Sessions;
using Respite.Fhir;
using Respite.Fhir.Observations;

namespace Respite.Web.Features.Fhir.Sources;

/// <summary>
/// Observations: the vital signs charted on sessions, body weights, and the scores of questionnaires (totals and the item
/// scores with codes of their own). Searches stream the vital signs first, then weights, then scores, each by time and id.
/// </summary>
public sealed class ObservationSource(RespiteDbContext db) : IFhirResourceSource
{
    public string ResourceType => "Observation";

    public FhirAccess Access => FhirAccess.PatientCompartment;

    public IReadOnlyList<FhirSearchParameter> SearchParameters { get; } =
    [
        FhirSearchParameter.Id,
        FhirSearchParameter.LastUpdated,
        FhirSearchParameter.Patient,
        FhirSearchParameter.Subject,
        new("code", FhirParameterKind.Token, "The Observation's code (http://loinc.org|8867-4, 44261-6, …)."),
        new("category", FhirParameterKind.Token, "vital-signs, survey or exam."),
        new("date", FhirParameterKind.Date, "When it was observed (effective)."),
        new("encounter", FhirParameterKind.Reference, "The session (Encounter) the vital signs were charted on.", "Encounter"),
    ];

    public async Task<FhirEntry?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (!ObservationIds.TryParse(id, out var source, out var measure))
        {
            return null;
        }

        IEnumerable<(Observation Resource, Guid PatientId)> candidates;
        if (ObservationIds.VitalSigns.Contains(measure))
        {
            var row = await Vitals().FirstOrDefaultAsync(x => x.Reading.Id == source, cancellationToken);
            candidates = row is null ? [] : VitalsObservations(row).Select(o => (o, row.PatientId));
        }
        else if (measure == ObservationIds.BodyWeight)
        {
            var weight = await db.WeightMeasurements.AsNoTracking().FirstOrDefaultAsync(w => w.Id == source, cancellationToken);
            candidates = weight is null ? [] : [(WeightObservation(weight), weight.PatientId)];
        }
        else
        {
            var assessment = await db.Assessments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == source, cancellationToken);
            candidates = assessment is null ? [] : ScoreObservations(assessment).Select(o => (o, assessment.PatientId));
        }

        return candidates.Where(c => c.Resource.Id == id).Select(c => new FhirEntry(c.Resource, c.PatientId)).FirstOrDefault();
    }

    public async IAsyncEnumerable<FhirEntry> SearchAsync(FhirQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query.MatchesNothing)
        {
            yield break;
        }

        var ids = query.Ids;
        var sources = ids?.Select(i => ObservationIds.TryParse(i, out var g, out _) ? g : Guid.Empty).Where(g => g != Guid.Empty).Distinct().ToList();
        var patient = query.PatientId;
        var date = query.Range("date");
        var updated = query.Range("_lastUpdated");
        var encounters = query.GuidReferences("encounter");
        var codes = query.Tokens("code");
        var categories = query.Tokens("category");

        bool Wanted(Observation o) =>
            (ids is null || ids.Contains(o.Id))
            && codes.All(alternatives => alternatives.Any(t => t.MatchesAny(o.Code)))
            && categories.All(alternatives => alternatives.Any(t => o.Category.Any(t.MatchesAny)));

        var vitals = Vitals();
        if (sources is not null)
        {
            vitals = vitals.Where(x => sources.Contains(x.Reading.Id));
        }

        if (patient is { } p)
        {
            vitals = vitals.Where(x => x.PatientId == p);
        }

        if (encounters is not null)
        {
            vitals = vitals.Where(x => encounters.Contains(x.Reading.SessionId));
        }

        if (date.From is { } from)
        {
            vitals = vitals.Where(x => x.Reading.TakenAt >= from);
        }

        if (date.To is { } to)
        {
            vitals = vitals.Where(x => x.Reading.TakenAt < to);
        }

        if (updated.From is { } changedFrom)
        {
            vitals = vitals.Where(x => (x.Reading.EnteredInErrorAt ?? x.Reading.RecordedAt) >= changedFrom);
        }

        if (updated.To is { } changedTo)
        {
            vitals = vitals.Where(x => (x.Reading.EnteredInErrorAt ?? x.Reading.RecordedAt) < changedTo);
        }

        await foreach (var row in vitals.OrderBy(x => x.Reading.TakenAt).ThenBy(x => x.Reading.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            foreach (var observation in VitalsObservations(row).Where(Wanted))
            {
                yield return new FhirEntry(observation, row.PatientId);
            }
        }

        if (encounters is not null)
        {
            // Weights and scores are not charted on a session.
            yield break;
        }

        var weights = db.WeightMeasurements.AsNoTracking();
        if (sources is not null)
        {
            weights = weights.Where(w => sources.Contains(w.Id));
        }

        if (patient is { } wp)
        {
            weights = weights.Where(w => w.PatientId == wp);
        }

        if (date.From is { } weighedFrom)
        {
            var first = DateOnly.FromDateTime(weighedFrom.UtcDateTime.AddDays(-1));
            weights = weights.Where(w => w.MeasuredOn >= first);
        }

        if (date.To is { } weighedTo)
        {
            var last = DateOnly.FromDateTime(weighedTo.UtcDateTime);
            weights = weights.Where(w => w.MeasuredOn <= last);
        }

        if (updated.From is { } weightChangedFrom)
        {
            weights = weights.Where(w => w.RecordedAt >= weightChangedFrom);
        }

        if (updated.To is { } weightChangedTo)
        {
            weights = weights.Where(w => w.RecordedAt < weightChangedTo);
        }

        await foreach (var weight in weights.OrderBy(w => w.MeasuredOn).ThenBy(w => w.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var observation = WeightObservation(weight);
            if (date.Overlaps(weight.MeasuredOn) && Wanted(observation))
            {
                yield return new FhirEntry(observation, weight.PatientId);
            }
        }

        var assessments = db.Assessments.AsNoTracking();
        if (sources is not null)
        {
            assessments = assessments.Where(a => sources.Contains(a.Id));
        }

        if (patient is { } ap)
        {
            assessments = assessments.Where(a => a.PatientId == ap);
        }

        if (date.From is { } answeredFrom)
        {
            assessments = assessments.Where(a => a.AnsweredAt >= answeredFrom);
        }

        if (date.To is { } answeredTo)
        {
            assessments = assessments.Where(a => a.AnsweredAt < answeredTo);
        }

        if (updated.From is { } answersChangedFrom)
        {
            assessments = assessments.Where(a => a.RecordedAt >= answersChangedFrom);
        }

        if (updated.To is { } answersChangedTo)
        {
            assessments = assessments.Where(a => a.RecordedAt < answersChangedTo);
        }

        await foreach (var assessment in assessments.OrderBy(a => a.AnsweredAt).ThenBy(a => a.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            foreach (var observation in ScoreObservations(assessment).Where(Wanted))
            {
                yield return new FhirEntry(observation, assessment.PatientId);
            }
        }
    }

    private static IEnumerable<Observation> VitalsObservations(VitalsRow row) =>
        ObservationMapper.ToFhir(FhirRecords.Vitals(row.Reading, row.PatientId))
            .Select(o => FhirRecords.Stamped(o, row.Reading.EnteredInErrorAt ?? row.Reading.RecordedAt));

    private static Observation WeightObservation(Respite.Data.Patients.WeightMeasurement weight) =>
        FhirRecords.Stamped(ObservationMapper.ToFhir(FhirRecords.Weight(weight)), weight.RecordedAt);

    private static IEnumerable<Observation> ScoreObservations(Respite.Data.Assessments.Assessment assessment) =>
        FhirRecords.ScoreObservations(assessment).Select(o => FhirRecords.Stamped(o, assessment.RecordedAt));

    private IQueryable<VitalsRow> Vitals() =>
        from reading in db.Set<VitalsReading>().AsNoTracking()
        join session in db.TreatmentSessions on reading.SessionId equals session.Id
        select new VitalsRow { Reading = reading, PatientId = session.PatientId };

    private sealed class VitalsRow
    {
        public required VitalsReading Reading { get; init; }

        public required Guid PatientId { get; init; }
    }
}

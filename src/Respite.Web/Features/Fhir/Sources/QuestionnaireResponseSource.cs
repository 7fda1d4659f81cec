using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Assessments;
using Respite.Fhir.Questionnaires;

namespace Respite.Web.Features.Fhir.Sources;

/// <summary>The questionnaires answered by or about patients (every instrument Respite scores) as QuestionnaireResponses.</summary>
public sealed class QuestionnaireResponseSource(RespiteDbContext db) : IFhirResourceSource
{
    public string ResourceType => "QuestionnaireResponse";

    public FhirAccess Access => FhirAccess.PatientCompartment;

    public IReadOnlyList<FhirSearchParameter> SearchParameters { get; } =
    [
        FhirSearchParameter.Id,
        FhirSearchParameter.LastUpdated,
        FhirSearchParameter.Patient,
        FhirSearchParameter.Subject,
        new("questionnaire", FhirParameterKind.Reference, "The instrument answered (Questionnaire/phq9 or its canonical URL).", "Questionnaire"),
        new("authored", FhirParameterKind.Date, "When the answers were given."),
    ];

    public async Task<FhirEntry?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "D", out var guid))
        {
            return null;
        }

        var assessment = await db.Assessments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == guid, cancellationToken);
        return assessment is null ? null : Entry(assessment);
    }

    public async IAsyncEnumerable<FhirEntry> SearchAsync(FhirQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query.MatchesNothing)
        {
            yield break;
        }

        var rows = db.Assessments.AsNoTracking();
        if (query.PatientId is { } patientId)
        {
            rows = rows.Where(a => a.PatientId == patientId);
        }

        if (SourceFilters.GuidIds(query) is { } ids)
        {
            rows = rows.Where(a => ids.Contains(a.Id));
        }

        foreach (var instrument in query.References("questionnaire"))
        {
            rows = rows.Where(a => a.InstrumentCode == instrument);
        }

        var authored = query.Range("authored");
        if (authored.From is { } from)
        {
            rows = rows.Where(a => a.AnsweredAt >= from);
        }

        if (authored.To is { } to)
        {
            rows = rows.Where(a => a.AnsweredAt < to);
        }

        var updated = query.Range("_lastUpdated");
        if (updated.From is { } changedFrom)
        {
            rows = rows.Where(a => a.RecordedAt >= changedFrom);
        }

        if (updated.To is { } changedTo)
        {
            rows = rows.Where(a => a.RecordedAt < changedTo);
        }

        await foreach (var assessment in rows.OrderBy(a => a.AnsweredAt).ThenBy(a => a.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return Entry(assessment);
        }
    }

    private static FhirEntry Entry(Assessment assessment) =>
        new(FhirRecords.Stamped(QuestionnaireResponseMapper.ToFhir(FhirRecords.Scored(assessment).Answers), assessment.RecordedAt), assessment.PatientId);
}

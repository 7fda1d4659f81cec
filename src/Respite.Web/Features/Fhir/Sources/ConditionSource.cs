using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Patients;
using Respite.Fhir;
using Respite.Fhir.Conditions;

namespace Respite.Web.Features.Fhir.Sources;

/// <summary>The diagnoses on a patient's record (ICD-10-CM) as Conditions.</summary>
public sealed class ConditionSource(RespiteDbContext db) : IFhirResourceSource
{
    public string ResourceType => "Condition";

    public FhirAccess Access => FhirAccess.PatientCompartment;

    public IReadOnlyList<FhirSearchParameter> SearchParameters { get; } =
    [
        FhirSearchParameter.Id,
        FhirSearchParameter.Patient,
        FhirSearchParameter.Subject,
        new("code", FhirParameterKind.Token, "The ICD-10-CM code (http://hl7.org/fhir/sid/icd-10-cm|F33.2)."),
        new("category", FhirParameterKind.Token, "problem-list-item, or Respite's grouping: depression, chronic-pain, other."),
    ];

    public async Task<FhirEntry?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "D", out var guid))
        {
            return null;
        }

        var condition = await db.PatientConditions.AsNoTracking().FirstOrDefaultAsync(c => c.Id == guid, cancellationToken);
        return condition is null ? null : Entry(condition);
    }

    public async IAsyncEnumerable<FhirEntry> SearchAsync(FhirQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query.MatchesNothing)
        {
            yield break;
        }

        var rows = db.PatientConditions.AsNoTracking();
        if (query.PatientId is { } patientId)
        {
            rows = rows.Where(c => c.PatientId == patientId);
        }

        if (SourceFilters.GuidIds(query) is { } ids)
        {
            rows = rows.Where(c => ids.Contains(c.Id));
        }

        foreach (var codes in query.Tokens("code"))
        {
            // Every Respite condition is coded in ICD-10-CM: a token for the whole system matches all of them.
            if (codes.Any(t => t.System == FhirSystems.Icd10Cm && t.Code is null))
            {
                continue;
            }

            var allowed = codes.Where(t => t.System is null || t.System == FhirSystems.Icd10Cm).Select(t => t.Code).OfType<string>().ToList();
            rows = rows.Where(c => allowed.Contains(c.Icd10Code));
        }

        foreach (var categories in query.Tokens("category"))
        {
            var allowed = SourceFilters.Allowed(categories, Enum.GetValues<ConditionCategory>(), category =>
            [
                (FhirSystems.ConditionCategory, "problem-list-item"),
                (FhirSystems.RespiteConditionCategory, ConditionMapper.CategoryCode(CategoryOf(category))),
            ]);
            rows = rows.Where(c => allowed.Contains(c.Category));
        }

        await foreach (var condition in rows.OrderBy(c => c.PatientId).ThenBy(c => c.Icd10Code).ThenBy(c => c.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return Entry(condition);
        }
    }

    private static FhirEntry Entry(PatientCondition condition) =>
        new(ConditionMapper.ToFhir(new Diagnosis(condition.Id, condition.PatientId, condition.Icd10Code, condition.Text, CategoryOf(condition.Category))), condition.PatientId);

    private static DiagnosisCategory CategoryOf(ConditionCategory category) => category switch
    {
        ConditionCategory.Depression => DiagnosisCategory.Depression,
        ConditionCategory.ChronicPain => DiagnosisCategory.ChronicPain,
        ConditionCategory.Other => DiagnosisCategory.Other,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };
}

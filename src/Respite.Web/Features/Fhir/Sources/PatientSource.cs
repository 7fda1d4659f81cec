using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Patients;
using Respite.Data;
using Respite.Data.Patients;
using Respite.Fhir;
using Respite.Fhir.Patients;

namespace Respite.Web.Features.Fhir.Sources;

/// <summary>Patients, by name, MRN, birth date and gender.</summary>
public sealed class PatientSource(RespiteDbContext db) : IFhirResourceSource
{
    public string ResourceType => "Patient";

    public FhirAccess Access => FhirAccess.PatientCompartment;

    public IReadOnlyList<FhirSearchParameter> SearchParameters { get; } =
    [
        FhirSearchParameter.Id,
        FhirSearchParameter.LastUpdated,
        new("identifier", FhirParameterKind.Token, $"The MRN ({FhirSystems.MedicalRecordNumber}|R-000042)."),
        new("name", FhirParameterKind.String, "Start of the given or family name (case-insensitive)."),
        new("family", FhirParameterKind.String, "Start of the family name (case-insensitive)."),
        new("given", FhirParameterKind.String, "Start of the given name (case-insensitive)."),
        new("birthdate", FhirParameterKind.Date, "The date of birth."),
        new("gender", FhirParameterKind.Token, "female, male, other or unknown."),
    ];

    public async Task<FhirEntry?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "D", out var guid))
        {
            return null;
        }

        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == guid, cancellationToken);
        return patient is null ? null : Entry(patient);
    }

    public async IAsyncEnumerable<FhirEntry> SearchAsync(FhirQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query.MatchesNothing)
        {
            yield break;
        }

        var patients = db.Patients.AsNoTracking();
        if (query.CompartmentPatient is { } own)
        {
            patients = patients.Where(p => p.Id == own);
        }

        if (query.Ids is { } ids)
        {
            var guids = ids.Select(i => Guid.TryParseExact(i, "D", out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
            patients = patients.Where(p => guids.Contains(p.Id));
        }

        foreach (var alternatives in query.Tokens("identifier"))
        {
            var numbers = alternatives.Where(t => t.System is null || t.System == FhirSystems.MedicalRecordNumber).Select(t => t.Code).OfType<string>().ToList();
            patients = patients.Where(p => numbers.Contains(p.RecordNumber));
        }

        foreach (var alternatives in query.Tokens("gender"))
        {
            var sexes = alternatives.Where(t => t.System is null || t.System == "http://hl7.org/fhir/administrative-gender")
                .Select(t => SexOf(t.Code)).OfType<Sex>().ToList();
            patients = patients.Where(p => sexes.Contains(p.Sex));
        }

        patients = StartsWith(patients, query.Strings("name"), both: true);
        patients = StartsWith(patients, query.Strings("family"), both: false, family: true);
        patients = StartsWith(patients, query.Strings("given"), both: false, family: false);

        var birth = query.Range("birthdate");
        if (birth.From is { } from)
        {
            var first = DateOnly.FromDateTime(from.UtcDateTime);
            first = from.UtcDateTime.TimeOfDay == TimeSpan.Zero ? first : first.AddDays(1);
            patients = patients.Where(p => p.DateOfBirth >= first);
        }

        if (birth.To is { } to)
        {
            var end = DateOnly.FromDateTime(to.UtcDateTime);
            end = to.UtcDateTime.TimeOfDay == TimeSpan.Zero ? end : end.AddDays(1);
            patients = patients.Where(p => p.DateOfBirth < end);
        }

        var updated = query.Range("_lastUpdated");
        if (updated.From is { } changedFrom)
        {
            patients = patients.Where(p => p.UpdatedAt >= changedFrom);
        }

        if (updated.To is { } changedTo)
        {
            patients = patients.Where(p => p.UpdatedAt < changedTo);
        }

        await foreach (var patient in patients.OrderBy(p => p.RecordNumber).ThenBy(p => p.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return Entry(patient);
        }
    }

    private static IQueryable<Patient> StartsWith(IQueryable<Patient> patients, IReadOnlyList<IReadOnlyList<string>> values, bool both, bool family = false)
    {
        foreach (var alternatives in values)
        {
            var prefixes = alternatives.Select(v => v.ToLowerInvariant()).Distinct().ToList();
            patients = patients.WhereAny(prefixes.Select(prefix => both
                ? (Expression<Func<Patient, bool>>)(p => p.GivenName.ToLower().StartsWith(prefix) || p.FamilyName.ToLower().StartsWith(prefix))
                : family
                    ? p => p.FamilyName.ToLower().StartsWith(prefix)
                    : p => p.GivenName.ToLower().StartsWith(prefix)));
        }

        return patients;
    }

    private static Sex? SexOf(string? code) => code switch
    {
        "female" => Sex.Female,
        "male" => Sex.Male,
        "other" => Sex.Other,
        "unknown" => Sex.Unknown,
        _ => null,
    };

    private static FhirEntry Entry(Patient patient) => new(PatientMapper.ToFhir(FhirRecords.Demographics(patient)), patient.Id);
}

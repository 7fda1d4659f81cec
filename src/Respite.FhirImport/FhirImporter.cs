using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Respite.Fhir;

namespace Respite.FhirImport;

/// <summary>How far an import has got: resources handled of the total (null while the input is still being counted).</summary>
public readonly record struct ImportProgress(int Done, int? Total, int Accepted, int Rejected);

/// <summary>
/// Loads FHIR resources from files into Respite through its FHIR API, as the signed-in user, so that every rule, safety
/// check and audit event of the API applies. Patients come first (matched to an existing patient with the same name and
/// birth date, or created), then their Observations and QuestionnaireResponses with the subject rewritten to the Respite
/// patient. A resource already present is not recorded twice, so an import can be run again after fixing rejections.
/// </summary>
public sealed class FhirImporter(FhirClient client, IProgress<ImportProgress>? progress = null)
{
    /// <summary>The types Respite records through FHIR; every other type is rejected with a reason.</summary>
    public static IReadOnlySet<string> Writable { get; } = new HashSet<string>(StringComparer.Ordinal) { "Patient", "Observation", "QuestionnaireResponse" };

    private readonly Dictionary<string, string> patients = new(StringComparer.Ordinal);
    private ImportSummary summary = new();
    private int done;
    private int? total;

    /// <summary>
    /// Imports the files. With <paramref name="targetPatient"/> every resource is imported into that Respite patient (a
    /// history from another system for a patient already registered) and Patients in the input are only matched to it.
    /// </summary>
    public async Task<ImportSummary> ImportAsync(IReadOnlyList<string> files, Guid? targetPatient = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        summary = new ImportSummary();
        patients.Clear();
        done = 0;
        total = null;

        // First pass: the patients, so that every reference to them resolves whatever the order of the input.
        var count = 0;
        foreach (var file in files)
        {
            await foreach (var item in ImportInput.ReadAsync(file, cancellationToken))
            {
                count++;
                if (item.Resource is null)
                {
                    Reject(item, item.Issues.Select(Describe));
                }
                else if (item.Resource is Patient patient)
                {
                    await ImportPatientAsync(item, patient, targetPatient, cancellationToken);
                }
            }
        }

        total = count;
        Report();

        // Second pass: everything else.
        foreach (var file in files)
        {
            await foreach (var item in ImportInput.ReadAsync(file, cancellationToken))
            {
                if (item.Resource is { } resource and not Patient)
                {
                    await ImportResourceAsync(item, resource, targetPatient, cancellationToken);
                }
            }
        }

        return summary;
    }

    private async System.Threading.Tasks.Task ImportPatientAsync(ImportItem item, Patient patient, Guid? targetPatient, CancellationToken cancellationToken)
    {
        if (targetPatient is { } target)
        {
            Remember(item, patient, FhirReferences.Id(target));
            Accept(item, ImportResult.Matched);
            return;
        }

        var copy = (Patient)patient.DeepCopy();
        copy.Id = null;
        copy.Meta = null;
        try
        {
            if (await FindPatientAsync(copy, cancellationToken) is { } existing)
            {
                Remember(item, patient, existing);
                Accept(item, ImportResult.Matched);
                return;
            }

            var created = await client.CreateAsync(copy, cancellationToken);
            Remember(item, patient, created!.Id!);
            Accept(item, ImportResult.Created);
        }
        catch (FhirOperationException e)
        {
            Reject(item, Reasons(e));
        }
    }

    private async System.Threading.Tasks.Task ImportResourceAsync(ImportItem item, Resource resource, Guid? targetPatient, CancellationToken cancellationToken)
    {
        if (!Writable.Contains(resource.TypeName))
        {
            Reject(item, [$"Respite does not take {resource.TypeName} resources through FHIR (it takes {string.Join(", ", Writable.Order(StringComparer.Ordinal))}); record it in the patient's chart."]);
            return;
        }

        var copy = resource.DeepCopy();
        copy.Id = null;
        copy.Meta = null;
        var subject = copy switch
        {
            Observation o => o.Subject,
            QuestionnaireResponse q => q.Subject,
            _ => null,
        };
        var patientId = targetPatient is { } target ? FhirReferences.Id(target) : Resolve(subject?.Reference);
        if (patientId is null)
        {
            Reject(item, [subject?.Reference is null
                ? "The subject (the patient) is missing."
                : $"The subject {subject.Reference} is neither a patient of the input nor a Respite patient."]);
            return;
        }

        var reference = "Patient/" + patientId;
        string[] criteria;
        switch (copy)
        {
            case Observation observation:
                observation.Subject = new ResourceReference(reference);

                // Another system's encounters and practitioners are not Respite's; the importing user is the performer.
                if (observation.Encounter?.Reference is { } encounter && !IsRespiteReference(encounter, "Encounter"))
                {
                    observation.Encounter = null;
                }

                observation.Performer.RemoveAll(p => !IsRespiteReference(p.Reference, "Practitioner"));
                criteria = ObservationCriteria(observation, patientId);
                break;

            case QuestionnaireResponse response:
                // A patient who answered for themselves is the source: the same patient, however the input names them.
                if (response.Source?.Reference is { } source
                    && (source == response.Subject?.Reference || Resolve(source) == patientId || source.StartsWith("Patient/", StringComparison.Ordinal)))
                {
                    response.Source = new ResourceReference(reference);
                }

                response.Subject = new ResourceReference(reference);

                criteria = ResponseCriteria(response, patientId);
                break;

            default:
                throw new InvalidOperationException($"Unexpected type {copy.TypeName}.");
        }

        try
        {
            if (criteria.Length > 0 && await FirstMatchAsync(copy.TypeName, criteria, cancellationToken) is not null)
            {
                Accept(item, ImportResult.AlreadyPresent);
                return;
            }

            await client.CreateAsync(copy, cancellationToken);
            Accept(item, ImportResult.Created);
        }
        catch (FhirOperationException e)
        {
            Reject(item, Reasons(e));
        }
    }

    /// <summary>The Respite patient with the same family name, given name and birth date, if there is exactly one.</summary>
    private async Task<string?> FindPatientAsync(Patient patient, CancellationToken cancellationToken)
    {
        var name = patient.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? patient.Name.FirstOrDefault();
        var given = name?.Given.FirstOrDefault();
        if (name?.Family is not { Length: > 0 } family || string.IsNullOrEmpty(given) || string.IsNullOrEmpty(patient.BirthDate))
        {
            return null;
        }

        var bundle = await client.SearchAsync<Patient>(["family=" + family, "given=" + given, "birthdate=" + patient.BirthDate, "_count=10"], ct: cancellationToken);
        var matches = bundle!.Entry.Select(e => e.Resource).OfType<Patient>()
            .Where(p => p.Name.Any(n => string.Equals(n.Family, family, StringComparison.OrdinalIgnoreCase)
                && string.Join(' ', n.Given).StartsWith(given, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return matches.Count == 1 ? matches[0].Id : null;
    }

    private async Task<Resource?> FirstMatchAsync(string type, string[] criteria, CancellationToken cancellationToken)
    {
        var bundle = await client.SearchAsync(type, criteria.Append("_count=1").ToArray(), ct: cancellationToken);
        return bundle?.Entry.FirstOrDefault()?.Resource;
    }

    /// <summary>The same measurement: same patient, code and time (the day for a weight).</summary>
    private static string[] ObservationCriteria(Observation observation, string patientId)
    {
        var coding = observation.Code?.Coding.FirstOrDefault(c => c.System is not null && c.Code is not null);
        var when = observation.Effective switch
        {
            FhirDateTime { Value: { } value } => value,
            Instant { Value: { } instant } => instant.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture),
            _ => null,
        };
        return coding is null || when is null
            ? []
            : ["patient=" + patientId, $"code={coding.System}|{coding.Code}", "date=eq" + when];
    }

    /// <summary>The same answers: same patient, instrument and time.</summary>
    private static string[] ResponseCriteria(QuestionnaireResponse response, string patientId) =>
        response.Questionnaire is not { Length: > 0 } questionnaire || response.Authored is not { Length: > 0 } authored
            ? []
            : ["patient=" + patientId, "questionnaire=" + questionnaire.Split('|')[0], "authored=eq" + authored];

    private void Remember(ImportItem item, Patient patient, string respiteId)
    {
        if (item.Key is { } key)
        {
            patients[key] = respiteId;
        }

        if (patient.Id is { } id)
        {
            patients["Patient/" + id] = respiteId;
        }
    }

    private string? Resolve(string? reference)
    {
        if (reference is null)
        {
            return null;
        }

        if (patients.TryGetValue(reference, out var mapped))
        {
            return mapped;
        }

        // A reference to a patient already in Respite (Patient/{id}, or the same with this server's base).
        var parts = reference.Split('/');
        return parts.Length >= 2 && parts[^2] == "Patient" && Guid.TryParseExact(parts[^1], "D", out _) ? parts[^1] : null;
    }

    private static bool IsRespiteReference(string? reference, string type)
    {
        var parts = reference?.Split('/') ?? [];
        return parts.Length >= 2 && parts[^2] == type && Guid.TryParseExact(parts[^1], "D", out _);
    }

    private static IReadOnlyList<string> Reasons(FhirOperationException e)
    {
        var issues = e.Outcome?.Issue.Select(i => (i.Expression.Any() ? string.Join(", ", i.Expression) + ": " : "") + (i.Diagnostics ?? i.Details?.Text ?? i.Code?.ToString())).ToList();
        var status = (int)e.Status;
        return issues is { Count: > 0 }
            ? issues.Select(i => $"{status.ToString(CultureInfo.InvariantCulture)} {i}").ToList()
            : [e.Status == HttpStatusCode.NotFound ? "404: the patient is not in Respite, or you may not see them." : $"{status.ToString(CultureInfo.InvariantCulture)}: {e.Message}"];
    }

    private static string Describe(FhirIssue issue) => string.IsNullOrEmpty(issue.Path) ? issue.Message : $"{issue.Path}: {issue.Message}";

    private void Accept(ImportItem item, ImportResult result)
    {
        summary.Add(item.TypeName, result);
        Step();
    }

    private void Reject(ImportItem item, IEnumerable<string> reasons)
    {
        summary.Reject(item.Origin, item.TypeName, item.Resource?.Id, reasons.ToList());
        Step();
    }

    private void Step()
    {
        done++;
        Report();
    }

    private void Report() => progress?.Report(new ImportProgress(done, total, summary.Accepted, summary.Rejected));
}

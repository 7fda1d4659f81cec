using Hl7.Fhir.Model;
using Respite.Clinical.Instruments;
using Respite.Fhir.Questionnaires;

namespace Respite.Web.Features.Fhir.Sources;

/// <summary>The instruments Respite administers (the instrument catalogue, not the database), id = the instrument code.</summary>
public sealed class QuestionnaireSource : IFhirResourceSource
{
    private static readonly IReadOnlyList<Questionnaire> All =
        [.. InstrumentCatalog.All.Select(QuestionnaireMapper.ToFhir).OrderBy(q => q.Id, StringComparer.Ordinal)];

    public string ResourceType => "Questionnaire";

    public FhirAccess Access => FhirAccess.Directory;

    public IReadOnlyList<FhirSearchParameter> SearchParameters { get; } =
    [
        FhirSearchParameter.Id,
        new("url", FhirParameterKind.Token, "The canonical URL (https://respite.dev/fhir/Questionnaire/{code})."),
        new("name", FhirParameterKind.String, "The start of the computer-friendly name, case-insensitive."),
        new("title", FhirParameterKind.String, "The start of the instrument's name, case-insensitive."),
        new("code", FhirParameterKind.Token, "The instrument's panel code (LOINC)."),
    ];

    public Task<FhirEntry?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        var questionnaire = All.FirstOrDefault(q => q.Id == id);
        return System.Threading.Tasks.Task.FromResult(questionnaire is null ? null : new FhirEntry(Copy(questionnaire), null));
    }

    public IAsyncEnumerable<FhirEntry> SearchAsync(FhirQuery query, CancellationToken cancellationToken) =>
        query.MatchesNothing
            ? AsyncEnumerable.Empty<FhirEntry>()
            : Matches(query).Select(q => new FhirEntry(Copy(q), null)).ToAsyncEnumerable();

    private static IEnumerable<Questionnaire> Matches(FhirQuery query)
    {
        IEnumerable<Questionnaire> matches = All;
        if (query.Ids is { } ids)
        {
            matches = matches.Where(q => ids.Contains(q.Id));
        }

        foreach (var urls in query.Tokens("url"))
        {
            // A canonical with a version reads as system|code (url|version); Respite's questionnaires have one version, so it is ignored.
            matches = matches.Where(q => urls.Any(u => (u.System ?? u.Code) == q.Url));
        }

        foreach (var names in query.Strings("name"))
        {
            matches = matches.Where(q => names.Any(n => q.Name!.StartsWith(n, StringComparison.OrdinalIgnoreCase)));
        }

        foreach (var titles in query.Strings("title"))
        {
            matches = matches.Where(q => titles.Any(t => q.Title!.StartsWith(t, StringComparison.OrdinalIgnoreCase)));
        }

        foreach (var codes in query.Tokens("code"))
        {
            matches = matches.Where(q => q.Code.Any(c => codes.Any(t => t.Matches(c))));
        }

        return matches;
    }

    // Why: callers may change the resource they get (paging links, meta); the cached ones stay as mapped.
    private static Questionnaire Copy(Questionnaire questionnaire) => (Questionnaire)questionnaire.DeepCopy();
}

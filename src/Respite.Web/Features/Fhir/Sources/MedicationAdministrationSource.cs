using System.Runtime.CompilerServices;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Sessions;
using Respite.Fhir.Medications;

namespace Respite.Web.Features.Fhir.Sources;

/// <summary>
/// The dose charts of treatment sessions as MedicationAdministrations: one per stretch of an infusion at a constant rate,
/// bolus, esketamine device or entry marked entered in error, with the id of the dose entry it starts from
/// (<see cref="MedicationAdministrationMapper"/>). A pause or stop entry has no administration of its own.
/// </summary>
public sealed class MedicationAdministrationSource(RespiteDbContext db) : IFhirResourceSource
{
    public string ResourceType => "MedicationAdministration";

    public FhirAccess Access => FhirAccess.PatientCompartment;

    public IReadOnlyList<FhirSearchParameter> SearchParameters { get; } =
    [
        FhirSearchParameter.Id,
        FhirSearchParameter.Patient,
        FhirSearchParameter.Subject,
        new("context", FhirParameterKind.Reference, "The treatment session (Encounter) it was given in.", "Encounter"),
        new("effective-time", FhirParameterKind.Date, "The administration overlaps this time (a running infusion is open-ended)."),
    ];

    public async Task<FhirEntry?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "D", out var guid))
        {
            return null;
        }

        var sessionId = await db.Set<DoseEvent>().Where(d => d.Id == guid).Select(d => (Guid?)d.SessionId).FirstOrDefaultAsync(cancellationToken);
        if (sessionId is not { } session)
        {
            return null;
        }

        var chart = await Charts(db.TreatmentSessions.AsNoTracking().Where(s => s.Id == session)).FirstAsync(cancellationToken);
        var administration = MedicationAdministrationMapper.ToFhir(chart).FirstOrDefault(a => a.Id == id);
        return administration is null ? null : new FhirEntry(administration, chart.PatientId);
    }

    public async IAsyncEnumerable<FhirEntry> SearchAsync(FhirQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query.MatchesNothing)
        {
            yield break;
        }

        var sessions = db.TreatmentSessions.AsNoTracking().Where(s => s.Doses.Any());
        if (query.PatientId is { } patientId)
        {
            sessions = sessions.Where(s => s.PatientId == patientId);
        }

        if (query.GuidReferences("context") is { } contexts)
        {
            // Several values are ANDed: two different sessions match nothing.
            if (contexts.Count != 1)
            {
                yield break;
            }

            var context = contexts[0];
            sessions = sessions.Where(s => s.Id == context);
        }

        var ids = SourceFilters.GuidIds(query);
        if (ids is not null)
        {
            sessions = sessions.Where(s => s.Doses.Any(d => ids.Contains(d.Id)));
        }

        var range = query.Range("effective-time");
        if (range.To is { } to)
        {
            // Every administration starts at a dose entry.
            sessions = sessions.Where(s => s.Doses.Any(d => d.At < to));
        }

        if (range.From is { } from)
        {
            // It ends at a later entry, or not at all while the infusion runs: the last start or resume not followed by a pause or stop.
            sessions = sessions.Where(s =>
                s.Doses.Any(d => d.At >= from)
                || s.Doses.Any(r => r.EnteredInErrorAt == null && (r.Kind == DoseEventKind.Start || r.Kind == DoseEventKind.Resume)
                    && !s.Doses.Any(p => p.EnteredInErrorAt == null && (p.Kind == DoseEventKind.Pause || p.Kind == DoseEventKind.Stop) && p.At > r.At)));
        }

        var ordered = sessions.OrderBy(s => s.CheckedInAt).ThenBy(s => s.Id);
        await foreach (var chart in Charts(ordered).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            foreach (var administration in MedicationAdministrationMapper.ToFhir(chart))
            {
                if ((ids is null || ids.Contains(Guid.ParseExact(administration.Id!, "D"))) && Overlaps(range, administration.Effective))
                {
                    yield return new FhirEntry(administration, chart.PatientId);
                }
            }
        }
    }

    private static bool Overlaps(FhirInstantRange range, DataType? effective) => effective switch
    {
        _ when range.IsAll => true,
        FhirDateTime at => range.Contains(at.ToDateTimeOffset(TimeSpan.Zero)),
        Period period => range.Overlaps(
            period.StartElement!.ToDateTimeOffset(TimeSpan.Zero),
            period.EndElement?.ToDateTimeOffset(TimeSpan.Zero)),
        _ => false,
    };

    private static IQueryable<SessionDoseChart> Charts(IQueryable<TreatmentSession> sessions) =>
        sessions.Select(s => new SessionDoseChart(
            s.Id,
            s.PatientId,
            EncounterSource.TreatmentOf(s.Kind),
            s.Doses.OrderBy(d => d.At).ThenBy(d => d.Id).Select(d => new DoseEntry(
                d.Id,
                d.At,
                KindOf(d.Kind),
                d.RateMgPerHour,
                d.AmountMg,
                d.LotNumber,
                d.Reason,
                d.RecordedByUserId,
                d.EnteredInErrorAt != null)).ToList()));

    private static DoseEntryKind KindOf(DoseEventKind kind) => kind switch
    {
        DoseEventKind.Start => DoseEntryKind.Start,
        DoseEventKind.RateChange => DoseEntryKind.RateChange,
        DoseEventKind.Pause => DoseEntryKind.Pause,
        DoseEventKind.Resume => DoseEntryKind.Resume,
        DoseEventKind.Stop => DoseEntryKind.Stop,
        DoseEventKind.Bolus => DoseEntryKind.Bolus,
        DoseEventKind.EsketamineDevice => DoseEntryKind.EsketamineDevice,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

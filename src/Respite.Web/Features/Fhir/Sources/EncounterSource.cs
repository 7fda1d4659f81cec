using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Sessions;
using Respite.Fhir.Encounters;
using Respite.Fhir.Medications;

namespace Respite.Web.Features.Fhir.Sources;

/// <summary>Treatment sessions as Encounters: from check-in to discharge or cancellation, at the location of their appointment.</summary>
public sealed class EncounterSource(RespiteDbContext db) : IFhirResourceSource
{
    private const string StatusSystem = "http://hl7.org/fhir/encounter-status";

    public string ResourceType => "Encounter";

    public FhirAccess Access => FhirAccess.PatientCompartment;

    public IReadOnlyList<FhirSearchParameter> SearchParameters { get; } =
    [
        FhirSearchParameter.Id,
        FhirSearchParameter.Patient,
        FhirSearchParameter.Subject,
        new("date", FhirParameterKind.Date, "The session overlaps this time: from check-in to discharge or cancellation (open while it runs)."),
        new("status", FhirParameterKind.Token, "arrived (checked in), in-progress, finished (discharged) or cancelled."),
    ];

    public async Task<FhirEntry?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "D", out var guid))
        {
            return null;
        }

        var session = await Project(db.TreatmentSessions.AsNoTracking().Where(s => s.Id == guid)).FirstOrDefaultAsync(cancellationToken);
        return session is null ? null : Entry(session);
    }

    public async IAsyncEnumerable<FhirEntry> SearchAsync(FhirQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query.MatchesNothing)
        {
            yield break;
        }

        var rows = db.TreatmentSessions.AsNoTracking();
        if (query.PatientId is { } patientId)
        {
            rows = rows.Where(s => s.PatientId == patientId);
        }

        if (SourceFilters.GuidIds(query) is { } ids)
        {
            rows = rows.Where(s => ids.Contains(s.Id));
        }

        var range = query.Range("date");
        if (range.To is { } to)
        {
            rows = rows.Where(s => s.CheckedInAt < to);
        }

        if (range.From is { } from)
        {
            rows = rows.Where(s => (s.DischargedAt ?? s.CancelledAt) == null || (s.DischargedAt ?? s.CancelledAt) > from);
        }

        foreach (var statuses in query.Tokens("status"))
        {
            var allowed = SourceFilters.Allowed(statuses, Enum.GetValues<SessionStatus>(), status => [(StatusSystem, StatusCode(status))]);
            rows = rows.Where(s => allowed.Contains(s.Status));
        }

        await foreach (var session in Project(rows.OrderBy(s => s.CheckedInAt).ThenBy(s => s.Id)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return Entry(session);
        }
    }

    /// <summary>The FHIR Encounter status of a session status, as <see cref="EncounterMapper"/> writes it.</summary>
    public static string StatusCode(SessionStatus status) => status switch
    {
        SessionStatus.CheckedIn => "arrived",
        SessionStatus.InProgress => "in-progress",
        SessionStatus.Discharged => "finished",
        SessionStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    internal static SessionTreatment TreatmentOf(SessionKind kind) => kind switch
    {
        SessionKind.IvInfusion => SessionTreatment.IvKetamine,
        SessionKind.Esketamine => SessionTreatment.EsketamineNasalSpray,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private IQueryable<Row> Project(IQueryable<TreatmentSession> sessions) =>
        from s in sessions
        join a in db.Appointments on s.AppointmentId equals a.Id into appointments
        from a in appointments.DefaultIfEmpty()
        select new Row(
            s.Id, s.PatientId, s.Kind, s.Status, s.CheckedInAt, s.DischargedAt ?? s.CancelledAt, a == null ? (Guid?)null : a.LocationId, s.AppointmentId,
            s.CheckedInByUserId, s.DischargedByUserId, s.PrescriberSignedByUserId);

    private static FhirEntry Entry(Row row) =>
        new(EncounterMapper.ToFhir(new ChairSession(
            row.Id,
            row.PatientId,
            TreatmentOf(row.Kind),
            row.Status switch
            {
                SessionStatus.CheckedIn => ChairSessionState.CheckedIn,
                SessionStatus.InProgress => ChairSessionState.InProgress,
                SessionStatus.Discharged => ChairSessionState.Discharged,
                SessionStatus.Cancelled => ChairSessionState.Cancelled,
                _ => throw new ArgumentOutOfRangeException(nameof(row), row.Status, null),
            },
            row.CheckedInAt,
            row.EndedAt,
            row.LocationId,
            row.AppointmentId,
            row.CheckedInById,
            row.DischargedById,
            row.PrescriberId)), row.PatientId);

    private sealed record Row(
        Guid Id, Guid PatientId, SessionKind Kind, SessionStatus Status, DateTimeOffset CheckedInAt, DateTimeOffset? EndedAt, Guid? LocationId,
        Guid? AppointmentId, string CheckedInById, string? DischargedById, string? PrescriberId);
}

using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Fhir;
using Respite.Fhir.Auditing;

namespace Respite.Web.Features.Fhir.Sources;

/// <summary>
/// The audit trail as AuditEvents (ids and codes only: no names), newest first. An event about a patient is not part of
/// that patient's record: only administrators read the audit trail.
/// </summary>
public sealed class AuditEventSource(RespiteDbContext db) : IFhirResourceSource
{
    private const string ActionSystem = "http://hl7.org/fhir/audit-event-action";
    private const string OutcomeSystem = "http://hl7.org/fhir/audit-event-outcome";

    public string ResourceType => "AuditEvent";

    public FhirAccess Access => FhirAccess.AuditLog;

    public IReadOnlyList<FhirSearchParameter> SearchParameters { get; } =
    [
        FhirSearchParameter.Id,
        new("date", FhirParameterKind.Date, "When the event was recorded."),
        new("patient", FhirParameterKind.Reference, "The patient whose record was touched.", "Patient"),
        new("action", FhirParameterKind.Token, "C, R, U, D or E (create, read or export, update, delete, execute: searches and sign-ins)."),
        new("outcome", FhirParameterKind.Token, "0 (success), 4 (denied, not found or invalid) or 8 (failed)."),
        new("subtype", FhirParameterKind.Token, "Respite's action: read, search, create, update, delete, sign, acknowledge, login, login-failed, export."),
        new("entity-type", FhirParameterKind.Token, "The kind of record touched (Patient, TreatmentSession, …)."),
    ];

    public async Task<FhirEntry?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var row = await db.AuditEvents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == number, cancellationToken);
        return row is null ? null : Entry(row);
    }

    public async IAsyncEnumerable<FhirEntry> SearchAsync(FhirQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query.MatchesNothing)
        {
            yield break;
        }

        var rows = db.AuditEvents.AsNoTracking();
        if (query.PatientId is { } patientId)
        {
            rows = rows.Where(a => a.PatientId == patientId);
        }

        if (query.Ids is { } ids)
        {
            var numbers = ids.Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (long?)null).OfType<long>().ToList();
            rows = rows.Where(a => numbers.Contains(a.Id));
        }

        var range = query.Range("date");
        if (range.From is { } from)
        {
            rows = rows.Where(a => a.OccurredAt >= from);
        }

        if (range.To is { } to)
        {
            rows = rows.Where(a => a.OccurredAt < to);
        }

        var actions = Enum.GetValues<AuditAction>();
        foreach (var tokens in query.Tokens("action"))
        {
            var allowed = SourceFilters.Allowed(tokens, actions, a => [(ActionSystem, ActionCode(a))]);
            rows = rows.Where(a => allowed.Contains(a.Action));
        }

        foreach (var tokens in query.Tokens("subtype"))
        {
            var allowed = SourceFilters.Allowed(tokens, actions, a => [(FhirSystems.RespiteAuditAction, AuditEventMapper.ActionCode(ActionOf(a)))]);
            rows = rows.Where(a => allowed.Contains(a.Action));
        }

        foreach (var tokens in query.Tokens("outcome"))
        {
            var allowed = SourceFilters.Allowed(tokens, Enum.GetValues<AuditOutcome>(), o => [(OutcomeSystem, OutcomeCode(o))]);
            rows = rows.Where(a => allowed.Contains(a.Outcome));
        }

        foreach (var tokens in query.Tokens("entity-type"))
        {
            var types = tokens.Where(t => (t.System is null || t.System == FhirSystems.RespiteAuditEntity) && t.Code is not null).Select(t => t.Code!).ToList();
            if (!tokens.Any(t => t.System == FhirSystems.RespiteAuditEntity && t.Code is null))
            {
                rows = rows.Where(a => types.Contains(a.EntityType));
            }
        }

        await foreach (var row in rows.OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return Entry(row);
        }
    }

    private static string OutcomeCode(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Success => "0",
        AuditOutcome.Denied or AuditOutcome.NotFound or AuditOutcome.Invalid => "4",
        AuditOutcome.Failed => "8",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>The FHIR action code of an audit action, as <see cref="AuditEventMapper"/> writes it.</summary>
    private static string ActionCode(AuditAction action) => action switch
    {
        AuditAction.Create => "C",
        AuditAction.Read or AuditAction.Export => "R",
        AuditAction.Update or AuditAction.Sign or AuditAction.Acknowledge => "U",
        AuditAction.Delete => "D",
        AuditAction.Search or AuditAction.Login or AuditAction.LoginFailed => "E",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private static FhirEntry Entry(AuditEvent row) =>
        new(AuditEventMapper.ToFhir(new AuditEntry(
            row.Id, row.OccurredAt, row.UserId, row.Role, ActionOf(row.Action), row.PatientId, row.EntityType, row.EntityId,
            OutcomeOf(row.Outcome), row.TraceId, row.Detail)), null);

    private static AuditEntryAction ActionOf(AuditAction action) => action switch
    {
        AuditAction.Read => AuditEntryAction.Read,
        AuditAction.Search => AuditEntryAction.Search,
        AuditAction.Create => AuditEntryAction.Create,
        AuditAction.Update => AuditEntryAction.Update,
        AuditAction.Delete => AuditEntryAction.Delete,
        AuditAction.Sign => AuditEntryAction.Sign,
        AuditAction.Acknowledge => AuditEntryAction.Acknowledge,
        AuditAction.Login => AuditEntryAction.Login,
        AuditAction.LoginFailed => AuditEntryAction.LoginFailed,
        AuditAction.Export => AuditEntryAction.Export,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private static AuditEntryOutcome OutcomeOf(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Success => AuditEntryOutcome.Success,
        AuditOutcome.Denied => AuditEntryOutcome.Denied,
        AuditOutcome.NotFound => AuditEntryOutcome.NotFound,
        AuditOutcome.Invalid => AuditEntryOutcome.Invalid,
        AuditOutcome.Failed => AuditEntryOutcome.Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}

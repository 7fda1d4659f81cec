using System.Globalization;
using Hl7.Fhir.Model;

namespace Respite.Fhir.Auditing;

/// <summary>Respite's audit events → AuditEvent (read-only, no PHI beyond references).</summary>
public static class AuditEventMapper
{
    public static AuditEvent ToFhir(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var login = entry.Action is AuditEntryAction.Login or AuditEntryAction.LoginFailed;
        var audit = new AuditEvent
        {
            Id = entry.Id.ToString(CultureInfo.InvariantCulture),
            Type = login
                ? FhirValues.Coding(FhirSystems.Dicom, "110114", "User Authentication")
                : FhirValues.Coding(FhirSystems.Dicom, "110110", "Patient Record"),
            Subtype = [FhirValues.Coding(FhirSystems.RespiteAuditAction, ActionCode(entry.Action))],
            Action = entry.Action switch
            {
                AuditEntryAction.Create => AuditEvent.AuditEventAction.C,
                AuditEntryAction.Read or AuditEntryAction.Export => AuditEvent.AuditEventAction.R,
                AuditEntryAction.Update or AuditEntryAction.Sign or AuditEntryAction.Acknowledge => AuditEvent.AuditEventAction.U,
                AuditEntryAction.Delete => AuditEvent.AuditEventAction.D,
                AuditEntryAction.Search or AuditEntryAction.Login or AuditEntryAction.LoginFailed => AuditEvent.AuditEventAction.E,
                _ => throw new ArgumentOutOfRangeException(nameof(entry), entry.Action, null),
            },
            Recorded = entry.OccurredAt.ToUniversalTime(),
            Outcome = entry.Outcome switch
            {
                AuditEntryOutcome.Success => AuditEvent.AuditEventOutcome.N0,
                AuditEntryOutcome.Denied or AuditEntryOutcome.NotFound or AuditEntryOutcome.Invalid => AuditEvent.AuditEventOutcome.N4,
                AuditEntryOutcome.Failed => AuditEvent.AuditEventOutcome.N8,
                _ => throw new ArgumentOutOfRangeException(nameof(entry), entry.Outcome, null),
            },
            OutcomeDesc = OutcomeCode(entry.Outcome),
            Source = new AuditEvent.SourceComponent { Observer = new ResourceReference { Display = "Respite" } },
        };

        var agent = new AuditEvent.AgentComponent { Requestor = true };
        if (entry.UserId is { } user)
        {
            agent.Who = new ResourceReference { Identifier = new Identifier(FhirSystems.UserId, user) };
        }
        else
        {
            agent.Who = new ResourceReference { Display = "anonymous" };
        }

        if (entry.Role is { } role)
        {
            agent.Role = [FhirValues.Concept(FhirSystems.RespiteRole, role)];
        }

        audit.Agent.Add(agent);

        if (entry.PatientId is { } patient)
        {
            audit.Entity.Add(new AuditEvent.EntityComponent { What = FhirReferences.Patient(patient) });
        }

        var touched = new AuditEvent.EntityComponent
        {
            Type = FhirValues.Coding(FhirSystems.RespiteAuditEntity, entry.EntityType),
        };
        if (entry.EntityId is { } entityId)
        {
            touched.What = new ResourceReference { Identifier = new Identifier(FhirSystems.RespiteBase + "sid/" + entry.EntityType, entityId) };
        }

        if (entry.TraceId is { } trace)
        {
            touched.Detail.Add(new AuditEvent.DetailComponent { Type = "trace-id", Value = new FhirString(trace) });
        }

        if (entry.Detail is { } detail)
        {
            touched.Detail.Add(new AuditEvent.DetailComponent { Type = "detail", Value = new FhirString(detail) });
        }

        audit.Entity.Add(touched);
        return audit;
    }

    public static string ActionCode(AuditEntryAction action) => action switch
    {
        AuditEntryAction.Read => "read",
        AuditEntryAction.Search => "search",
        AuditEntryAction.Create => "create",
        AuditEntryAction.Update => "update",
        AuditEntryAction.Delete => "delete",
        AuditEntryAction.Sign => "sign",
        AuditEntryAction.Acknowledge => "acknowledge",
        AuditEntryAction.Login => "login",
        AuditEntryAction.LoginFailed => "login-failed",
        AuditEntryAction.Export => "export",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private static string OutcomeCode(AuditEntryOutcome outcome) => outcome switch
    {
        AuditEntryOutcome.Success => "success",
        AuditEntryOutcome.Denied => "denied",
        AuditEntryOutcome.NotFound => "not-found",
        AuditEntryOutcome.Invalid => "invalid",
        AuditEntryOutcome.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}

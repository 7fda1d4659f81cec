using System.Globalization;
using System.Security.Claims;
using Hl7.Fhir.Model;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Fhir;
using Respite.Web.Features.Patients;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Fhir;

/// <summary>Whether a user may use a resource type, and if so the only patient whose resources they may see.</summary>
public readonly record struct FhirAccessDecision(bool Allowed, Guid? CompartmentPatient)
{
    public static FhirAccessDecision Decide(ClaimsPrincipal user, FhirAccess access) => access switch
    {
        FhirAccess.PatientCompartment when PatientAccess.IsCareTeam(user) => new(true, null),
        FhirAccess.PatientCompartment when user.IsInRole(Roles.Patient) && user.OwnPatientId() is { } own => new(true, own),
        FhirAccess.Directory when user.IsStaff() || (user.IsInRole(Roles.Patient) && user.OwnPatientId() is not null) => new(true, null),
        FhirAccess.Staff when user.IsStaff() => new(true, null),
        FhirAccess.AuditLog when user.IsInRole(Roles.Admin) => new(true, null),
        _ => new(false, null),
    };

    /// <summary>True when the user may see a resource of this patient (null: not part of any patient's record).</summary>
    public bool MaySee(Guid? patientId) => Allowed && (CompartmentPatient is not { } own || patientId == own);
}

/// <summary>A page of search results: the entries, whether more follow, and the total when it was asked for.</summary>
public sealed record FhirSearchPage(IReadOnlyList<FhirEntry> Entries, bool HasMore, int? Total);

/// <summary>
/// Read, search and <c>$everything</c> over the sources, with the access rules and audit of the rest of Respite: every
/// patient whose data is read leaves an audit event, a refusal too.
/// </summary>
public sealed class FhirReadService(FhirSources sources, AuditTrail audit)
{
    private const int MaxAuditedPatientsPerPage = 50;

    public async Task<FhirEntry?> ReadAsync(IFhirResourceSource source, FhirAccessDecision access, string id, CancellationToken cancellationToken)
    {
        var entry = await source.ReadAsync(id, cancellationToken);
        var audited = source.Access == FhirAccess.PatientCompartment || source.Access == FhirAccess.AuditLog;
        if (entry is null || !access.MaySee(entry.PatientId))
        {
            if (audited)
            {
                await audit.RecordAsync(
                    AuditAction.Read, source.ResourceType, Truncate(id), entry is null ? null : entry.PatientId,
                    entry is null ? AuditOutcome.NotFound : AuditOutcome.Denied, "fhir", cancellationToken);
            }

            return null;
        }

        if (audited)
        {
            await audit.RecordAsync(AuditAction.Read, source.ResourceType, entry.Resource.Id, entry.PatientId, detail: "fhir", cancellationToken: cancellationToken);
        }

        return entry;
    }

    public async Task<FhirSearchPage> SearchAsync(IFhirResourceSource source, FhirQuery query, FhirPaging paging, CancellationToken cancellationToken)
    {
        var entries = new List<FhirEntry>();
        var seen = 0;
        var hasMore = false;
        if (!query.MatchesNothing)
        {
            await foreach (var entry in source.SearchAsync(query, cancellationToken))
            {
                if (query.CompartmentPatient is { } own && entry.PatientId != own)
                {
                    continue;
                }

                seen++;
                if (seen <= paging.Offset)
                {
                    continue;
                }

                if (entries.Count < paging.Count)
                {
                    entries.Add(entry);
                }
                else
                {
                    hasMore = true;
                    if (!paging.Total)
                    {
                        break;
                    }
                }
            }
        }

        await AuditSearchAsync(source, entries, paging.Total || !hasMore ? seen : null, cancellationToken);
        return new FhirSearchPage(entries, hasMore, paging.Total ? seen : null);
    }

    /// <summary>
    /// Every resource of one patient's record that Respite serves, the Patient first; null when the patient does not exist
    /// or may not be seen by this user.
    /// </summary>
    public async Task<IReadOnlyList<FhirEntry>?> EverythingAsync(ClaimsPrincipal user, Guid patientId, CancellationToken cancellationToken)
    {
        var patientSource = sources.Find("Patient")!;
        var access = FhirAccessDecision.Decide(user, FhirAccess.PatientCompartment);
        var patient = await patientSource.ReadAsync(FhirReferences.Id(patientId), cancellationToken);
        if (patient is null || !access.MaySee(patientId))
        {
            await audit.RecordAsync(
                AuditAction.Export, "Patient", patientId.ToString(), patient is null ? null : patientId,
                patient is null ? AuditOutcome.NotFound : AuditOutcome.Denied, "fhir $everything", cancellationToken);
            return null;
        }

        var entries = new List<FhirEntry> { patient };
        foreach (var source in sources.All.Where(s => s.Access == FhirAccess.PatientCompartment && s.ResourceType != "Patient"))
        {
            var parsed = FhirSearchParser.Parse([new("patient", FhirReferences.Id(patientId))], [FhirSearchParameter.Patient], lenient: false, access.CompartmentPatient);
            await foreach (var entry in source.SearchAsync(parsed.Value!.Query, cancellationToken))
            {
                if (entry.PatientId == patientId)
                {
                    entries.Add(entry);
                }
            }
        }

        await audit.RecordAsync(AuditAction.Export, "Patient", patientId.ToString(), patientId, detail: $"fhir $everything resources={entries.Count}", cancellationToken: cancellationToken);
        return entries;
    }

    public static Bundle ToBundle(IEnumerable<FhirEntry> entries, string fhirBase, int? total = null)
    {
        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString("D"),
            Type = Bundle.BundleType.Searchset,
            Total = total,
            Meta = new Meta { LastUpdated = DateTimeOffset.UtcNow },
        };
        foreach (var entry in entries)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{fhirBase}/{entry.Resource.TypeName}/{entry.Resource.Id}",
                Resource = entry.Resource,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        return bundle;
    }

    /// <summary>The paging links of a search: the parameters applied, then <c>_count</c> and <c>_offset</c>.</summary>
    public static void AddLinks(Bundle bundle, string searchUrl, IReadOnlyList<KeyValuePair<string, string>> applied, FhirPaging paging, bool hasMore)
    {
        string Url(int offset)
        {
            var parts = applied.Where(p => p.Key is not ("_count" or "_offset"))
                .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))
                .Append("_count=" + paging.Count.ToString(CultureInfo.InvariantCulture))
                .Append("_offset=" + offset.ToString(CultureInfo.InvariantCulture));
            return searchUrl + "?" + string.Join("&", parts);
        }

        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = Url(paging.Offset) });
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "first", Url = Url(0) });
        if (paging.Offset > 0)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "previous", Url = Url(Math.Max(0, paging.Offset - Math.Max(paging.Count, 1))) });
        }

        if (hasMore && paging.Count > 0)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = Url(paging.Offset + paging.Count) });
        }
    }

    private async System.Threading.Tasks.Task AuditSearchAsync(IFhirResourceSource source, List<FhirEntry> entries, int? total, CancellationToken cancellationToken)
    {
        if (source.Access is not (FhirAccess.PatientCompartment or FhirAccess.AuditLog))
        {
            return;
        }

        foreach (var group in entries.Where(e => e.PatientId is not null).GroupBy(e => e.PatientId).Take(MaxAuditedPatientsPerPage))
        {
            audit.Add(AuditAction.Search, source.ResourceType, null, group.Key, detail: $"fhir resources={group.Count()}");
        }

        audit.Add(AuditAction.Search, source.ResourceType, null, null, detail: total is { } n ? $"fhir results={n}" : $"fhir page={entries.Count}");
        await audit.SaveAsync(cancellationToken);
    }

    private static string Truncate(string id) => id.Length > 64 ? id[..64] : id;
}

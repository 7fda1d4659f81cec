using Hl7.Fhir.Model;

namespace Respite.Web.Features.Fhir;

/// <summary>Who may read a resource type through <c>/fhir</c>.</summary>
public enum FhirAccess
{
    /// <summary>
    /// Part of a patient's record: the care team (prescribers, nurses, front desk) reads every patient's, a patient only
    /// their own; administrators none. Anything else answers 404, as it does in <c>/api</c>.
    /// </summary>
    PatientCompartment,

    /// <summary>The clinic's directory (locations, questionnaires): every signed-in user.</summary>
    Directory,

    /// <summary>Staff directory (practitioners): staff only.</summary>
    Staff,

    /// <summary>The audit log: administrators only.</summary>
    AuditLog,
}

/// <summary>A resource served by a source, and the patient whose record it belongs to (null outside a patient compartment).</summary>
public sealed record FhirEntry(Resource Resource, Guid? PatientId);

/// <summary>
/// One resource type served under <c>/fhir</c>: read by id and search, from Respite's tables through the records and mappers
/// of Respite.Fhir. Search results stream in a stable order (the bulk export reads the same stream), so a page is a slice of it.
/// </summary>
public interface IFhirResourceSource
{
    /// <summary>The FHIR resource type (<c>Observation</c>).</summary>
    string ResourceType { get; }

    FhirAccess Access { get; }

    /// <summary>
    /// Every search parameter the type supports beyond the result parameters (<c>_count</c>, <c>_offset</c>, <c>_total</c>,
    /// <c>_format</c>). A search naming any other parameter is refused with 400, or the parameter ignored under
    /// <c>Prefer: handling=lenient</c>.
    /// </summary>
    IReadOnlyList<FhirSearchParameter> SearchParameters { get; }

    /// <summary>The resource with this id, or null when there is none (an id that is not Respite's is none).</summary>
    Task<FhirEntry?> ReadAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// The resources matching the query, in a stable order, each once. Must honour <see cref="FhirQuery.CompartmentPatient"/>
    /// and <see cref="FhirQuery.MatchesNothing"/>. Reads the database as it goes: a caller that stops early reads no more.
    /// </summary>
    IAsyncEnumerable<FhirEntry> SearchAsync(FhirQuery query, CancellationToken cancellationToken);
}

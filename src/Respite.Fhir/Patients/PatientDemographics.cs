using Respite.Clinical.Patients;

namespace Respite.Fhir.Patients;

/// <summary>
/// The demographics a FHIR Patient carries, as Respite stores them (Respite.Data's <c>Patient</c>). Read from a
/// Patient resource for create and update, written to one for read, search and export.
/// </summary>
/// <param name="Id">The patient's id; null when read from a resource whose id is not a Respite id (a create).</param>
/// <param name="RecordNumber">The clinic MRN (<c>R-000042</c>); null on create, where Respite assigns it.</param>
/// <param name="Address">The postal address as one line of text, as Respite stores it.</param>
/// <param name="VersionId">The record's concurrency version, written as <c>meta.versionId</c> (the ETag).</param>
public sealed record PatientDemographics(
    Guid? Id,
    string? RecordNumber,
    string GivenName,
    string FamilyName,
    DateOnly DateOfBirth,
    Sex Sex,
    string? Email = null,
    string? Phone = null,
    string? Address = null,
    string? VersionId = null,
    DateTimeOffset? LastUpdated = null);

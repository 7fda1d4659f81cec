using Hl7.Fhir.Model;

namespace Respite.Fhir.Practitioners;

/// <summary>Staff accounts → Practitioner (read-only).</summary>
public static class PractitionerMapper
{
    public static Practitioner ToFhir(StaffMember source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var practitioner = new Practitioner
        {
            Id = FhirReferences.IsValidId(source.Id) ? source.Id : throw new ArgumentException($"'{source.Id}' is not a valid FHIR id.", nameof(source)),
            Identifier = [new Identifier(FhirSystems.UserId, source.Id)],
            Active = source.Active,
            Name = [new HumanName { Text = source.DisplayName }],
        };
        if (source.Email is { } email)
        {
            practitioner.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Email, ContactPoint.ContactPointUse.Work, email));
        }

        return practitioner;
    }
}

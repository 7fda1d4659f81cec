using System.Net.Mail;
using Hl7.Fhir.Model;
using Respite.Clinical.Patients;

namespace Respite.Fhir.Patients;

/// <summary>Patient ↔ <see cref="PatientDemographics"/>. Patients are writable (create and update).</summary>
public static class PatientMapper
{
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 254;
    public const int MaxPhoneLength = 40;
    public const int MaxAddressLength = 300;

    public static Patient ToFhir(PatientDemographics source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var patient = new Patient
        {
            Id = source.Id is { } id ? FhirReferences.Id(id) : null,
            Meta = Meta(source.VersionId, source.LastUpdated),
            Active = true,
            Name = [new HumanName { Use = HumanName.NameUse.Official, Family = source.FamilyName, Given = [source.GivenName] }],
            Gender = GenderOf(source.Sex),
            BirthDate = FhirValues.Date(source.DateOfBirth),
        };
        if (source.RecordNumber is { } mrn)
        {
            patient.Identifier.Add(new Identifier(FhirSystems.MedicalRecordNumber, mrn)
            {
                Use = Identifier.IdentifierUse.Usual,
                Type = FhirValues.Concept(FhirSystems.IdentifierType, "MR", "Medical record number"),
            });
        }

        if (source.Phone is { } phone)
        {
            patient.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, phone));
        }

        if (source.Email is { } email)
        {
            patient.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Email, null, email));
        }

        if (source.Address is { } address)
        {
            patient.Address.Add(new Address { Text = address });
        }

        return patient;
    }

    /// <summary>
    /// Reads what Respite stores from a Patient. Needs an official (or first) name with a family name and one given name,
    /// a full birth date; the gender defaults to unknown. One phone and one e-mail are kept (the first of each); an
    /// address is kept as its text, or its parts joined by commas.
    /// </summary>
    public static FhirParseResult<PatientDemographics> FromFhir(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var issues = new List<FhirIssue>();

        var nameIndex = patient.Name.FindIndex(n => n.Use == HumanName.NameUse.Official);
        nameIndex = nameIndex < 0 && patient.Name.Count > 0 ? 0 : nameIndex;
        var family = "";
        var given = "";
        if (nameIndex < 0)
        {
            issues.Add(new FhirIssue("Patient.name", "A name with a family and a given name is required.", FhirIssueKind.Required));
        }
        else
        {
            var name = patient.Name[nameIndex];
            var path = $"Patient.name[{nameIndex}]";
            family = name.Family?.Trim() ?? "";
            given = string.Join(' ', name.Given.Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => g!.Trim()));
            CheckText(issues, path + ".family", family, "family name", MaxNameLength, required: true);
            CheckText(issues, path + ".given", given, "given name", MaxNameLength, required: true);
        }

        DateOnly birthDate = default;
        if (string.IsNullOrEmpty(patient.BirthDate))
        {
            issues.Add(new FhirIssue("Patient.birthDate", "The birth date is required.", FhirIssueKind.Required));
        }
        else if (!FhirValues.TryParseDate(patient.BirthDate, out birthDate))
        {
            issues.Add(new FhirIssue("Patient.birthDate", "The birth date must be a full date (YYYY-MM-DD).", FhirIssueKind.Value));
        }

        var phone = Telecom(patient, ContactPoint.ContactPointSystem.Phone, issues, MaxPhoneLength);
        var email = Telecom(patient, ContactPoint.ContactPointSystem.Email, issues, MaxEmailLength);
        if (email is not null && !IsEmail(email))
        {
            var index = patient.Telecom.FindIndex(t => t.System == ContactPoint.ContactPointSystem.Email);
            issues.Add(new FhirIssue($"Patient.telecom[{index}].value", "The e-mail address is not valid.", FhirIssueKind.Value));
        }

        string? address = null;
        if (patient.Address.Count > 0)
        {
            var a = patient.Address[0];
            address = !string.IsNullOrWhiteSpace(a.Text)
                ? a.Text.Trim()
                : string.Join(", ", a.Line.Append(a.City ?? "").Append(a.District ?? "").Append(a.State ?? "").Append(a.PostalCode ?? "").Append(a.Country ?? "")
                    .Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
            CheckText(issues, "Patient.address[0]", address, "address", MaxAddressLength, required: false);
            address = address.Length == 0 ? null : address;
        }

        var mrn = patient.Identifier.FirstOrDefault(i => i.System == FhirSystems.MedicalRecordNumber)?.Value;
        return FhirParseResult<PatientDemographics>.From(
            () => new PatientDemographics(
                Guid.TryParseExact(patient.Id, "D", out var id) ? id : null,
                mrn,
                given,
                family,
                birthDate,
                SexOf(patient.Gender),
                email,
                phone,
                address,
                patient.Meta?.VersionId,
                patient.Meta?.LastUpdated),
            issues);
    }

    public static AdministrativeGender GenderOf(Sex sex) => sex switch
    {
        Sex.Female => AdministrativeGender.Female,
        Sex.Male => AdministrativeGender.Male,
        Sex.Other => AdministrativeGender.Other,
        Sex.Unknown => AdministrativeGender.Unknown,
        _ => throw new ArgumentOutOfRangeException(nameof(sex), sex, null),
    };

    public static Sex SexOf(AdministrativeGender? gender) => gender switch
    {
        AdministrativeGender.Female => Sex.Female,
        AdministrativeGender.Male => Sex.Male,
        AdministrativeGender.Other => Sex.Other,
        _ => Sex.Unknown,
    };

    internal static Meta? Meta(string? versionId, DateTimeOffset? lastUpdated) =>
        versionId is null && lastUpdated is null
            ? null
            : new Meta { VersionId = versionId, LastUpdated = lastUpdated?.ToUniversalTime() };

    private static string? Telecom(Patient patient, ContactPoint.ContactPointSystem system, List<FhirIssue> issues, int maxLength)
    {
        var index = patient.Telecom.FindIndex(t => t.System == system && !string.IsNullOrWhiteSpace(t.Value));
        if (index < 0)
        {
            return null;
        }

        var value = patient.Telecom[index].Value!.Trim();
        CheckText(issues, $"Patient.telecom[{index}].value", value, system == ContactPoint.ContactPointSystem.Email ? "e-mail address" : "phone number", maxLength, required: false);
        return value;
    }

    private static void CheckText(List<FhirIssue> issues, string path, string value, string what, int maxLength, bool required)
    {
        if (required && value.Length == 0)
        {
            issues.Add(new FhirIssue(path, $"The {what} is required.", FhirIssueKind.Required));
        }
        else if (value.Length > maxLength)
        {
            issues.Add(new FhirIssue(path, FhirFormats.Invariant($"The {what} is longer than {maxLength} characters."), FhirIssueKind.Value));
        }
    }

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);
}

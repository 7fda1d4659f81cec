using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace Respite.Fhir;

/// <summary>Relative references between Respite's resources (<c>Patient/{id}</c>) and reading them back.</summary>
public static partial class FhirReferences
{
    public static ResourceReference Patient(Guid id) => To("Patient", Id(id));

    public static ResourceReference Practitioner(string userId) => To("Practitioner", CheckedId(userId));

    public static ResourceReference Location(Guid id) => To("Location", Id(id));

    public static ResourceReference Encounter(Guid id) => To("Encounter", Id(id));

    public static ResourceReference Appointment(Guid id) => To("Appointment", Id(id));

    public static ResourceReference CarePlan(Guid id) => To("CarePlan", Id(id));

    public static ResourceReference QuestionnaireResponse(Guid id) => To("QuestionnaireResponse", Id(id));

    /// <summary>A Respite resource id: the GUID in its 36-character lower-case form.</summary>
    public static string Id(Guid id) => id.ToString("D");

    /// <summary>Whether <paramref name="value"/> is a valid FHIR id (1–64 of A–Z, a–z, 0–9, '-' and '.').</summary>
    public static bool IsValidId(string? value) => value is not null && IdPattern().IsMatch(value);

    /// <summary>
    /// The GUID a reference points at when it is <c>{type}/{guid}</c>, or an absolute URL ending so. A reference to
    /// another type, a contained or logical reference, or a non-GUID id gives false.
    /// </summary>
    public static bool TryGetGuid(ResourceReference? reference, string type, out Guid id)
    {
        id = default;
        return TryGetId(reference, type, out var raw) && Guid.TryParseExact(raw, "D", out id);
    }

    /// <summary>The id a reference points at when it is <c>{type}/{id}</c> (relative or absolute).</summary>
    public static bool TryGetId(ResourceReference? reference, string type, [NotNullWhen(true)] out string? id)
    {
        id = null;
        var value = reference?.Reference;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var parts = value.Split('/');
        var at = Array.LastIndexOf(parts, type);
        // A versioned reference (Patient/{id}/_history/2) still names the resource.
        if (at < 0 || at + 1 >= parts.Length || !(at + 2 == parts.Length || (at + 4 == parts.Length && parts[at + 2] == "_history")))
        {
            return false;
        }

        if (!IsValidId(parts[at + 1]))
        {
            return false;
        }

        id = parts[at + 1];
        return true;
    }

    private static ResourceReference To(string type, string id) => new(type + "/" + id);

    private static string CheckedId(string id) =>
        IsValidId(id) ? id : throw new ArgumentException($"'{id}' is not a valid FHIR id.", nameof(id));

    [GeneratedRegex("^[A-Za-z0-9\\-\\.]{1,64}$")]
    private static partial Regex IdPattern();
}

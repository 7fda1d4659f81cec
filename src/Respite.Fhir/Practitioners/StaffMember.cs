namespace Respite.Fhir.Practitioners;

/// <summary>
/// A staff account as a FHIR Practitioner: its id, display name and work e-mail. Nothing of the credentials
/// (password hash, security stamp, lockout) and none of the clinic roles, which are permissions rather than qualifications.
/// </summary>
/// <param name="Id">The account id (an ASP.NET Core Identity user id).</param>
public sealed record StaffMember(string Id, string DisplayName, string? Email, bool Active = true);

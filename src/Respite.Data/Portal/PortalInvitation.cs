namespace Respite.Data.Portal;

/// <summary>
/// A single-use, expiring invitation for a patient to open a portal account. Only a SHA-256 hash of the token is
/// stored; the token itself exists only in the link sent to the patient.
/// </summary>
public sealed class PortalInvitation
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    /// <summary>The address the link was sent to (the portal login name once accepted).</summary>
    public string Email { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the token in the link.</summary>
    public string TokenHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedByUserId { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When the patient used the link to set a password; a used invitation cannot be used again.</summary>
    public DateTimeOffset? AcceptedAt { get; set; }

    /// <summary>The account the invitation created.</summary>
    public string? AcceptedUserId { get; set; }

    /// <summary>When staff withdrew it, or a newer invitation replaced it.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsUsableAt(DateTimeOffset now) => AcceptedAt is null && RevokedAt is null && now < ExpiresAt;
}

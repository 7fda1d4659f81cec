namespace Respite.Data.Scheduling;

/// <summary>
/// A secret link to a patient's appointments for calendar apps that cannot sign in. Only a SHA-256 hash of the token is
/// stored; creating a new link revokes the previous one.
/// </summary>
public sealed class CalendarFeed
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    public string TokenHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public string? CreatedByUserId { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

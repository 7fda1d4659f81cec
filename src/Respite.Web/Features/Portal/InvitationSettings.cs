namespace Respite.Web.Features.Portal;

/// <summary>
/// The clinic's policy for portal invitations (settings group <c>invitations</c>). Not a clinical threshold: how long
/// an invitation link stays usable is a security and convenience choice of the clinic, documented in docs/portal.md.
/// </summary>
public sealed record InvitationSettings
{
    public const int MinLifetimeHours = 1;

    public const int MaxLifetimeHours = 24 * 14;

    public static InvitationSettings Default { get; } = new();

    /// <summary>
    /// Hours an invitation link can be used. Default 72 h: long enough to span a weekend, short enough that a link
    /// left in a mailbox soon stops working (clinic policy choice, the same span as the consultation hold).
    /// </summary>
    public int LifetimeHours { get; init; } = 72;

    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var problems = new List<(string, string)>();
        if (LifetimeHours is < MinLifetimeHours or > MaxLifetimeHours)
        {
            problems.Add(("lifetimeHours", $"Must be between {MinLifetimeHours} and {MaxLifetimeHours} hours."));
        }

        return problems;
    }
}

namespace Respite.Web.Features.Shared;

/// <summary>The public address of the site, for links sent by e-mail (invitations, reminders).</summary>
public static class PublicAddress
{
    public const string Key = "App:PublicBaseUrl";

    /// <summary>The configured absolute address (<c>App:PublicBaseUrl</c>) without a trailing slash; null when not set or not absolute.</summary>
    public static string? Configured(IConfiguration configuration) =>
        configuration[Key] is { Length: > 0 } value && Uri.TryCreate(value, UriKind.Absolute, out _) ? value.TrimEnd('/') : null;
}

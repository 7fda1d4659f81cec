using System.Security.Cryptography;

namespace Respite.Web.Features.Shared;

/// <summary>Random tokens for links that stand in for a sign-in (calendar feeds, portal invitations); only their hashes are stored.</summary>
public static class SecretTokens
{
    /// <summary>32 random bytes as URL-safe base64 without padding (43 characters).</summary>
    public static string New() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

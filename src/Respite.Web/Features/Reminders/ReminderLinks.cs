using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Respite.Web.Features.Shared;

namespace Respite.Web.Features.Reminders;

/// <summary>
/// The links a reminder carries: the portal and the one-click opt-out. The opt-out token is the patient id protected
/// with Data Protection under its own purpose, so it cannot be forged, read, or reused for anything else; it does not
/// expire (an old reminder's link keeps working).
/// </summary>
public sealed class ReminderLinks(IDataProtectionProvider protection, IConfiguration configuration)
{
    private const string Purpose = "Respite.Reminders.OptOut.v1";

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    /// <summary>The public address of the site (<c>App:PublicBaseUrl</c>), without a trailing slash; null when not set.</summary>
    public string? BaseUrl => PublicAddress.Configured(configuration);

    public string Token(Guid patientId) =>
        WebEncoders.Base64UrlEncode(_protector.Protect(Encoding.UTF8.GetBytes(patientId.ToString("N"))));

    /// <summary>The patient the token was made for, or null for a token that is malformed, tampered with or of another purpose.</summary>
    public Guid? PatientFrom(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1000)
        {
            return null;
        }

        try
        {
            var bytes = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
            return Guid.TryParseExact(Encoding.UTF8.GetString(bytes), "N", out var id) ? id : null;
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return null;
        }
    }

    public string OptOutUrl(string baseUrl, Guid patientId) => $"{baseUrl}/reminders/opt-out?token={Token(patientId)}";

    public static string PortalUrl(string baseUrl) => $"{baseUrl}/portal";
}

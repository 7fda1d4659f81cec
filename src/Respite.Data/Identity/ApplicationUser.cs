using Microsoft.AspNetCore.Identity;

namespace Respite.Data.Identity;

public sealed class ApplicationUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The patient record this account belongs to, for patient-portal accounts.</summary>
    public Guid? PatientId { get; set; }

    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
}

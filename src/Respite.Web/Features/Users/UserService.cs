using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Users;

public sealed record UserDto(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool IsActive, bool LockedOut, Guid? PatientId);

public sealed record CreateUserInput(string? Email, string? DisplayName, string? Password, List<string>? Roles, Guid? PatientId);

public sealed record UpdateUserInput(string? DisplayName, List<string>? Roles, bool? IsActive, bool? Unlock, string? NewPassword);

/// <summary>Administrators manage staff accounts and roles.</summary>
public sealed class UserService(UserManager<ApplicationUser> users, AuditTrail audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserDto>> ListAsync(CancellationToken cancellationToken = default)
    {
        var all = await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var result = new List<UserDto>();
        foreach (var user in all)
        {
            result.Add(await ToDtoAsync(user));
        }

        return result;
    }

    public async Task<Outcome<UserDto>> CreateAsync(CreateUserInput input, CancellationToken cancellationToken = default)
    {
        var errors = new ErrorBag();
        var email = errors.Email("email", input.Email);
        if (string.IsNullOrWhiteSpace(input.Email))
        {
            errors.Add("email", "This field is required.");
        }

        var name = errors.Required("displayName", input.DisplayName, 100);
        var password = errors.Required("password", input.Password, 200);
        var roles = ValidateRoles(errors, input.Roles, required: true);
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<UserDto>();
        }

        if (await users.FindByEmailAsync(email!) is not null)
        {
            return Outcome<UserDto>.Invalid("email", "An account with this e-mail already exists.");
        }

        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name!,
            PatientId = input.PatientId,
            CreatedAt = clock.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, password!);
        if (!created.Succeeded)
        {
            return Outcome<UserDto>.Invalid(IdentityErrors(created, "password"));
        }

        await users.AddToRolesAsync(user, roles);
        audit.Add(AuditAction.Create, "User", user.Id, null, detail: string.Join(",", roles));
        await audit.SaveAsync(cancellationToken);
        return Outcome<UserDto>.Success(await ToDtoAsync(user));
    }

    public async Task<Outcome<UserDto>> UpdateAsync(string id, UpdateUserInput input, string? actingUserId, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return Outcome<UserDto>.NotFound("The user");
        }

        var errors = new ErrorBag();
        var name = input.DisplayName is null ? null : errors.Required("displayName", input.DisplayName, 100);
        var roles = input.Roles is null ? null : ValidateRoles(errors, input.Roles, required: true);
        if (id == actingUserId && (input.IsActive == false || (roles is not null && !roles.Contains(Roles.Admin))))
        {
            errors.Add("roles", "You cannot remove your own administrator role or deactivate your own account.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<UserDto>();
        }

        if (input.NewPassword is { Length: > 0 } newPassword)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var reset = await users.ResetPasswordAsync(user, token, newPassword);
            if (!reset.Succeeded)
            {
                return Outcome<UserDto>.Invalid(IdentityErrors(reset, "newPassword"));
            }
        }

        if (name is not null)
        {
            user.DisplayName = name;
        }

        if (input.IsActive is { } active)
        {
            user.IsActive = active;
        }

        await users.UpdateAsync(user);
        if (input.Unlock == true)
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }

        if (roles is not null)
        {
            var current = await users.GetRolesAsync(user);
            await users.RemoveFromRolesAsync(user, current.Except(roles));
            await users.AddToRolesAsync(user, roles.Except(current));
            await users.UpdateSecurityStampAsync(user);
        }

        audit.Add(AuditAction.Update, "User", user.Id, null);
        await audit.SaveAsync(cancellationToken);
        return Outcome<UserDto>.Success(await ToDtoAsync(user));
    }

    private static List<string> ValidateRoles(ErrorBag errors, List<string>? roles, bool required)
    {
        var list = (roles ?? []).Select(r => r?.Trim().ToLowerInvariant() ?? "").Distinct().ToList();
        if (required && list.Count == 0)
        {
            errors.Add("roles", "At least one role is required.");
        }

        foreach (var role in list.Where(r => !Roles.All.Contains(r)))
        {
            errors.Add("roles", $"Unknown role '{role}'. Use {string.Join(", ", Roles.All)}.");
        }

        return list;
    }

    private static Dictionary<string, string[]> IdentityErrors(IdentityResult result, string field) =>
        new() { [field] = result.Errors.Select(e => e.Description).ToArray() };

    private async Task<UserDto> ToDtoAsync(ApplicationUser user) => new(
        user.Id, user.Email ?? "", user.DisplayName, (await users.GetRolesAsync(user)).Order().ToList(),
        user.IsActive, await users.IsLockedOutAsync(user), user.PatientId);
}

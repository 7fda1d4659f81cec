using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Scheduling;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Data.Portal;
using Respite.Web.Features.Patients;
using Respite.Web.Features.Settings;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Portal;

/// <summary>
/// Portal invitations: staff invite a patient by e-mail, the patient follows the link once to set a password and gets a
/// patient account linked to their record. The token exists only in the e-mail; the database keeps its SHA-256 hash.
/// </summary>
public sealed class PortalInvitationService(
    RespiteDbContext db,
    AuditTrail audit,
    PatientAccess access,
    ClinicSettingsService settings,
    UserManager<ApplicationUser> users,
    IHttpContextAccessor httpContextAccessor,
    IConfiguration configuration,
    TimeProvider clock)
{
    public const string AcceptPath = "/portal/accept";

    private const string Entity = "PortalInvitation";

    /// <summary>The patient's portal account (if any) and every invitation, newest first.</summary>
    public async Task<Outcome<PortalAccessDto>> ListAsync(ClaimsPrincipal user, Guid patientId, CancellationToken cancellationToken = default)
    {
        if (!access.CanWrite(user, patientId) || !await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Read, Entity, null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<PortalAccessDto>.NotFound("The patient");
        }

        var result = await AccessOfAsync(patientId, cancellationToken);
        await audit.RecordAsync(AuditAction.Read, Entity, null, patientId, detail: $"count={result.Invitations.Count}", cancellationToken: cancellationToken);
        return Outcome<PortalAccessDto>.Success(result);
    }

    public async Task<Outcome<PortalInvitationDto>> CreateAsync(
        ClaimsPrincipal user, Guid patientId, PortalInvitationInput? input, CancellationToken cancellationToken = default)
    {
        var patient = access.CanWrite(user, patientId)
            ? await db.Patients.FirstOrDefaultAsync(p => p.Id == patientId, cancellationToken)
            : null;
        if (patient is null)
        {
            await audit.RecordAsync(AuditAction.Create, Entity, null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<PortalInvitationDto>.NotFound("The patient");
        }

        var errors = new ErrorBag();
        var given = errors.Email("email", input?.Email);
        if (errors.IsEmpty && given is null && string.IsNullOrWhiteSpace(patient.Email))
        {
            errors.Add("email", "The patient has no e-mail address on their record: give the address to send the invitation to.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<PortalInvitationDto>();
        }

        var email = given ?? patient.Email!.Trim();
        if (await db.Users.AnyAsync(u => u.PatientId == patientId, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Create, Entity, null, patientId, AuditOutcome.Denied, "has account", cancellationToken);
            return Outcome<PortalInvitationDto>.Conflict("The patient already has a portal account.");
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            await audit.RecordAsync(AuditAction.Create, Entity, null, patientId, AuditOutcome.Denied, "e-mail in use", cancellationToken);
            return Outcome<PortalInvitationDto>.Conflict("This e-mail address already belongs to another account: use the patient's own address.");
        }

        var now = clock.GetUtcNow();
        if (!string.Equals(patient.Email, email, StringComparison.Ordinal))
        {
            patient.Email = email;
            patient.UpdatedAt = now;
            patient.Version = Guid.NewGuid();
            patient.RefreshSearchText();
            audit.Add(AuditAction.Update, "Patient", patient.Id.ToString(), patient.Id, detail: "e-mail set for the portal invitation");
        }

        foreach (var open in await db.PortalInvitations
                     .Where(i => i.PatientId == patientId && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
                     .ToListAsync(cancellationToken))
        {
            open.RevokedAt = now;
            await AbandonUnsentAsync(open.Id, "invitation replaced", cancellationToken);
            audit.Add(AuditAction.Update, Entity, open.Id.ToString(), patientId, detail: "revoked: replaced by a new invitation");
        }

        var lifetime = (await settings.GetInvitationSettingsAsync(cancellationToken)).LifetimeHours;
        var token = SecretTokens.New();
        var invitation = new PortalInvitation
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patientId,
            Email = email,
            TokenHash = Hash(token),
            CreatedAt = now,
            CreatedByUserId = user.UserId() ?? "",
            ExpiresAt = now.AddHours(lifetime),
        };
        db.PortalInvitations.Add(invitation);
        db.OutboundEmails.Add(new OutboundEmail
        {
            Id = Guid.CreateVersion7(now),
            Kind = EmailKind.PortalInvitation,
            PatientId = patientId,
            ToAddress = email,
            Subject = $"Your invitation to the {ClinicName} patient portal",
            Body = await InvitationBodyAsync(patient.GivenName, $"{PublicBaseUrl()}{AcceptPath}?token={token}", invitation.ExpiresAt, cancellationToken),
            DedupeKey = DedupeKey(invitation.Id),
            CreatedAt = now,
            NextAttemptAt = now,
        });
        audit.Add(AuditAction.Create, Entity, invitation.Id.ToString(), patientId, detail: $"expires in {lifetime} h");
        await db.SaveChangesAsync(cancellationToken);
        var names = await db.DisplayNamesAsync([invitation.CreatedByUserId], cancellationToken);
        return Outcome<PortalInvitationDto>.Success(ToDto(invitation, now, names));
    }

    public async Task<Outcome<PortalInvitationDto>> RevokeAsync(
        ClaimsPrincipal user, Guid patientId, Guid invitationId, CancellationToken cancellationToken = default)
    {
        var invitation = access.CanWrite(user, patientId)
            ? await db.PortalInvitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.PatientId == patientId, cancellationToken)
            : null;
        if (invitation is null)
        {
            await audit.RecordAsync(AuditAction.Update, Entity, invitationId.ToString(), patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<PortalInvitationDto>.NotFound("The invitation");
        }

        if (invitation.AcceptedAt is not null)
        {
            return Outcome<PortalInvitationDto>.Conflict("The invitation was already used: the patient has an account.");
        }

        var now = clock.GetUtcNow();
        if (invitation.RevokedAt is null)
        {
            invitation.RevokedAt = now;
            await AbandonUnsentAsync(invitation.Id, "invitation revoked", cancellationToken);
            audit.Add(AuditAction.Update, Entity, invitation.Id.ToString(), patientId, detail: "revoked");
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Outcome<PortalInvitationDto>.Conflict("The invitation changed meanwhile: reload it.");
            }
        }

        var names = await db.DisplayNamesAsync([invitation.CreatedByUserId], cancellationToken);
        return Outcome<PortalInvitationDto>.Success(ToDto(invitation, now, names));
    }

    /// <summary>The first name to greet on the accept page, or null when the link is unknown, used, revoked or expired.</summary>
    public async Task<InvitationGreeting?> FindUsableAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!LooksLikeToken(token))
        {
            return null;
        }

        var hash = Hash(token!);
        var now = clock.GetUtcNow();
        var found = await (from i in db.PortalInvitations.AsNoTracking()
                           join p in db.Patients.AsNoTracking() on i.PatientId equals p.Id
                           where i.TokenHash == hash
                           select new { Invitation = i, p.GivenName })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null || !found.Invitation.IsUsableAt(now))
        {
            await audit.RecordAsync(AuditAction.Read, Entity, found?.Invitation.Id.ToString(), found?.Invitation.PatientId, AuditOutcome.NotFound,
                found is null ? "unknown link" : "link no longer valid", cancellationToken);
            return null;
        }

        await audit.RecordAsync(AuditAction.Read, Entity, found.Invitation.Id.ToString(), found.Invitation.PatientId, detail: "accept page", cancellationToken: cancellationToken);
        return new InvitationGreeting(found.Invitation.Id, found.GivenName, found.Invitation.ExpiresAt);
    }

    /// <summary>
    /// Uses the invitation: checks the password against the account rules, claims the invitation with a conditional
    /// update (so of two simultaneous submissions only one succeeds), and creates the patient account in the same
    /// transaction. NotFound means the link is no longer valid.
    /// </summary>
    public async Task<Outcome<ApplicationUser>> AcceptAsync(string? token, string? password, string? confirmPassword, CancellationToken cancellationToken = default)
    {
        if (!LooksLikeToken(token))
        {
            return Outcome<ApplicationUser>.NotFound("The invitation");
        }

        var hash = Hash(token!);
        var now = clock.GetUtcNow();
        var invitation = await db.PortalInvitations.AsNoTracking().FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        var patient = invitation is null ? null : await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == invitation.PatientId, cancellationToken);
        if (invitation is null || patient is null || !invitation.IsUsableAt(now))
        {
            await audit.RecordAsync(AuditAction.Update, Entity, invitation?.Id.ToString(), invitation?.PatientId, AuditOutcome.NotFound, "accept: link no longer valid", cancellationToken);
            return Outcome<ApplicationUser>.NotFound("The invitation");
        }

        var account = new ApplicationUser
        {
            UserName = invitation.Email,
            Email = invitation.Email,
            EmailConfirmed = true,
            DisplayName = patient.GivenName,
            PatientId = patient.Id,
            IsActive = true,
            CreatedAt = now,
        };
        var errors = new ErrorBag();
        if (string.IsNullOrEmpty(password))
        {
            errors.Add("password", "Choose a password.");
        }
        else
        {
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, account, password);
                foreach (var error in result.Errors)
                {
                    errors.Add("password", error.Description);
                }
            }

            if (!string.Equals(password, confirmPassword, StringComparison.Ordinal))
            {
                errors.Add("confirmPassword", "The two passwords are not the same.");
            }
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<ApplicationUser>();
        }

        if (await db.Users.AnyAsync(u => u.PatientId == patient.Id, cancellationToken) || await users.FindByEmailAsync(invitation.Email) is not null)
        {
            await audit.RecordAsync(AuditAction.Update, Entity, invitation.Id.ToString(), patient.Id, AuditOutcome.Denied, "accept: account exists", cancellationToken);
            return Outcome<ApplicationUser>.Conflict("An account already exists for this patient or address: sign in, or ask the clinic.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.PortalInvitations
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now), cancellationToken);
        if (claimed != 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            await audit.RecordAsync(AuditAction.Update, Entity, invitation.Id.ToString(), patient.Id, AuditOutcome.NotFound, "accept: already used", cancellationToken);
            return Outcome<ApplicationUser>.NotFound("The invitation");
        }

        IdentityResult created;
        try
        {
            created = await users.CreateAsync(account, password!);
            if (created.Succeeded)
            {
                created = await users.AddToRoleAsync(account, Roles.Patient);
            }
        }
        catch (DbUpdateException)
        {
            created = IdentityResult.Failed(new IdentityError { Code = "Conflict", Description = "The account could not be created." });
        }

        if (!created.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            await audit.RecordAsync(AuditAction.Update, Entity, invitation.Id.ToString(), patient.Id, AuditOutcome.Denied, "accept: account not created", cancellationToken);
            return Outcome<ApplicationUser>.Conflict("An account already exists for this patient or address: sign in, or ask the clinic.");
        }

        await db.PortalInvitations.Where(i => i.Id == invitation.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedUserId, account.Id), cancellationToken);
        audit.Add(AuditAction.Update, Entity, invitation.Id.ToString(), patient.Id, detail: "accepted: portal account created");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome<ApplicationUser>.Success(account);
    }

    internal async Task<PortalAccessDto> AccessOfAsync(Guid patientId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var account = await db.Users.AsNoTracking().Where(u => u.PatientId == patientId)
            .Select(u => new PortalAccountDto(u.Email ?? u.UserName ?? "", u.CreatedAt, u.IsActive))
            .FirstOrDefaultAsync(cancellationToken);
        var rows = await db.PortalInvitations.AsNoTracking().Where(i => i.PatientId == patientId)
            .OrderByDescending(i => i.CreatedAt).Take(50).ToListAsync(cancellationToken);
        var names = await db.DisplayNamesAsync(rows.Select(r => r.CreatedByUserId), cancellationToken);
        return new PortalAccessDto(account, [.. rows.Select(r => ToDto(r, now, names))]);
    }

    public static string DedupeKey(Guid invitationId) => $"portal-invitation:{invitationId}";

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static InvitationStatus StatusAt(PortalInvitation invitation, DateTimeOffset now) =>
        invitation.AcceptedAt is not null ? InvitationStatus.Accepted
        : invitation.RevokedAt is not null ? InvitationStatus.Revoked
        : now >= invitation.ExpiresAt ? InvitationStatus.Expired
        : InvitationStatus.Pending;

    private string ClinicName => configuration["Clinic:Name"] ?? "Respite clinic";

    private static PortalInvitationDto ToDto(PortalInvitation i, DateTimeOffset now, IReadOnlyDictionary<string, string> names) => new(
        i.Id, i.PatientId, i.Email, StatusAt(i, now), i.CreatedAt, names.GetValueOrDefault(i.CreatedByUserId), i.ExpiresAt, i.AcceptedAt, i.RevokedAt);

    private async Task AbandonUnsentAsync(Guid invitationId, string reason, CancellationToken cancellationToken)
    {
        var key = DedupeKey(invitationId);
        foreach (var email in await db.OutboundEmails.Where(e => e.DedupeKey == key && e.SentAt == null && e.AbandonedReason == null).ToListAsync(cancellationToken))
        {
            email.AbandonedReason = reason;
        }
    }

    /// <summary>The e-mail: the first name, the link and when it expires (in the clinic's time zone); nothing else about the patient.</summary>
    private async Task<string> InvitationBodyAsync(string firstName, string link, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var zoneId = await db.Locations.AsNoTracking().Where(l => l.Active).OrderBy(l => l.Name).Select(l => l.TimeZoneId).FirstOrDefaultAsync(cancellationToken);
        var zone = zoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found) ? found : TimeZoneInfo.Utc;
        var local = ClinicClock.ToLocal(expiresAt, zone);
        var expiry = local.ToString("dddd d MMMM yyyy 'at' HH:mm", CultureInfo.InvariantCulture) + (zone == TimeZoneInfo.Utc ? " UTC" : $" ({zone.Id})");
        return $"""
            Hello {firstName},

            {ClinicName} has invited you to open your account in our patient portal, where you can see your appointments and ask us to change them.

            Choose your password here:
            {link}

            The link works once and expires on {expiry}. If it has expired, ask the clinic for a new one.

            If you did not expect this e-mail, you can ignore it.
            """;
    }

    /// <summary>The configured public address of the site (<c>App:PublicBaseUrl</c>), else the address of the current request.</summary>
    private string PublicBaseUrl()
    {
        if (PublicAddress.Configured(configuration) is { } configured)
        {
            return configured;
        }

        var request = httpContextAccessor.HttpContext?.Request;
        return request is null ? "" : $"{request.Scheme}://{request.Host}{request.PathBase}";
    }

    private static bool LooksLikeToken(string? token) => token is { Length: >= 40 and <= 64 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

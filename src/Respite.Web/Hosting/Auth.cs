using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Respite.Data;
using Respite.Data.Identity;

namespace Respite.Web.Hosting;

/// <summary>Authentication (cookies for the UI, bearer tokens for /api) and the clinic's authorization policies.</summary>
public static class Auth
{
    public const string PatientIdClaim = "respite:patient_id";

    /// <summary>The signed-in user's display name, as it was when they signed in.</summary>
    public const string DisplayNameClaim = "respite:display_name";
    public static readonly string ApiScheme = IdentityConstants.BearerScheme;
    public const string SelectorScheme = "respite";

    public static WebApplicationBuilder AddRespiteAuth(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddIdentity<ApplicationUser, IdentityRole>(options =>
            {
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireDigit = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = builder.Configuration.GetValue("Security:MaxFailedLogins", 5);
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(builder.Configuration.GetValue("Security:LockoutMinutes", 15));
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<RespiteDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<RespiteClaimsPrincipalFactory>();

        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = SelectorScheme;
                options.DefaultAuthenticateScheme = SelectorScheme;
                options.DefaultChallengeScheme = SelectorScheme;
                options.DefaultForbidScheme = SelectorScheme;
            })
            .AddPolicyScheme(SelectorScheme, "Bearer token or cookie", options =>
            {
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? ApiScheme
                        : IdentityConstants.ApplicationScheme;
            })
            .AddBearerToken(ApiScheme, options =>
            {
                options.BearerTokenExpiration = TimeSpan.FromHours(builder.Configuration.GetValue("Security:TokenHours", 8));
            });

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/login";
            options.LogoutPath = "/logout";
            options.AccessDeniedPath = "/access-denied";
            options.Cookie.Name = "respite.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurity(builder.Environment);
            options.ExpireTimeSpan = TimeSpan.FromHours(10);
            options.SlidingExpiration = true;
            options.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
        });

        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurity(builder.Environment);
        });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Admin, Roles.Prescriber, Roles.Nurse, Roles.FrontDesk))
            .AddPolicy(Policies.PatientRecords, p => p.RequireRole(Roles.Prescriber, Roles.Nurse, Roles.FrontDesk))
            .AddPolicy(Policies.PatientRecordsOrSelf, p => p.RequireRole(Roles.Prescriber, Roles.Nurse, Roles.FrontDesk, Roles.Patient))
            .AddPolicy(Policies.PortalPatient, p => p.RequireRole(Roles.Patient).RequireClaim(PatientIdClaim))
            .AddPolicy(Policies.Clinician, p => p.RequireRole(Roles.Prescriber, Roles.Nurse))
            .AddPolicy(Policies.Prescriber, p => p.RequireRole(Roles.Prescriber))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.PrescriberOrAdmin, p => p.RequireRole(Roles.Prescriber, Roles.Admin))
            .AddPolicy(Policies.ClinicianOrAdmin, p => p.RequireRole(Roles.Prescriber, Roles.Nurse, Roles.Admin))
            .AddPolicy(Policies.ClinicianOrSelf, p => p.RequireRole(Roles.Prescriber, Roles.Nurse, Roles.Patient));

        return builder;
    }

    /// <summary>
    /// Cookies are sent over HTTPS only, except in Development and in the test host, which serve plain http://localhost.
    /// Behind a proxy that terminates TLS, the proxy's <c>X-Forwarded-Proto</c> must reach the app
    /// (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>), or sign-in forms cannot set their cookies.
    /// </summary>
    public static CookieSecurePolicy CookieSecurity(IWebHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment("Testing") ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

    private static Task ApiAwareRedirect(
        Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context,
        int statusCode)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/fhir"))
        {
            context.Response.StatusCode = statusCode;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    public static string? UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public static string? DisplayName(this ClaimsPrincipal user) => user.FindFirstValue(DisplayNameClaim);

    public static Guid? OwnPatientId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(PatientIdClaim), out var id) ? id : null;

    public static bool IsStaff(this ClaimsPrincipal user) => Roles.Staff.Any(user.IsInRole);

    public static string RoleSummary(this ClaimsPrincipal user) =>
        string.Join(",", Roles.All.Where(user.IsInRole));
}

public static class Policies
{
    public const string Staff = "staff";
    public const string PatientRecords = "patient-records";
    public const string PatientRecordsOrSelf = "patient-records-or-self";

    /// <summary>A patient's portal account, linked to their record: the portal pages and /api/portal.</summary>
    public const string PortalPatient = "portal-patient";
    public const string Clinician = "clinician";
    public const string Prescriber = "prescriber";
    public const string Admin = "admin";

    /// <summary>Clinic-wide aggregates without patient detail (the outcomes dashboard).</summary>
    public const string PrescriberOrAdmin = "prescriber-or-admin";

    /// <summary>Tools without patient data (the pharmacokinetic simulator): clinicians and administrators.</summary>
    public const string ClinicianOrAdmin = "clinician-or-admin";

    /// <summary>Session records: clinicians, and a patient for their own (the service answers 404 for another's).</summary>
    public const string ClinicianOrSelf = "clinician-or-self";
}

/// <summary>Adds the patient-record link of a patient account to its claims.</summary>
public sealed class RespiteClaimsPrincipalFactory(
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole> roleManager,
    Microsoft.Extensions.Options.IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(Auth.DisplayNameClaim, user.DisplayName));
        if (user.PatientId is { } patientId)
        {
            identity.AddClaim(new Claim(Auth.PatientIdClaim, patientId.ToString()));
        }

        return identity;
    }
}

using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Identity;
using Respite.Fhir;
using Respite.Fhir.Practitioners;

namespace Respite.Web.Features.Fhir.Sources;

/// <summary>Staff accounts (any staff role; never a patient's portal account) as Practitioners.</summary>
public sealed class PractitionerSource(RespiteDbContext db) : IFhirResourceSource
{
    private static readonly string[] StaffRoles = [.. Roles.Staff];

    public string ResourceType => "Practitioner";

    public FhirAccess Access => FhirAccess.Staff;

    public IReadOnlyList<FhirSearchParameter> SearchParameters { get; } =
    [
        FhirSearchParameter.Id,
        new("name", FhirParameterKind.String, "The start of the display name, case-insensitive."),
        new("email", FhirParameterKind.Token, "The account's e-mail address, case-insensitive."),
        new("active", FhirParameterKind.Token, "Whether the account may sign in (true or false)."),
    ];

    public async Task<FhirEntry?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (!FhirReferences.IsValidId(id))
        {
            return null;
        }

        var row = await Project(Staff().Where(u => u.Id == id)).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : Entry(row);
    }

    public async IAsyncEnumerable<FhirEntry> SearchAsync(FhirQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query.MatchesNothing)
        {
            yield break;
        }

        var rows = Staff();
        if (query.Ids is { } ids)
        {
            rows = rows.Where(u => ids.Contains(u.Id));
        }

        foreach (var names in SourceFilters.LowerStrings(query, "name"))
        {
            rows = rows.WhereAny(names.Select(n => (Expression<Func<ApplicationUser, bool>>)(u => u.DisplayName.ToLower().StartsWith(n))));
        }

        foreach (var emails in query.Tokens("email"))
        {
            var normalized = emails.Where(t => t.System is null or "" && t.Code is not null).Select(t => t.Code!.ToUpperInvariant()).ToList();
            rows = rows.Where(u => normalized.Contains(u.NormalizedEmail!));
        }

        foreach (var active in query.Tokens("active"))
        {
            var allowed = SourceFilters.Allowed(active, [true, false], v => [("", v ? "true" : "false")]);
            rows = rows.Where(u => allowed.Contains(u.IsActive));
        }

        await foreach (var row in Project(rows.OrderBy(u => u.DisplayName).ThenBy(u => u.Id)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return Entry(row);
        }
    }

    private IQueryable<ApplicationUser> Staff()
    {
        var staff = from ur in db.UserRoles
                    join r in db.Roles on ur.RoleId equals r.Id
                    where StaffRoles.Contains(r.Name!)
                    select ur.UserId;
        return db.Users.AsNoTracking().Where(u => staff.Contains(u.Id));
    }

    private static IQueryable<Row> Project(IQueryable<ApplicationUser> users) =>
        users.Select(u => new Row(u.Id, u.DisplayName, u.Email, u.IsActive));

    private static FhirEntry Entry(Row row) =>
        new(PractitionerMapper.ToFhir(new StaffMember(row.Id, row.DisplayName, row.Email, row.Active)), null);

    private sealed record Row(string Id, string DisplayName, string? Email, bool Active);
}

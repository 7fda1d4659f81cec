using Microsoft.EntityFrameworkCore;
using Respite.Data;

namespace Respite.Web.Features.Shared;

public static class UserNames
{
    /// <summary>The display names of the given users by id; null ids are skipped and no ids means no query.</summary>
    public static async Task<Dictionary<string, string>> DisplayNamesAsync(this RespiteDbContext db, IEnumerable<string?> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.OfType<string>().Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        return await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }
}

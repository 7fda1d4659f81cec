using Microsoft.EntityFrameworkCore;
using Respite.Data.Auditing;

namespace Respite.Data;

/// <summary>Settings shared by both providers; each migrations assembly adds its own provider on top.</summary>
public static class RespiteDatabase
{
    public static DbContextOptionsBuilder ApplyCommon(DbContextOptionsBuilder options) =>
        options.AddInterceptors(new AppendOnlyAuditInterceptor());

    public static DatabaseProvider ParseProvider(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        _ => throw new InvalidOperationException($"Database:Provider '{value}' is not supported; use Sqlite or Postgres."),
    };
}

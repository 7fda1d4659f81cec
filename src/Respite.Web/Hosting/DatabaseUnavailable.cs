using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Respite.Web.Hosting;

/// <summary>
/// Recognises failures that mean "the database cannot be reached right now" (as opposed to a bug or a bad request):
/// they are answered 503 with <c>Retry-After</c> instead of 500, and the app recovers by itself when the database returns,
/// because every request opens its connection anew. See docs/reliability.md.
/// </summary>
public static class DatabaseUnavailable
{
    public const string Title = "The database is unavailable; try again shortly.";
    public const string Type = Problems.TypeBase + "database-unavailable";

    /// <summary>Seconds a client should wait before retrying, sent as <c>Retry-After</c>.</summary>
    public const int RetryAfterSeconds = 5;

    // SQLite result codes: SQLITE_IOERR 10, SQLITE_BUSY 5, SQLITE_LOCKED 6, SQLITE_FULL 13, SQLITE_CANTOPEN 14.
    private static readonly HashSet<int> SqliteUnavailable = [5, 6, 10, 13, 14];

    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return IsUnavailable(postgres.SqlState);
                case NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException:
                    return true;
                case SqliteException sqlite:
                    return SqliteUnavailable.Contains(sqlite.SqliteErrorCode);
                case SocketException:
                    return true;
            }
        }

        return false;
    }

    public static void AddRetryAfter(HttpResponse response) =>
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // Implementation note: class 08 is "connection exception"; 57P01-57P03 are the server shutting down, crashing or
    // starting; 53300 too many connections; 55000 with a database that does not accept connections (ALLOW_CONNECTIONS
    // false) arrives as object_not_in_prerequisite_state; 3D000 is a database that does not exist (dropped or not yet
    // restored). Constraint violations, serialization failures and syntax errors stay what they are.
    private static bool IsUnavailable(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.ObjectNotInPrerequisiteState or PostgresErrorCodes.InvalidCatalogName;
}

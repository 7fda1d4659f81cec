using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Respite.Data;

namespace Respite.Web.Tooling;

/// <summary>
/// Command modes of the web host on the configured database (see docs/reliability.md):
/// <c>backup --out FILE</c> writes a consistent copy while the app runs (SQLite: the online backup API, checked with
/// <c>integrity_check</c>; PostgreSQL: <c>pg_dump --format=custom</c>), and <c>restore --from FILE</c> loads one into an
/// EMPTY database (SQLite: a new file; PostgreSQL: a new database, with <c>pg_restore --single-transaction</c>).
/// Restore never overwrites data: a database with tables is refused.
/// </summary>
public static class BackupCommands
{
    public const string Backup = "backup";
    public const string Restore = "restore";

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is Backup or Restore;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(args);
        var option = args[0] == Backup ? "--out" : "--from";
        var index = Array.IndexOf(args, option);
        if (index < 0 || index + 1 >= args.Length || string.IsNullOrWhiteSpace(args[index + 1]))
        {
            await Console.Error.WriteLineAsync($"usage: {args[0]} {option} FILE");
            return 2;
        }

        var file = Path.GetFullPath(args[index + 1]);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RespiteDbContext>();
        var connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("ConnectionStrings:Respite is not set.");
        var sqlite = db.Database.IsSqlite();
        try
        {
            return (args[0], sqlite) switch
            {
                (Backup, true) => BackupSqlite(connectionString, file),
                (Backup, false) => await BackupPostgresAsync(app.Configuration, connectionString, file),
                (_, true) => RestoreSqlite(connectionString, file),
                (_, false) => await RestorePostgresAsync(app.Configuration, connectionString, file),
            };
        }
        catch (Exception e) when (e is SqliteException or NpgsqlException or IOException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"{args[0]} failed: {e.Message}");
            return 1;
        }
    }

    private static int BackupSqlite(string connectionString, string file)
    {
        // Why: the online backup API copies the pages under a read transaction, so the copy is one committed state even
        // while the app writes; a temporary name and a rename mean FILE is never a half-written backup.
        var temporary = file + ".partial";
        File.Delete(temporary);
        using (var source = new SqliteConnection(connectionString))
        using (var target = new SqliteConnection(Standalone(temporary)))
        {
            source.Open();
            target.Open();
            source.BackupDatabase(target);
            Execute(target, "PRAGMA journal_mode=DELETE");
            RequireIntact(target, "the copy");

            Console.WriteLine($"backup: {SqliteTables(target)} tables copied, integrity_check ok");
        }

        File.Move(temporary, file, overwrite: true);
        Console.WriteLine($"backup written to {file} ({new FileInfo(file).Length} bytes)");
        return 0;
    }

    private static void RequireIntact(SqliteConnection connection, string what)
    {
        var check = Scalar(connection, "PRAGMA integrity_check");
        if (check != "ok")
        {
            throw new InvalidOperationException($"{what} failed its integrity check: {check}");
        }
    }

    private static int RestoreSqlite(string connectionString, string file)
    {
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"{file} does not exist.");
        }

        var targetPath = new SqliteConnectionStringBuilder(connectionString).DataSource;
        using var target = new SqliteConnection(Standalone(targetPath));
        target.Open();
        var tables = SqliteTables(target);
        if (tables > 0)
        {
            throw new InvalidOperationException($"{targetPath} already holds {tables} tables: restore only into a new, empty database file.");
        }

        using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            source.Open();
            source.BackupDatabase(target);
        }

        Execute(target, "PRAGMA journal_mode=WAL");
        RequireIntact(target, "the restored database");

        Console.WriteLine($"restored {SqliteTables(target)} tables from {file} into {targetPath}");
        return 0;
    }

    private static async Task<int> BackupPostgresAsync(IConfiguration configuration, string connectionString, string file)
    {
        var temporary = file + ".partial";
        File.Delete(temporary);
        await RunPostgresToolAsync(configuration, "pg_dump", connectionString, ["--format=custom", "--no-owner", "--no-privileges", "--file", temporary]);
        File.Move(temporary, file, overwrite: true);
        Console.WriteLine($"backup written to {file} ({new FileInfo(file).Length} bytes)");
        return 0;
    }

    private static async Task<int> RestorePostgresAsync(IConfiguration configuration, string connectionString, string file)
    {
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"{file} does not exist.");
        }

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
            var tables = (long)(await count.ExecuteScalarAsync() ?? 0L);
            if (tables > 0)
            {
                throw new InvalidOperationException($"database {connection.Database} already holds {tables} tables: restore only into a new, empty database.");
            }
        }

        var database = new NpgsqlConnectionStringBuilder(connectionString).Database ?? "";
        await RunPostgresToolAsync(configuration, "pg_restore", connectionString,
            ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname", database, file]);
        Console.WriteLine($"restored {file} into database {database}");
        return 0;
    }

    /// <summary>Runs pg_dump or pg_restore with the connection passed in PG* variables (no password on the command line).</summary>
    private static async Task RunPostgresToolAsync(IConfiguration configuration, string tool, string connectionString, string[] arguments)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(PostgresTool(configuration, tool))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGHOST"] = connection.Host;
        start.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = connection.Username;
        start.Environment["PGDATABASE"] = connection.Database;
        if (!string.IsNullOrEmpty(connection.Password))
        {
            start.Environment["PGPASSWORD"] = connection.Password;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Console.Write(await output);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} exited with code {process.ExitCode}: {(await error).Trim()}");
        }
    }

    /// <summary>
    /// <c>Database:PostgresBinDirectory</c> when set, else the newest <c>/usr/lib/postgresql/*/bin</c> (Debian), else PATH.
    /// pg_dump must be at least as new as the server.
    /// </summary>
    private static string PostgresTool(IConfiguration configuration, string tool)
    {
        if (configuration["Database:PostgresBinDirectory"] is { Length: > 0 } configured)
        {
            return Path.Combine(configured, tool);
        }

        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0, Path: Path.Combine(d, "bin", tool)))
                .Where(c => File.Exists(c.Path))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Path)
                .FirstOrDefault()
            : null;
        return debian ?? tool;
    }

    private static string Standalone(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();

    private static int SqliteTables(SqliteConnection connection) =>
        Convert.ToInt32(Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"), System.Globalization.CultureInfo.InvariantCulture);

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

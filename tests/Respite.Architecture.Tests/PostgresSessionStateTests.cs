using System.Text.RegularExpressions;
using Respite.Data.Postgres;

namespace Respite.Architecture.Tests;

/// <summary>
/// PostgreSQL connections go back to the pool without a session reset (<see cref="PostgresDatabase.DefaultNoResetOnClose"/>),
/// which is safe only while no code leaves state on its server session. This fails when code that could appears, so the
/// setting is reconsidered (or the state made transaction-scoped: <c>SET LOCAL</c>, <c>pg_advisory_xact_lock</c>).
/// </summary>
public sealed partial class PostgresSessionStateTests
{
    [GeneratedRegex(
        @"pg_(try_)?advisory_lock(_shared)?\s*\(|(?<!UN)LISTEN\s+\w|\bSET\s+(SESSION|ROLE|search_path|statement_timeout|lock_timeout|idle_in_transaction_session_timeout|TIME\s+ZONE|application_name|work_mem|synchronous_commit)\b|set_config\s*\(|CREATE\s+(TEMP|TEMPORARY)\s|WITH\s+HOLD",
        RegexOptions.IgnoreCase)]
    private static partial Regex SessionState();

    [Fact]
    public void NoSourceFile_LeavesStateOnAPooledServerSession()
    {
        var root = Path.GetDirectoryName(DocumentationTests.RepositoryPath("Respite.slnx"))!;
        var offenders = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".sql", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => SessionState().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetRelativePath(root, f)}: {m.Value}"))
            .ToList();

        Assert.True(offenders.Count == 0, "Session state on a pooled connection (see PostgresDatabase.DefaultNoResetOnClose):\n" + string.Join('\n', offenders));
    }

    [Theory]
    [InlineData("SELECT pg_advisory_lock(42)")]
    [InlineData("select pg_try_advisory_lock(@key)")]
    [InlineData("LISTEN reminders")]
    [InlineData("SET statement_timeout = 5000")]
    [InlineData("SET SESSION work_mem TO '64MB'")]
    [InlineData("SELECT set_config('app.user', @id, false)")]
    [InlineData("CREATE TEMP TABLE staging (id int)")]
    [InlineData("DECLARE c CURSOR WITH HOLD FOR SELECT 1")]
    public void SessionState_IsRecognised(string sql) => Assert.Matches(SessionState(), sql);

    [Theory]
    [InlineData("UPDATE patients SET \"Version\" = @v")]
    [InlineData("SET LOCAL statement_timeout = 5000")]
    [InlineData("SELECT pg_advisory_xact_lock(42)")]
    [InlineData("UNLISTEN *")]
    public void TransactionScopedOrOrdinarySql_IsNot(string sql) => Assert.DoesNotMatch(SessionState(), sql);
}

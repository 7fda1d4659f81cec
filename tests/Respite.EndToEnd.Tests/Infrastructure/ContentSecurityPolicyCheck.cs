using System.Collections.Concurrent;
using System.Reflection;
using Xunit.Sdk;

namespace Respite.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Content security policy violations Chromium reported on any page the journeys opened (it logs each one to the console
/// as "Refused to … because it violates the following Content Security Policy directive").
/// </summary>
public static class ContentSecurityPolicyViolations
{
    private static readonly ConcurrentQueue<string> Reported = new();

    public static int Count => Reported.Count;

    public static void Record(string message, string? url) => Reported.Enqueue($"{url}: {message}");

    public static IReadOnlyList<string> Since(int count) => Reported.Skip(count).ToList();

    public static bool IsViolation(string message) => message.Contains("Content Security Policy", StringComparison.Ordinal);
}

/// <summary>
/// Fails a test when a violation was reported while it ran. Journeys of the browser collection run one at a time; one
/// running beside them in its own collection may be failed for another's violation, whose page address the message names.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class NoContentSecurityPolicyViolationsAttribute : BeforeAfterTestAttribute
{
    private static readonly ConcurrentDictionary<MethodInfo, int> CountBefore = new();

    public override void Before(MethodInfo methodUnderTest) => CountBefore[methodUnderTest] = ContentSecurityPolicyViolations.Count;

    public override void After(MethodInfo methodUnderTest)
    {
        var violations = ContentSecurityPolicyViolations.Since(CountBefore.TryRemove(methodUnderTest, out var before) ? before : 0);
        if (violations.Count > 0)
        {
            throw new XunitException("Content security policy violations:\n" + string.Join("\n", violations));
        }
    }
}

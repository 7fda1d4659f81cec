using System.Diagnostics;
using System.Globalization;
using Respite.Web.Features.Dashboard;

namespace Respite.Web.Tooling;

/// <summary>
/// Command modes of the web host for load testing, run against the configured database:
/// <c>generate-history [--patients N] [--seed S] [--years Y] [--locations L]</c> and
/// <c>benchmark-dashboard [--runs N]</c>. See docs/benchmarks.md.
/// </summary>
public static class ToolCommands
{
    public const string Generate = "generate-history";
    public const string Benchmark = "benchmark-dashboard";

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is Generate or Benchmark;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = Options(args[1..]);
        int Int(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        if (args[0] == Generate)
        {
            await using var scope = services.CreateAsyncScope();
            var generator = scope.ServiceProvider.GetRequiredService<ClinicHistoryGenerator>();
            var defaults = new HistoryOptions();
            var counts = await generator.GenerateAsync(
                new HistoryOptions(Int("patients", defaults.Patients), Int("seed", defaults.Seed), Int("years", defaults.Years), Int("locations", defaults.Locations)),
                Console.WriteLine);
            Console.WriteLine(
                $"generated {counts.Patients} patients, {counts.Sessions} sessions, {counts.Observations} observations " +
                $"({counts.Vitals} vitals, {counts.Doses} dose events, {counts.Assessments} assessments), {counts.Snapshots} snapshots in {counts.Elapsed.TotalSeconds:F1} s");
            return 0;
        }

        var runs = Int("runs", 20);
        string? location;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Respite.Data.RespiteDbContext>();
            location = db.Locations.OrderBy(l => l.Name).Select(l => l.Id.ToString()).FirstOrDefault();
        }

        var year = DateTime.UtcNow.Year - 1;
        (string Name, DashboardQuery Query)[] cases =
        [
            ("all patients", new DashboardQuery()),
            ("one location", new DashboardQuery(Location: location)),
            ($"period {year}", new DashboardQuery(From: $"{year}-01-01", To: $"{year}-12-31")),
            ("esketamine, depression", new DashboardQuery(Modality: "esketamine", Indication: "depression")),
            ("iv, both, one location, last 2 years", new DashboardQuery(Location: location, From: $"{year - 1}-01-01", Modality: "iv", Indication: "both")),
        ];
        Console.WriteLine("| filters | patients | cold (ms) | warm median (ms) | warm p95 (ms) |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, query) in cases)
        {
            var timings = new List<double>();
            var patients = 0;
            for (var run = 0; run <= runs; run++)
            {
                await using var scope = services.CreateAsyncScope();
                var dashboard = scope.ServiceProvider.GetRequiredService<DashboardService>();
                var watch = Stopwatch.StartNew();
                var outcome = await dashboard.OutcomesAsync(query);
                timings.Add(watch.Elapsed.TotalMilliseconds);
                patients = outcome.Value?.PatientsTreated ?? -1;
            }

            var warm = timings.Skip(1).Order().ToList();
            Console.WriteLine(FormattableString.Invariant(
                $"| {name} | {patients} | {timings[0]:F0} | {warm[warm.Count / 2]:F0} | {warm[(int)Math.Ceiling(warm.Count * 0.95) - 1]:F0} |"));
        }

        return 0;
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        return options;
    }
}

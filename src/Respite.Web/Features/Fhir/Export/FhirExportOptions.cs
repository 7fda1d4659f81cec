namespace Respite.Web.Features.Fhir.Export;

/// <summary>Bulk export settings (<c>Fhir:Export</c>).</summary>
public sealed class FhirExportOptions
{
    public const string Section = "Fhir:Export";

    /// <summary>
    /// The folder the NDJSON files are written to, relative to the content root (default <c>App_Data/exports</c>). Several
    /// hosts behind a load balancer must share it.
    /// </summary>
    public string Directory { get; set; } = Path.Combine("App_Data", "exports");

    /// <summary>The most resources in one file; a type with more is split into several files.</summary>
    public int MaxResourcesPerFile { get; set; } = 100_000;

    /// <summary>How long a finished export's files stay downloadable.</summary>
    public TimeSpan FileLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the worker looks for jobs queued by other hosts and for expired jobs.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A running job whose worker has been silent this long is taken to have died and is started again.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The <c>Retry-After</c> a client polling a running export is given, in seconds.</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>
    /// How many exports one user may have queued or running at once; a kick-off beyond it is answered 429 with
    /// <c>Retry-After</c>, as the Bulk Data specification allows, so that one client cannot fill the queue.
    /// </summary>
    public int MaxActivePerUser { get; set; } = 2;

    /// <summary>Whether this host runs export jobs; a host that does not still accepts them for the others.</summary>
    public bool Worker { get; set; } = true;
}

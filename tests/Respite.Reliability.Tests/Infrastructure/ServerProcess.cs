using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Respite.Reliability.Tests.Infrastructure;

/// <summary>
/// The real server (<c>dotnet Respite.Web.dll</c>) as a child process on a free port of 127.0.0.1, in the Testing
/// environment with explicit settings: the process a crash test kills and starts again on the same database.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int Id => _process.Id;

    /// <summary>The server's console output so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static string WebDll { get; } = FindWebDll();

    /// <summary>Starts the server and waits until <c>/alive</c> answers (migrations and seeding done).</summary>
    public static async Task<ServerProcess> StartAsync(TestDatabase database, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var process = Process.Start(StartInfo(database, address, settings, [])) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new ServerProcess(process, address);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilAliveAsync();
        return server;
    }

    /// <summary>Runs a command mode of the server (e.g. <c>backup --out FILE</c>) to its end: exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(TestDatabase database, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(database, new Uri("http://127.0.0.1:0"), null, arguments)) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>`dotnet Respite.Web.dll [arguments] --contentRoot …` with the test database's settings, its output captured.</summary>
    private static ProcessStartInfo StartInfo(TestDatabase database, Uri address, IReadOnlyDictionary<string, string>? settings, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(WebDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WebDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(Path.GetDirectoryName(WebDll)!);
        foreach (var (key, value) in Environment(database, address, settings))
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, no graceful end of requests in flight.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static Dictionary<string, string> Environment(TestDatabase database, Uri address, IReadOnlyDictionary<string, string>? settings)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/'),
            ["DOTNET_NOLOGO"] = "1",
            ["Database__Provider"] = database.Provider,
            ["ConnectionStrings__Respite"] = database.ConnectionString,
            ["Demo__Seed"] = "true",
            ["Reminders__Background"] = "false",
            ["RateLimits__LoginAttemptsPerMinute"] = "10000",
            ["RateLimits__PublicRequestsPerMinute"] = "10000",
            ["RateLimits__PublicFormPostsPerMinute"] = "10000",
            ["Email__PickupDirectory"] = Path.Combine(database.Directory, "outbox"),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return environment;
    }

    private async Task WaitUntilAliveAsync()
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} while starting:\n{Log}");
            }

            try
            {
                if ((await client.GetAsync("/alive")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The server did not answer /alive within 90 s:\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindWebDll()
    {
        var recorded = typeof(ServerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RespiteWebDll")?.Value;
        if (recorded is null || !File.Exists(recorded) || !File.Exists(Path.ChangeExtension(recorded, ".runtimeconfig.json")))
        {
            throw new InvalidOperationException($"The server build was not found ('{recorded}'): build Respite.slnx first.");
        }

        return recorded;
    }
}

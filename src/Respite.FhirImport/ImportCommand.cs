using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Rest;

namespace Respite.FhirImport;

/// <summary>
/// <c>respite-fhir-import</c>: loads FHIR Bundles or NDJSON files into a Respite server through its FHIR API.
/// Exit code 0 when everything was accepted, 2 when some resources were rejected, 1 when the import could not run.
/// </summary>
public static class ImportCommand
{
    public const string PasswordVariable = "RESPITE_IMPORT_PASSWORD";

    public const string Usage = """
        Usage: respite-fhir-import --server URL (--token TOKEN | --user EMAIL) [--patient ID] [--report FILE] FILE...

          FILE             FHIR NDJSON (*.ndjson, one resource per line, read as a stream) or a JSON/XML Bundle or resource.
          --server URL     The Respite server, e.g. http://127.0.0.1:5080 (its FHIR API is URL/fhir).
          --token TOKEN    A bearer token from POST /api/auth/login.
          --user EMAIL     Sign in as this staff user; the password is read from RESPITE_IMPORT_PASSWORD.
          --patient ID     Import everything into this Respite patient (a history from another system).
          --report FILE    Also write the summary as JSON.

        Patients are matched to a Respite patient with the same name and birth date, or registered. Observations (vital
        signs charted on a Respite session, body weights) and QuestionnaireResponses are recorded for them; a resource
        already present is not recorded twice. Everything else is rejected with the reason.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!ImportArguments.TryParse(args, out var arguments, out var problem))
        {
            await error.WriteLineAsync(problem);
            await error.WriteLineAsync(Usage);
            return 1;
        }

        using var http = new HttpClient { BaseAddress = arguments!.Server, Timeout = TimeSpan.FromMinutes(2) };
        string token;
        try
        {
            token = arguments.Token ?? await SignInAsync(http, arguments.User!, Environment.GetEnvironmentVariable(PasswordVariable), cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or JsonException or TaskCanceledException)
        {
            await error.WriteLineAsync("Could not sign in: " + e.Message);
            return 1;
        }

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var progress = new ConsoleProgressBar(error, interactive: !Console.IsErrorRedirected);
        ImportSummary summary;
        try
        {
            using var client = Client(http);
            summary = await new FhirImporter(client, progress).ImportAsync(arguments.Files, arguments.Patient, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"{Environment.NewLine}The server could not be reached: {e.Message}");
            return 1;
        }

        progress.Complete();
        summary.WriteText(output);
        if (arguments.Report is { } report)
        {
            await File.WriteAllTextAsync(report, summary.ToJson(), cancellationToken);
        }

        return summary.Rejected == 0 ? 0 : 2;
    }

    /// <summary>A FHIR client for the server's <c>/fhir</c> over an HTTP client that carries the base address and token.</summary>
    public static FhirClient Client(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var endpoint = new Uri(http.BaseAddress!, "fhir/");
        return new FhirClient(endpoint, http, new FhirClientSettings
        {
            PreferredFormat = ResourceFormat.Json,
            VerifyFhirVersion = false,
        });
    }

    private static async Task<string> SignInAsync(HttpClient http, string user, string? password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new InvalidOperationException($"set {PasswordVariable} to the password of {user}.");
        }

        using var response = await http.PostAsJsonAsync("api/auth/login", new { email = user, password }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the server answered {(int)response.StatusCode} for {user}.");
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return document.RootElement.GetProperty("accessToken").GetString() ?? throw new InvalidOperationException("the server sent no token.");
    }
}

/// <summary>The command line, checked.</summary>
public sealed record ImportArguments(Uri Server, string? Token, string? User, Guid? Patient, string? Report, IReadOnlyList<string> Files)
{
    public static bool TryParse(string[] args, out ImportArguments? arguments, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(args);
        arguments = null;
        string? server = null, token = null, user = null, patient = null, report = null;
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (i + 1 >= args.Length)
                {
                    problem = $"{arg} needs a value.";
                    return false;
                }

                var value = args[++i];
                switch (arg)
                {
                    case "--server": server = value; break;
                    case "--token": token = value; break;
                    case "--user": user = value; break;
                    case "--patient": patient = value; break;
                    case "--report": report = value; break;
                    default:
                        problem = $"Unknown option {arg}.";
                        return false;
                }
            }
            else
            {
                files.Add(arg);
            }
        }

        if (server is null || !Uri.TryCreate(server.EndsWith('/') ? server : server + "/", UriKind.Absolute, out var serverUri)
            || serverUri.Scheme is not ("http" or "https"))
        {
            problem = "--server must be the server's http(s) address.";
            return false;
        }

        if ((token is null) == (user is null))
        {
            problem = "Give either --token or --user.";
            return false;
        }

        Guid? patientId = null;
        if (patient is not null)
        {
            var id = patient.StartsWith("Patient/", StringComparison.Ordinal) ? patient["Patient/".Length..] : patient;
            if (!Guid.TryParseExact(id, "D", out var parsed))
            {
                problem = "--patient must be a Respite patient id (Patient/{id}).";
                return false;
            }

            patientId = parsed;
        }

        if (files.Count == 0)
        {
            problem = "Name at least one file.";
            return false;
        }

        if (files.FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            problem = $"No such file: {missing}.";
            return false;
        }

        arguments = new ImportArguments(serverUri, token, user, patientId, report, files);
        problem = null;
        return true;
    }
}

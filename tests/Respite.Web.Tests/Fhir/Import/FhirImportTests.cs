using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Respite.Data.Identity;
using Respite.Fhir;
using Respite.FhirImport;
using Respite.Web.Tests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir.Import;

/// <summary>The import tool against the real server: a patient's history from another system, as a Bundle and as NDJSON.</summary>
public sealed class FhirImportTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("respite-import-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static Patient OutsidePatient(string family, string id = "ext-1") => new()
    {
        Id = id,
        Identifier = [new Identifier("urn:oid:2.16.840.1.113883.19.5", "MRN-77")],
        Name = [new HumanName { Family = family, Given = ["Morgan"] }],
        BirthDate = "1979-04-12",
        Gender = AdministrativeGender.Female,
        Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "+1 555 0123")],
    };

    private static Observation Weight(string subject, string day, decimal kg) => new()
    {
        Id = "w-" + day,
        Status = ObservationStatus.Final,
        Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs")],
        Code = new CodeableConcept("http://loinc.org", "29463-7", "Body weight"),
        Subject = new ResourceReference(subject),
        Effective = new FhirDateTime(day),
        Performer = [new ResourceReference("Practitioner/outside-doctor")],
        Value = new Quantity(kg, "kg") { Code = "kg", System = "http://unitsofmeasure.org" },
    };

    private static QuestionnaireResponse Phq9(string subject, string authored, int answer)
    {
        var response = new QuestionnaireResponse
        {
            Id = "phq-" + answer,
            Questionnaire = FhirSystems.QuestionnaireCanonical("phq9"),
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            Subject = new ResourceReference(subject),
            Authored = authored,
            Source = new ResourceReference(subject),
        };
        for (var i = 1; i <= 9; i++)
        {
            response.Item.Add(new QuestionnaireResponse.ItemComponent
            {
                LinkId = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Answer = [new QuestionnaireResponse.AnswerComponent { Value = new Coding(FhirSystems.InstrumentAnswers("phq9"), i == 9 ? "0" : answer.ToString(System.Globalization.CultureInfo.InvariantCulture)) }],
            });
        }

        return response;
    }

    private static Observation HeartRateWithoutSession(string subject) => new()
    {
        Status = ObservationStatus.Final,
        Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs")],
        Code = new CodeableConcept("http://loinc.org", "8867-4", "Heart rate"),
        Subject = new ResourceReference(subject),
        Encounter = new ResourceReference("Encounter/outside-visit"),
        Effective = new FhirDateTime("2026-03-01T10:00:00Z"),
        Value = new Quantity(72, "/min") { Code = "/min", System = "http://unitsofmeasure.org" },
    };

    private static Condition Diagnosis(string subject) => new()
    {
        Subject = new ResourceReference(subject),
        Code = new CodeableConcept("http://hl7.org/fhir/sid/icd-10-cm", "F33.2"),
    };

    private async Task<(ImportSummary Summary, List<ImportProgress> Progress)> ImportAsync(IReadOnlyList<string> files, Guid? target = null)
    {
        var http = await factory.ClientForAsync(Roles.Nurse);
        var progress = new List<ImportProgress>();
        var importer = new FhirImporter(ImportCommand.Client(http), new SynchronousProgress(progress.Add));
        return (await importer.ImportAsync(files, target), progress);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string WriteBundle(string name, params (string FullUrl, Resource Resource)[] entries)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        foreach (var (fullUrl, resource) in entries)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = fullUrl, Resource = resource });
        }

        return Write(name, FhirFormats.ToJson(bundle));
    }

    [Fact]
    public async Task Bundle_RegistersThePatientRecordsTheHistory_AndRejectsWhatRespiteDoesNotTake_WithReasons()
    {
        var family = "Imported" + Guid.NewGuid().ToString("N")[..8];
        const string Subject = "urn:uuid:7f1c2a40-1d5b-4c1e-9a0e-2b6f7f0d1e01";
        var file = WriteBundle(
            "history.json",
            ("urn:uuid:0b9f1a34-4a43-4e0e-8d2b-7c1d5e6f7a81", Weight(Subject, "2026-02-01", 71.5m)),
            ("urn:uuid:5a1d7e58-2c3f-4b7a-9e3d-1f2a3b4c5d6e", Phq9(Subject, "2026-02-01T09:30:00Z", 2)),
            (Subject, OutsidePatient(family)),
            ("urn:uuid:9c8b7a65-4d3e-4f2a-8b1c-0d9e8f7a6b5c", HeartRateWithoutSession(Subject)),
            ("urn:uuid:1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d", Diagnosis(Subject)),
            ("urn:uuid:2b3c4d5e-6f7a-4b9c-8d1e-2f3a4b5c6d7e", Weight("urn:uuid:00000000-0000-4000-8000-000000000000", "2026-02-02", 70m)));

        var (summary, progress) = await ImportAsync([file]);

        var report = new StringWriter();
        summary.WriteText(report);
        Assert.True(1 == summary.Count("Patient", ImportResult.Created), report.ToString());
        Assert.True(1 == summary.Count("Observation", ImportResult.Created), report.ToString());
        Assert.True(1 == summary.Count("QuestionnaireResponse", ImportResult.Created), report.ToString());
        Assert.Equal(3, summary.Rejected);
        Assert.Contains(summary.Rejections, r => r.Type == "Observation" && r.Reasons.Any(m => m.Contains("Observation.encounter", StringComparison.Ordinal) && m.StartsWith("422", StringComparison.Ordinal)));
        Assert.Contains(summary.Rejections, r => r.Type == "Condition" && r.Reasons.Single().Contains("does not take Condition", StringComparison.Ordinal));
        Assert.Contains(summary.Rejections, r => r.Origin == "history.json#entry[5]" && r.Reasons.Single().Contains("neither a patient of the input", StringComparison.Ordinal));
        Assert.Equal(6, progress[^1].Done);
        Assert.Equal(6, progress[^1].Total);
        Assert.Equal((3, 3), (progress[^1].Accepted, progress[^1].Rejected));

        // What landed is what the clinic now sees: the patient with their phone, a weight, a scored PHQ-9.
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var patients = FhirFormats.ParseJson<Bundle>(await nurse.GetStringAsync($"/fhir/Patient?family={family}")).Value!;
        var patient = Assert.IsType<Patient>(Assert.Single(patients.Entry).Resource);
        Assert.Equal("+1 555 0123", patient.Telecom.Single().Value);
        var id = Guid.Parse(patient.Id!);
        var assessments = await nurse.GetFromJsonAsync<JsonElement>($"/api/patients/{id}/assessments");
        var phq9 = Assert.Single(assessments.EnumerateArray());
        Assert.Equal(16m, phq9.GetProperty("total").GetDecimal());
        var weights = FhirFormats.ParseJson<Bundle>(await nurse.GetStringAsync($"/fhir/Observation?patient={id}&code=http://loinc.org|29463-7")).Value!;
        Assert.Equal(71.5m, Assert.IsType<Quantity>(Assert.IsType<Observation>(Assert.Single(weights.Entry).Resource).Value).Value);

        // Running it again records nothing twice: the patient is matched, the history already present.
        var (again, _) = await ImportAsync([file]);
        Assert.Equal(1, again.Count("Patient", ImportResult.Matched));
        Assert.Equal(1, again.Count("Observation", ImportResult.AlreadyPresent));
        Assert.Equal(1, again.Count("QuestionnaireResponse", ImportResult.AlreadyPresent));
        Assert.Equal(0, again.Count(ImportResult.Created));
        Assert.Single((await nurse.GetFromJsonAsync<JsonElement>($"/api/patients/{id}/assessments")).EnumerateArray());
    }

    [Fact]
    public async Task Ndjson_IntoAnExistingPatient_PatientsOfTheFileAreMatchedToIt_AndUnreadableLinesAreRejectedWithTheirLine()
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var target = await Fhir.Sources.FhirSourceData.PatientAsync(factory);
        var observations = Write("Observation.ndjson", string.Join('\n',
            FhirFormats.ToJson(Weight("Patient/ext-9", "2026-01-10", 80m)),
            "",
            "{\"resourceType\":\"Observation\",\"status\":\"final\",\"colour\":\"blue\"}",
            FhirFormats.ToJson(Weight("Patient/ext-9", "2026-01-17", 79.2m))) + "\n");
        var responses = Write("QuestionnaireResponse.ndjson", FhirFormats.ToJson(Phq9("Patient/ext-9", "2026-01-10T08:00:00Z", 1)) + "\n");
        var patients = Write("Patient.ndjson", FhirFormats.ToJson(OutsidePatient("Elsewhere", "ext-9")) + "\n");

        var (summary, _) = await ImportAsync([observations, responses, patients], target);

        Assert.Equal(1, summary.Count("Patient", ImportResult.Matched));
        Assert.Equal(2, summary.Count("Observation", ImportResult.Created));
        Assert.Equal(1, summary.Count("QuestionnaireResponse", ImportResult.Created));
        var unreadable = Assert.Single(summary.Rejections);
        Assert.Equal("Observation.ndjson:3", unreadable.Origin);
        Assert.Contains(unreadable.Reasons, r => r.Contains("colour", StringComparison.Ordinal));

        var weights = FhirFormats.ParseJson<Bundle>(await nurse.GetStringAsync($"/fhir/Observation?patient={target}&code=29463-7&date=ge2026-01-01&date=lt2026-02-01")).Value!;
        Assert.Equal(2, weights.Entry.Count);
        var text = new StringWriter();
        summary.WriteText(text);
        Assert.Contains("4 of 5 resources accepted, 1 rejected.", text.ToString(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(summary.ToJson());
        Assert.Equal(2, json.RootElement.GetProperty("types").GetProperty("Observation").GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task APatientUser_CannotImportIntoAnotherPatient_TheRefusalIsReportedNotThrown()
    {
        var other = await Fhir.Sources.FhirSourceData.PatientAsync(factory);
        var file = Write("one.ndjson", FhirFormats.ToJson(Phq9($"Patient/{other}", "2026-01-10T08:00:00Z", 1)) + "\n");
        var http = await factory.ClientForAsync(Roles.Patient);

        var summary = await new FhirImporter(ImportCommand.Client(http)).ImportAsync([file]);

        var rejection = Assert.Single(summary.Rejections);
        Assert.StartsWith("404", rejection.Reasons.Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "--server")]
    [InlineData("--server ftp://x --token t a.json", "--server")]
    [InlineData("--server http://127.0.0.1:5080 a.json", "--token or --user")]
    [InlineData("--server http://127.0.0.1:5080 --token t --user u a.json", "--token or --user")]
    [InlineData("--server http://127.0.0.1:5080 --token t --patient R-000001 a.json", "--patient")]
    [InlineData("--server http://127.0.0.1:5080 --token t", "at least one file")]
    [InlineData("--server http://127.0.0.1:5080 --token t missing.json", "No such file")]
    [InlineData("--server http://127.0.0.1:5080 --colour t a.json", "Unknown option")]
    public async Task CommandLine_Mistakes_ExitWithOneAndSayWhat(string line, string expected)
    {
        Write("a.json", "{}");
        var args = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a.EndsWith(".json", StringComparison.Ordinal) && a != "missing.json" ? Path.Combine(directory, a) : a).ToArray();
        var error = new StringWriter();

        var code = await ImportCommand.RunAsync(args, new StringWriter(), error, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Usage:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ProgressBar_ShowsTheShareDoneAndTheCounts()
    {
        Assert.Equal("[patients first] 3 resources · accepted 2, rejected 1, 1.5/s", ConsoleProgressBar.Format(new ImportProgress(3, null, 2, 1), TimeSpan.FromSeconds(2)));
        Assert.Equal("[###############...............]  50% 5/10 · accepted 5, rejected 0, 5/s", ConsoleProgressBar.Format(new ImportProgress(5, 10, 5, 0), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void ProgressBar_WhenNotATerminal_WritesALineAtOnceThenAtIntervals_AndTheLastStateOnCompletion()
    {
        var text = new StringWriter();
        var bar = new ConsoleProgressBar(text, interactive: false);

        bar.Report(new ImportProgress(1, null, 1, 0));
        bar.Report(new ImportProgress(2, 4, 2, 0));
        bar.Complete();

        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("[patients first] 1 resources", lines[0], StringComparison.Ordinal);
        Assert.Contains(" 50% 2/4 ", lines[1], StringComparison.Ordinal);
    }

    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}

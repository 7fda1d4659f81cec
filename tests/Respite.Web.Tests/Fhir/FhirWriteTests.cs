using System.Net;
using System.Net.Http.Json;
using System.Text;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Instruments;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Fhir;
using Respite.Fhir.Observations;
using Respite.Fhir.Questionnaires;
using Respite.Web.Tests.Fhir.Sources;
using Respite.Web.Tests.Infrastructure;
using AuditRow = Respite.Data.Auditing.AuditEvent;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir;

/// <summary>Create and update through <c>/fhir</c>: what is recorded, what is refused and how, and the audit each leaves.</summary>
public sealed class FhirWriteTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private static Patient NewPatient(string? given = "Ada", string? birthDate = "1985-02-03") => new()
    {
        Name = [new HumanName { Use = HumanName.NameUse.Official, Family = "Fhir-" + Guid.NewGuid().ToString("N")[..8], Given = given is null ? [] : [given] }],
        BirthDate = birthDate,
        Gender = AdministrativeGender.Female,
        Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Email, null, "ada@example.com")],
    };

    private static Observation Vitals(Guid patient, Guid? session, DateTimeOffset at, int? heartRate = null, int? systolic = null, int? diastolic = null) =>
        ObservationMapper.ToFhir(new VitalSignsReading(null, patient, session, at, SystolicMmHg: systolic, DiastolicMmHg: diastolic, HeartRatePerMin: heartRate)).Single();

    private static QuestionnaireResponse Phq9(Guid patient, int answered = 9) => QuestionnaireResponseMapper.ToFhir(new QuestionnaireAnswers(
        null, patient, "phq9", Enumerable.Range(0, 9).Select(i => i < answered ? Answer.Number(1) : Answer.Skipped).ToList(),
        DateTimeOffset.UtcNow.AddMinutes(-5), AnswerRespondent.Patient));

    [Fact]
    public async Task CreatePatient_201_WithLocationAndETag_AndAudited()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);

        var response = await FhirWire.PostAsync(desk, "/fhir/Patient", NewPatient());
        var created = await FhirWire.ReadAsync<Patient>(response, HttpStatusCode.Created);

        var version = created.Meta!.VersionId!;
        Assert.Equal($"http://localhost/fhir/Patient/{created.Id}/_history/{version}", response.Headers.Location?.ToString());
        Assert.Equal($"W/\"{version}\"", response.Headers.ETag?.ToString());
        Assert.Equal(("Ada", "1985-02-03"), (created.Name[0].Given.Single(), created.BirthDate));
        Assert.StartsWith("R-", created.Identifier.Single().Value, StringComparison.Ordinal);
        Assert.Equal(created.Id, (await FhirWire.ReadAsync<Patient>(await desk.GetAsync($"/fhir/Patient/{created.Id}"))).Id);
        var row = await LastAsync(Guid.Parse(created.Id!), AuditAction.Create, "Patient");
        Assert.Equal((AuditOutcome.Success, Roles.FrontDesk), (row.Outcome, row.Role));
    }

    [Theory]
    [InlineData(null, "1985-02-03", "Patient.name[0].given")]
    [InlineData("Ada", "1985-02", "Patient.birthDate")]
    [InlineData("Ada", null, "Patient.birthDate")]
    [InlineData("Ada", "2999-01-01", "Patient.birthDate")]
    public async Task CreatePatient_BrokenRule_Is422NamingTheElement(string? given, string? birthDate, string expression)
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patient = NewPatient(given, birthDate);

        var outcome = await FhirWire.OutcomeAsync(await FhirWire.PostAsync(desk, "/fhir/Patient", patient), HttpStatusCode.UnprocessableEntity);

        Assert.Equal([expression], FhirWire.Expressions(outcome));
        Assert.False(await factory.WithDbAsync(db => db.Patients.AnyAsync(p => p.FamilyName == patient.Name[0].Family)));
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient","colour":"blue","name":[{"family":"X","given":["Y"]}],"birthDate":"1980-01-01"}""")]
    [InlineData("""{"resourceType":"Patient","birthDate":"yesterday"}""")]
    [InlineData("""{"resourceType":"Patient",""")]
    [InlineData("""{"resourceType":"Observation","status":"final","code":{"text":"x"}}""")]
    [InlineData("""{"resourceType":"Nonsense"}""")]
    [InlineData("[]")]
    public async Task CreatePatient_NotAPatient_Is400Structure(string body)
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);

        var response = await desk.PostAsync("/fhir/Patient", new StringContent(body, Encoding.UTF8, "application/fhir+json"));
        var outcome = await FhirWire.OutcomeAsync(response, HttpStatusCode.BadRequest);

        Assert.NotEmpty(outcome.Issue);
        Assert.All(outcome.Issue, i => Assert.Contains(i.Code, new OperationOutcome.IssueType?[] { OperationOutcome.IssueType.Structure, OperationOutcome.IssueType.Invalid }));
    }

    [Fact]
    public async Task CreatePatient_WrongResourceType_Is400AtResourceType()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);

        var outcome = await FhirWire.OutcomeAsync(await FhirWire.PostAsync(desk, "/fhir/Patient", new Basic { Code = new CodeableConcept(null, null, "x") }), HttpStatusCode.BadRequest);

        Assert.Equal(["resourceType"], FhirWire.Expressions(outcome));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/octet-stream")]
    public async Task Create_NonFhirContentType_Is415(string mediaType)
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);

        var response = await desk.PostAsync("/fhir/Patient", new StringContent(FhirFormats.ToJson(NewPatient()), Encoding.UTF8, mediaType));

        await FhirWire.OutcomeAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task CreatePatient_Xml_IsAccepted()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);

        var response = await desk.PostAsync("/fhir/Patient", new StringContent(FhirFormats.ToXml(NewPatient()), Encoding.UTF8, FhirFormats.XmlMediaType));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Admin, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Patient, HttpStatusCode.Forbidden)]
    public async Task CreatePatient_OutsideTheCareTeam_IsRefused(string role, HttpStatusCode status)
    {
        var client = await factory.ClientForAsync(role);

        await FhirWire.OutcomeAsync(await FhirWire.PostAsync(client, "/fhir/Patient", NewPatient()), status);
    }

    [Fact]
    public async Task UpdatePatient_ChangesDemographicsOnly_KeepingTheIntake()
    {
        var id = await FhirSourceData.PatientAsync(factory);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var before = await (await nurse.GetAsync($"/api/patients/{id}")).ReadJsonAsync();
        var read = await nurse.GetAsync($"/fhir/Patient/{id}");
        var patient = await FhirWire.ReadAsync<Patient>(read);
        patient.Name[0].Given = ["Renamed"];
        patient.Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "+44 20 7946 0001")];

        var response = await FhirWire.PutAsync(nurse, $"/fhir/Patient/{id}", patient, read.Headers.ETag!.ToString());
        var updated = await FhirWire.ReadAsync<Patient>(response);

        Assert.Equal("Renamed", updated.Name[0].Given.Single());
        Assert.NotEqual(patient.Meta!.VersionId, updated.Meta!.VersionId);
        Assert.Equal($"W/\"{updated.Meta.VersionId}\"", response.Headers.ETag?.ToString());
        var after = await (await nurse.GetAsync($"/api/patients/{id}")).ReadJsonAsync();
        Assert.Equal("Renamed", after.GetProperty("givenName").GetString());
        Assert.Equal("+44 20 7946 0001", after.GetProperty("phone").GetString());
        foreach (var kept in new[] { "conditions", "antidepressantTrials", "medications", "allergies", "medicalFlags", "painSymptoms", "weights" })
        {
            Assert.Equal(before.GetProperty(kept).GetRawText(), after.GetProperty(kept).GetRawText());
        }

        Assert.Equal(2, after.GetProperty("conditions").GetArrayLength());
        Assert.Equal(2, after.GetProperty("antidepressantTrials").GetArrayLength());
        Assert.Equal((AuditOutcome.Success, "demographics"), await OutcomeAndDetailAsync(id, AuditAction.Update, "Patient"));
    }

    [Fact]
    public async Task UpdatePatient_VersionChecks_412_409_428()
    {
        var id = await FhirSourceData.PatientAsync(factory);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var read = await nurse.GetAsync($"/fhir/Patient/{id}");
        var stale = await FhirWire.ReadAsync<Patient>(read);
        var staleETag = read.Headers.ETag!.ToString();
        var current = (Patient)stale.DeepCopy();
        current.Name[0].Given = ["First"];
        await FhirWire.ReadAsync<Patient>(await FhirWire.PutAsync(nurse, $"/fhir/Patient/{id}", current));

        stale.Name[0].Given = ["Second"];
        var precondition = await FhirWire.OutcomeAsync(await FhirWire.PutAsync(nurse, $"/fhir/Patient/{id}", stale, staleETag), HttpStatusCode.PreconditionFailed);
        Assert.Equal(OperationOutcome.IssueType.Conflict, precondition.Issue.Single().Code);
        await FhirWire.OutcomeAsync(await FhirWire.PutAsync(nurse, $"/fhir/Patient/{id}", stale, "W/\"not-a-version\""), HttpStatusCode.PreconditionFailed);
        await FhirWire.OutcomeAsync(await FhirWire.PutAsync(nurse, $"/fhir/Patient/{id}", stale), HttpStatusCode.Conflict);

        stale.Meta = null;
        var required = await FhirWire.OutcomeAsync(await FhirWire.PutAsync(nurse, $"/fhir/Patient/{id}", stale), HttpStatusCode.PreconditionRequired);
        Assert.Equal(["Patient.meta.versionId"], FhirWire.Expressions(required));

        Assert.Equal("First", (await FhirWire.ReadAsync<Patient>(await nurse.GetAsync($"/fhir/Patient/{id}"))).Name[0].Given.Single());
    }

    [Fact]
    public async Task UpdatePatient_IdMismatch_Is400_UnknownPatient404_Admin403()
    {
        var id = await FhirSourceData.PatientAsync(factory);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var read = await nurse.GetAsync($"/fhir/Patient/{id}");
        var patient = await FhirWire.ReadAsync<Patient>(read);
        var etag = read.Headers.ETag!.ToString();
        var other = Guid.NewGuid();

        var mismatch = await FhirWire.OutcomeAsync(await FhirWire.PutAsync(nurse, $"/fhir/Patient/{other}", patient, etag), HttpStatusCode.BadRequest);
        Assert.Equal(["Patient.id"], FhirWire.Expressions(mismatch));
        patient.Id = null;
        await FhirWire.OutcomeAsync(await FhirWire.PutAsync(nurse, $"/fhir/Patient/{id}", patient, etag), HttpStatusCode.BadRequest);
        patient.Id = other.ToString();
        await FhirWire.OutcomeAsync(await FhirWire.PutAsync(nurse, $"/fhir/Patient/{other}", patient, etag), HttpStatusCode.NotFound);

        patient.Id = id.ToString();
        var admin = await factory.ClientForAsync(Roles.Admin);
        await FhirWire.OutcomeAsync(await FhirWire.PutAsync(admin, $"/fhir/Patient/{id}", patient, etag), HttpStatusCode.Forbidden);
        var self = await factory.ClientForAsync(Roles.Patient);
        await FhirWire.OutcomeAsync(await FhirWire.PutAsync(self, $"/fhir/Patient/{id}", patient, etag), HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(Roles.Nurse)]
    [InlineData(Roles.Prescriber)]
    public async Task CreateVitals_OnAnOpenSession_201_AndAudited(string role)
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var session = await FhirSourceData.CheckInAsync(factory, patient, DateTimeOffset.UtcNow.AddMinutes(-15));
        var client = await factory.ClientForAsync(role);

        var response = await FhirWire.PostAsync(client, "/fhir/Observation", Vitals(patient, session, DateTimeOffset.UtcNow.AddMinutes(-1), heartRate: 82));
        var created = await FhirWire.ReadAsync<Observation>(response, HttpStatusCode.Created);

        Assert.EndsWith("-" + ObservationIds.HeartRate, created.Id, StringComparison.Ordinal);
        Assert.Equal($"Encounter/{session}", created.Encounter!.Reference);
        Assert.Equal(82m, ((Quantity)created.Value!).Value);
        Assert.StartsWith($"http://localhost/fhir/Observation/{created.Id}", response.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("X-Respite-Alerts"));
        Assert.Equal([created.Id!], await FhirWire.IdsAsync(client, $"/fhir/Observation?encounter={session}&code=8867-4&date=ge{FhirWire.Instant(DateTimeOffset.UtcNow.AddMinutes(-2))}"));
        var row = await LastAsync(patient, AuditAction.Create, "VitalsReading");
        Assert.Equal((AuditOutcome.Success, role), (row.Outcome, row.Role));
    }

    [Fact]
    public async Task CreateVitals_DangerousBloodPressure_RaisesTheSafetyAlert()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var session = await FhirSourceData.CheckInAsync(factory, patient, DateTimeOffset.UtcNow.AddMinutes(-15));
        var nurse = await factory.ClientForAsync(Roles.Nurse);

        var response = await FhirWire.PostAsync(nurse, "/fhir/Observation", Vitals(patient, session, DateTimeOffset.UtcNow.AddMinutes(-1), systolic: 212, diastolic: 124));
        var created = await FhirWire.ReadAsync<Observation>(response, HttpStatusCode.Created);

        Assert.Equal(["SAF-BP-004"], response.Headers.GetValues("X-Respite-Alerts").Single().Split(','));
        Assert.Equal([212m, 124m], created.Component.Select(c => ((Quantity)c.Value!).Value!.Value));
        var alerts = await (await nurse.GetAsync($"/api/sessions/{session}")).ReadJsonAsync();
        Assert.Contains("SAF-BP-004", alerts.GetRawText(), StringComparison.Ordinal);
        Assert.Equal((AuditOutcome.Success, "SAF-BP-004"), await OutcomeAndDetailAsync(patient, AuditAction.Create, "VitalsReading"));
    }

    [Fact]
    public async Task CreateVitals_ClosedSession_Is409()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var session = await FhirSourceData.CheckInAsync(factory, patient, DateTimeOffset.UtcNow.AddMinutes(-15));
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var version = (await (await nurse.GetAsync($"/api/sessions/{session}")).ReadJsonAsync()).GetProperty("version").GetString();
        var cancelled = await nurse.PostAsJsonAsync($"/api/sessions/{session}/cancel", new { reason = "Held: no ride home", version });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);

        var outcome = await FhirWire.OutcomeAsync(
            await FhirWire.PostAsync(nurse, "/fhir/Observation", Vitals(patient, session, DateTimeOffset.UtcNow.AddMinutes(-1), heartRate: 80)), HttpStatusCode.Conflict);

        Assert.Equal(OperationOutcome.IssueType.Conflict, outcome.Issue.Single().Code);
        Assert.Empty(await ChartedSinceCheckInAsync(nurse, session));
    }

    [Fact]
    public async Task CreateVitals_WithoutEncounter_OrForAnotherPatient_Is422()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var other = await FhirSourceData.PatientAsync(factory);
        var session = await FhirSourceData.CheckInAsync(factory, patient, DateTimeOffset.UtcNow.AddMinutes(-15));
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);

        var missing = await FhirWire.OutcomeAsync(await FhirWire.PostAsync(nurse, "/fhir/Observation", Vitals(patient, null, at, heartRate: 80)), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["Observation.encounter"], FhirWire.Expressions(missing));
        var unknown = await FhirWire.OutcomeAsync(await FhirWire.PostAsync(nurse, "/fhir/Observation", Vitals(patient, Guid.NewGuid(), at, heartRate: 80)), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["Observation.encounter.reference"], FhirWire.Expressions(unknown));
        var mismatch = await FhirWire.OutcomeAsync(await FhirWire.PostAsync(nurse, "/fhir/Observation", Vitals(other, session, at, heartRate: 80)), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["Observation.subject.reference"], FhirWire.Expressions(mismatch));
        var implausible = await FhirWire.OutcomeAsync(await FhirWire.PostAsync(nurse, "/fhir/Observation", Vitals(patient, session, at, heartRate: 900)), HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(FhirWire.Expressions(implausible));

        Assert.Empty(await ChartedSinceCheckInAsync(nurse, session));
    }

    [Theory]
    [InlineData(Roles.FrontDesk)]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Patient)]
    public async Task CreateVitals_NotAClinician_Is403_AsInTheApi(string role)
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var session = await FhirSourceData.CheckInAsync(factory, patient, DateTimeOffset.UtcNow.AddMinutes(-15));
        var client = await factory.ClientForAsync(role);
        var vitals = Vitals(patient, session, DateTimeOffset.UtcNow.AddMinutes(-1), heartRate: 80);

        await FhirWire.OutcomeAsync(await FhirWire.PostAsync(client, "/fhir/Observation", vitals), HttpStatusCode.Forbidden);

        var api = await client.PostAsJsonAsync($"/api/sessions/{session}/vitals", new { heartRate = 80 });
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        Assert.Empty(await ChartedSinceCheckInAsync(nurse, session));
    }

    [Fact]
    public async Task CreateWeight_201_AndOnTheRecord()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var response = await FhirWire.PostAsync(desk, "/fhir/Observation", ObservationMapper.ToFhir(new BodyWeightMeasurement(null, patient, 72.4m, today)));
        var created = await FhirWire.ReadAsync<Observation>(response, HttpStatusCode.Created);

        Assert.EndsWith("-" + ObservationIds.BodyWeight, created.Id, StringComparison.Ordinal);
        Assert.Equal(72.4m, ((Quantity)created.Value!).Value);
        var record = await (await desk.GetAsync($"/api/patients/{patient}")).ReadJsonAsync();
        Assert.Equal(72.4m, record.GetProperty("weightKg").GetDecimal());
        Assert.Equal(AuditOutcome.Success, (await LastAsync(patient, AuditAction.Create, "WeightMeasurement")).Outcome);

        var implausible = await FhirWire.OutcomeAsync(
            await FhirWire.PostAsync(desk, "/fhir/Observation", ObservationMapper.ToFhir(new BodyWeightMeasurement(null, patient, 72.4m, today.AddDays(10)))),
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["Observation.effectiveDateTime"], FhirWire.Expressions(implausible));
        await FhirWire.OutcomeAsync(
            await FhirWire.PostAsync(desk, "/fhir/Observation", ObservationMapper.ToFhir(new BodyWeightMeasurement(null, Guid.NewGuid(), 72.4m, today))),
            HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreateScoreObservation_Is422_SendTheAnswersInstead()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var nurse = await factory.ClientForAsync(Roles.Nurse);

        var score = ObservationMapper.ToFhir(new ScoreObservation(null, patient, "phq9", null, 12, DateTimeOffset.UtcNow.AddMinutes(-5)));
        var outcome = await FhirWire.OutcomeAsync(await FhirWire.PostAsync(nurse, "/fhir/Observation", score), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["Observation.code"], FhirWire.Expressions(outcome));
        Assert.Empty(await FhirWire.IdsAsync(nurse, $"/fhir/QuestionnaireResponse?patient={patient}&questionnaire=phq9"));
    }

    [Theory]
    [InlineData(Roles.Nurse)]
    [InlineData(Roles.FrontDesk)]
    [InlineData(Roles.Prescriber)]
    public async Task CreateQuestionnaireResponse_CareTeam_201_ScoredAndAudited(string role)
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var client = await factory.ClientForAsync(role);

        var response = await FhirWire.PostAsync(client, "/fhir/QuestionnaireResponse", Phq9(patient));
        var created = await FhirWire.ReadAsync<QuestionnaireResponse>(response, HttpStatusCode.Created);

        Assert.Equal($"http://localhost/fhir/QuestionnaireResponse/{created.Id}", response.Headers.Location?.ToString().Split("/_history")[0]);
        Assert.Equal(9, created.Item.Count);
        var total = await FhirWire.ReadAsync<Observation>(await client.GetAsync($"/fhir/Observation/{ObservationIds.For(Guid.Parse(created.Id!), ObservationIds.Total)}"));
        Assert.Equal(9m, ((Quantity)total.Value!).Value);
        Assert.Equal(AuditOutcome.Success, (await LastAsync(patient, AuditAction.Create, "Assessment")).Outcome);
    }

    [Fact]
    public async Task CreateQuestionnaireResponse_Patient_ForThemselvesOnly()
    {
        var (patientId, _, client) = await PortalData.PortalPatientAsync(factory);
        var other = await FhirSourceData.PatientAsync(factory);

        var own = await FhirWire.ReadAsync<QuestionnaireResponse>(await FhirWire.PostAsync(client, "/fhir/QuestionnaireResponse", Phq9(Guid.Parse(patientId))), HttpStatusCode.Created);
        Assert.Equal($"Patient/{patientId}", own.Subject!.Reference);

        await FhirWire.OutcomeAsync(await FhirWire.PostAsync(client, "/fhir/QuestionnaireResponse", Phq9(other)), HttpStatusCode.NotFound);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        Assert.Empty(await FhirWire.IdsAsync(nurse, $"/fhir/QuestionnaireResponse?patient={other}"));
        Assert.Equal(AuditOutcome.Denied, (await LastAsync(other, AuditAction.Create, "Assessment")).Outcome);

        var admin = await factory.ClientForAsync(Roles.Admin);
        await FhirWire.OutcomeAsync(await FhirWire.PostAsync(admin, "/fhir/QuestionnaireResponse", Phq9(other)), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CreateQuestionnaireResponse_Incomplete_Is422AtTheItems()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var nurse = await factory.ClientForAsync(Roles.Nurse);

        var outcome = await FhirWire.OutcomeAsync(await FhirWire.PostAsync(nurse, "/fhir/QuestionnaireResponse", Phq9(patient, answered: 8)), HttpStatusCode.UnprocessableEntity);

        Assert.NotEmpty(FhirWire.Expressions(outcome));
        Assert.All(FhirWire.Expressions(outcome), e => Assert.StartsWith("QuestionnaireResponse.item", e, StringComparison.Ordinal));
        Assert.Empty(await FhirWire.IdsAsync(nurse, $"/fhir/QuestionnaireResponse?patient={patient}"));
    }

    /// <summary>The heart rates charted on the session after its check-in (15 minutes ago in these tests), the baseline excluded.</summary>
    private static Task<List<string>> ChartedSinceCheckInAsync(HttpClient client, Guid session) =>
        FhirWire.IdsAsync(client, $"/fhir/Observation?encounter={session}&code=8867-4&date=gt{FhirWire.Instant(DateTimeOffset.UtcNow.AddMinutes(-10))}");

    private Task<AuditRow> LastAsync(Guid patient, AuditAction action, string entityType) =>
        factory.WithDbAsync(db => db.AuditEvents.Where(e => e.PatientId == patient && e.Action == action && e.EntityType == entityType)
            .OrderByDescending(e => e.Id).FirstAsync());

    private async Task<(AuditOutcome, string?)> OutcomeAndDetailAsync(Guid patient, AuditAction action, string entityType)
    {
        var row = await LastAsync(patient, action, entityType);
        return (row.Outcome, row.Detail);
    }
}

using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Respite.Data.Identity;
using Respite.Fhir;
using Respite.Web.Tests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir;

/// <summary>
/// Every search parameter the CapabilityStatement lists, through HTTP: each narrows a search by the resource's own id to that
/// resource when its value matches, and to nothing when it does not. A parameter added without a case here fails the
/// coverage test.
/// </summary>
public sealed class FhirSearchParameterTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    /// <summary>A resource of the world, a value of the parameter that matches it and one that does not.</summary>
    internal sealed record Probe(Resource Resource, string Matching, string NotMatching);

    internal sealed record Case(string Type, string Parameter, Func<FhirWorld, Probe> Probe, string Role = Roles.Nurse);

    private static readonly Case[] Cases =
    [
        .. IdCases(),
        new("Patient", "_lastUpdated", w => new(w.Patient, $"_lastUpdated=eq{Day(w.Patient.Meta!.LastUpdated!.Value)}", $"_lastUpdated=lt{Before(w.Patient.Meta!.LastUpdated!.Value)}")),
        new("Patient", "identifier", w => new(w.Patient, $"identifier={w.Patient.Identifier[0].System}|{w.Patient.Identifier[0].Value}", $"identifier={w.Patient.Identifier[0].System}|R-999999")),
        new("Patient", "name", w => new(w.Patient, "name=tES", "name=zz")),
        new("Patient", "family", w => new(w.Patient, "family=" + w.Patient.Name[0].Family![..10], "family=Test")),
        new("Patient", "given", w => new(w.Patient, "given=Tes", "given=Patient")),
        new("Patient", "birthdate", w => new(w.Patient, "birthdate=1980-05-17", "birthdate=1980-05-18")),
        new("Patient", "gender", w => new(w.Patient, "gender=female", "gender=http://hl7.org/fhir/administrative-gender|male")),

        new("Observation", "patient", w => new(w.HeartRate, $"patient=Patient/{w.PatientId}", $"patient=Patient/{w.OtherPatientId}")),
        new("Observation", "subject", w => new(w.HeartRate, $"subject={w.PatientId}", $"subject={w.OtherPatientId}")),
        new("Observation", "code", w => new(w.HeartRate, "code=http://loinc.org|8867-4", "code=http://loinc.org|8310-5")),
        new("Observation", "category", w => new(w.HeartRate, "category=vital-signs", "category=survey")),
        new("Observation", "date", w => new(w.HeartRate, $"date=eq{Day(At(w.HeartRate.Effective))}", $"date=lt{Before(At(w.HeartRate.Effective))}")),
        new("Observation", "encounter", w => new(w.HeartRate, $"encounter=Encounter/{w.SessionId}", $"encounter=Encounter/{Guid.NewGuid()}")),
        new("Observation", "_lastUpdated", w => new(w.HeartRate, $"_lastUpdated=eq{Day(w.HeartRate.Meta!.LastUpdated!.Value)}", $"_lastUpdated=lt{Before(w.HeartRate.Meta!.LastUpdated!.Value)}")),

        new("QuestionnaireResponse", "patient", w => new(w.Phq9, $"patient={w.PatientId}", $"patient={w.OtherPatientId}")),
        new("QuestionnaireResponse", "subject", w => new(w.Phq9, $"subject=Patient/{w.PatientId}", $"subject=Patient/{w.OtherPatientId}")),
        new("QuestionnaireResponse", "questionnaire", w => new(w.Phq9, "questionnaire=Questionnaire/phq9", "questionnaire=gad7")),
        new("QuestionnaireResponse", "_lastUpdated", w => new(w.Phq9, $"_lastUpdated=ge{Before(w.Phq9.Meta!.LastUpdated!.Value)}", $"_lastUpdated=lt{Before(w.Phq9.Meta!.LastUpdated!.Value)}")),
        new("QuestionnaireResponse", "authored", w => new(w.Phq9, $"authored=eq{Day(DateTimeOffset.Parse(w.Phq9.Authored!, System.Globalization.CultureInfo.InvariantCulture))}",
            $"authored=lt{Before(DateTimeOffset.Parse(w.Phq9.Authored!, System.Globalization.CultureInfo.InvariantCulture))}")),

        new("Practitioner", "name", w => new(w.Nurse, "name=noah", "name=Quill")),
        new("Practitioner", "email", w => new(w.Nurse, "email=NURSE@demo.respite.local", "email=nobody@example.com")),
        new("Practitioner", "active", w => new(w.Nurse, "active=true", "active=false")),

        new("Location", "name", w => new(w.Location, "name=" + Uri.EscapeDataString(w.Location.Name![..4].ToLowerInvariant()), "name=zz")),
        new("Location", "status", w => new(w.Location, "status=active", "status=inactive")),

        new("Questionnaire", "url", w => new(w.Phq9Questionnaire, "url=" + FhirSystems.QuestionnaireCanonical("phq9"), "url=" + FhirSystems.QuestionnaireCanonical("gad7"))),
        new("Questionnaire", "name", w => new(w.Phq9Questionnaire, "name=" + w.Phq9Questionnaire.Name!.ToLowerInvariant(), "name=zz")),
        new("Questionnaire", "title", w => new(w.Phq9Questionnaire, "title=phq-9", "title=gad")),
        new("Questionnaire", "code", w => new(w.Phq9Questionnaire, $"code={w.Phq9Questionnaire.Code[0].System}|{w.Phq9Questionnaire.Code[0].Code}", "code=http://loinc.org|00000-0")),

        new("Condition", "patient", w => new(w.Depression, $"patient={w.PatientId}", $"patient={w.OtherPatientId}")),
        new("Condition", "subject", w => new(w.Depression, $"subject=Patient/{w.PatientId}", $"subject=Patient/{w.OtherPatientId}")),
        new("Condition", "code", w => new(w.Depression, "code=http://hl7.org/fhir/sid/icd-10-cm|F33.2", "code=M79.7")),
        new("Condition", "category", w => new(w.Depression, "category=depression", "category=chronic-pain")),

        new("Encounter", "patient", w => new(w.Encounter, $"patient={w.PatientId}", $"patient={w.OtherPatientId}")),
        new("Encounter", "subject", w => new(w.Encounter, $"subject=Patient/{w.PatientId}", $"subject=Patient/{w.OtherPatientId}")),
        new("Encounter", "date", w => new(w.Encounter, $"date=eq{Day(w.Encounter.Period!.StartElement!.ToDateTimeOffset(TimeSpan.Zero))}",
            $"date=lt{Before(w.Encounter.Period!.StartElement!.ToDateTimeOffset(TimeSpan.Zero))}")),
        new("Encounter", "status", w => new(w.Encounter, "status=" + w.Encounter.Status!.GetLiteral(), "status=cancelled")),

        new("MedicationAdministration", "patient", w => new(w.Infusion, $"patient={w.PatientId}", $"patient={w.OtherPatientId}")),
        new("MedicationAdministration", "subject", w => new(w.Infusion, $"subject=Patient/{w.PatientId}", $"subject=Patient/{w.OtherPatientId}")),
        new("MedicationAdministration", "context", w => new(w.Infusion, $"context=Encounter/{w.SessionId}", $"context={Guid.NewGuid()}")),
        new("MedicationAdministration", "effective-time", w => new(w.Infusion, $"effective-time=eq{Day(At(w.Infusion.Effective))}", $"effective-time=lt{Before(At(w.Infusion.Effective))}")),

        new("Appointment", "patient", w => new(w.Appointment, $"patient=Patient/{w.PatientId}", $"patient=Patient/{w.OtherPatientId}")),
        new("Appointment", "date", w => new(w.Appointment, $"date=eq{Day(w.Appointment.Start!.Value)}", $"date=eq{Day(w.Appointment.Start!.Value.AddDays(1))}")),
        new("Appointment", "status", w => new(w.Appointment, "status=" + w.Appointment.Status!.GetLiteral(), "status=noshow")),
        new("Appointment", "location", w => new(w.Appointment, $"location=Location/{w.Location.Id}", $"location=Location/{Guid.NewGuid()}")),
        new("Appointment", "practitioner", w => new(w.Appointment, $"practitioner=Practitioner/{w.NurseId}", $"practitioner=Practitioner/{w.PrescriberId}")),

        new("CarePlan", "patient", w => new(w.Plan, $"patient={w.PatientId}", $"patient={w.OtherPatientId}")),
        new("CarePlan", "subject", w => new(w.Plan, $"subject=Patient/{w.PatientId}", $"subject=Patient/{w.OtherPatientId}")),
        new("CarePlan", "status", w => new(w.Plan, "status=active", "status=draft,revoked")),
        new("CarePlan", "date", w => new(w.Plan, $"date=eq{w.Plan.Period!.Start}", $"date=lt{w.Plan.Period!.Start}")),

        new("AuditEvent", "date", w => new(w.Registration, $"date=eq{Day(w.Registration.Recorded!.Value)}", $"date=lt{Before(w.Registration.Recorded!.Value)}"), Roles.Admin),
        new("AuditEvent", "patient", w => new(w.Registration, $"patient=Patient/{w.PatientId}", $"patient={w.OtherPatientId}"), Roles.Admin),
        new("AuditEvent", "action", w => new(w.Registration, "action=C", "action=R,U,D,E"), Roles.Admin),
        new("AuditEvent", "outcome", w => new(w.Registration, "outcome=0", "outcome=4,8"), Roles.Admin),
        new("AuditEvent", "subtype", w => new(w.Registration, "subtype=create", "subtype=read,sign"), Roles.Admin),
        new("AuditEvent", "entity-type", w => new(w.Registration, "entity-type=Patient", "entity-type=TreatmentSession"), Roles.Admin),
    ];

    public static TheoryData<string, string> CaseNames()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in Cases)
        {
            data.Add(c.Type, c.Parameter);
        }

        return data;
    }

    [Fact]
    public async Task EveryParameterOfTheCapabilityStatement_HasACase()
    {
        var anonymous = await factory.ClientForAsync("anonymous");
        var capability = await FhirWire.ReadAsync<CapabilityStatement>(await anonymous.GetAsync("/fhir/metadata"));

        var declared = capability.Rest.Single().Resource.SelectMany(r => r.SearchParam.Select(p => $"{r.Type}?{p.Name}")).Order().ToList();
        var tested = Cases.Select(c => $"{c.Type}?{c.Parameter}").Order().ToList();

        Assert.Equal(declared, tested);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Search_ParameterMatchesAndExcludes(string type, string parameter)
    {
        var testCase = Cases.Single(c => c.Type == type && c.Parameter == parameter);
        var world = await FhirWorld.ForAsync(factory);
        var probe = testCase.Probe(world);
        var client = await factory.ClientForAsync(testCase.Role);
        var id = probe.Resource.Id!;
        string Query(string value) => parameter == "_id" ? value : $"_id={Uri.EscapeDataString(id)}&{value}";

        Assert.Equal([id], await FhirWire.IdsAsync(client, $"/fhir/{type}?{Query(probe.Matching)}"));
        Assert.DoesNotContain(id, await FhirWire.IdsAsync(client, $"/fhir/{type}?{Query(probe.NotMatching)}"));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Search_MalformedOrModifiedValue_Is400NamingTheParameter(string type, string parameter)
    {
        var testCase = Cases.Single(c => c.Type == type && c.Parameter == parameter);
        var client = await factory.ClientForAsync(testCase.Role);
        var capability = await FhirWire.ReadAsync<CapabilityStatement>(await client.GetAsync("/fhir/metadata"));
        var kind = capability.Rest[0].Resource.Single(r => r.Type == type).SearchParam.Single(p => p.Name == parameter).Type!.Value;

        // Dates must be dates, references references; tokens and strings take no modifiers.
        var query = kind switch
        {
            SearchParamType.Date => $"{parameter}=yesterday",
            SearchParamType.Reference => $"{parameter}=Basic/1",
            _ => $"{parameter}:above=x",
        };
        var outcome = await FhirWire.OutcomeAsync(await client.GetAsync($"/fhir/{type}?{query}"), HttpStatusCode.BadRequest);

        Assert.Contains(FhirWire.Expressions(outcome), e => e.StartsWith(parameter, StringComparison.Ordinal));
    }

    /// <summary>The <c>_id</c> case of each type: its world resource, and the id of another resource of the type (or none).</summary>
    private static IEnumerable<Case> IdCases()
    {
        (string Type, Func<FhirWorld, Resource> Resource, string Role)[] types =
        [
            ("Patient", w => w.Patient, Roles.Nurse), ("Observation", w => w.HeartRate, Roles.Nurse), ("QuestionnaireResponse", w => w.Phq9, Roles.Nurse),
            ("Practitioner", w => w.Nurse, Roles.Nurse), ("Location", w => w.Location, Roles.Nurse), ("Questionnaire", w => w.Phq9Questionnaire, Roles.Nurse),
            ("Condition", w => w.Depression, Roles.Nurse), ("Encounter", w => w.Encounter, Roles.Nurse), ("MedicationAdministration", w => w.Infusion, Roles.Nurse),
            ("Appointment", w => w.Appointment, Roles.Nurse), ("CarePlan", w => w.Plan, Roles.Nurse), ("AuditEvent", w => w.Registration, Roles.Admin),
        ];
        return types.Select(t => new Case(t.Type, "_id", w =>
        {
            var resource = t.Resource(w);
            var other = t.Type switch
            {
                "Questionnaire" => "gad7",
                "Practitioner" => w.PrescriberId,
                "AuditEvent" => (long.MaxValue - 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "Observation" => resource.Id!.Replace("-hr", "-rr", StringComparison.Ordinal),
                _ => Guid.NewGuid().ToString(),
            };
            return new Probe(resource, $"_id={resource.Id}", $"_id={other}");
        }, t.Role));
    }

    private static DateTimeOffset At(DataType? effective) => effective switch
    {
        FhirDateTime instant => instant.ToDateTimeOffset(TimeSpan.Zero),
        Period period => period.StartElement!.ToDateTimeOffset(TimeSpan.Zero),
        _ => throw new InvalidOperationException($"No time in {effective?.TypeName}."),
    };

    private static string Day(DateTimeOffset at) => FhirWire.Day(at);

    /// <summary>A minute before the instant: a <c>lt</c> bound that excludes it.</summary>
    private static string Before(DateTimeOffset at) => FhirWire.Instant(at.AddMinutes(-1));
}

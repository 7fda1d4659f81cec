using System.Net;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Web.Tests.Fhir.Sources;
using Respite.Web.Tests.Infrastructure;
using AuditRow = Respite.Data.Auditing.AuditEvent;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir;

/// <summary>Who may search and read each type through <c>/fhir</c>, and the audit trail reads and searches leave.</summary>
public sealed class FhirAuthorizationTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    /// <summary>
    /// The status of a search and of a read of the world's resource, per role (patient, front desk, nurse, prescriber,
    /// admin); "200/404" is a search answered with the patient's own resources only and a read of another patient's refused
    /// as not found. Anonymous is 401 everywhere.
    /// </summary>
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["Patient"] = ["200/404", "200", "200", "200", "403"],
        ["Observation"] = ["200/404", "200", "200", "200", "403"],
        ["QuestionnaireResponse"] = ["200/404", "200", "200", "200", "403"],
        ["Condition"] = ["200/404", "200", "200", "200", "403"],
        ["Encounter"] = ["200/404", "200", "200", "200", "403"],
        ["MedicationAdministration"] = ["200/404", "200", "200", "200", "403"],
        ["Appointment"] = ["200/404", "200", "200", "200", "403"],
        ["CarePlan"] = ["200/404", "200", "200", "200", "403"],
        ["Location"] = ["200", "200", "200", "200", "200"],
        ["Questionnaire"] = ["200", "200", "200", "200", "200"],
        ["Practitioner"] = ["403", "200", "200", "200", "200"],
        ["AuditEvent"] = ["403", "403", "403", "403", "200"],
    };

    private static readonly string[] Roles_ = [Roles.Patient, Roles.FrontDesk, Roles.Nurse, Roles.Prescriber, Roles.Admin];

    public static TheoryData<string, string> TypeAndRole()
    {
        var data = new TheoryData<string, string>();
        foreach (var type in FhirApiTests.Types)
        {
            foreach (var role in RespiteWebApplicationFactory.AllRoles)
            {
                data.Add(type, role);
            }
        }

        return data;
    }

    [Fact]
    public void Matrix_CoversEveryType() => Assert.Equal(FhirApiTests.Types.Order(), Expected.Keys.Order());

    [Theory]
    [MemberData(nameof(TypeAndRole))]
    public async Task SearchAndRead_EachRole(string type, string role)
    {
        var world = await FhirWorld.ForAsync(factory);
        var resource = WorldResource(world, type);
        var client = await factory.ClientForAsync(role);
        var search = await client.GetAsync($"/fhir/{type}?_id={resource.Id}");
        var read = await client.GetAsync($"/fhir/{type}/{resource.Id}");

        if (role == "anonymous")
        {
            await FhirWire.OutcomeAsync(search, HttpStatusCode.Unauthorized);
            await FhirWire.OutcomeAsync(read, HttpStatusCode.Unauthorized);
            return;
        }

        var expected = Expected[type][Array.IndexOf(Roles_, role)];
        switch (expected)
        {
            case "200":
                Assert.Equal([resource.Id], (await FhirWire.ReadAsync<Bundle>(search)).Entry.Select(e => e.Resource!.Id));
                Assert.Equal(resource.Id, (await FhirWire.ReadAsync<Resource>(read)).Id);
                break;
            case "200/404":
                Assert.Empty((await FhirWire.ReadAsync<Bundle>(search)).Entry);
                await FhirWire.OutcomeAsync(read, HttpStatusCode.NotFound);
                break;
            case "403":
                Assert.Equal(OperationOutcome.IssueType.Forbidden, (await FhirWire.OutcomeAsync(search, HttpStatusCode.Forbidden)).Issue.Single().Code);
                await FhirWire.OutcomeAsync(read, HttpStatusCode.Forbidden);
                break;
            default:
                throw new InvalidOperationException(expected);
        }
    }

    [Fact]
    public async Task Patient_SearchesWithoutPatient_SeeTheirOwnRecordOnly()
    {
        var (patientId, _, client) = await PortalData.PortalPatientAsync(factory);
        await FhirWorld.ForAsync(factory);

        Assert.Equal([patientId], await FhirWire.IdsAsync(client, "/fhir/Patient?_count=500"));
        var conditions = await FhirWire.ReadAsync<Bundle>(await client.GetAsync("/fhir/Condition?_total=accurate"));
        Assert.Equal(2, conditions.Total);
        Assert.All(conditions.Entry, e => Assert.Equal($"Patient/{patientId}", ((Condition)e.Resource!).Subject!.Reference));
        Assert.All(
            (await FhirWire.ReadAsync<Bundle>(await client.GetAsync("/fhir/Observation?_count=500"))).Entry,
            e => Assert.Equal($"Patient/{patientId}", ((Observation)e.Resource!).Subject!.Reference));
    }

    [Fact]
    public async Task Read_LeavesAnAuditEvent_WithThePatient()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var nurse = await factory.ClientForAsync(Roles.Nurse);

        await FhirWire.ReadAsync<Patient>(await nurse.GetAsync($"/fhir/Patient/{patient}"));

        var row = await LastAsync(patient, AuditAction.Read, "Patient");
        Assert.Equal((patient.ToString(), AuditOutcome.Success, "fhir", Roles.Nurse), (row.EntityId, row.Outcome, row.Detail, row.Role));
        Assert.Equal(await FhirSourceData.UserIdAsync(factory, Roles.Nurse), row.UserId);
    }

    [Fact]
    public async Task Search_LeavesAnAuditEventPerPatient_AndOneForTheSearch()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);

        await FhirWire.IdsAsync(prescriber, $"/fhir/Condition?patient={patient}&_total=accurate");

        var row = await LastAsync(patient, AuditAction.Search, "Condition");
        Assert.Equal((AuditOutcome.Success, "fhir resources=2"), (row.Outcome, row.Detail));
        var summary = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Id > row.Id && e.Action == AuditAction.Search && e.PatientId == null)
            .OrderBy(e => e.Id).FirstAsync());
        Assert.Equal(("Condition", "fhir results=2"), (summary.EntityType, summary.Detail));
    }

    [Fact]
    public async Task DeniedRead_LeavesADeniedAuditEvent()
    {
        var other = await FhirSourceData.PatientAsync(factory);
        var conditionId = await factory.WithDbAsync(db => db.PatientConditions.Where(c => c.PatientId == other).Select(c => c.Id).FirstAsync());
        var patient = await factory.ClientForAsync(Roles.Patient);

        await FhirWire.OutcomeAsync(await patient.GetAsync($"/fhir/Condition/{conditionId}"), HttpStatusCode.NotFound);
        await FhirWire.OutcomeAsync(await patient.GetAsync($"/fhir/Patient/{other}"), HttpStatusCode.NotFound);

        var condition = await LastAsync(other, AuditAction.Read, "Condition");
        Assert.Equal((conditionId.ToString(), AuditOutcome.Denied, Roles.Patient), (condition.EntityId, condition.Outcome, condition.Role));
        Assert.Equal(AuditOutcome.Denied, (await LastAsync(other, AuditAction.Read, "Patient")).Outcome);
    }

    [Fact]
    public async Task Everything_LeavesAnExportAuditEvent()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var desk = await factory.ClientForAsync(Roles.FrontDesk);

        var bundle = await FhirWire.ReadAsync<Bundle>(await desk.GetAsync($"/fhir/Patient/{patient}/$everything"));

        var row = await LastAsync(patient, AuditAction.Export, "Patient");
        Assert.Equal((AuditOutcome.Success, $"fhir $everything resources={bundle.Entry.Count}"), (row.Outcome, row.Detail));
    }

    [Fact]
    public async Task AuditEvent_ReadByAdministrator_IsItselfAudited()
    {
        var world = await FhirWorld.ForAsync(factory);
        var admin = await factory.ClientForAsync(Roles.Admin);

        await FhirWire.ReadAsync<Hl7.Fhir.Model.AuditEvent>(await admin.GetAsync($"/fhir/AuditEvent/{world.Registration.Id}"));

        var row = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Action == AuditAction.Read && e.EntityType == "AuditEvent" && e.EntityId == world.Registration.Id)
            .OrderByDescending(e => e.Id).FirstAsync());
        Assert.Equal((AuditOutcome.Success, Roles.Admin, "fhir"), (row.Outcome, row.Role, row.Detail));
    }

    private static Resource WorldResource(FhirWorld world, string type) => type switch
    {
        "Patient" => world.Patient,
        "Observation" => world.HeartRate,
        "QuestionnaireResponse" => world.Phq9,
        "Practitioner" => world.Nurse,
        "Location" => world.Location,
        "Questionnaire" => world.Phq9Questionnaire,
        "Condition" => world.Depression,
        "Encounter" => world.Encounter,
        "MedicationAdministration" => world.Infusion,
        "Appointment" => world.Appointment,
        "CarePlan" => world.Plan,
        "AuditEvent" => world.Registration,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private Task<AuditRow> LastAsync(Guid patient, AuditAction action, string entityType) =>
        factory.WithDbAsync(db => db.AuditEvents.Where(e => e.PatientId == patient && e.Action == action && e.EntityType == entityType)
            .OrderByDescending(e => e.Id).FirstAsync());
}

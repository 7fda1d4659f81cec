using System.Net;
using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Respite.Data.Identity;
using Respite.Fhir.Observations;
using Respite.Fhir.Questionnaires;
using Respite.Clinical.Instruments;
using Respite.Web.Hosting;
using Respite.Web.Tests.Fhir.Sources;
using Respite.Web.Tests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir;

/// <summary>Firely's own FhirClient against the server: what an outside FHIR application would do.</summary>
public sealed class FirelyClientTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private async Task<FhirClient> ClientAsync(string role)
    {
        var http = factory.CreateClient();
        if (role != "anonymous")
        {
            var email = DemoSeeder.DemoUsers.Single(u => u.Role == role).Email;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await factory.TokenAsync(email, DemoSeeder.DemoPassword));
        }

        return new FhirClient(new Uri(http.BaseAddress!, "/fhir"), http, new FhirClientSettings { PreferredFormat = ResourceFormat.Json, VerifyFhirVersion = true });
    }

    [Fact]
    public async Task CapabilityStatement_IsReadByTheClient()
    {
        var client = await ClientAsync("anonymous");

        var capability = await client.CapabilityStatementAsync();

        Assert.Equal(FHIRVersion.N4_0_1, capability!.FhirVersion);
        Assert.Equal(12, capability.Rest[0].Resource.Count);
    }

    [Fact]
    public async Task Search_ContinuesThroughEveryPage()
    {
        var family = "Fc" + Guid.NewGuid().ToString("N")[..8];
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        for (var i = 0; i < 5; i++)
        {
            await TestData.CreatePatientAsync(desk, TestData.NewPatient(family + i));
        }

        var client = await ClientAsync(Roles.Nurse);
        var page = await client.SearchAsync<Patient>(new SearchParams().Where($"family={family}").LimitTo(2));
        var seen = new List<string>();
        var pages = 0;
        while (page is not null)
        {
            pages++;
            seen.AddRange(page.Entry.Select(e => ((Patient)e.Resource!).Name[0].Family!));
            page = await client.ContinueAsync(page);
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => family + i).Order(), seen.Order());
    }

    [Fact]
    public async Task ReadAndUpdate_VersionAware()
    {
        var id = await FhirSourceData.PatientAsync(factory);
        var client = await ClientAsync(Roles.Nurse);

        var patient = await client.ReadAsync<Patient>($"Patient/{id}");
        patient!.Name[0].Given = ["Versioned"];
        var updated = await client.UpdateAsync(patient, versionAware: true);

        Assert.Equal("Versioned", updated!.Name[0].Given.Single());
        Assert.NotEqual(patient.Meta!.VersionId, updated.Meta!.VersionId);

        // The version read first is stale now: the server refuses with 412 and an OperationOutcome.
        patient.Name[0].Given = ["Stale"];
        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => client.UpdateAsync(patient, versionAware: true));
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.Status);
        Assert.Equal(OperationOutcome.IssueType.Conflict, refused.Outcome!.Issue.Single().Code);
    }

    [Fact]
    public async Task CreateObservation_AndQuestionnaireResponse()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var session = await FhirSourceData.CheckInAsync(factory, patient, DateTimeOffset.UtcNow.AddMinutes(-15));
        var client = await ClientAsync(Roles.Nurse);

        var observation = await client.CreateAsync(ObservationMapper.ToFhir(
            new VitalSignsReading(null, patient, session, DateTimeOffset.UtcNow.AddMinutes(-1), SpO2Percent: 97)).Single());
        Assert.EndsWith("-" + ObservationIds.OxygenSaturation, observation!.Id, StringComparison.Ordinal);
        Assert.Equal(97m, ((Quantity)observation.Value!).Value);

        var response = await client.CreateAsync(QuestionnaireResponseMapper.ToFhir(new QuestionnaireAnswers(
            null, patient, "gad7", Enumerable.Repeat(Answer.Number(2), 7).ToList(), DateTimeOffset.UtcNow.AddMinutes(-2), AnswerRespondent.Patient)));
        Assert.Equal($"Patient/{patient}", response!.Subject!.Reference);

        var found = await client.SearchAsync<QuestionnaireResponse>(new SearchParams().Where($"patient={patient}").Where("questionnaire=Questionnaire/gad7"));
        Assert.Equal([response.Id], found!.Entry.Select(e => e.Resource!.Id));
    }

    [Fact]
    public async Task Errors_SurfaceAsFhirOperationException_WithTheOperationOutcome()
    {
        var client = await ClientAsync(Roles.Nurse);

        var missing = await Assert.ThrowsAsync<FhirOperationException>(() => client.ReadAsync<Patient>($"Patient/{Guid.NewGuid()}"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(OperationOutcome.IssueType.NotFound, missing.Outcome!.Issue.Single().Code);

        var invalid = await Assert.ThrowsAsync<FhirOperationException>(() => client.CreateAsync(new Patient
        {
            Name = [new HumanName { Family = "Partial", Given = ["Date"] }], BirthDate = "1985-02",
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Status);
        Assert.Equal(["Patient.birthDate"], invalid.Outcome!.Issue.SelectMany(i => i.Expression));

        var admin = await ClientAsync(Roles.Admin);
        var forbidden = await Assert.ThrowsAsync<FhirOperationException>(() => admin.SearchAsync<Condition>());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Status);

        var anonymous = await ClientAsync("anonymous");
        var unauthorized = await Assert.ThrowsAsync<FhirOperationException>(() => anonymous.SearchAsync<Patient>());
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.Status);
        Assert.Equal(OperationOutcome.IssueType.Login, unauthorized.Outcome!.Issue.Single().Code);
    }
}

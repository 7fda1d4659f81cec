using System.Net;
using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Respite.Data.Identity;
using Respite.Fhir;
using Respite.Web.Tests.Fhir.Sources;
using Respite.Web.Tests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir;

/// <summary>The <c>/fhir</c> endpoint as a client sees it: the CapabilityStatement, formats, errors, paging and <c>$everything</c>.</summary>
public sealed class FhirApiTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    public static readonly string[] Types =
    [
        "Appointment", "AuditEvent", "CarePlan", "Condition", "Encounter", "Location", "MedicationAdministration", "Observation", "Patient",
        "Practitioner", "Questionnaire", "QuestionnaireResponse",
    ];

    [Fact]
    public async Task Metadata_Anonymous_ListsTheTwelveTypes_WithTheirInteractions()
    {
        var client = await factory.ClientForAsync("anonymous");

        var response = await client.GetAsync("/fhir/metadata");
        var capability = await FhirWire.ReadAsync<CapabilityStatement>(response);

        Assert.Equal(FHIRVersion.N4_0_1, capability.FhirVersion);
        Assert.Equal(CapabilityStatementKind.Instance, capability.Kind);
        var resources = capability.Rest.Single().Resource;
        Assert.Equal(Types, resources.Select(r => r.Type).ToArray());
        foreach (var resource in resources)
        {
            var interactions = resource.Interaction.Select(i => i.Code!.Value).ToHashSet();
            Assert.Contains(CapabilityStatement.TypeRestfulInteraction.Read, interactions);
            Assert.Contains(CapabilityStatement.TypeRestfulInteraction.SearchType, interactions);
            Assert.Equal(resource.Type is "Patient" or "Observation" or "QuestionnaireResponse", interactions.Contains(CapabilityStatement.TypeRestfulInteraction.Create));
            Assert.Equal(resource.Type is "Patient", interactions.Contains(CapabilityStatement.TypeRestfulInteraction.Update));
            Assert.DoesNotContain(CapabilityStatement.TypeRestfulInteraction.Delete, interactions);
            Assert.Contains(resource.SearchParam, p => p.Name == "_id" && p.Type == SearchParamType.Token);
            Assert.All(resource.SearchParam, p => Assert.False(string.IsNullOrEmpty(p.Documentation)));
        }

        Assert.Equal(["everything", "export"], resources.Single(r => r.Type == "Patient").Operation.Select(o => o.Name).Order(StringComparer.Ordinal));
        Assert.Contains(resources.Single(r => r.Type == "Patient").SearchParam, p => p.Name == "birthdate" && p.Type == SearchParamType.Date);
        Assert.Contains(resources.Single(r => r.Type == "Observation").SearchParam, p => p.Name == "encounter" && p.Type == SearchParamType.Reference);
    }

    [Theory]
    [InlineData("/fhir/metadata?_format=xml", null)]
    [InlineData("/fhir/metadata?_format=application/fhir%2Bxml", null)]
    [InlineData("/fhir/metadata", "application/fhir+xml")]
    [InlineData("/fhir/metadata", "application/xml")]
    public async Task Metadata_Xml_ByFormatOrAccept(string url, string? accept)
    {
        var client = await factory.ClientForAsync("anonymous");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FhirFormats.XmlMediaType, response.Content.Headers.ContentType?.MediaType);
        var parsed = FhirFormats.ParseXml(await response.Content.ReadAsStringAsync());
        Assert.True(parsed.Succeeded);
        Assert.Equal(12, Assert.IsType<CapabilityStatement>(parsed.Value).Rest[0].Resource.Count);
    }

    [Fact]
    public async Task Metadata_UnknownFormat_Is406()
    {
        var client = await factory.ClientForAsync("anonymous");

        await FhirWire.OutcomeAsync(await client.GetAsync("/fhir/metadata?_format=text/csv"), HttpStatusCode.NotAcceptable);
    }

    [Fact]
    public async Task Xml_ErrorsComeBackInXml()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);

        var response = await client.GetAsync("/fhir/Patient?_format=xml&nonsense=1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(FhirFormats.XmlMediaType, response.Content.Headers.ContentType?.MediaType);
        var outcome = Assert.IsType<OperationOutcome>(FhirFormats.ParseXml(await response.Content.ReadAsStringAsync()).Value);
        Assert.Equal(["nonsense"], FhirWire.Expressions(outcome));
    }

    [Theory]
    [InlineData("/fhir/Patient")]
    [InlineData("/fhir/Patient/00000000-0000-0000-0000-000000000001")]
    [InlineData("/fhir/AuditEvent")]
    [InlineData("/fhir/Patient/00000000-0000-0000-0000-000000000001/$everything")]
    public async Task NoToken_Is401_AsAnOperationOutcome(string url)
    {
        var client = await factory.ClientForAsync("anonymous");

        var response = await client.GetAsync(url);
        var outcome = await FhirWire.OutcomeAsync(response, HttpStatusCode.Unauthorized);

        Assert.Equal(OperationOutcome.IssueType.Login, outcome.Issue.Single().Code);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task NoToken_Create_Is401()
    {
        var client = await factory.ClientForAsync("anonymous");

        await FhirWire.OutcomeAsync(await FhirWire.PostAsync(client, "/fhir/Patient", new Patient()), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("GET", "/fhir/Medication")]
    [InlineData("GET", "/fhir/Basic/1")]
    [InlineData("POST", "/fhir/Medication/_search")]
    [InlineData("DELETE", "/fhir/Basic/1")]
    [InlineData("POST", "/fhir/patient")]
    [InlineData("PUT", "/fhir/patient/1")]
    [InlineData("GET", "/fhir/patient/1/$everything")]
    public async Task UnknownType_Is404_NotSupported(string method, string url)
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new FormUrlEncodedContent([]) };

        var outcome = await FhirWire.OutcomeAsync(await client.SendAsync(request), HttpStatusCode.NotFound);

        Assert.Equal(OperationOutcome.IssueType.NotSupported, outcome.Issue.Single().Code);
    }

    [Theory]
    [InlineData("DELETE", "/fhir/Patient/{patient}")]
    [InlineData("PATCH", "/fhir/Patient/{patient}")]
    [InlineData("POST", "/fhir/Patient/{patient}")]
    [InlineData("PUT", "/fhir/Patient")]
    [InlineData("DELETE", "/fhir/Patient")]
    [InlineData("POST", "/fhir/Condition")]
    [InlineData("PUT", "/fhir/Observation/{patient}")]
    [InlineData("DELETE", "/fhir/QuestionnaireResponse/{patient}")]
    [InlineData("POST", "/fhir/AuditEvent")]
    [InlineData("PUT", "/fhir/Encounter/{patient}")]
    public async Task UnsupportedInteraction_Is405(string method, string url)
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var client = await factory.ClientForAsync(Roles.Nurse);
        using var request = new HttpRequestMessage(new HttpMethod(method), url.Replace("{patient}", patient.ToString(), StringComparison.Ordinal))
        {
            Content = FhirWire.Json(new Basic()),
        };

        var outcome = await FhirWire.OutcomeAsync(await client.SendAsync(request), HttpStatusCode.MethodNotAllowed);

        Assert.Equal(OperationOutcome.IssueType.NotSupported, outcome.Issue.Single().Code);
        Assert.Equal(patient.ToString(), (await FhirWire.ReadAsync<Patient>(await client.GetAsync($"/fhir/Patient/{patient}"))).Id);
    }

    [Fact]
    public async Task Read_EachType_ServesTheResource_WithVersionHeaders()
    {
        var world = await FhirWorld.ForAsync(factory);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var admin = await factory.ClientForAsync(Roles.Admin);
        Resource[] resources =
        [
            world.Patient, world.HeartRate, world.Phq9, world.Nurse, world.Location, world.Phq9Questionnaire, world.Depression, world.Encounter,
            world.Infusion, world.Appointment, world.Plan, world.Registration,
        ];
        Assert.Equal(Types, resources.Select(r => r.TypeName).Order(StringComparer.Ordinal).ToArray());

        foreach (var resource in resources)
        {
            var client = resource is AuditEvent ? admin : nurse;
            var response = await client.GetAsync($"/fhir/{resource.TypeName}/{resource.Id}");
            var read = await FhirWire.ReadAsync<Resource>(response);

            Assert.Equal((resource.TypeName, resource.Id), (read.TypeName, read.Id));
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            if (read.Meta?.VersionId is { } version)
            {
                Assert.Equal($"W/\"{version}\"", response.Headers.ETag?.ToString());
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/fhir/{resource.TypeName}/{resource.Id}/_history/{version}")).StatusCode);
                await FhirWire.OutcomeAsync(await client.GetAsync($"/fhir/{resource.TypeName}/{resource.Id}/_history/0"), HttpStatusCode.NotFound);
            }

            await FhirWire.OutcomeAsync(await client.GetAsync($"/fhir/{resource.TypeName}/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task Search_Paging_NextAndPreviousFollowToTheRightPages()
    {
        var family = "Pg" + Guid.NewGuid().ToString("N")[..8];
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        for (var i = 0; i < 5; i++)
        {
            await TestData.CreatePatientAsync(desk, TestData.NewPatient(family + i));
        }

        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var all = await FhirWire.IdsAsync(nurse, $"/fhir/Patient?family={family}");
        Assert.Equal(5, all.Count);

        var first = await FhirWire.ReadAsync<Bundle>(await nurse.GetAsync($"/fhir/Patient?family={family}&_count=2"));
        Assert.Equal(all[..2], first.Entry.Select(e => e.Resource!.Id));
        Assert.Null(first.Total);
        Assert.Null(FhirWire.Link(first, "previous"));
        Assert.Equal(Bundle.BundleType.Searchset, first.Type);
        Assert.All(first.Entry, e => Assert.Equal($"http://localhost/fhir/Patient/{e.Resource!.Id}", e.FullUrl));

        var second = await FhirWire.ReadAsync<Bundle>(await nurse.GetAsync(FhirWire.Link(first, "next")));
        Assert.Equal(all[2..4], second.Entry.Select(e => e.Resource!.Id));
        Assert.Contains($"family={family}", FhirWire.Link(second, "self"), StringComparison.Ordinal);

        var third = await FhirWire.ReadAsync<Bundle>(await nurse.GetAsync(FhirWire.Link(second, "next")));
        Assert.Equal(all[4..], third.Entry.Select(e => e.Resource!.Id));
        Assert.Null(FhirWire.Link(third, "next"));

        var back = await FhirWire.ReadAsync<Bundle>(await nurse.GetAsync(FhirWire.Link(third, "previous")));
        Assert.Equal(all[2..4], back.Entry.Select(e => e.Resource!.Id));
        var start = await FhirWire.ReadAsync<Bundle>(await nurse.GetAsync(FhirWire.Link(third, "first")));
        Assert.Equal(all[..2], start.Entry.Select(e => e.Resource!.Id));

        var counted = await FhirWire.ReadAsync<Bundle>(await nurse.GetAsync($"/fhir/Patient?family={family}&_count=2&_offset=4&_total=accurate"));
        Assert.Equal(5, counted.Total);
        Assert.Equal(all[4..], counted.Entry.Select(e => e.Resource!.Id));
        Assert.Contains("_total=accurate", FhirWire.Link(counted, "previous"), StringComparison.Ordinal);

        var none = await FhirWire.ReadAsync<Bundle>(await nurse.GetAsync($"/fhir/Patient?family={family}&_count=0&_total=accurate"));
        Assert.Equal(5, none.Total);
        Assert.Empty(none.Entry);
    }

    [Theory]
    [InlineData("_count=-1", "_count")]
    [InlineData("_count=501", "_count")]
    [InlineData("_count=ten", "_count")]
    [InlineData("_offset=-5", "_offset")]
    [InlineData("_total=maybe", "_total")]
    [InlineData("_sort=family", "_sort")]
    [InlineData("address=London", "address")]
    [InlineData("gender:not=male", "gender:not")]
    public async Task Search_UnknownOrMalformedParameter_Is400NamingIt(string query, string expression)
    {
        var client = await factory.ClientForAsync(Roles.Nurse);

        var outcome = await FhirWire.OutcomeAsync(await client.GetAsync($"/fhir/Patient?{query}"), HttpStatusCode.BadRequest);

        Assert.Equal([expression], FhirWire.Expressions(outcome));
    }

    [Fact]
    public async Task Search_LenientHandling_IgnoresUnknownParameters_AndLeavesThemOutOfTheLinks()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var client = await factory.ClientForAsync(Roles.Nurse);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/fhir/Patient?_id={patient}&address=London&_sort=family");
        request.Headers.Add("Prefer", "handling=lenient");

        var bundle = await FhirWire.ReadAsync<Bundle>(await client.SendAsync(request));

        Assert.Equal([patient.ToString()], bundle.Entry.Select(e => e.Resource!.Id));
        Assert.DoesNotContain("address", FhirWire.Link(bundle, "self"), StringComparison.Ordinal);
        Assert.Contains($"_id={patient}", FhirWire.Link(bundle, "self"), StringComparison.Ordinal);

        using var strict = new HttpRequestMessage(HttpMethod.Get, $"/fhir/Patient?_id={patient}&address=London");
        strict.Headers.Add("Prefer", "handling=strict");
        await FhirWire.OutcomeAsync(await client.SendAsync(strict), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Search_ByPost_ReadsTheForm()
    {
        var world = await FhirWorld.ForAsync(factory);
        var client = await factory.ClientForAsync(Roles.Nurse);

        var response = await client.PostAsync("/fhir/Condition/_search?category=depression", new FormUrlEncodedContent(
        [
            new("patient", $"Patient/{world.PatientId}"), new("_total", "accurate"),
        ]));
        var bundle = await FhirWire.ReadAsync<Bundle>(response);

        Assert.Equal([world.Depression.Id], bundle.Entry.Select(e => e.Resource!.Id));
        Assert.Equal(1, bundle.Total);

        var json = await client.PostAsync("/fhir/Condition/_search", FhirWire.Json(new Parameters()));
        await FhirWire.OutcomeAsync(json, HttpStatusCode.UnsupportedMediaType);
        var unknown = await client.PostAsync("/fhir/Condition/_search", new FormUrlEncodedContent([new("onset-date", "2026")]));
        Assert.Equal(["onset-date"], FhirWire.Expressions(await FhirWire.OutcomeAsync(unknown, HttpStatusCode.BadRequest)));
    }

    [Theory]
    [InlineData(Roles.Nurse)]
    [InlineData(Roles.Prescriber)]
    [InlineData(Roles.FrontDesk)]
    public async Task Everything_CareTeam_ReadsTheWholeRecord(string role)
    {
        var world = await FhirWorld.ForAsync(factory);
        var client = await factory.ClientForAsync(role);

        var bundle = await FhirWire.ReadAsync<Bundle>(await client.GetAsync($"/fhir/Patient/{world.PatientId}/$everything"));

        var patient = Assert.IsType<Patient>(bundle.Entry[0].Resource);
        Assert.Equal(world.PatientId.ToString(), patient.Id);
        Assert.Equal(bundle.Entry.Count, bundle.Total);
        var types = bundle.Entry.Select(e => e.Resource!.TypeName).ToHashSet();
        Assert.Equal(
            ["Appointment", "CarePlan", "Condition", "Encounter", "MedicationAdministration", "Observation", "Patient", "QuestionnaireResponse"],
            types.Order(StringComparer.Ordinal));
        var ids = bundle.Entry.Select(e => $"{e.Resource!.TypeName}/{e.Resource.Id}").ToHashSet();
        Resource[] expected = [world.HeartRate, world.Phq9, world.Depression, world.Encounter, world.Infusion, world.Appointment, world.Plan];
        Assert.All(expected, r => Assert.Contains($"{r.TypeName}/{r.Id}", ids));
        Assert.All(bundle.Entry, e => Assert.DoesNotContain(world.OtherPatientId.ToString(), FhirFormats.ToJson(e.Resource!), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Everything_Patient_OwnRecordOnly()
    {
        var (patientId, _, client) = await PortalData.PortalPatientAsync(factory);
        var other = await FhirSourceData.PatientAsync(factory);

        var own = await FhirWire.ReadAsync<Bundle>(await client.GetAsync($"/fhir/Patient/{patientId}/$everything"));
        Assert.Equal(patientId, own.Entry[0].Resource!.Id);
        Assert.Equal(2, own.Entry.Count(e => e.Resource is Condition));

        await FhirWire.OutcomeAsync(await client.GetAsync($"/fhir/Patient/{other}/$everything"), HttpStatusCode.NotFound);
        await FhirWire.OutcomeAsync(await client.GetAsync($"/fhir/Patient/{Guid.NewGuid()}/$everything"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Everything_Administrator_Is403_AndUnknownPatient404()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var admin = await factory.ClientForAsync(Roles.Admin);
        var nurse = await factory.ClientForAsync(Roles.Nurse);

        await FhirWire.OutcomeAsync(await admin.GetAsync($"/fhir/Patient/{patient}/$everything"), HttpStatusCode.Forbidden);
        await FhirWire.OutcomeAsync(await nurse.GetAsync($"/fhir/Patient/{Guid.NewGuid()}/$everything"), HttpStatusCode.NotFound);
        await FhirWire.OutcomeAsync(await nurse.GetAsync("/fhir/Patient/not-a-guid/$everything"), HttpStatusCode.NotFound);
        var onCondition = await FhirWire.OutcomeAsync(await nurse.GetAsync($"/fhir/Condition/{patient}/$everything"), HttpStatusCode.NotFound);
        Assert.Equal(OperationOutcome.IssueType.NotSupported, onCondition.Issue.Single().Code);
    }
}

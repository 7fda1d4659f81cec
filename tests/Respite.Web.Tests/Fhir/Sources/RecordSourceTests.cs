using System.Net;
using System.Net.Http.Json;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Identity;
using Respite.Fhir.Observations;
using Respite.Web.Features.Fhir.Sources;
using Respite.Web.Tests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir.Sources;

/// <summary>The sources of a patient's own record: Patient, Observation (vitals, weights, scores) and QuestionnaireResponse.</summary>
public sealed class RecordSourceTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private async Task<(Guid Patient, string Family)> PatientAsync(string given, string birth, string sex)
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var family = "Src" + Guid.NewGuid().ToString("N")[..10];
        var created = await TestData.CreatePatientAsync(desk, new { givenName = given, familyName = family, dateOfBirth = birth, sex, weightKg = 72.5 });
        return (Guid.Parse(created.GetProperty("id").GetString()!), family);
    }

    private async Task<Guid> AnswerAsync(Guid patient, string instrument, int[] answers, DateTimeOffset at)
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var response = await nurse.PostAsJsonAsync($"/api/patients/{patient}/assessments", new { instrument, answers, answeredAt = at });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return Guid.Parse((await response.ReadJsonAsync()).GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task Patient_SearchesByNameIdentifierBirthDateGenderAndLastUpdated()
    {
        var (ada, family) = await PatientAsync("Adaeze", "1971-06-15", "female");
        var (bo, _) = await PatientAsync("Bo", "1990-01-31", "male");
        var mrn = (await SourceHarness.ReadAsync<PatientSource>(factory, ada.ToString()))!.Resource is Patient p ? p.Identifier[0].Value : null;

        Assert.Equal([ada.ToString()], await SourceHarness.IdsAsync<PatientSource>(factory, $"family={family.ToUpperInvariant()[..8]}&given=ada"));
        Assert.Equal([ada.ToString()], await SourceHarness.IdsAsync<PatientSource>(factory, $"name=adae,nobody-{Guid.NewGuid():N}&birthdate=1971-06"));
        Assert.Equal([ada.ToString()], await SourceHarness.IdsAsync<PatientSource>(factory, $"identifier=https://respite.dev/fhir/sid/mrn|{mrn}"));
        Assert.Empty(await SourceHarness.IdsAsync<PatientSource>(factory, $"identifier=urn:other|{mrn}"));
        Assert.Empty(await SourceHarness.IdsAsync<PatientSource>(factory, $"_id={ada}&gender=male"));
        Assert.Equal([bo.ToString()], await SourceHarness.IdsAsync<PatientSource>(factory, $"_id={ada},{bo}&gender=male&birthdate=ge1990-01-31&birthdate=lt1990-02-01"));
        Assert.Empty(await SourceHarness.IdsAsync<PatientSource>(factory, $"_id={bo}&birthdate=gt1990-01-31"));
        Assert.Contains(ada.ToString(), await SourceHarness.IdsAsync<PatientSource>(factory, $"_lastUpdated=ge{FhirSourceData.Fhir(DateTimeOffset.UtcNow.AddMinutes(-5))}"));
        Assert.Empty(await SourceHarness.IdsAsync<PatientSource>(factory, $"_id={ada}&_lastUpdated=lt{FhirSourceData.Fhir(DateTimeOffset.UtcNow.AddMinutes(-5))}"));
        Assert.Equal([ada.ToString()], await SourceHarness.IdsAsync<PatientSource>(factory, $"_id={ada},{bo}", compartmentPatient: ada));
        Assert.Null(await SourceHarness.ReadAsync<PatientSource>(factory, "R-000001"));
    }

    [Fact]
    public async Task Observation_VitalsWeightsAndScores_ByCodeCategoryDateEncounterAndLastUpdated()
    {
        var (patient, _) = await PatientAsync("Cleo", "1985-03-03", "female");
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-60);
        t0 = new DateTimeOffset(t0.Year, t0.Month, t0.Day, t0.Hour, t0.Minute, 0, TimeSpan.Zero);
        var session = await FhirSourceData.CheckInAsync(factory, patient, t0);
        var phq9 = await AnswerAsync(patient, "phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1], t0.AddDays(-3));

        var all = await SourceHarness.SearchAsync<ObservationSource>(factory, $"patient={patient}");
        var codes = all.Select(e => ((Observation)e.Resource).Code.Coding[0].Code).ToList();
        Assert.Contains("85354-9", codes);
        Assert.Contains("8867-4", codes);
        Assert.Contains("29463-7", codes);
        Assert.Contains("44261-6", codes);
        Assert.Contains("44260-8", codes);
        Assert.All(all, e => Assert.NotNull(e.Resource.Meta?.LastUpdated));

        Assert.Equal([ObservationIds.For(phq9, ObservationIds.ItemPrefix + "9")],
            await SourceHarness.IdsAsync<ObservationSource>(factory, $"subject=Patient/{patient}&code=http://loinc.org|44260-8"));
        var vitals = await SourceHarness.IdsAsync<ObservationSource>(factory, $"patient={patient}&category=vital-signs&encounter=Encounter/{session}");
        string heartRateId() => vitals.Single(v => v.EndsWith("-" + ObservationIds.HeartRate, StringComparison.Ordinal));
        Assert.Equal(3, vitals.Count);
        Assert.Empty(await SourceHarness.IdsAsync<ObservationSource>(factory, $"patient={patient}&category=survey&encounter={session}"));
        Assert.Equal(2, (await SourceHarness.IdsAsync<ObservationSource>(factory, $"patient={patient}&category=survey&date=lt{FhirSourceData.Fhir(t0.AddDays(-1))}")).Count);
        Assert.DoesNotContain(all.First(e => ((Observation)e.Resource).Code.Coding[0].Code == "44261-6").Resource.Id,
            await SourceHarness.IdsAsync<ObservationSource>(factory, $"patient={patient}&date=ge{FhirSourceData.Fhir(t0.AddDays(-1))}"));
        Assert.Empty(await SourceHarness.IdsAsync<ObservationSource>(factory, $"patient={patient}&_lastUpdated=lt{FhirSourceData.Fhir(t0.AddMinutes(-1))}"));
        Assert.Equal(all.Count, (await SourceHarness.IdsAsync<ObservationSource>(factory, $"patient={patient}&_lastUpdated=ge{FhirSourceData.Fhir(t0.AddMinutes(-1))}")).Count);
        var scoresOnly = await SourceHarness.IdsAsync<ObservationSource>(factory, $"patient={patient}&_lastUpdated=ge{FhirSourceData.Fhir(t0.AddMinutes(30))}");
        Assert.Contains(ObservationIds.For(phq9, ObservationIds.ItemPrefix + "9"), scoresOnly);
        Assert.DoesNotContain(heartRateId(), scoresOnly);

        var heartRate = heartRateId();
        var read = await SourceHarness.ReadAsync<ObservationSource>(factory, heartRate);
        Assert.Equal(patient, read!.PatientId);
        Assert.Equal(70m, Assert.IsType<Quantity>(Assert.IsType<Observation>(read.Resource).Value).Value);
        Assert.Null(await SourceHarness.ReadAsync<ObservationSource>(factory, phq9 + "-" + ObservationIds.HeartRate));
        Assert.Empty(await SourceHarness.IdsAsync<ObservationSource>(factory, $"_id={heartRate}", compartmentPatient: Guid.NewGuid()));
    }

    [Fact]
    public async Task QuestionnaireResponse_ByQuestionnaireAuthoredAndLastUpdated()
    {
        var (patient, _) = await PatientAsync("Dev", "1979-11-11", "male");
        var at = new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
        var phq9 = await AnswerAsync(patient, "phq9", [2, 2, 2, 2, 2, 2, 2, 2, 0], at);
        var gad7 = await AnswerAsync(patient, "gad7", [1, 1, 1, 1, 1, 1, 1], at.AddDays(7));

        Assert.Equal([phq9.ToString(), gad7.ToString()], await SourceHarness.IdsAsync<QuestionnaireResponseSource>(factory, $"patient={patient}"));
        Assert.Equal([gad7.ToString()], await SourceHarness.IdsAsync<QuestionnaireResponseSource>(factory, $"subject={patient}&questionnaire=https://respite.dev/fhir/Questionnaire/gad7"));
        Assert.Equal([phq9.ToString()], await SourceHarness.IdsAsync<QuestionnaireResponseSource>(factory, $"patient={patient}&authored=2026-06-01"));
        Assert.Empty(await SourceHarness.IdsAsync<QuestionnaireResponseSource>(factory, $"patient={patient}&authored=gt2026-06-08T09:00:00Z"));
        Assert.Empty(await SourceHarness.IdsAsync<QuestionnaireResponseSource>(factory, $"patient={patient}&_lastUpdated=lt2026-06-01"));
        Assert.Equal([phq9.ToString()], await SourceHarness.IdsAsync<QuestionnaireResponseSource>(factory, $"_id={phq9}&_lastUpdated=ge{FhirSourceData.Fhir(DateTimeOffset.UtcNow.AddMinutes(-10))}"));
        var read = await SourceHarness.ReadAsync<QuestionnaireResponseSource>(factory, phq9.ToString());
        var response = Assert.IsType<QuestionnaireResponse>(read!.Resource);
        Assert.Equal(9, response.Item.Count);
        Assert.NotNull(response.Meta?.LastUpdated);
        Assert.Null(await SourceHarness.ReadAsync<QuestionnaireResponseSource>(factory, "phq9"));
    }

    [SkippableFact]
    public async Task RecordSources_OnPostgres()
    {
        await PostgresHostTests.OnFreshDatabaseAsync(async pg =>
        {
            var desk = await pg.ClientForAsync(Roles.FrontDesk);
            var family = "Pg" + Guid.NewGuid().ToString("N")[..8];
            var patient = Guid.Parse((await TestData.CreatePatientAsync(desk, new { givenName = "Ebba", familyName = family, dateOfBirth = "1988-08-08", sex = "female", weightKg = 60 }))
                .GetProperty("id").GetString()!);
            var t0 = DateTimeOffset.UtcNow.AddMinutes(-30);
            t0 = new DateTimeOffset(t0.Year, t0.Month, t0.Day, t0.Hour, t0.Minute, 0, TimeSpan.Zero);
            var session = await FhirSourceData.CheckInAsync(pg, patient, t0);
            var nurse = await pg.ClientForAsync(Roles.Nurse);
            Assert.Equal(HttpStatusCode.Created, (await nurse.PostAsJsonAsync($"/api/patients/{patient}/assessments", new { instrument = "phq9", answers = new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1 }, answeredAt = t0 })).StatusCode);
            var since = FhirSourceData.Fhir(t0.AddMinutes(-1));

            Assert.Equal([patient.ToString()], await SourceHarness.IdsAsync<PatientSource>(pg, $"family={family.ToUpperInvariant()}&given=EB&birthdate=1988&gender=female&_lastUpdated=ge{since}"));
            Assert.Equal(3, (await SourceHarness.IdsAsync<ObservationSource>(pg, $"patient={patient}&encounter={session}")).Count);
            Assert.Equal(3, (await SourceHarness.IdsAsync<ObservationSource>(pg, $"patient={patient}&encounter={session}&date=ge{FhirSourceData.Fhir(t0)}")).Count);
            Assert.Equal(3, (await SourceHarness.IdsAsync<ObservationSource>(pg, $"patient={patient}&encounter={session}&date=ge{FhirSourceData.Fhir(t0)}&_lastUpdated=ge{since}")).Count);
            Assert.Equal(2, (await SourceHarness.IdsAsync<ObservationSource>(pg, $"patient={patient}&code=29463-7&date=ge{t0:yyyy-MM-dd}")).Count);
            Assert.Equal(2, (await SourceHarness.IdsAsync<ObservationSource>(pg, $"patient={patient}&category=survey&_lastUpdated=ge{since}")).Count);
            Assert.Single(await SourceHarness.IdsAsync<QuestionnaireResponseSource>(pg, $"patient={patient}&questionnaire=phq9&authored=ge{FhirSourceData.Fhir(t0)}&_lastUpdated=ge{since}"));
            Assert.Equal(1, await pg.WithDbAsync(db => db.Assessments.CountAsync(a => a.PatientId == patient)));
        });
    }
}

using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Sessions;
using Respite.Web.Features.Fhir.Sources;
using Respite.Web.Tests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir.Sources;

/// <summary>
/// The sources' database filters on PostgreSQL (dates, patients, case-insensitive names, the correlated subqueries of
/// MedicationAdministration and CarePlan). Skipped visibly when RESPITE_TEST_POSTGRES is not set.
/// </summary>
public sealed class FhirSourcesPostgresTests
{
    [SkippableFact]
    public async Task Sources_OnPostgres_FilterByPatientAndDate()
    {
        await PostgresHostTests.OnFreshDatabaseAsync(async factory =>
        {
            var patient = await FhirSourceData.PatientAsync(factory);
            var other = await FhirSourceData.PatientAsync(factory);
            var t0 = DateTimeOffset.UtcNow.AddMinutes(-90);
            t0 = new DateTimeOffset(t0.Year, t0.Month, t0.Day, t0.Hour, t0.Minute, 0, TimeSpan.Zero);
            var session = await FhirSourceData.CheckInAsync(factory, patient, t0);
            await FhirSourceData.DoseAsync(factory, session, new { kind = "start", at = t0.AddMinutes(5), rateMgPerHour = 30 });
            await FhirSourceData.DoseAsync(factory, session, new { kind = "stop", at = t0.AddMinutes(35) });
            var running = await FhirSourceData.CheckInAsync(factory, patient, t0.AddMinutes(40));
            await FhirSourceData.DoseAsync(factory, running, new { kind = "start", at = t0.AddMinutes(45), rateMgPerHour = 30 });
            await FhirSourceData.CheckInAsync(factory, other, t0);
            var monday = new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
            await factory.WithDbAsync(db => db.TreatmentSessions.Where(s => s.Id == session).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, SessionStatus.Discharged).SetProperty(x => x.DischargedAt, t0.AddMinutes(80))));

            Assert.Equal([session.ToString(), running.ToString()], await SourceHarness.IdsAsync<EncounterSource>(factory, $"patient={patient}&date=ge{FhirSourceData.Fhir(t0)}"));
            Assert.Equal([running.ToString()], await SourceHarness.IdsAsync<EncounterSource>(factory, $"patient={patient}&date=ge{FhirSourceData.Fhir(t0.AddMinutes(80))}"));
            Assert.Empty(await SourceHarness.IdsAsync<EncounterSource>(factory, $"patient={patient}&date=lt{FhirSourceData.Fhir(t0)}"));
            Assert.Equal([session.ToString()], await SourceHarness.IdsAsync<EncounterSource>(factory, $"date=ge{FhirSourceData.Fhir(t0)}&status=finished", patient));
            Assert.Empty(await SourceHarness.IdsAsync<EncounterSource>(factory, $"date=le{FhirSourceData.Fhir(monday)}", patient));

            var doses = await SourceHarness.IdsAsync<MedicationAdministrationSource>(factory, $"subject={patient}&effective-time=ge{FhirSourceData.Fhir(t0.AddMinutes(36))}");
            Assert.Equal((await FhirSourceData.DoseIdsAsync(factory, running)).Select(d => d.ToString()), doses);
            Assert.Equal(2, (await SourceHarness.IdsAsync<MedicationAdministrationSource>(factory, $"patient={patient}&effective-time=ge{FhirSourceData.Fhir(t0)}")).Count);

            var (planPatient, planId) = await SchedulingData.SignedPlanAsync(factory, SchedulingData.Monday(4).ToString("yyyy-MM-dd"));
            var start = SchedulingData.Monday(4).ToString("yyyy-MM-dd");
            Assert.Equal([planId], await SourceHarness.IdsAsync<CarePlanSource>(factory, $"patient={planPatient}&date={start}&status=active"));
            Assert.Empty(await SourceHarness.IdsAsync<CarePlanSource>(factory, $"patient={planPatient}&date=lt{start}"));

            Assert.Equal(["F33.2"], (await SourceHarness.SearchAsync<ConditionSource>(factory, $"patient={patient}&category=depression"))
                .Select(e => ((Condition)e.Resource).Code!.Coding.Single().Code).ToList());
            Assert.Contains("Noah Nurse", (await SourceHarness.SearchAsync<PractitionerSource>(factory, "name=noah&email=NURSE@demo.respite.local"))
                .Select(e => ((Practitioner)e.Resource).Name.Single().Text));
            Assert.NotEmpty(await SourceHarness.IdsAsync<AuditEventSource>(factory, $"patient={patient}&date=ge{FhirSourceData.Fhir(t0.AddDays(-1))}&action=C"));
            var appointment = (await PortalData.BookAsync(factory, patient.ToString())).GetProperty("id").GetString()!;
            Assert.Equal([appointment], await SourceHarness.IdsAsync<AppointmentSource>(factory, $"patient={patient}&date=ge{FhirSourceData.Fhir(t0)}&status=booked"));
            Assert.NotEmpty(await SourceHarness.IdsAsync<LocationSource>(factory, "name=clinic"));
        });
    }
}

using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Identity;
using Respite.Fhir.Observations;
using Respite.Web.Tests.Fhir.Sources;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests.Fhir;

/// <summary>
/// One patient with something of every resource type, made through the API once per host: a signed plan booked at a new
/// location, a session checked in from its first appointment with an infusion running and a heart rate charted, the PHQ-9
/// answered before the plan, the conditions of the intake. Each resource as <c>/fhir</c> serves it to a nurse.
/// </summary>
internal sealed class FhirWorld
{
    private static readonly ConditionalWeakTable<RespiteWebApplicationFactory, Task<FhirWorld>> Worlds = new();

    public required Guid PatientId { get; init; }

    /// <summary>Another patient of the clinic, with a record of their own.</summary>
    public required Guid OtherPatientId { get; init; }

    public required Guid SessionId { get; init; }

    public required string NurseId { get; init; }

    public required string PrescriberId { get; init; }

    public required Patient Patient { get; init; }

    public required Observation HeartRate { get; init; }

    public required QuestionnaireResponse Phq9 { get; init; }

    public required Practitioner Nurse { get; init; }

    public required Location Location { get; init; }

    public required Questionnaire Phq9Questionnaire { get; init; }

    public required Condition Depression { get; init; }

    public required Encounter Encounter { get; init; }

    public required MedicationAdministration Infusion { get; init; }

    /// <summary>The first appointment of the plan, the one checked in, with the nurse assigned.</summary>
    public required Appointment Appointment { get; init; }

    public required CarePlan Plan { get; init; }

    /// <summary>The audit event of the patient's registration.</summary>
    public required AuditEvent Registration { get; init; }

    public static Task<FhirWorld> ForAsync(RespiteWebApplicationFactory factory)
    {
        lock (Worlds)
        {
            if (!Worlds.TryGetValue(factory, out var world))
            {
                world = BuildAsync(factory);
                Worlds.Add(factory, world);
            }

            return world;
        }
    }

    private static async Task<FhirWorld> BuildAsync(RespiteWebApplicationFactory factory)
    {
        var (patientText, sessionText) = await SchedulingData.BookedIvSessionAsync(factory, week: 7, checkedInMinutesAgo: 30);
        var patientId = Guid.Parse(patientText);
        var sessionId = Guid.Parse(sessionText);
        await FhirSourceData.DoseAsync(factory, sessionId, new { kind = "start", at = DateTimeOffset.UtcNow.AddMinutes(-20), rateMgPerHour = 30 });
        var nurseClient = await factory.ClientForAsync(Roles.Nurse);
        var charted = await nurseClient.PostAsJsonAsync($"/api/sessions/{sessionId}/vitals", new { heartRate = 76 });
        Assert.True(charted.IsSuccessStatusCode, await charted.Content.ReadAsStringAsync());
        var readingId = Guid.Parse((await charted.ReadJsonAsync()).GetProperty("reading").GetProperty("id").GetString()!);
        var other = await FhirSourceData.PatientAsync(factory);
        var nurseId = await FhirSourceData.UserIdAsync(factory, Roles.Nurse);
        var prescriberId = await FhirSourceData.UserIdAsync(factory, Roles.Prescriber);

        var firstAppointment = (await FhirWire.ReadAsync<Bundle>(await nurseClient.GetAsync($"/fhir/Appointment?patient={patientId}")))
            .Entry.Select(e => (Appointment)e.Resource!).OrderBy(a => a.Start).First();
        var appointmentId = Guid.Parse(firstAppointment.Id!);
        await factory.WithDbAsync(db => db.Appointments.Where(a => a.Id == appointmentId).ExecuteUpdateAsync(a => a.SetProperty(x => x.NurseUserId, nurseId)));

        async Task<T> Read<T>(string path)
            where T : Resource => await FhirWire.ReadAsync<T>(await nurseClient.GetAsync("/fhir/" + path));
        async Task<T> Single<T>(string query)
            where T : Resource => (T)Assert.Single((await FhirWire.ReadAsync<Bundle>(await nurseClient.GetAsync("/fhir/" + query))).Entry).Resource!;

        var appointment = await Read<Appointment>($"Appointment/{appointmentId}");
        var locationId = appointment.Participant.Select(p => p.Actor?.Reference).OfType<string>().Single(r => r.StartsWith("Location/", StringComparison.Ordinal));
        var admin = await factory.ClientForAsync(Roles.Admin);
        var registration = (AuditEvent)(await FhirWire.ReadAsync<Bundle>(await admin.GetAsync($"/fhir/AuditEvent?patient={patientId}&subtype=create&entity-type=Patient")))
            .Entry.First().Resource!;

        return new FhirWorld
        {
            PatientId = patientId,
            OtherPatientId = other,
            SessionId = sessionId,
            NurseId = nurseId,
            PrescriberId = prescriberId,
            Patient = await Read<Patient>($"Patient/{patientId}"),
            HeartRate = await Read<Observation>($"Observation/{ObservationIds.For(readingId, ObservationIds.HeartRate)}"),
            Phq9 = await Single<QuestionnaireResponse>($"QuestionnaireResponse?patient={patientId}&questionnaire=Questionnaire/phq9"),
            Nurse = await Read<Practitioner>($"Practitioner/{nurseId}"),
            Location = await Read<Location>(locationId),
            Phq9Questionnaire = await Read<Questionnaire>("Questionnaire/phq9"),
            Depression = await Single<Condition>($"Condition?patient={patientId}&code=F33.2"),
            Encounter = await Read<Encounter>($"Encounter/{sessionId}"),
            Infusion = await Single<MedicationAdministration>($"MedicationAdministration?context=Encounter/{sessionId}"),
            Appointment = appointment,
            Plan = await Single<CarePlan>($"CarePlan?patient={patientId}&status=active"),
            Registration = registration,
        };
    }
}

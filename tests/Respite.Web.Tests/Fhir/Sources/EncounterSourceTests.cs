using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Identity;
using Respite.Data.Sessions;
using Respite.Web.Features.Fhir.Sources;
using Respite.Web.Tests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir.Sources;

public sealed class EncounterSourceTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private static readonly DateTimeOffset Monday = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A patient with a session discharged on 5 January 2026 (10:00–12:00 UTC), one checked in on 7 January 10:00 and still
    /// open, and one cancelled on 9 January (10:00–10:30).
    /// </summary>
    private async Task<(Guid Patient, Guid Discharged, Guid Open, Guid Cancelled)> PatientAsync()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var nurseId = await FhirSourceData.UserIdAsync(factory, Roles.Nurse);
        var now = DateTimeOffset.UtcNow.AddMinutes(-30);
        var discharged = await FhirSourceData.CheckInAsync(factory, patient, now);
        var open = await FhirSourceData.CheckInAsync(factory, patient, now);
        var cancelled = await FhirSourceData.CheckInAsync(factory, patient, now);
        await factory.WithDbAsync(async db =>
        {
            await db.TreatmentSessions.Where(s => s.Id == discharged).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.CheckedInAt, Monday).SetProperty(x => x.Status, SessionStatus.Discharged)
                .SetProperty(x => x.DischargedAt, Monday.AddHours(2)).SetProperty(x => x.DischargedByUserId, nurseId));
            await db.TreatmentSessions.Where(s => s.Id == open).ExecuteUpdateAsync(s => s.SetProperty(x => x.CheckedInAt, Monday.AddDays(2)));
            return await db.TreatmentSessions.Where(s => s.Id == cancelled).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.CheckedInAt, Monday.AddDays(4)).SetProperty(x => x.Status, SessionStatus.Cancelled)
                .SetProperty(x => x.CancelledAt, Monday.AddDays(4).AddMinutes(30)));
        });
        return (patient, discharged, open, cancelled);
    }

    [Fact]
    public async Task Read_DischargedSession_MapsStatusPeriodAndParticipants()
    {
        var (patient, discharged, _, _) = await PatientAsync();
        var nurseId = await FhirSourceData.UserIdAsync(factory, Roles.Nurse);

        var entry = await SourceHarness.ReadAsync<EncounterSource>(factory, discharged.ToString());

        var encounter = Assert.IsType<Encounter>(entry!.Resource);
        Assert.Equal(patient, entry.PatientId);
        Assert.Equal(Encounter.EncounterStatus.Finished, encounter.Status);
        Assert.Equal("AMB", encounter.Class!.Code);
        Assert.Equal("iv-ketamine", encounter.Type.Single().Coding.Single().Code);
        Assert.Equal($"Patient/{patient}", encounter.Subject!.Reference);
        Assert.Equal(("2026-01-05T10:00:00Z", "2026-01-05T12:00:00Z"), (encounter.Period!.Start, encounter.Period.End));
        Assert.Equal([("ADM", $"Practitioner/{nurseId}"), ("DIS", $"Practitioner/{nurseId}")],
            encounter.Participant.Select(p => (p.Type.Single().Coding.Single().Code, p.Individual!.Reference)).ToList());
        Assert.Empty(encounter.Location);
    }

    [Fact]
    public async Task Read_SessionFromAnAppointment_HasItsAppointmentAndLocation()
    {
        var (patientId, sessionId) = await SchedulingData.BookedIvSessionAsync(factory, week: 3, checkedInMinutesAgo: 20);
        var appointment = await factory.WithDbAsync(db => db.TreatmentSessions.Where(s => s.Id == Guid.Parse(sessionId))
            .Join(db.Appointments, s => s.AppointmentId, a => a.Id, (s, a) => new { a.Id, a.LocationId }).SingleAsync());

        var encounter = (Encounter)(await SourceHarness.ReadAsync<EncounterSource>(factory, sessionId))!.Resource;

        Assert.Equal(Encounter.EncounterStatus.Arrived, encounter.Status);
        Assert.Null(encounter.Period!.End);
        Assert.Equal($"Appointment/{appointment.Id}", encounter.Appointment.Single().Reference);
        Assert.Equal($"Location/{appointment.LocationId}", encounter.Location.Single().Location!.Reference);
        Assert.Equal($"Patient/{patientId}", encounter.Subject!.Reference);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task Read_UnknownOrInvalidId_IsNull(string id) =>
        Assert.Null(await SourceHarness.ReadAsync<EncounterSource>(factory, id));

    [Theory]
    [InlineData("", "discharged,open,cancelled")]
    [InlineData("date=2026-01-05", "discharged")]
    [InlineData("date=2026-01-05T11:30", "discharged")]
    [InlineData("date=2026-01-06", "")]
    [InlineData("date=ge2026-01-06", "open,cancelled")]
    [InlineData("date=lt2026-01-06", "discharged")]
    [InlineData("date=2026-02", "open")]
    [InlineData("date=ge2026-01-05T12:00:00Z&date=lt2026-01-07T10:00:00Z", "")]
    [InlineData("date=ge2026-01-07&date=lt2026-01-05", "")]
    [InlineData("status=finished", "discharged")]
    [InlineData("status=arrived", "open")]
    [InlineData("status=http://hl7.org/fhir/encounter-status|cancelled,arrived", "open,cancelled")]
    [InlineData("status=in-progress", "")]
    [InlineData("status=arrived&date=2026-01-05", "")]
    public async Task Search_OnePatient_DateAndStatus(string parameters, string expected)
    {
        var (patient, discharged, open, cancelled) = await PatientAsync();
        var names = new Dictionary<string, string> { [discharged.ToString()] = "discharged", [open.ToString()] = "open", [cancelled.ToString()] = "cancelled" };

        var ids = await SourceHarness.IdsAsync<EncounterSource>(factory, $"subject=Patient/{patient}&{parameters}");

        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), ids.Select(id => names[id]));
    }

    [Fact]
    public async Task Search_IdPatientAndCompartment_OnlyThatPatientsSessions()
    {
        var (patient, discharged, open, cancelled) = await PatientAsync();
        var (other, otherDischarged, _, _) = await PatientAsync();

        Assert.Equal([discharged.ToString()], await SourceHarness.IdsAsync<EncounterSource>(factory, $"_id={discharged},{otherDischarged}&patient={patient}"));
        Assert.Equal([discharged.ToString(), otherDischarged.ToString()], await SourceHarness.IdsAsync<EncounterSource>(factory, $"_id={discharged},{otherDischarged},junk"));
        Assert.Empty(await SourceHarness.IdsAsync<EncounterSource>(factory, $"patient={patient}&subject={other}"));

        var own = await SourceHarness.SearchAsync<EncounterSource>(factory, "date=2026-01", compartmentPatient: patient);
        Assert.Equal([discharged.ToString(), open.ToString(), cancelled.ToString()], own.Select(e => e.Resource.Id).ToList());
        Assert.All(own, e => Assert.Equal(patient, e.PatientId));
        Assert.Empty(await SourceHarness.SearchAsync<EncounterSource>(factory, $"_id={otherDischarged}", compartmentPatient: patient));
        Assert.Empty(await SourceHarness.SearchAsync<EncounterSource>(factory, $"patient={other}", compartmentPatient: patient));
    }

    [Fact]
    public async Task Search_All_ByCheckInThenId_Stable()
    {
        await PatientAsync();

        var first = await SourceHarness.SearchAsync<EncounterSource>(factory, "");

        var starts = first.Select(e => ((Encounter)e.Resource).Period!.StartElement!.ToDateTimeOffset(TimeSpan.Zero)).ToList();
        Assert.Equal(starts.Order(), starts);
        Assert.Equal(first.Select(e => e.Resource.Id), await SourceHarness.IdsAsync<EncounterSource>(factory, ""));
    }
}

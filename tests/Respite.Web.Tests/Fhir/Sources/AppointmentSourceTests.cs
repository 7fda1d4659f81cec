using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Identity;
using Respite.Web.Features.Fhir.Sources;
using Respite.Web.Tests.Infrastructure;
using AppointmentStatus = Respite.Data.Scheduling.AppointmentStatus;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir.Sources;

public sealed class AppointmentSourceTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private sealed record Booking(Guid Id, Guid LocationId, DateTimeOffset Start, DateTimeOffset End);

    /// <summary>A follow-up booked by the front desk <paramref name="weeksAhead"/> weeks ahead, at a new location.</summary>
    private async Task<Booking> BookAsync(Guid patient, int weeksAhead)
    {
        var id = Guid.Parse((await PortalData.BookAsync(factory, patient.ToString(), weeksAhead)).GetProperty("id").GetString()!);
        return await factory.WithDbAsync(db => db.Appointments.Where(a => a.Id == id).Select(a => new Booking(a.Id, a.LocationId, a.Start, a.End)).SingleAsync());
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Read_MapsStatusTypeTimesAndParticipants()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var booking = await BookAsync(patient, 2);

        var entry = await SourceHarness.ReadAsync<AppointmentSource>(factory, booking.Id.ToString());

        var appointment = Assert.IsType<Appointment>(entry!.Resource);
        Assert.Equal(patient, entry.PatientId);
        Assert.Equal(Appointment.AppointmentStatus.Booked, appointment.Status);
        Assert.Equal("follow-up", appointment.ServiceType.Single().Coding.Single().Code);
        Assert.Equal(booking.Start, appointment.Start);
        Assert.Equal(booking.End, appointment.End);
        Assert.NotNull(appointment.Created);
        Assert.Equal([$"Patient/{patient}", $"Location/{booking.LocationId}"], appointment.Participant.Select(p => p.Actor!.Reference).ToList());
    }

    [Theory]
    [InlineData("R-000001")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task Read_UnknownOrInvalidId_IsNull(string id) =>
        Assert.Null(await SourceHarness.ReadAsync<AppointmentSource>(factory, id));

    [Fact]
    public async Task Search_DateStatusLocationAndPractitioner()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var early = await BookAsync(patient, 2);
        var late = await BookAsync(patient, 3);
        var nurseId = await FhirSourceData.UserIdAsync(factory, Roles.Nurse);
        async Task<string> Search(string query) => string.Join(",", await SourceHarness.IdsAsync<AppointmentSource>(factory, $"patient=Patient/{patient}&{query}"));
        var both = $"{early.Id},{late.Id}";

        Assert.Equal(both, await Search(""));
        Assert.Equal($"{early.Id}", await Search("date=" + Day(early.Start)));
        Assert.Equal("", await Search("date=" + Day(early.Start.AddDays(1))));
        Assert.Equal($"{late.Id}", await Search("date=gt" + Day(early.Start)));
        Assert.Equal(both, await Search("date=ge" + FhirSourceData.Fhir(early.Start)));
        Assert.Equal("", await Search("date=lt" + FhirSourceData.Fhir(early.Start)));
        Assert.Equal(both, await Search("status=booked"));
        Assert.Equal("", await Search("status=cancelled,noshow"));
        Assert.Equal($"{late.Id}", await Search($"location=Location/{late.LocationId}"));
        Assert.Equal("", await Search($"location={Guid.NewGuid()}"));
        Assert.Equal("", await Search($"practitioner={nurseId}"));

        await factory.WithDbAsync(db => db.Appointments.Where(a => a.Id == early.Id).ExecuteUpdateAsync(a => a
            .SetProperty(x => x.Status, AppointmentStatus.Cancelled).SetProperty(x => x.CancelReason, "Unwell").SetProperty(x => x.NurseUserId, nurseId)));

        Assert.Equal($"{early.Id}", await Search("status=http://hl7.org/fhir/appointmentstatus|cancelled"));
        Assert.Equal($"{late.Id}", await Search("status=booked"));
        Assert.Equal($"{early.Id}", await Search($"practitioner=Practitioner/{nurseId}"));
        var cancelled = (Appointment)(await SourceHarness.ReadAsync<AppointmentSource>(factory, early.Id.ToString()))!.Resource;
        Assert.Equal("Unwell", cancelled.CancelationReason!.Text);
        Assert.Contains($"Practitioner/{nurseId}", cancelled.Participant.Select(p => p.Actor!.Reference));
    }

    [Fact]
    public async Task Search_IdAndCompartment_NeverShowAnotherPatient()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var other = await FhirSourceData.PatientAsync(factory);
        var own = await BookAsync(patient, 2);
        var theirs = await BookAsync(other, 2);

        Assert.Equal([own.Id.ToString()], await SourceHarness.IdsAsync<AppointmentSource>(factory, $"_id={own.Id},{theirs.Id}&patient={patient}"));
        Assert.Equal(2, (await SourceHarness.IdsAsync<AppointmentSource>(factory, $"_id={own.Id},{theirs.Id}")).Count);
        var entries = await SourceHarness.SearchAsync<AppointmentSource>(factory, "", compartmentPatient: patient);
        Assert.Equal([own.Id.ToString()], entries.Select(e => e.Resource.Id).ToList());
        Assert.Empty(await SourceHarness.SearchAsync<AppointmentSource>(factory, $"_id={theirs.Id}", compartmentPatient: patient));
        Assert.Empty(await SourceHarness.SearchAsync<AppointmentSource>(factory, $"patient={other}", compartmentPatient: patient));
        Assert.Empty(await SourceHarness.SearchAsync<AppointmentSource>(factory, "patient=Patient/R-000042"));
    }

    [Fact]
    public async Task Search_All_ByStartThenId_Stable()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        await BookAsync(patient, 2);

        var first = await SourceHarness.SearchAsync<AppointmentSource>(factory, "");

        var starts = first.Select(e => ((Appointment)e.Resource).Start!.Value).ToList();
        Assert.Equal(starts.Order(), starts);
        Assert.Equal(first.Select(e => e.Resource.Id), await SourceHarness.IdsAsync<AppointmentSource>(factory, ""));
    }
}

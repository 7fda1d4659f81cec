using System.Net;
using System.Net.Http.Json;
using Hl7.Fhir.Model;
using Respite.Data.Identity;
using Respite.Web.Features.Fhir.Sources;
using Respite.Web.Tests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir.Sources;

public sealed class MedicationAdministrationSourceTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private sealed record Charted(Guid Patient, DateTimeOffset T0, Guid Infusion, Guid Start, Guid RateChange, Guid Stop, Guid Running, Guid RunningStart);

    /// <summary>
    /// A patient with a finished infusion (30 mg/h from T0+5 min, 45 mg/h from T0+20, stopped at T0+40) and a second infusion
    /// started at T0+50 and still running.
    /// </summary>
    private async Task<Charted> ChartAsync()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-90);
        t0 = new DateTimeOffset(t0.Year, t0.Month, t0.Day, t0.Hour, t0.Minute, 0, TimeSpan.Zero);
        var infusion = await FhirSourceData.CheckInAsync(factory, patient, t0);
        await FhirSourceData.DoseAsync(factory, infusion, new { kind = "start", at = t0.AddMinutes(5), rateMgPerHour = 30 });
        await FhirSourceData.DoseAsync(factory, infusion, new { kind = "rate-change", at = t0.AddMinutes(20), rateMgPerHour = 45, reason = "Tolerating well" });
        await FhirSourceData.DoseAsync(factory, infusion, new { kind = "stop", at = t0.AddMinutes(40) });
        var doses = await FhirSourceData.DoseIdsAsync(factory, infusion);
        var running = await FhirSourceData.CheckInAsync(factory, patient, t0.AddMinutes(45));
        await FhirSourceData.DoseAsync(factory, running, new { kind = "start", at = t0.AddMinutes(50), rateMgPerHour = 30 });
        var runningStart = (await FhirSourceData.DoseIdsAsync(factory, running)).Single();
        return new Charted(patient, t0, infusion, doses[0], doses[1], doses[2], running, runningStart);
    }

    [Fact]
    public async Task Read_StretchOfAnInfusion_MapsPeriodRateDoseAndReferences()
    {
        var chart = await ChartAsync();
        var nurseId = await FhirSourceData.UserIdAsync(factory, Roles.Nurse);

        var entry = await SourceHarness.ReadAsync<MedicationAdministrationSource>(factory, chart.RateChange.ToString());

        var administration = Assert.IsType<MedicationAdministration>(entry!.Resource);
        Assert.Equal(chart.Patient, entry.PatientId);
        Assert.Equal(chart.RateChange.ToString(), administration.Id);
        Assert.Equal(MedicationAdministration.MedicationAdministrationStatusCodes.Completed, administration.Status);
        Assert.Equal($"Patient/{chart.Patient}", administration.Subject!.Reference);
        Assert.Equal($"Encounter/{chart.Infusion}", administration.Context!.Reference);
        Assert.Equal($"Practitioner/{nurseId}", administration.Performer.Single().Actor!.Reference);
        var period = Assert.IsType<Period>(administration.Effective);
        Assert.Equal(chart.T0.AddMinutes(20), period.StartElement!.ToDateTimeOffset(TimeSpan.Zero));
        Assert.Equal(chart.T0.AddMinutes(40), period.EndElement!.ToDateTimeOffset(TimeSpan.Zero));
        Assert.Equal(45m, administration.Dosage!.Rate is Quantity rate ? rate.Value : null);
        Assert.Equal(15m, administration.Dosage.Dose!.Value);
        Assert.Equal("47625008", administration.Dosage.Route!.Coding.Single().Code);
        Assert.Equal("Tolerating well", administration.Note.Single().Text);
    }

    [Fact]
    public async Task Read_RunningInfusion_IsInProgressWithAnOpenPeriod_AndAStopEntryIsNone()
    {
        var chart = await ChartAsync();

        var running = (MedicationAdministration)(await SourceHarness.ReadAsync<MedicationAdministrationSource>(factory, chart.RunningStart.ToString()))!.Resource;

        Assert.Equal(MedicationAdministration.MedicationAdministrationStatusCodes.InProgress, running.Status);
        Assert.Null(((Period)running.Effective!).End);
        Assert.Null(await SourceHarness.ReadAsync<MedicationAdministrationSource>(factory, chart.Stop.ToString()));
        Assert.Null(await SourceHarness.ReadAsync<MedicationAdministrationSource>(factory, chart.Infusion.ToString()));
        Assert.Null(await SourceHarness.ReadAsync<MedicationAdministrationSource>(factory, "x"));
    }

    [Fact]
    public async Task Search_Patient_EverySessionsAdministrations_InSessionThenChartOrder()
    {
        var chart = await ChartAsync();

        var entries = await SourceHarness.SearchAsync<MedicationAdministrationSource>(factory, $"patient={chart.Patient}");

        Assert.Equal([chart.Start.ToString(), chart.RateChange.ToString(), chart.RunningStart.ToString()], entries.Select(e => e.Resource.Id).ToList());
        Assert.Equal([7.5m, 15m], entries.Take(2).Select(e => ((MedicationAdministration)e.Resource).Dosage!.Dose!.Value!.Value).ToList());
        Assert.All(entries, e => Assert.Equal(chart.Patient, e.PatientId));
    }

    [Fact]
    public async Task Search_ContextIdAndEffectiveTime()
    {
        var chart = await ChartAsync();
        string Ids(params Guid[] ids) => string.Join(",", ids);
        async Task<string> Search(string query) => string.Join(",", await SourceHarness.IdsAsync<MedicationAdministrationSource>(factory, $"subject=Patient/{chart.Patient}&{query}"));

        Assert.Equal(Ids(chart.RunningStart), await Search($"context=Encounter/{chart.Running}"));
        Assert.Equal(Ids(chart.Start, chart.RateChange), await Search($"context={chart.Infusion}"));
        Assert.Equal("", await Search($"context={Guid.NewGuid()}"));
        Assert.Equal(Ids(chart.RateChange), await Search($"_id={chart.RateChange},{chart.Stop}"));
        Assert.Equal("", await Search($"_id={chart.Stop}"));
        Assert.Equal(Ids(chart.RateChange, chart.RunningStart), await Search($"effective-time=ge{FhirSourceData.Fhir(chart.T0.AddMinutes(25))}"));
        Assert.Equal(Ids(chart.RunningStart), await Search($"effective-time=ge{FhirSourceData.Fhir(chart.T0.AddMinutes(40))}"));
        Assert.Equal(Ids(chart.Start), await Search($"effective-time=lt{FhirSourceData.Fhir(chart.T0.AddMinutes(20))}"));
        Assert.Equal(Ids(chart.Start, chart.RateChange), await Search(
            $"effective-time=ge{FhirSourceData.Fhir(chart.T0.AddMinutes(10))}&effective-time=lt{FhirSourceData.Fhir(chart.T0.AddMinutes(45))}"));
        Assert.Equal(Ids(chart.RunningStart), await Search($"effective-time=ge{FhirSourceData.Fhir(DateTimeOffset.UtcNow.AddDays(30))}"));
        Assert.Equal("", await Search($"effective-time=lt{FhirSourceData.Fhir(chart.T0)}"));
    }

    [Fact]
    public async Task Search_EsketamineDevices_OnePerDevice_WithTheLot_AndOneEnteredInError()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-60);
        var session = await FhirSourceData.CheckInAsync(factory, patient, t0, esketamine: true);
        await FhirSourceData.DoseAsync(factory, session, new { kind = "esketamine-device", at = t0.AddMinutes(5), lotNumber = "24K031" });
        await FhirSourceData.DoseAsync(factory, session, new { kind = "esketamine-device", at = t0.AddMinutes(10), lotNumber = "24K031" });
        var devices = await FhirSourceData.DoseIdsAsync(factory, session);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var version = (await (await nurse.GetAsync($"/api/sessions/{session}")).ReadJsonAsync()).GetProperty("version").GetString();
        var marked = await nurse.PostAsJsonAsync($"/api/sessions/{session}/entries/{devices[1]}/entered-in-error", new { reason = "Charted twice", version });
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);

        var entries = await SourceHarness.SearchAsync<MedicationAdministrationSource>(factory, $"context={session}");

        var administrations = entries.Select(e => (MedicationAdministration)e.Resource).ToList();
        Assert.Equal([devices[0].ToString(), devices[1].ToString()], administrations.Select(a => a.Id).ToList());
        Assert.Equal(MedicationAdministration.MedicationAdministrationStatusCodes.Completed, administrations[0].Status);
        Assert.Equal(MedicationAdministration.MedicationAdministrationStatusCodes.EnteredInError, administrations[1].Status);
        Assert.Equal("24K031", ((Medication)administrations[0].Contained.Single()).Batch!.LotNumber);
        Assert.Equal("46713006", administrations[0].Dosage!.Route!.Coding.Single().Code);
        Assert.Equal(28m, administrations[0].Dosage!.Dose!.Value);
    }

    [Fact]
    public async Task Search_Compartment_NeverShowsAnotherPatient()
    {
        var chart = await ChartAsync();
        var other = await ChartAsync();

        var own = await SourceHarness.SearchAsync<MedicationAdministrationSource>(factory, "", compartmentPatient: chart.Patient);

        Assert.Equal([chart.Start.ToString(), chart.RateChange.ToString(), chart.RunningStart.ToString()], own.Select(e => e.Resource.Id).ToList());
        Assert.Empty(await SourceHarness.SearchAsync<MedicationAdministrationSource>(factory, $"context={other.Infusion}", compartmentPatient: chart.Patient));
        Assert.Empty(await SourceHarness.SearchAsync<MedicationAdministrationSource>(factory, $"patient={chart.Patient}&subject={other.Patient}"));
        Assert.Empty(await SourceHarness.SearchAsync<MedicationAdministrationSource>(factory, $"patient={other.Patient}", compartmentPatient: chart.Patient));
    }
}

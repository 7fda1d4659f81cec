using System.Globalization;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Fhir;
using Respite.Web.Features.Fhir.Sources;
using Respite.Web.Tests.Infrastructure;
using AuditEvent = Hl7.Fhir.Model.AuditEvent;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir.Sources;

public sealed class AuditEventSourceTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private sealed record Row(long Id, DateTimeOffset At, AuditAction Action, AuditOutcome Outcome, string EntityType);

    /// <summary>A new patient (created by the front desk, then read by a nurse) and the audit rows about them, newest first.</summary>
    private async Task<(Guid Patient, List<Row> Rows)> PatientAsync()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        (await nurse.GetAsync($"/api/patients/{patient}")).EnsureSuccessStatusCode();
        var rows = await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.PatientId == patient)
            .OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id)
            .Select(a => new Row(a.Id, a.OccurredAt, a.Action, a.Outcome, a.EntityType)).ToListAsync());
        Assert.Contains(rows, r => r.Action == AuditAction.Create);
        Assert.Contains(rows, r => r.Action == AuditAction.Read);
        return (patient, rows);
    }

    private static string Ids(IEnumerable<Row> rows) => string.Join(",", rows.Select(r => r.Id.ToString(CultureInfo.InvariantCulture)));

    [Fact]
    public async Task Read_MapsActionOutcomeAgentAndPatient_WithoutPatientCompartment()
    {
        var (patient, rows) = await PatientAsync();
        var created = rows.First(r => r.Action == AuditAction.Create && r.EntityType == "Patient");
        var deskId = await FhirSourceData.UserIdAsync(factory, Roles.FrontDesk);

        var entry = await SourceHarness.ReadAsync<AuditEventSource>(factory, created.Id.ToString(CultureInfo.InvariantCulture));

        var audit = Assert.IsType<AuditEvent>(entry!.Resource);
        Assert.Null(entry.PatientId);
        Assert.Equal(AuditEvent.AuditEventAction.C, audit.Action);
        Assert.Equal(AuditEvent.AuditEventOutcome.N0, audit.Outcome);
        Assert.Equal("create", audit.Subtype.Single().Code);
        Assert.Equal(deskId, audit.Agent.Single().Who!.Identifier!.Value);
        Assert.Equal(Roles.FrontDesk, audit.Agent.Single().Role.Single().Coding.Single().Code);
        Assert.Equal($"Patient/{patient}", audit.Entity[0].What!.Reference);
        Assert.Equal("Patient", audit.Entity[1].Type!.Code);
        Assert.Equal(created.At, audit.Recorded);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("9223372036854775807")]
    public async Task Read_UnknownOrInvalidId_IsNull(string id) =>
        Assert.Null(await SourceHarness.ReadAsync<AuditEventSource>(factory, id));

    [Fact]
    public async Task Search_Patient_NewestFirst_ActionSubtypeOutcomeEntityTypeAndDate()
    {
        var (patient, rows) = await PatientAsync();
        async Task<string> Search(string query) => string.Join(",", await SourceHarness.IdsAsync<AuditEventSource>(factory, $"patient=Patient/{patient}&{query}"));

        Assert.Equal(Ids(rows), await Search(""));
        Assert.Equal(Ids(rows.Where(r => r.Action == AuditAction.Create)), await Search("action=C"));
        Assert.Equal(Ids(rows.Where(r => r.Action is AuditAction.Read or AuditAction.Export)), await Search("action=http://hl7.org/fhir/audit-event-action|R"));
        Assert.Equal(Ids(rows.Where(r => r.Action is AuditAction.Read or AuditAction.Create)), await Search("subtype=read,create"));
        Assert.Equal("", await Search("subtype=sign"));
        Assert.Equal(Ids(rows.Where(r => r.Outcome == AuditOutcome.Success)), await Search("outcome=0"));
        Assert.Equal("", await Search("outcome=8"));
        Assert.Equal(Ids(rows.Where(r => r.EntityType == "Patient")), await Search("entity-type=Patient"));
        Assert.Equal(Ids(rows), await Search($"entity-type={FhirSystems.RespiteAuditEntity}|"));
        Assert.Equal("", await Search("entity-type=TreatmentSession"));
        Assert.Equal(Ids(rows), await Search("date=ge" + FhirSourceData.Fhir(rows[^1].At.AddSeconds(-1))));
        Assert.Equal("", await Search("date=lt" + FhirSourceData.Fhir(rows[^1].At.AddSeconds(-1))));
        Assert.Equal("", await Search("date=2001"));
        Assert.Equal(Ids(rows.Take(1)), await Search($"_id={rows[0].Id},abc"));
    }

    [Fact]
    public async Task Search_DeniedRead_IsOutcome4_ForThatPatientOnly()
    {
        var (patient, _) = await PatientAsync();
        var unknown = Guid.NewGuid();
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        await prescriber.GetAsync($"/api/patients/{unknown}/plans");

        var entries = await SourceHarness.SearchAsync<AuditEventSource>(factory, $"patient={unknown}&outcome=4");

        var audit = (AuditEvent)Assert.Single(entries).Resource;
        Assert.Equal("not-found", audit.OutcomeDesc);
        Assert.Empty(await SourceHarness.IdsAsync<AuditEventSource>(factory, $"patient={patient}&outcome=4"));
        Assert.Empty(await SourceHarness.IdsAsync<AuditEventSource>(factory, "patient=not-a-patient"));
    }

    [Fact]
    public async Task Search_All_NewestFirst_Stable()
    {
        await PatientAsync();

        var first = await SourceHarness.SearchAsync<AuditEventSource>(factory, "date=ge2020");

        var recorded = first.Select(e => ((AuditEvent)e.Resource).Recorded!.Value).ToList();
        Assert.Equal(recorded.OrderDescending(), recorded);
        Assert.Equal(first.Select(e => e.Resource.Id), await SourceHarness.IdsAsync<AuditEventSource>(factory, "date=ge2020"));
    }
}

using System.Net;
using System.Net.Http.Json;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Identity;
using Respite.Fhir.CarePlans;
using Respite.Web.Features.Fhir.Sources;
using Respite.Web.Tests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir.Sources;

public sealed class CarePlanSourceTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private sealed record Version(Guid Id, DateOnly Start, DateOnly LastSession, int Sessions);

    private sealed record Plans(Guid Patient, Version First, Version Second);

    /// <summary>
    /// A signed IV-depression plan starting in 4 weeks, revised into a maintenance plan starting in 20 weeks and signed:
    /// the first version superseded, the second signed.
    /// </summary>
    private async Task<Plans> PlansAsync()
    {
        var (patientId, firstId) = await SchedulingData.SignedPlanAsync(factory, SchedulingData.Monday(4).ToString("yyyy-MM-dd"));
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var revised = await prescriber.PostAsJsonAsync($"/api/patients/{patientId}/plans/{firstId}/revisions",
            new { phase = "maintenance", startDate = SchedulingData.Monday(20).ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.Created, revised.StatusCode);
        var secondId = (await revised.ReadJsonAsync()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await prescriber.PostAsJsonAsync($"/api/patients/{patientId}/plans/{secondId}/sign", new { })).StatusCode);
        var versions = await factory.WithDbAsync(db => db.TreatmentPlans.Where(p => p.PatientId == Guid.Parse(patientId))
            .Select(p => new Version(p.Id, p.StartDate, p.Sessions.Max(s => s.PlannedDate), p.Sessions.Count)).ToDictionaryAsync(v => v.Id));
        return new Plans(Guid.Parse(patientId), versions[Guid.Parse(firstId)], versions[Guid.Parse(secondId!)]);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Read_SignedRevision_MapsStatusPeriodActivitiesAndReplaces()
    {
        var plans = await PlansAsync();
        var prescriberId = await FhirSourceData.UserIdAsync(factory, Roles.Prescriber);

        var entry = await SourceHarness.ReadAsync<CarePlanSource>(factory, plans.Second.Id.ToString());

        var carePlan = Assert.IsType<CarePlan>(entry!.Resource);
        Assert.Equal(plans.Patient, entry.PatientId);
        Assert.Equal(RequestStatus.Active, carePlan.Status);
        Assert.Equal(CarePlan.CarePlanIntent.Plan, carePlan.Intent);
        Assert.Equal($"Patient/{plans.Patient}", carePlan.Subject!.Reference);
        Assert.Equal($"Practitioner/{prescriberId}", carePlan.Author!.Reference);
        Assert.Equal([$"CarePlan/{plans.First.Id}"], carePlan.Replaces.Select(r => r.Reference).ToList());
        Assert.Equal((Day(plans.Second.Start), Day(plans.Second.LastSession)), (carePlan.Period!.Start, carePlan.Period.End));
        Assert.Equal(plans.Second.Sessions, carePlan.Activity.Count);
        Assert.All(carePlan.Activity, a => Assert.Equal("maintenance", a.Detail!.Code!.Coding.Single().Code));
        Assert.Contains(carePlan.Category, c => c.Coding.Single().Code == "iv-ketamine-depression");

        var first = (CarePlan)(await SourceHarness.ReadAsync<CarePlanSource>(factory, plans.First.Id.ToString()))!.Resource;
        Assert.Equal(RequestStatus.Revoked, first.Status);
        Assert.Empty(first.Replaces);
        Assert.Equal(carePlan.Identifier.Single().Value, first.Identifier.Single().Value);
        Assert.Equal(CarePlanMapper.PlanGroupSystem, first.Identifier.Single().System);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task Read_UnknownOrInvalidId_IsNull(string id) =>
        Assert.Null(await SourceHarness.ReadAsync<CarePlanSource>(factory, id));

    [Fact]
    public async Task Search_StatusAndDate()
    {
        var plans = await PlansAsync();
        var first = plans.First.Id.ToString();
        var second = plans.Second.Id.ToString();
        async Task<string> Search(string query) => string.Join(",", await SourceHarness.IdsAsync<CarePlanSource>(factory, $"subject={plans.Patient}&{query}"));

        Assert.Equal($"{first},{second}", await Search(""));
        Assert.Equal(first, await Search("status=revoked"));
        Assert.Equal(second, await Search("status=http://hl7.org/fhir/request-status|active"));
        Assert.Equal("", await Search("status=draft"));
        Assert.Equal(first, await Search("date=" + Day(plans.First.Start)));
        Assert.Equal(first, await Search("date=" + Day(plans.First.LastSession)));
        Assert.Equal("", await Search("date=" + Day(plans.First.LastSession.AddDays(1))));
        Assert.Equal(second, await Search("date=gt" + Day(plans.First.LastSession)));
        Assert.Equal(first, await Search("date=lt" + Day(plans.Second.Start)));
        Assert.Equal("", await Search("date=lt" + Day(plans.First.Start)));
        Assert.Equal($"{first},{second}", await Search($"date=ge{Day(plans.First.LastSession)}&date=le{Day(plans.Second.Start)}"));
        Assert.Equal("", await Search($"date=gt{Day(plans.First.LastSession)}&date=lt{Day(plans.Second.Start)}"));
        Assert.Equal(second, await Search($"_id={second}"));
    }

    [Fact]
    public async Task Search_PatientAndCompartment_NeverShowAnotherPatient()
    {
        var plans = await PlansAsync();
        var other = await PlansAsync();

        var own = await SourceHarness.SearchAsync<CarePlanSource>(factory, "", compartmentPatient: plans.Patient);

        Assert.Equal([plans.First.Id.ToString(), plans.Second.Id.ToString()], own.Select(e => e.Resource.Id).ToList());
        Assert.All(own, e => Assert.Equal(plans.Patient, e.PatientId));
        Assert.Empty(await SourceHarness.SearchAsync<CarePlanSource>(factory, $"_id={other.First.Id}", compartmentPatient: plans.Patient));
        Assert.Empty(await SourceHarness.SearchAsync<CarePlanSource>(factory, $"patient={plans.Patient}&subject={other.Patient}"));
        Assert.Equal([other.Second.Id.ToString()], await SourceHarness.IdsAsync<CarePlanSource>(factory, $"patient={other.Patient}&status=active"));
    }
}

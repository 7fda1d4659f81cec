using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Respite.Fhir;
using Respite.Web.Features.Fhir.Sources;
using Respite.Web.Tests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir.Sources;

public sealed class LocationSourceTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private async Task<(string Id, string Name)> NewLocationAsync()
    {
        var location = await SchedulingData.CreateLocationAsync(factory, chairs: 1);
        return (location.GetProperty("id").GetString()!, location.GetProperty("name").GetString()!);
    }

    [Fact]
    public async Task Read_MapsNameZoneAddressAndHours()
    {
        var (id, name) = await NewLocationAsync();

        var entry = await SourceHarness.ReadAsync<LocationSource>(factory, id);

        var location = Assert.IsType<Location>(entry!.Resource);
        Assert.Null(entry.PatientId);
        Assert.Equal(id, location.Id);
        Assert.Equal(name, location.Name);
        Assert.Equal(Location.LocationStatus.Active, location.Status);
        Assert.Equal("1 Test Street", location.Address!.Text);
        Assert.Equal(SchedulingData.Zone, ((Code)location.GetExtension(FhirSystems.TimeZoneExtension)!.Value!).Value);
        Assert.Equal([DaysOfWeek.Mon, DaysOfWeek.Tue, DaysOfWeek.Wed, DaysOfWeek.Thu, DaysOfWeek.Fri],
            location.HoursOfOperation.Select(h => h.DaysOfWeek.Single()!.Value).ToList());
        Assert.All(location.HoursOfOperation, h => Assert.Equal(("08:00:00", "18:00:00"), (h.OpeningTime, h.ClosingTime)));
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task Read_UnknownOrInvalidId_IsNull(string id) =>
        Assert.Null(await SourceHarness.ReadAsync<LocationSource>(factory, id));

    [Fact]
    public async Task Search_NameIdAndStatus()
    {
        var (id, name) = await NewLocationAsync();
        var (other, _) = await NewLocationAsync();

        Assert.Equal([id], await SourceHarness.IdsAsync<LocationSource>(factory, "name=" + name.ToLowerInvariant()));
        Assert.Empty(await SourceHarness.IdsAsync<LocationSource>(factory, "name=" + name[7..]));
        Assert.Equal([id], await SourceHarness.IdsAsync<LocationSource>(factory, $"_id={id}&status=active"));
        Assert.Equal(2, (await SourceHarness.IdsAsync<LocationSource>(factory, $"_id={id},{other},not-a-guid")).Count);
        Assert.Empty(await SourceHarness.IdsAsync<LocationSource>(factory, $"_id={id}&status=inactive"));

        await factory.WithDbAsync(db => db.Locations.Where(l => l.Id == Guid.Parse(id)).ExecuteUpdateAsync(l => l.SetProperty(x => x.Active, false)));

        Assert.Equal([id], await SourceHarness.IdsAsync<LocationSource>(factory, $"_id={id}&status=http://hl7.org/fhir/location-status|inactive"));
        Assert.Empty(await SourceHarness.IdsAsync<LocationSource>(factory, $"_id={id}&status=active"));
    }

    [Fact]
    public async Task Search_All_InNameOrder_Stable()
    {
        await NewLocationAsync();

        var first = await SourceHarness.SearchAsync<LocationSource>(factory, "");

        var names = first.Select(e => ((Location)e.Resource).Name).ToList();
        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
        Assert.Equal(first.Select(e => e.Resource.Id), await SourceHarness.IdsAsync<LocationSource>(factory, ""));
    }
}

using System.Net;
using System.Net.Http.Json;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Identity;
using Respite.Fhir;
using Respite.Web.Features.Fhir.Sources;
using Respite.Web.Tests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir.Sources;

public sealed class PractitionerSourceTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private Task<string> UserIdAsync(string email) =>
        factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    /// <summary>A new nurse account with a unique name (the first word is unique too): its id, name and e-mail.</summary>
    private async Task<(string Id, string Name, string Email)> NewNurseAsync()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var name = $"Zed{unique} Quill";
        var email = $"zed.{unique}@example.com";
        var admin = await factory.ClientForAsync(Roles.Admin);
        var response = await admin.PostAsJsonAsync("/api/admin/users", new { email, displayName = name, password = "Staff-test-2026", roles = new[] { Roles.Nurse } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await UserIdAsync(email), name, email);
    }

    [Fact]
    public async Task Read_StaffAccount_MapsNameEmailAndActive()
    {
        var id = await UserIdAsync("nurse@demo.respite.local");

        var entry = await SourceHarness.ReadAsync<PractitionerSource>(factory, id);

        var practitioner = Assert.IsType<Practitioner>(entry!.Resource);
        Assert.Null(entry.PatientId);
        Assert.Equal(id, practitioner.Id);
        Assert.Equal("Noah Nurse", practitioner.Name.Single().Text);
        Assert.Equal(FhirSystems.UserId, practitioner.Identifier.Single().System);
        Assert.Equal("nurse@demo.respite.local", practitioner.Telecom.Single().Value);
        Assert.True(practitioner.Active);
    }

    [Theory]
    [InlineData("not a valid id!")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task Read_UnknownOrInvalidId_IsNull(string id) =>
        Assert.Null(await SourceHarness.ReadAsync<PractitionerSource>(factory, id));

    [Fact]
    public async Task ReadAndSearch_PatientPortalAccount_IsNotAPractitioner()
    {
        var id = await UserIdAsync("patient@demo.respite.local");

        Assert.Null(await SourceHarness.ReadAsync<PractitionerSource>(factory, id));
        Assert.Empty(await SourceHarness.IdsAsync<PractitionerSource>(factory, "_id=" + id));
        Assert.DoesNotContain(id, await SourceHarness.IdsAsync<PractitionerSource>(factory, ""));
    }

    [Fact]
    public async Task Search_Name_StartsWithCaseInsensitive_OrList()
    {
        var nurse = await NewNurseAsync();
        var prefix = nurse.Name[..8];

        Assert.Equal([nurse.Id], await SourceHarness.IdsAsync<PractitionerSource>(factory, "name=" + prefix.ToUpperInvariant()));
        Assert.Equal([nurse.Id], await SourceHarness.IdsAsync<PractitionerSource>(factory, "name=" + prefix.ToLowerInvariant()));
        Assert.Empty(await SourceHarness.IdsAsync<PractitionerSource>(factory, "name=Quill"));
        var either = await SourceHarness.IdsAsync<PractitionerSource>(factory, $"name={prefix},Noah");
        Assert.Contains(nurse.Id, either);
        Assert.Contains(await UserIdAsync("nurse@demo.respite.local"), either);
        Assert.Empty(await SourceHarness.IdsAsync<PractitionerSource>(factory, $"name={prefix}&name=Noah"));
    }

    [Fact]
    public async Task Search_EmailIdAndActive()
    {
        var nurse = await NewNurseAsync();

        Assert.Equal([nurse.Id], await SourceHarness.IdsAsync<PractitionerSource>(factory, "email=" + nurse.Email.ToUpperInvariant()));
        Assert.Empty(await SourceHarness.IdsAsync<PractitionerSource>(factory, "email=nobody@example.com"));
        Assert.Equal([nurse.Id], await SourceHarness.IdsAsync<PractitionerSource>(factory, $"_id={nurse.Id}&active=true"));
        Assert.Empty(await SourceHarness.IdsAsync<PractitionerSource>(factory, $"_id={nurse.Id}&active=false"));

        await factory.WithDbAsync(db => db.Users.Where(u => u.Id == nurse.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsActive, false)));

        Assert.Equal([nurse.Id], await SourceHarness.IdsAsync<PractitionerSource>(factory, $"_id={nurse.Id}&active=false"));
        Assert.False(((Practitioner)(await SourceHarness.ReadAsync<PractitionerSource>(factory, nurse.Id))!.Resource).Active);
    }

    [Fact]
    public async Task Search_All_IsStaffOnly_InNameOrder_Stable()
    {
        var first = await SourceHarness.SearchAsync<PractitionerSource>(factory, "");
        var again = await SourceHarness.IdsAsync<PractitionerSource>(factory, "");

        Assert.Equal(first.Select(e => e.Resource.Id), again);
        var names = first.Select(e => ((Practitioner)e.Resource).Name.Single().Text).ToList();
        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
        Assert.Contains("Dr Priya Prescriber", names);
        Assert.Contains("Alex Admin", names);
        Assert.DoesNotContain("Jordan Example", names);
        Assert.All(first, e => Assert.Null(e.PatientId));
    }
}

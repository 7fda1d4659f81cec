using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Respite.Fhir;
using Respite.Web.Features.Fhir.Sources;
using Respite.Web.Tests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace Respite.Web.Tests.Fhir.Sources;

public sealed class ConditionSourceTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    /// <summary>A new patient and the ids of their conditions F33.2 and M79.7.</summary>
    private async Task<(Guid Patient, string Depression, string Pain)> PatientAsync()
    {
        var patient = await FhirSourceData.PatientAsync(factory);
        var ids = await factory.WithDbAsync(db => db.PatientConditions.Where(c => c.PatientId == patient).ToDictionaryAsync(c => c.Icd10Code, c => c.Id.ToString()));
        return (patient, ids["F33.2"], ids["M79.7"]);
    }

    [Fact]
    public async Task Read_MapsCodeCategoryAndSubject()
    {
        var (patient, depression, _) = await PatientAsync();

        var entry = await SourceHarness.ReadAsync<ConditionSource>(factory, depression);

        var condition = Assert.IsType<Condition>(entry!.Resource);
        Assert.Equal(patient, entry.PatientId);
        Assert.Equal(depression, condition.Id);
        Assert.Equal($"Patient/{patient}", condition.Subject!.Reference);
        var code = condition.Code!.Coding.Single();
        Assert.Equal((FhirSystems.Icd10Cm, "F33.2"), (code.System, code.Code));
        Assert.Equal("Major depressive disorder, recurrent severe", condition.Code!.Text);
        Assert.Equal(["problem-list-item", "depression"], condition.Category.Single().Coding.Select(c => c.Code).ToList());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task Read_UnknownOrInvalidId_IsNull(string id) =>
        Assert.Null(await SourceHarness.ReadAsync<ConditionSource>(factory, id));

    [Theory]
    [InlineData("", "F33.2,M79.7")]
    [InlineData("code=F33.2", "F33.2")]
    [InlineData("code=http://hl7.org/fhir/sid/icd-10-cm|M79.7", "M79.7")]
    [InlineData("code=http://hl7.org/fhir/sid/icd-10-cm|", "F33.2,M79.7")]
    [InlineData("code=http://snomed.info/sct|F33.2", "")]
    [InlineData("code=F33.2,M79.7", "F33.2,M79.7")]
    [InlineData("code=F33.2&code=M79.7", "")]
    [InlineData("code=F32.9", "")]
    [InlineData("category=depression", "F33.2")]
    [InlineData("category=https://respite.dev/fhir/CodeSystem/condition-category|chronic-pain", "M79.7")]
    [InlineData("category=http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item", "F33.2,M79.7")]
    [InlineData("category=other", "")]
    [InlineData("category=depression&code=M79.7", "")]
    public async Task Search_OnePatient_CodeAndCategory(string parameters, string expectedCodes)
    {
        var (patient, _, _) = await PatientAsync();

        var entries = await SourceHarness.SearchAsync<ConditionSource>(factory, $"patient={patient}&{parameters}");

        Assert.Equal(expectedCodes.Split(',', StringSplitOptions.RemoveEmptyEntries), entries.Select(e => ((Condition)e.Resource).Code!.Coding.Single().Code));
        Assert.All(entries, e => Assert.Equal(patient, e.PatientId));
    }

    [Fact]
    public async Task Search_IdSubjectAndPatient_OnlyThatPatientsConditions()
    {
        var (patient, depression, pain) = await PatientAsync();
        var (other, otherDepression, _) = await PatientAsync();

        Assert.Equal([depression, pain], await SourceHarness.IdsAsync<ConditionSource>(factory, $"subject=Patient/{patient}"));
        Assert.Equal([depression], await SourceHarness.IdsAsync<ConditionSource>(factory, $"_id={depression},{otherDepression}&patient={patient}"));
        Assert.Equal(new[] { depression, otherDepression }.Order(), (await SourceHarness.IdsAsync<ConditionSource>(factory, $"_id={depression},{otherDepression}")).Order());
        Assert.Empty(await SourceHarness.IdsAsync<ConditionSource>(factory, $"patient={patient}&subject={other}"));
        Assert.Empty(await SourceHarness.IdsAsync<ConditionSource>(factory, "patient=R-000001"));
    }

    [Fact]
    public async Task Search_Compartment_NeverShowsAnotherPatient()
    {
        var (patient, depression, pain) = await PatientAsync();
        var (other, _, _) = await PatientAsync();

        var own = await SourceHarness.SearchAsync<ConditionSource>(factory, "", compartmentPatient: patient);

        Assert.Equal([depression, pain], own.Select(e => e.Resource.Id).ToList());
        Assert.All(own, e => Assert.Equal(patient, e.PatientId));
        Assert.Empty(await SourceHarness.SearchAsync<ConditionSource>(factory, $"patient={other}", compartmentPatient: patient));
        Assert.Empty(await SourceHarness.SearchAsync<ConditionSource>(factory, "code=M79.7&_id=" + pain, compartmentPatient: other));
    }

    [Fact]
    public async Task Search_All_StableOrder()
    {
        await PatientAsync();

        var first = await SourceHarness.IdsAsync<ConditionSource>(factory, "");

        Assert.Equal(first, await SourceHarness.IdsAsync<ConditionSource>(factory, ""));
        Assert.Equal(first.Count, first.Distinct().Count());
    }
}

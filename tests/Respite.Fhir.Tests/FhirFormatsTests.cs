using Hl7.Fhir.Model;
using Respite.Clinical.Patients;
using Respite.Fhir.Patients;

namespace Respite.Fhir.Tests;

public sealed class FhirFormatsTests
{
    private static Patient Patient() => PatientMapper.ToFhir(new PatientDemographics(
        Samples.PatientId, "R-000001", "Ana", "Ortiz", new DateOnly(1990, 1, 2), Sex.Female, "ana@example.org"));

    [Fact]
    public void ToJson_SameResourceTwice_GivesTheSameText()
    {
        Assert.Equal(FhirFormats.ToJson(Patient()), FhirFormats.ToJson(Patient()));
        Assert.Equal(FhirFormats.ToJson(Patient(), pretty: true), FhirFormats.ToJson(Patient(), pretty: true));
    }

    [Fact]
    public void ToXmlThenParseXml_GivesTheSameJson()
    {
        var xml = FhirFormats.ToXml(Patient(), pretty: true);

        var parsed = FhirFormats.ParseXml(xml);

        Assert.True(parsed.Succeeded);
        Assert.Equal(FhirFormats.ToJson(Patient()), FhirFormats.ToJson(parsed.Value!));
        Assert.Contains("<Patient xmlns=\"http://hl7.org/fhir\">", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void ToNdjsonLine_IsOneLine()
    {
        var line = FhirFormats.ToNdjsonLine(Patient());

        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line[..^1]);
        Assert.True(FhirFormats.ParseJson(line).Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("{\"name\":\"no resource type\"}")]
    [InlineData("{\"resourceType\":\"Nonsense\"}")]
    public void ParseJson_NotAResource_ReportsStructureWithoutThrowing(string json)
    {
        var parsed = FhirFormats.ParseJson(json);

        Assert.False(parsed.Succeeded);
        Assert.NotEmpty(parsed.Issues);
        Assert.All(parsed.Issues, i => Assert.Equal(FhirIssueKind.Structure, i.Kind));
    }

    [Fact]
    public void ParseJson_UnknownElement_ReportsItsPath()
    {
        var parsed = FhirFormats.ParseJson("{\"resourceType\":\"Patient\",\"birthDate\":\"1990-01-02\",\"shoeSize\":42}");

        Assert.False(parsed.Succeeded);
        var issue = Assert.Single(parsed.Issues);
        Assert.Equal("Patient.shoeSize", issue.Path);
        Assert.Equal(FhirIssueKind.Structure, issue.Kind);
    }

    [Fact]
    public void ParseJson_WrongPrimitiveInNestedElement_ReportsItsPath()
    {
        var parsed = FhirFormats.ParseJson("{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"valueQuantity\":{\"value\":\"seventy\"}}");

        Assert.False(parsed.Succeeded);
        Assert.Contains(parsed.Issues, i => i.Path == "Observation.value.value");
    }

    [Fact]
    public void ParseJson_SingleValueForARepeatingElement_ReportsItsPath()
    {
        var parsed = FhirFormats.ParseJson("{\"resourceType\":\"Patient\",\"name\":[{\"given\":\"Jane\"}]}");

        Assert.False(parsed.Succeeded);
        Assert.Contains(parsed.Issues, i => i.Path == "Patient.name[0].given[0]");
    }

    [Fact]
    public void ParseJsonOfType_OtherResource_ReportsResourceType()
    {
        var parsed = FhirFormats.ParseJson<Observation>(FhirFormats.ToJson(Patient()));

        Issues.AssertSingleAt(parsed, "resourceType", FhirIssueKind.NotSupported);
    }

    [Fact]
    public void ParseXml_Malformed_ReportsStructureWithoutThrowing()
    {
        var parsed = FhirFormats.ParseXml("<Patient xmlns=\"http://hl7.org/fhir\"><birthDate value=\"1990");

        Assert.False(parsed.Succeeded);
        Assert.All(parsed.Issues, i => Assert.Equal(FhirIssueKind.Structure, i.Kind));
    }

    [Fact]
    public void ValidateStructure_ObservationWithoutStatusAndCode_ReportsBoth()
    {
        var issues = FhirFormats.ValidateStructure(new Observation());

        Assert.Contains(issues, i => i.Path.EndsWith("status", StringComparison.Ordinal) || i.Message.Contains("status", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Path.EndsWith("code", StringComparison.Ordinal) || i.Message.Contains("code", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateStructure_BadBirthDate_ReportsIt()
    {
        var issues = FhirFormats.ValidateStructure(new Patient { BirthDate = "02/01/1990" });

        Assert.NotEmpty(issues);
    }
}

using Hl7.Fhir.Model;
using Respite.Clinical.Patients;
using Respite.Fhir.Patients;

namespace Respite.Fhir.Tests.Patients;

public sealed class PatientMapperTests
{
    private static readonly PatientDemographics Jane = new(
        Samples.PatientId,
        "R-000042",
        "Jane",
        "Example",
        new DateOnly(1980, 4, 17),
        Sex.Female,
        "jane.example@example.org",
        "+1 555 0100",
        "12 Elm Street, Springfield, 62704",
        "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
        new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero));

    [Fact]
    public void ToFhir_Demographics_MatchesGoldenFile()
    {
        var patient = PatientMapper.ToFhir(Jane);

        GoldenFiles.AssertMatches("patient.json", patient);
        Issues.AssertValid(patient);
    }

    [Fact]
    public void FromFhir_GoldenFile_GivesTheSameDemographics()
    {
        var parsed = PatientMapper.FromFhir(GoldenFiles.Parse<Patient>("patient.json"));

        Assert.True(parsed.Succeeded);
        Assert.Equal(Jane, parsed.Value);
    }

    [Theory]
    [InlineData(Sex.Female, "female")]
    [InlineData(Sex.Male, "male")]
    [InlineData(Sex.Other, "other")]
    [InlineData(Sex.Unknown, "unknown")]
    public void ToFhir_EachSex_WritesItsGenderAndReadsItBack(Sex sex, string gender)
    {
        var patient = PatientMapper.ToFhir(Jane with { Sex = sex });

        Assert.Contains($"\"gender\":\"{gender}\"", FhirFormats.ToJson(patient), StringComparison.Ordinal);
        Assert.Equal(sex, PatientMapper.FromFhir(patient).Value!.Sex);
    }

    [Fact]
    public void FromFhir_CreateFromAnotherSystem_KeepsWhatRespiteStores()
    {
        var patient = new Patient
        {
            Id = "external-17",
            Identifier = [new Identifier("urn:oid:1.2.3", "X-9")],
            Name = [new HumanName { Use = HumanName.NameUse.Nickname, Family = "Nick", Given = ["N"] }, new HumanName { Use = HumanName.NameUse.Official, Family = " Doe ", Given = ["John", "Paul"] }],
            BirthDate = "1975-12-01",
            Address = [new Address { Line = ["1 Main St"], City = "Boston", State = "MA", PostalCode = "02110" }],
            Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Email, null, "john@example.org")],
        };

        var parsed = PatientMapper.FromFhir(patient);

        Assert.True(parsed.Succeeded);
        Assert.Equal(new PatientDemographics(null, null, "John Paul", "Doe", new DateOnly(1975, 12, 1), Sex.Unknown, "john@example.org", null, "1 Main St, Boston, MA, 02110"), parsed.Value);
    }

    [Fact]
    public void FromFhir_NoName_ReportsName()
    {
        var parsed = PatientMapper.FromFhir(new Patient { BirthDate = "1980-01-01" });

        Issues.AssertSingleAt(parsed, "Patient.name", FhirIssueKind.Required);
    }

    [Fact]
    public void FromFhir_NoFamilyName_ReportsFamily()
    {
        var parsed = PatientMapper.FromFhir(new Patient { Name = [new HumanName { Given = ["Jane"] }], BirthDate = "1980-01-01" });

        Issues.AssertSingleAt(parsed, "Patient.name[0].family", FhirIssueKind.Required);
    }

    [Fact]
    public void FromFhir_NoGivenName_ReportsGiven()
    {
        var parsed = PatientMapper.FromFhir(new Patient { Name = [new HumanName { Family = "Example" }], BirthDate = "1980-01-01" });

        Issues.AssertSingleAt(parsed, "Patient.name[0].given", FhirIssueKind.Required);
    }

    [Fact]
    public void FromFhir_FamilyNameTooLong_ReportsFamily()
    {
        var parsed = PatientMapper.FromFhir(new Patient { Name = [new HumanName { Family = new string('x', 101), Given = ["J"] }], BirthDate = "1980-01-01" });

        Issues.AssertSingleAt(parsed, "Patient.name[0].family", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_NoBirthDate_ReportsBirthDate()
    {
        var parsed = PatientMapper.FromFhir(new Patient { Name = [new HumanName { Family = "E", Given = ["J"] }] });

        Issues.AssertSingleAt(parsed, "Patient.birthDate", FhirIssueKind.Required);
    }

    [Theory]
    [InlineData("1980")]
    [InlineData("1980-04")]
    public void FromFhir_PartialBirthDate_ReportsBirthDate(string birthDate)
    {
        var parsed = PatientMapper.FromFhir(new Patient { Name = [new HumanName { Family = "E", Given = ["J"] }], BirthDate = birthDate });

        Issues.AssertSingleAt(parsed, "Patient.birthDate", FhirIssueKind.Value);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("jane@")]
    [InlineData("Jane <jane@example.org>")]
    public void FromFhir_BadEmail_ReportsTheTelecomValue(string email)
    {
        var patient = PatientMapper.ToFhir(Jane);
        patient.Telecom[1].Value = email;

        var parsed = PatientMapper.FromFhir(patient);

        Issues.AssertSingleAt(parsed, "Patient.telecom[1].value", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_PhoneTooLong_ReportsTheTelecomValue()
    {
        var patient = PatientMapper.ToFhir(Jane);
        patient.Telecom[0].Value = new string('5', 41);

        Issues.AssertSingleAt(PatientMapper.FromFhir(patient), "Patient.telecom[0].value", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_AddressTooLong_ReportsTheAddress()
    {
        var patient = PatientMapper.ToFhir(Jane);
        patient.Address[0].Text = new string('a', 301);

        Issues.AssertSingleAt(PatientMapper.FromFhir(patient), "Patient.address[0]", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_SeveralProblems_ReportsEachOnce()
    {
        var patient = new Patient { Name = [new HumanName()], BirthDate = "1980-02" };

        var parsed = PatientMapper.FromFhir(patient);

        Assert.Equal(["Patient.name[0].family", "Patient.name[0].given", "Patient.birthDate"], parsed.Issues.Select(i => i.Path));
    }

    [Fact]
    public void ParseJson_BirthDateNotADate_ReportsItsPathAndNeverThrows()
    {
        var json = GoldenFiles.Read("patient.json").Replace("\"1980-04-17\"", "\"17/04/1980\"", StringComparison.Ordinal);

        var parsed = FhirFormats.ParseJson<Patient>(json);

        Assert.False(parsed.Succeeded);
        Assert.Contains(parsed.Issues, i => i.Path == "Patient.birthDate" && i.Kind == FhirIssueKind.Structure);
    }
}

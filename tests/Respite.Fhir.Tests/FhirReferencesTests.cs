using Hl7.Fhir.Model;
using Respite.Fhir.Observations;

namespace Respite.Fhir.Tests;

public sealed class FhirReferencesTests
{
    [Theory]
    [InlineData("Patient/6f1c2a3e-0d4b-4c6a-9b1e-2f3a4b5c6d7e", true)]
    [InlineData("https://clinic.example/fhir/Patient/6f1c2a3e-0d4b-4c6a-9b1e-2f3a4b5c6d7e", true)]
    [InlineData("Patient/6f1c2a3e-0d4b-4c6a-9b1e-2f3a4b5c6d7e/_history/3", true)]
    [InlineData("Group/6f1c2a3e-0d4b-4c6a-9b1e-2f3a4b5c6d7e", false)]
    [InlineData("Patient/42", false)]
    [InlineData("#contained", false)]
    [InlineData("Patient/", false)]
    [InlineData("", false)]
    public void TryGetGuid_Accepts_OnlyRespitePatientReferences(string reference, bool accepted)
    {
        Assert.Equal(accepted, FhirReferences.TryGetGuid(new ResourceReference(reference), "Patient", out var id));
        Assert.Equal(accepted ? Samples.PatientId : Guid.Empty, id);
    }

    [Fact]
    public void TryGetGuid_LogicalReference_IsRefused()
    {
        Assert.False(FhirReferences.TryGetGuid(new ResourceReference { Identifier = new Identifier(FhirSystems.MedicalRecordNumber, "R-000001") }, "Patient", out _));
        Assert.False(FhirReferences.TryGetGuid(null, "Patient", out _));
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("a.b-C9", true)]
    [InlineData("has space", false)]
    [InlineData("under_score", false)]
    [InlineData("", false)]
    public void IsValidId_FollowsTheFhirIdRule(string id, bool valid)
    {
        Assert.Equal(valid, FhirReferences.IsValidId(id));
        Assert.False(FhirReferences.IsValidId(new string('a', 65)));
    }

    [Fact]
    public void Practitioner_InvalidId_Throws()
    {
        Assert.Throws<ArgumentException>(() => FhirReferences.Practitioner("not valid"));
    }

    [Theory]
    [InlineData("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d-hr", "hr")]
    [InlineData("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d-total", "total")]
    [InlineData("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d-item-6b", "item-6b")]
    [InlineData("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d-weight", "weight")]
    public void ObservationIds_TryParse_SplitsRowAndMeasure(string id, string measure)
    {
        Assert.True(ObservationIds.TryParse(id, out var row, out var parsed));
        Assert.Equal(Samples.ReadingId, row);
        Assert.Equal(measure, parsed);
    }

    [Theory]
    [InlineData("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")]
    [InlineData("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d-temp")]
    [InlineData("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d-item-")]
    [InlineData("not-a-guid-at-all-but-long-enough-xxxxx-hr")]
    [InlineData(null)]
    public void ObservationIds_TryParse_RefusesOtherIds(string? id)
    {
        Assert.False(ObservationIds.TryParse(id, out _, out _));
    }
}

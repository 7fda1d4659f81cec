using Respite.Clinical.Instruments;
using Respite.Clinical.Patients;

namespace Respite.Clinical.Tests.Instruments;

public sealed class InstrumentSettingsTests
{
    [Fact]
    public void Default_Always_HasCitedValues()
    {
        var settings = InstrumentSettings.Default;

        Assert.Equal(4, settings.AuditCPositiveMale);
        Assert.Equal(3, settings.AuditCPositiveFemale);
        Assert.Equal(1, settings.Phq9Item9FlagAt);
        Assert.Empty(settings.Validate());
    }

    [Theory]
    [InlineData(Sex.Male, 4)]
    [InlineData(Sex.Female, 3)]
    [InlineData(Sex.Other, 3)]
    [InlineData(Sex.Unknown, 3)]
    public void AuditCPositiveFor_Sex_UsesMaleCutOffOnlyForMen(Sex sex, int cutOff)
    {
        Assert.Equal(cutOff, InstrumentSettings.Default.AuditCPositiveFor(sex));
    }

    [Fact]
    public void Validate_OutOfRange_NamesEachField()
    {
        var settings = new InstrumentSettings { AuditCPositiveMale = 0, AuditCPositiveFemale = 13, Phq9Item9FlagAt = 4, Phq2PositiveAt = 7 };

        Assert.Equal(["auditCPositiveMale", "auditCPositiveFemale", "phq9Item9FlagAt", "phq2PositiveAt"], settings.Validate().Select(e => e.Field));
    }
}

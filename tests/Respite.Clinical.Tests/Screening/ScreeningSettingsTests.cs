using Respite.Clinical.Screening;

namespace Respite.Clinical.Tests.Screening;

public sealed class ScreeningSettingsTests
{
    [Fact]
    public void Default_Always_HasCitedValuesAndIsValid()
    {
        var settings = ScreeningSettings.Default;

        Assert.Equal(2, settings.MinimumAdequateAntidepressantTrials);
        Assert.Equal(1, settings.Phq9Item9AlertAt);
        Assert.Equal("low", settings.CssrsAlertLevel);
        Assert.Equal(3, settings.Dast10CautionAt);
        Assert.Null(settings.Dast10ExclusionAt);
        Assert.True(settings.FlagIncompleteScreening);
        Assert.Empty(settings.Validate());
    }

    [Fact]
    public void Validate_EveryFieldOutOfRange_NamesEachField()
    {
        var settings = ScreeningSettings.Default with
        {
            MinimumAdequateAntidepressantTrials = 0,
            Phq9Item9AlertAt = 4,
            CssrsAlertLevel = "none",
            Dast10CautionAt = 11,
            Dast10ExclusionAt = 0,
        };

        Assert.Equal(
            ["minimumAdequateAntidepressantTrials", "phq9Item9AlertAt", "cssrsAlertLevel", "dast10CautionAt", "dast10ExclusionAt"],
            settings.Validate().Select(e => e.Field));
    }

    [Theory]
    [InlineData(3, 2, false)]
    [InlineData(3, 3, true)]
    [InlineData(3, 10, true)]
    [InlineData(3, 11, false)]
    public void Validate_Dast10ExclusionAt_MustNotBeBelowCaution(int caution, int exclusion, bool valid)
    {
        var settings = ScreeningSettings.Default with { Dast10CautionAt = caution, Dast10ExclusionAt = exclusion };

        Assert.Equal(valid, settings.Validate().Count == 0);
    }

    [Theory]
    [InlineData("low")]
    [InlineData("moderate")]
    [InlineData("high")]
    public void Validate_KnownCssrsLevel_IsValid(string level)
    {
        Assert.Empty((ScreeningSettings.Default with { CssrsAlertLevel = level }).Validate());
    }
}

using Respite.Clinical.Instruments;

namespace Respite.Clinical.Tests.Instruments;

public sealed class InstrumentCatalogTests
{
    [Theory]
    [InlineData("phq9", 9, "44249-1", "44261-6")]
    [InlineData("gad7", 7, "69737-5", "70274-6")]
    [InlineData("nrs-pain", 1, null, "72514-3")]
    [InlineData("peg3", 3, "91148-7", "91147-9")]
    [InlineData("cssrs-screener", 7, null, null)]
    [InlineData("dast10", 10, null, "82667-7")]
    [InlineData("auditc", 3, "72109-2", "75626-2")]
    [InlineData("phq2", 2, "55757-9", "55758-7")]
    public void TryGet_KnownCode_ReturnsDefinitionWithItemsAndLoinc(string code, int items, string? panel, string? total)
    {
        Assert.True(InstrumentCatalog.TryGet(code, out var definition));

        Assert.Equal(code, definition.Code);
        Assert.Equal(items, definition.Items.Count);
        Assert.Equal(panel, definition.PanelLoinc);
        Assert.Equal(total, definition.TotalLoinc);
    }

    [Theory]
    [InlineData("bpi")]
    [InlineData("bpi-sf")]
    [InlineData("")]
    [InlineData("phq-9")]
    public void TryGet_UnknownCode_ReturnsFalse(string code)
    {
        Assert.False(InstrumentCatalog.TryGet(code, out var definition));
        Assert.Null(definition);
    }

    [Fact]
    public void All_Always_ListsTheNineInstrumentsOnce()
    {
        Assert.Equal(
            ["phq9", "gad7", "nrs-pain", "peg3", "cssrs-screener", "dast10", "auditc", "madrs", "phq2"],
            InstrumentCatalog.All.Select(d => d.Code));
        Assert.Same(InstrumentCatalog.Phq9, InstrumentCatalog.All[0]);
        Assert.Same(InstrumentCatalog.AuditC, InstrumentCatalog.All[6]);
        Assert.Same(InstrumentCatalog.Madrs, InstrumentCatalog.All[7]);
    }

    [Fact]
    public void Madrs_IsClinicianRated_TenItemsZeroToSix_WithSnaithBands()
    {
        var madrs = InstrumentCatalog.Madrs;
        Assert.True(madrs.ClinicianRated);
        Assert.All(InstrumentCatalog.All.Where(d => d != madrs), d => Assert.False(d.ClinicianRated, d.Code));
        Assert.Equal(10, madrs.Items.Count);
        Assert.All(madrs.Items, i => Assert.Equal((0, 6), (i.Min, i.Max)));
        Assert.Equal("Suicidal thoughts", madrs.Items[9].Text);
        Assert.Equal((0m, 60m), (madrs.MinTotal, madrs.MaxTotal));
        Assert.Equal(["absent", "mild", "moderate", "severe"], madrs.Bands.Select(b => b.Name));
        Assert.Equal([0m, 7m, 20m, 35m], madrs.Bands.Select(b => b.Min));
    }

    [Fact]
    public void All_Always_HasNoBriefPainInventory()
    {
        var text = string.Join(" ", InstrumentCatalog.All.SelectMany(d => new[] { d.Code, d.Name, d.Description })
            .Concat(InstrumentCatalog.All.SelectMany(d => d.Items.Select(i => i.Text))));

        Assert.DoesNotContain("BPI", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Brief Pain Inventory", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Phq2_Items_AreThePhq9FirstTwoWithTheirLoinc()
    {
        Assert.Equal(InstrumentCatalog.Phq9.Items.Take(2).Select(i => i.Text), InstrumentCatalog.Phq2.Items.Select(i => i.Text));
        Assert.Equal(["44250-9", "44255-8"], InstrumentCatalog.Phq2.Items.Select(i => i.Loinc));
    }

    [Fact]
    public void PatientMaySelfReport_OnlyTheClinicianRatedMadrsIsWithheld()
    {
        Assert.Equal(["madrs"], InstrumentCatalog.All.Where(d => !d.PatientMaySelfReport).Select(d => d.Code));
    }

    [Fact]
    public void Phq9_Item9_CarriesItsLoinc()
    {
        Assert.Equal("44260-8", InstrumentCatalog.Phq9.Items[8].Loinc);
        Assert.All(InstrumentCatalog.Phq9.Items.Take(8), i => Assert.Null(i.Loinc));
    }

    [Fact]
    public void All_EveryItem_IsNumberedInOrderWithOptionsAndText()
    {
        foreach (var definition in InstrumentCatalog.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(definition.Name));
            Assert.False(string.IsNullOrWhiteSpace(definition.Licence));
            Assert.False(string.IsNullOrWhiteSpace(definition.Source));
            Assert.False(string.IsNullOrWhiteSpace(definition.RecallPeriod));
            for (var i = 0; i < definition.Items.Count; i++)
            {
                var item = definition.Items[i];
                Assert.Equal(i + 1, item.Number);
                Assert.False(string.IsNullOrWhiteSpace(item.Text));
                var expected = item.Kind == AnswerKind.YesNo ? [0m, 1m] : Enumerable.Range(item.Min, item.Max - item.Min + 1).Select(v => (decimal)v).ToArray();
                Assert.Equal(expected, item.Options.Select(o => o.Value));
                Assert.All(item.Options, o => Assert.False(string.IsNullOrWhiteSpace(o.Label)));
            }
        }
    }

    [Fact]
    public void Phq9_Options_AreTheFrequencyLabels()
    {
        Assert.Equal(
            ["Not at all", "Several days", "More than half the days", "Nearly every day"],
            InstrumentCatalog.Phq9.Items[0].Options.Select(o => o.Label));
    }

    [Fact]
    public void CssrsScreener_FollowUpItems_AreOptionalAndItem6bIsLabelled()
    {
        var items = InstrumentCatalog.CssrsScreener.Items;

        Assert.All(items, i => Assert.Equal(AnswerKind.YesNo, i.Kind));
        Assert.Equal([false, false, true, true, true, false, true], items.Select(i => i.Optional));
        Assert.Equal(["1", "2", "3", "4", "5", "6", "6b"], items.Select(i => i.Label));
    }

    [Fact]
    public void Dast10_Licence_CreditsSkinnerAndCamh()
    {
        Assert.Contains("Skinner", InstrumentCatalog.Dast10.Licence, StringComparison.Ordinal);
        Assert.Contains("Centre for Addiction and Mental Health", InstrumentCatalog.Dast10.Licence, StringComparison.Ordinal);
        Assert.Contains("non-commercial", InstrumentCatalog.Dast10.Licence, StringComparison.Ordinal);
    }

    [Fact]
    public void All_Bands_AreContiguousAndCoverTheTotalRange()
    {
        foreach (var definition in InstrumentCatalog.All.Where(d => d.Bands.Count > 0))
        {
            Assert.Equal(definition.MinTotal, definition.Bands[0].Min);
            Assert.Equal(definition.MaxTotal, definition.Bands[^1].Max);
            for (var i = 1; i < definition.Bands.Count; i++)
            {
                Assert.True(definition.Bands[i].Min > definition.Bands[i - 1].Max, definition.Code);
                Assert.True(definition.Bands[i].Min - definition.Bands[i - 1].Max <= 1m, definition.Code);
            }
        }
    }

    [Fact]
    public void AuditCAndCssrs_Bands_AreEmptyBecauseTheyDoNotFollowFromTheTotal()
    {
        Assert.Empty(InstrumentCatalog.AuditC.Bands);
        Assert.Empty(InstrumentCatalog.CssrsScreener.Bands);
    }
}

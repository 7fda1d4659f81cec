using Respite.Clinical.Billing;

namespace Respite.Clinical.Tests.Billing;

public sealed class MoneyTests
{
    [Theory]
    [InlineData(3000, 0, 3000)]
    [InlineData(3000, 10, 2700)]
    [InlineData(4200, 26, 3108)]
    [InlineData(4200, 100, 0)]
    [InlineData(99.99, 33.33, 66.66)]   // 99.99 × 0.6667 = 66.663333 → 66.66
    [InlineData(0.03, 50, 0.02)]        // 0.015 → half away from zero → 0.02
    [InlineData(1.01, 50, 0.51)]        // 0.505 → 0.51
    public void NetPrice_IsListLessDiscount_RoundedOnceToCents(decimal list, decimal discount, decimal expected)
    {
        var net = PackagePricing.NetPrice(Money.Of(list, "USD"), discount);
        Assert.Equal(expected, net.Amount);
        Assert.Equal(list, (net + PackagePricing.Saving(Money.Of(list, "USD"), discount)).Amount);
    }

    [Fact]
    public void CurrenciesWithoutMinorUnits_RoundToWholeUnits()
    {
        Assert.Equal(2750m, PackagePricing.NetPrice(Money.Of(5499m, "JPY"), 50m).Amount);
        Assert.Equal(1.235m, Money.Of(1.2345m, "KWD").Round().Amount);
        Assert.False(Money.Of(10.5m, "JPY").IsWholeMinorUnits);
        Assert.True(Money.Of(10.50m, "USD").IsWholeMinorUnits);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(100.01)]
    public void Discount_OutsideZeroToHundred_IsRejected(decimal discount) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PackagePricing.NetPrice(Money.Of(100m, "USD"), discount));

    [Fact]
    public void MixingCurrencies_Throws_EvenForComparisons()
    {
        var usd = Money.Of(10m, "USD");
        var eur = Money.Of(20m, "EUR");
        Assert.Throws<InvalidOperationException>(() => usd + eur);
        Assert.Throws<InvalidOperationException>(() => usd > eur);
        Assert.Throws<InvalidOperationException>(() => eur < usd);
    }

    [Theory]
    [InlineData("usd")]
    [InlineData("US")]
    [InlineData("DOLLAR")]
    [InlineData("")]
    public void CurrencyCodes_AreThreeCapitals(string code) => Assert.Throws<ArgumentException>(() => Money.Of(1m, code));

    [Fact]
    public void Account_BalanceAndCredits()
    {
        var account = PackageAccount.From(Money.Of(2700m, "USD"), [Money.Of(1000m, "USD"), Money.Of(700m, "USD")], [Money.Of(200m, "USD")], 6, 2);
        Assert.Equal(1500m, account.NetPaid.Amount);
        Assert.Equal(1200m, account.BalanceDue.Amount);
        Assert.Equal(4, account.CreditsRemaining);
        Assert.False(account.FullyPaid);

        var paid = PackageAccount.From(Money.Of(2700m, "USD"), [Money.Of(2700m, "USD")], [], 6, 6);
        Assert.Equal(0m, paid.BalanceDue.Amount);
        Assert.True(paid.FullyPaid);
        Assert.Equal(0, paid.CreditsRemaining);
    }

    [Fact]
    public void Formatting_UsesTheMinorUnits() =>
        Assert.Equal(["2,700.00 USD", "2,750 JPY"], [Money.Of(2700m, "USD").ToString(), Money.Of(2750m, "JPY").ToString()]);

    [Fact]
    public void BillingSettings_Validate()
    {
        Assert.Empty(BillingSettings.Default.Validate());
        Assert.Equal(["currency", "maxDiscountPercent"], (BillingSettings.Default with { Currency = "eur", MaxDiscountPercent = 120m }).Validate().Select(p => p.Field).ToArray());
    }
}

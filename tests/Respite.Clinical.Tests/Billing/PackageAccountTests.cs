using Respite.Clinical.Billing;

namespace Respite.Clinical.Tests.Billing;

public sealed class PackageAccountTests
{
    private static Money Usd(decimal amount) => Money.Of(amount, "USD");

    [Theory]
    [InlineData(3000, 0, 3000)]
    [InlineData(3000, 10, 2700)]
    [InlineData(3000, 26, 2220)]
    [InlineData(3000, 100, 0)]
    [InlineData(10.01, 50, 5.01)]   // 5.005 → half away from zero → 5.01 (banker's rounding would give 5.00)
    [InlineData(0.01, 50, 0.01)]    // 0.005 → 0.01
    [InlineData(1.00, 0.5, 1.00)]   // 0.995 rounded once; rounding the 0.005 discount first would give 0.99
    public void NetPrice_BoundaryTable(decimal list, decimal discount, decimal expected)
    {
        var net = PackagePricing.NetPrice(Usd(list), discount);
        Assert.Equal(expected, net.Amount);
        Assert.Equal("USD", net.Currency);
    }

    [Theory]
    [InlineData(-2.345, -2.35)]
    [InlineData(2.345, 2.35)]
    [InlineData(2.344, 2.34)]
    public void Round_MidpointGoesAwayFromZero(decimal amount, decimal expected) =>
        Assert.Equal(expected, Usd(amount).Round().Amount);

    [Theory]
    //          paid  refunded used cancelled | balance remaining returned
    [InlineData(0, 0, 0, false, 2700, 6, 0)]
    [InlineData(1000, 0, 2, false, 1700, 4, 0)]
    [InlineData(2700, 0, 6, false, 0, 0, 0)]
    [InlineData(2700, 300, 3, false, 300, 3, 0)]
    [InlineData(1000, 0, 2, true, 0, 0, 4)]
    [InlineData(2700, 2700, 0, true, 0, 0, 6)]
    [InlineData(0, 0, 6, true, 0, 0, 0)]
    public void Account_BalanceAndCreditsTable(
        decimal paid, decimal refunded, int used, bool cancelled, decimal balance, int remaining, int returned)
    {
        var account = PackageAccount.From(Usd(2700m), [Usd(paid)], [Usd(refunded)], 6, used, cancelled);
        Assert.Equal(balance, account.BalanceDue.Amount);
        Assert.Equal(remaining, account.CreditsRemaining);
        Assert.Equal(returned, account.CreditsReturned);
        Assert.Equal(6, account.CreditsUsed + account.CreditsReturned + account.CreditsRemaining);
        Assert.Equal(paid - refunded, account.NetPaid.Amount);
    }

    [Fact]
    public void Account_PaymentInAnotherCurrency_Throws() =>
        Assert.Throws<InvalidOperationException>(() => PackageAccount.From(Usd(2700m), [Money.Of(100m, "EUR")], [], 6, 0));

    [Fact]
    public void Account_RefundInAnotherCurrency_Throws() =>
        Assert.Throws<InvalidOperationException>(() => PackageAccount.From(Usd(2700m), [Usd(100m)], [Money.Of(100m, "CAD")], 6, 0));

    [Fact]
    public void Money_SubtractingAnotherCurrency_Throws() =>
        Assert.Throws<InvalidOperationException>(() => Usd(10m) - Money.Of(10m, "GBP"));

    [Theory]
    [InlineData("USD", true)]
    [InlineData("EUR", true)]
    [InlineData("JPY", true)]
    [InlineData("KWD", false)]
    [InlineData("BHD", false)]
    public void BillingSettings_OnlyCurrenciesWithAtMostTwoDecimals(string currency, bool valid) =>
        Assert.Equal(valid, (BillingSettings.Default with { Currency = currency }).Validate().Count == 0);
}

namespace Respite.Clinical.Billing;

/// <summary>Package prices and accounts: list price less a discount, what was paid, what is due, credits left.</summary>
public static class PackagePricing
{
    /// <summary>List price × (1 − discount %), rounded once, at the end, to the currency's minor unit.</summary>
    public static Money NetPrice(Money listPrice, decimal discountPercent)
    {
        if (discountPercent is < 0m or > 100m)
        {
            throw new ArgumentOutOfRangeException(nameof(discountPercent), "A discount is between 0 and 100 %.");
        }

        if (listPrice.IsNegative)
        {
            throw new ArgumentOutOfRangeException(nameof(listPrice), "A price is not negative.");
        }

        return listPrice.Times(1m - (discountPercent / 100m)).Round();
    }

    /// <summary>The discount as money (list − net), so that list = net + discount exactly.</summary>
    public static Money Saving(Money listPrice, decimal discountPercent) => listPrice - NetPrice(listPrice, discountPercent);
}

/// <summary>The state of one sold package.</summary>
/// <remarks>
/// Balance due = net price − payments + refunds, never below zero; credits remaining = total − used − returned.
/// A cancelled package returns its unused credits to the clinic (<see cref="CreditsReturned"/>) and has nothing
/// left to collect: whatever is settled after a cancellation is recorded as a refund.
/// </remarks>
public sealed record PackageAccount(Money NetPrice, Money Paid, Money Refunded, int CreditsTotal, int CreditsUsed, bool Cancelled = false)
{
    public Money NetPaid => Paid - Refunded;

    /// <summary>What the patient still owes (never below zero; zero once the package is cancelled).</summary>
    public Money BalanceDue => Cancelled || NetPaid >= NetPrice ? Money.Zero(NetPrice.Currency) : NetPrice - NetPaid;

    /// <summary>The credits given back to the clinic when the package was cancelled.</summary>
    public int CreditsReturned => Cancelled ? Math.Max(0, CreditsTotal - CreditsUsed) : 0;

    public int CreditsRemaining => Math.Max(0, CreditsTotal - CreditsUsed - CreditsReturned);

    public bool FullyPaid => NetPaid >= NetPrice;

    public static PackageAccount From(
        Money netPrice, IEnumerable<Money> payments, IEnumerable<Money> refunds, int creditsTotal, int creditsUsed, bool cancelled = false)
    {
        var paid = payments.Aggregate(Money.Zero(netPrice.Currency), (sum, p) => sum + p);
        var refunded = refunds.Aggregate(Money.Zero(netPrice.Currency), (sum, r) => sum + r);
        return new PackageAccount(netPrice, paid, refunded, creditsTotal, creditsUsed, cancelled);
    }
}

/// <summary>The clinic's billing settings.</summary>
public sealed record BillingSettings
{
    public static BillingSettings Default { get; } = new();

    /// <summary>Amounts are stored with two decimals, so a currency with three minor digits (BHD, KWD, …) cannot be used.</summary>
    public const int MaxMinorUnits = 2;

    /// <summary>The currency of new products and payments (ISO 4217).</summary>
    public string Currency { get; init; } = "USD";

    /// <summary>The largest discount a product may carry; the clinics' advertising mentions up to 26 % [U].</summary>
    public decimal MaxDiscountPercent { get; init; } = 50m;

    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var problems = new List<(string, string)>();
        if (!Money.IsCurrencyCode(Currency))
        {
            problems.Add(("currency", "A three-letter ISO 4217 code in capitals, e.g. USD."));
        }
        else if (Money.MinorUnits(Currency) > MaxMinorUnits)
        {
            problems.Add(("currency", $"Amounts are kept to {MaxMinorUnits} decimals; {Currency} has {Money.MinorUnits(Currency)}."));
        }

        if (MaxDiscountPercent is < 0m or > 100m)
        {
            problems.Add(("maxDiscountPercent", "Must be between 0 and 100."));
        }

        return problems;
    }
}

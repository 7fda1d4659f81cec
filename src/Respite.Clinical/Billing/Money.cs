using System.Globalization;

namespace Respite.Clinical.Billing;

/// <summary>
/// An amount of one currency (ISO 4217 code), in decimal — never floating point. Arithmetic is defined only between
/// amounts of the same currency; <see cref="Round"/> rounds to the currency's minor unit, half away from zero.
/// </summary>
public readonly record struct Money
{
    private Money(decimal amount, string currency)
    {
        Amount = amount;
        Currency = currency;
    }

    public decimal Amount { get; }

    public string Currency { get; }

    public static Money Of(decimal amount, string currency)
    {
        if (!IsCurrencyCode(currency))
        {
            throw new ArgumentException("A currency is a three-letter ISO 4217 code in capitals (e.g. USD).", nameof(currency));
        }

        return new Money(amount, currency);
    }

    public static Money Zero(string currency) => Of(0m, currency);

    public static bool IsCurrencyCode(string? code) => code is { Length: 3 } && code.All(c => c is >= 'A' and <= 'Z');

    /// <summary>Digits after the decimal point: 0 for currencies without a minor unit (JPY, KRW, …), 3 for BHD/KWD/OMR/JOD/TND, else 2.</summary>
    public static int MinorUnits(string currency) => currency switch
    {
        "JPY" or "KRW" or "VND" or "CLP" or "ISK" or "UGX" or "XAF" or "XOF" or "PYG" => 0,
        "BHD" or "KWD" or "OMR" or "JOD" or "TND" or "IQD" or "LYD" => 3,
        _ => 2,
    };

    /// <summary>Rounds to the currency's minor unit with <see cref="MidpointRounding.AwayFromZero"/> (2.345 USD → 2.35, −2.345 → −2.35).</summary>
    public Money Round() => new(Math.Round(Amount, MinorUnits(Currency), MidpointRounding.AwayFromZero), Currency);

    /// <summary>True when the amount has no more digits than the currency's minor unit allows.</summary>
    public bool IsWholeMinorUnits => Round().Amount == Amount;

    public bool IsNegative => Amount < 0m;

    public static Money operator +(Money a, Money b) => new(a.Amount + b.Amount, Same(a, b));

    public static Money operator -(Money a, Money b) => new(a.Amount - b.Amount, Same(a, b));

    public static bool operator >(Money a, Money b) => Same(a, b) is not null && a.Amount > b.Amount;

    public static bool operator <(Money a, Money b) => Same(a, b) is not null && a.Amount < b.Amount;

    public static bool operator >=(Money a, Money b) => Same(a, b) is not null && a.Amount >= b.Amount;

    public static bool operator <=(Money a, Money b) => Same(a, b) is not null && a.Amount <= b.Amount;

    public Money Times(decimal factor) => new(Amount * factor, Currency);

    public override string ToString() =>
        Amount.ToString("N" + MinorUnits(Currency), CultureInfo.InvariantCulture) + " " + Currency;

    private static string Same(Money a, Money b) =>
        a.Currency == b.Currency ? a.Currency : throw new InvalidOperationException($"Cannot combine {a.Currency} with {b.Currency}.");
}

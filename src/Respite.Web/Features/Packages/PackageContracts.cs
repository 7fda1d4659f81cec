using Respite.Clinical.Screening;
using Respite.Data.Billing;

namespace Respite.Web.Features.Packages;

public sealed record ProductInput
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public Modality? Modality { get; init; }

    public int? Credits { get; init; }

    public decimal? ListPrice { get; init; }

    /// <summary>ISO 4217; default: the clinic's currency.</summary>
    public string? Currency { get; init; }

    public decimal? DiscountPercent { get; init; }

    public int? ValidityDays { get; init; }

    public bool? Active { get; init; }

    /// <summary>Required on update: the version last read.</summary>
    public Guid? Version { get; init; }
}

public sealed record ProductDto(
    Guid Id, string Name, string? Description, Modality? Modality, int Credits, decimal ListPrice, string Currency,
    decimal DiscountPercent, decimal NetPrice, decimal Saving, decimal PricePerCredit, int? ValidityDays, bool Active, Guid Version);

public sealed record SaleInput(Guid? ProductId, decimal? DiscountPercent, string? DiscountReason, string? Note);

public sealed record PaymentInput(decimal? Amount, string? Currency, PaymentMethod? Method, PaymentKind? Kind, string? Reference);

public sealed record CancelSaleInput(string? Reason, Guid? Version);

public sealed record CreditInput(Guid? AppointmentId, string? Note);

public sealed record ReverseCreditInput(string? Reason);

public sealed record PaymentDto(Guid Id, PaymentKind Kind, decimal Amount, string Currency, PaymentMethod Method, string? Reference, DateTimeOffset ReceivedAt, string RecordedBy);

public sealed record CreditUseDto(Guid Id, Guid? AppointmentId, DateTimeOffset UsedAt, string UsedBy, string? Note, DateTimeOffset? ReversedAt, string? ReverseReason);

public sealed record SaleDto(
    Guid Id,
    Guid PatientId,
    Guid ProductId,
    string ProductName,
    Modality? Modality,
    SaleStatus Status,
    string Currency,
    decimal ListPrice,
    decimal DiscountPercent,
    decimal NetPrice,
    decimal Paid,
    decimal Refunded,
    decimal BalanceDue,
    int CreditsTotal,
    int CreditsUsed,
    int CreditsReturned,
    int CreditsRemaining,
    DateOnly? ExpiresOn,
    bool Expired,
    DateTimeOffset SoldAt,
    string SoldBy,
    string? Note,
    string? CancelReason,
    IReadOnlyList<PaymentDto> Payments,
    IReadOnlyList<CreditUseDto> CreditUses,
    Guid Version);

/// <summary>The patient's packages with totals per currency.</summary>
public sealed record PatientPackagesDto(IReadOnlyList<SaleDto> Sales, int CreditsRemaining, IReadOnlyList<BalanceDto> Balances);

public sealed record BalanceDto(string Currency, decimal BalanceDue);

/// <summary>What completing a session did with the patient's credits.</summary>
public sealed record CreditOutcomeDto(bool Consumed, Guid? SaleId, Guid? CreditUseId, string Message);

/// <summary>What voiding a completed session did with the credit it had taken.</summary>
public sealed record CreditReversalDto(bool Reversed, Guid? SaleId, Guid? CreditUseId, string Message);

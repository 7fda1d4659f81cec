using Respite.Clinical.Screening;

namespace Respite.Data.Billing;

/// <summary>A package the clinic sells: a number of session credits at a list price less a discount.</summary>
public sealed class PackageProduct
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>The treatment the credits are for; null: any treatment session.</summary>
    public Modality? Modality { get; set; }

    public int Credits { get; set; }

    public decimal ListPrice { get; set; }

    public string Currency { get; set; } = "";

    public decimal DiscountPercent { get; set; }

    /// <summary>Credits expire this many days after the sale; null: never.</summary>
    public int? ValidityDays { get; set; }

    public bool Active { get; set; } = true;

    public Guid Version { get; set; }
}

public enum SaleStatus
{
    Active,
    Cancelled,
}

/// <summary>A package sold to a patient, with the product's terms copied at the time of sale.</summary>
public sealed class PackageSale
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    public Guid ProductId { get; set; }

    public string ProductName { get; set; } = "";

    public Modality? Modality { get; set; }

    public int Credits { get; set; }

    public decimal ListPrice { get; set; }

    public decimal DiscountPercent { get; set; }

    public decimal NetPrice { get; set; }

    public string Currency { get; set; } = "";

    public DateOnly? ExpiresOn { get; set; }

    public SaleStatus Status { get; set; }

    public string? Note { get; set; }

    public string? CancelReason { get; set; }

    public DateTimeOffset SoldAt { get; set; }

    public string SoldByUserId { get; set; } = "";

    public List<PackagePayment> Payments { get; set; } = [];

    public List<PackageCreditUse> CreditUses { get; set; } = [];

    public Guid Version { get; set; }
}

public enum PaymentMethod
{
    Cash,
    CardTerminal,
    Check,
    BankTransfer,
    Insurance,
    Other,
}

public enum PaymentKind
{
    Payment,
    Refund,
}

/// <summary>Money received (or refunded) for a sale; recorded by staff, no card processing. Amounts are positive.</summary>
public sealed class PackagePayment
{
    public Guid Id { get; set; }

    public Guid SaleId { get; set; }

    public PaymentKind Kind { get; set; }

    public decimal Amount { get; set; }

    public string Currency { get; set; } = "";

    public PaymentMethod Method { get; set; }

    public string? Reference { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public string RecordedByUserId { get; set; } = "";
}

/// <summary>One credit taken from a sale for a completed session (or by hand); a reversal keeps the row.</summary>
public sealed class PackageCreditUse
{
    public Guid Id { get; set; }

    public Guid SaleId { get; set; }

    /// <summary>The completed appointment the credit paid for; at most one live credit per appointment.</summary>
    public Guid? AppointmentId { get; set; }

    public DateTimeOffset UsedAt { get; set; }

    public string UsedByUserId { get; set; } = "";

    public string? Note { get; set; }

    public DateTimeOffset? ReversedAt { get; set; }

    public string? ReversedByUserId { get; set; }

    public string? ReverseReason { get; set; }
}

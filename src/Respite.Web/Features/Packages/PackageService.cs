using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Billing;
using Respite.Clinical.Screening;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Billing;
using Respite.Data.Scheduling;
using Respite.Web.Features.Patients;
using Respite.Web.Features.Settings;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Packages;

/// <summary>
/// Packages: products with session credits and a discount, sold to patients, paid in recorded payments (no card
/// processing), and used up one credit per completed session. Money is decimal with a currency throughout.
/// </summary>
public sealed class PackageService(RespiteDbContext db, AuditTrail audit, ClinicSettingsService settings, PatientAccess access, TimeProvider clock)
{
    public const decimal MaxPrice = 1_000_000m;

    /// <summary>The length of the sale's note column; a discount reason is kept in the note.</summary>
    public const int MaxNoteLength = 1000;

    public async Task<IReadOnlyList<ProductDto>> ProductsAsync(bool includeInactive = false, CancellationToken cancellationToken = default)
    {
        var query = db.PackageProducts.AsNoTracking();
        if (!includeInactive)
        {
            query = query.Where(p => p.Active);
        }

        return [.. (await query.OrderBy(p => p.Name).ToListAsync(cancellationToken)).Select(ToDto)];
    }

    public async Task<Outcome<ProductDto>> CreateProductAsync(ProductInput input, CancellationToken cancellationToken = default)
    {
        var product = new PackageProduct { Id = Guid.CreateVersion7(clock.GetUtcNow()) };
        var errors = await ApplyAsync(product, input, creating: true, cancellationToken);
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<ProductDto>();
        }

        product.Version = Guid.NewGuid();
        db.PackageProducts.Add(product);
        audit.Add(AuditAction.Create, "PackageProduct", product.Id.ToString(), null);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<ProductDto>.Success(ToDto(product));
    }

    public async Task<Outcome<ProductDto>> UpdateProductAsync(Guid id, ProductInput input, CancellationToken cancellationToken = default)
    {
        var product = await db.PackageProducts.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (product is null)
        {
            return Outcome<ProductDto>.NotFound("The product");
        }

        if (input.Version is null)
        {
            return Outcome<ProductDto>.Invalid("version", "The version last read is required.");
        }

        if (input.Version != product.Version)
        {
            return Outcome<ProductDto>.Conflict("The product was changed by someone else. Reload it and apply your change again.");
        }

        var errors = await ApplyAsync(product, input, creating: false, cancellationToken);
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<ProductDto>();
        }

        product.Version = Guid.NewGuid();
        audit.Add(AuditAction.Update, "PackageProduct", product.Id.ToString(), null);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<ProductDto>.Success(ToDto(product));
    }

    public async Task<Outcome<PatientPackagesDto>> ListForPatientAsync(ClaimsPrincipal user, Guid patientId, CancellationToken cancellationToken = default)
    {
        if (!access.CanRead(user, patientId) || !await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Read, "PackageSale", null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<PatientPackagesDto>.NotFound("The patient");
        }

        var sales = await LoadSalesAsync(patientId, cancellationToken);
        await audit.RecordAsync(AuditAction.Read, "PackageSale", null, patientId, detail: $"count={sales.Count}", cancellationToken: cancellationToken);
        var dtos = await ToDtosAsync(sales, cancellationToken);
        var live = dtos.Where(s => s.Status == SaleStatus.Active).ToList();
        return Outcome<PatientPackagesDto>.Success(new PatientPackagesDto(
            dtos,
            live.Where(s => !s.Expired).Sum(s => s.CreditsRemaining),
            [.. dtos.GroupBy(s => s.Currency).Select(g => new BalanceDto(g.Key, g.Where(s => s.Status == SaleStatus.Active).Sum(s => s.BalanceDue)))]));
    }

    public async Task<Outcome<SaleDto>> SellAsync(ClaimsPrincipal user, Guid patientId, SaleInput input, CancellationToken cancellationToken = default)
    {
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Create, "PackageSale", null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<SaleDto>.NotFound("The patient");
        }

        var errors = new ErrorBag();
        var product = input.ProductId is { } productId ? await db.PackageProducts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == productId && p.Active, cancellationToken) : null;
        if (product is null)
        {
            errors.Add("productId", input.ProductId is null ? "The product is required." : "Unknown or inactive product.");
        }

        var billing = await settings.GetBillingSettingsAsync(cancellationToken);
        var discount = input.DiscountPercent ?? product?.DiscountPercent ?? 0m;
        if (discount < 0m || discount > billing.MaxDiscountPercent || decimal.Round(discount, 2) != discount)
        {
            errors.Add("discountPercent", $"Must be between 0 and {billing.MaxDiscountPercent} % with at most 2 decimals.");
        }

        var reason = errors.Optional("discountReason", input.DiscountReason, 500);
        if (product is not null && discount > product.DiscountPercent && reason is null)
        {
            errors.Add("discountReason", $"A discount above the product's {product.DiscountPercent} % needs a reason.");
        }

        var note = errors.Optional("note", input.Note, MaxNoteLength);
        var combinedNote = reason is null ? note : $"{note} (discount: {reason})".Trim();
        if (combinedNote is { Length: > MaxNoteLength })
        {
            errors.Add("note", $"The note and the discount reason together must fit in {MaxNoteLength} characters.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<SaleDto>();
        }

        var now = clock.GetUtcNow();
        var list = Money.Of(product!.ListPrice, product.Currency);
        var sale = new PackageSale
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patientId,
            ProductId = product.Id,
            ProductName = product.Name,
            Modality = product.Modality,
            Credits = product.Credits,
            ListPrice = product.ListPrice,
            DiscountPercent = discount,
            NetPrice = PackagePricing.NetPrice(list, discount).Amount,
            Currency = product.Currency,
            ExpiresOn = product.ValidityDays is { } days ? DateOnly.FromDateTime(now.UtcDateTime).AddDays(days) : null,
            Status = SaleStatus.Active,
            Note = combinedNote,
            SoldAt = now,
            SoldByUserId = user.UserId() ?? "",
            Version = Guid.NewGuid(),
        };
        db.PackageSales.Add(sale);
        audit.Add(AuditAction.Create, "PackageSale", sale.Id.ToString(), patientId, detail: $"{product.Name}, {discount} %");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<SaleDto>.Success((await ToDtosAsync([sale], cancellationToken))[0]);
    }

    public async Task<Outcome<SaleDto>> RecordPaymentAsync(ClaimsPrincipal user, Guid patientId, Guid saleId, PaymentInput input, CancellationToken cancellationToken = default)
    {
        var sale = await LoadSaleAsync(patientId, saleId, cancellationToken);
        if (sale is null)
        {
            await audit.RecordAsync(AuditAction.Update, "PackageSale", saleId.ToString(), patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<SaleDto>.NotFound("The package");
        }

        var kind = input.Kind ?? PaymentKind.Payment;
        if (sale.Status == SaleStatus.Cancelled && kind == PaymentKind.Payment)
        {
            return Outcome<SaleDto>.Conflict("The package is cancelled; only a refund can be recorded.");
        }

        var errors = new ErrorBag();
        var currency = input.Currency ?? sale.Currency;
        if (currency != sale.Currency)
        {
            errors.Add("currency", $"The package is priced in {sale.Currency}.");
        }

        if (input.Method is not { } method || !Enum.IsDefined(method))
        {
            errors.Add("method", "The payment method is required: cash, card-terminal, check, bank-transfer, insurance or other.");
            method = default;
        }

        if (!Enum.IsDefined(kind))
        {
            errors.Add("kind", "Use payment or refund.");
        }

        var reference = errors.Optional("reference", input.Reference, 200);
        if (input.Amount is not { } amount || amount <= 0m || amount > MaxPrice)
        {
            errors.Add("amount", "A positive amount is required.");
        }
        else if (Money.IsCurrencyCode(currency) && !Money.Of(amount, currency).IsWholeMinorUnits)
        {
            errors.Add("amount", $"At most {Money.MinorUnits(currency)} decimals in {currency}.");
        }
        else if (errors.IsEmpty)
        {
            var account = Account(sale);
            var money = Money.Of(amount, currency);
            if (kind == PaymentKind.Payment && money > account.BalanceDue)
            {
                errors.Add("amount", $"More than the balance due ({account.BalanceDue}).");
            }

            if (kind == PaymentKind.Refund && money > account.NetPaid)
            {
                errors.Add("amount", $"More than was paid ({account.NetPaid}).");
            }
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<SaleDto>();
        }

        var payment = new PackagePayment
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            SaleId = sale.Id,
            Kind = kind,
            Amount = input.Amount!.Value,
            Currency = currency,
            Method = method,
            Reference = reference,
            ReceivedAt = clock.GetUtcNow(),
            RecordedByUserId = user.UserId() ?? "",
        };
        db.Add(payment);

        sale.Version = Guid.NewGuid();
        audit.Add(AuditAction.Update, "PackageSale", sale.Id.ToString(), patientId, detail: kind == PaymentKind.Refund ? "refund" : "payment");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<SaleDto>.Success((await ToDtosAsync([sale], cancellationToken))[0]);
    }

    public async Task<Outcome<SaleDto>> CancelAsync(ClaimsPrincipal user, Guid patientId, Guid saleId, CancelSaleInput input, CancellationToken cancellationToken = default)
    {
        var sale = await LoadSaleAsync(patientId, saleId, cancellationToken);
        if (sale is null)
        {
            await audit.RecordAsync(AuditAction.Update, "PackageSale", saleId.ToString(), patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<SaleDto>.NotFound("The package");
        }

        var errors = new ErrorBag();
        var reason = errors.Required("reason", input.Reason, 1000);
        if (input.Version is null)
        {
            errors.Add("version", "The version last read is required.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<SaleDto>();
        }

        if (input.Version != sale.Version)
        {
            return Outcome<SaleDto>.Conflict("The package was changed by someone else. Reload it.");
        }

        if (sale.Status == SaleStatus.Cancelled)
        {
            return Outcome<SaleDto>.Conflict("The package is already cancelled.");
        }

        sale.Status = SaleStatus.Cancelled;
        sale.CancelReason = reason;
        sale.Version = Guid.NewGuid();
        audit.Add(AuditAction.Update, "PackageSale", sale.Id.ToString(), patientId, detail: "cancelled");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<SaleDto>.Success((await ToDtosAsync([sale], cancellationToken))[0]);
    }

    /// <summary>Staff take a credit by hand (e.g. a session recorded elsewhere).</summary>
    public async Task<Outcome<SaleDto>> ConsumeAsync(ClaimsPrincipal user, Guid patientId, Guid saleId, CreditInput input, CancellationToken cancellationToken = default)
    {
        var sale = await LoadSaleAsync(patientId, saleId, cancellationToken);
        if (sale is null)
        {
            await audit.RecordAsync(AuditAction.Update, "PackageSale", saleId.ToString(), patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<SaleDto>.NotFound("The package");
        }

        var errors = new ErrorBag();
        var note = errors.Optional("note", input.Note, 1000);
        if (input.AppointmentId is { } appointmentId)
        {
            if (!await db.Appointments.AnyAsync(a => a.Id == appointmentId && a.PatientId == patientId, cancellationToken))
            {
                errors.Add("appointmentId", "Not an appointment of this patient.");
            }
            else if (await db.PackageCreditUses.AnyAsync(c => c.AppointmentId == appointmentId && c.ReversedAt == null, cancellationToken))
            {
                errors.Add("appointmentId", "A credit was already taken for this appointment.");
            }
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<SaleDto>();
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (sale.Status != SaleStatus.Active || (sale.ExpiresOn is { } expires && expires < today) || Account(sale).CreditsRemaining == 0)
        {
            return Outcome<SaleDto>.Conflict("The package has no usable credit (cancelled, expired or used up).");
        }

        Use(sale, input.AppointmentId, user, note ?? "taken by hand");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<SaleDto>.Success((await ToDtosAsync([sale], cancellationToken))[0]);
    }

    public async Task<Outcome<SaleDto>> ReverseAsync(ClaimsPrincipal user, Guid patientId, Guid saleId, Guid useId, ReverseCreditInput input, CancellationToken cancellationToken = default)
    {
        var sale = await LoadSaleAsync(patientId, saleId, cancellationToken);
        var use = sale?.CreditUses.FirstOrDefault(c => c.Id == useId);
        if (sale is null || use is null)
        {
            await audit.RecordAsync(AuditAction.Update, "PackageSale", saleId.ToString(), patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<SaleDto>.NotFound("The credit");
        }

        var errors = new ErrorBag();
        var reason = errors.Required("reason", input.Reason, 1000);
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<SaleDto>();
        }

        if (use.ReversedAt is not null)
        {
            return Outcome<SaleDto>.Conflict("The credit was already given back.");
        }

        use.ReversedAt = clock.GetUtcNow();
        use.ReversedByUserId = user.UserId();
        use.ReverseReason = reason;
        sale.Version = Guid.NewGuid();
        audit.Add(AuditAction.Update, "PackageSale", sale.Id.ToString(), patientId, detail: "credit given back");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<SaleDto>.Success((await ToDtosAsync([sale], cancellationToken))[0]);
    }

    /// <summary>
    /// Takes one credit for a completed session from the oldest active, unexpired package with credits left whose
    /// treatment matches (or that covers any treatment). Idempotent per appointment. The caller saves.
    /// </summary>
    public async Task<CreditOutcomeDto> PrepareCreditForCompletedSessionAsync(ClaimsPrincipal user, Appointment appointment, CancellationToken cancellationToken = default)
    {
        if (appointment.PatientId is not { } patientId)
        {
            return new CreditOutcomeDto(false, null, null, "No patient on the appointment.");
        }

        var existing = await db.PackageCreditUses.AsNoTracking().FirstOrDefaultAsync(c => c.AppointmentId == appointment.Id && c.ReversedAt == null, cancellationToken);
        if (existing is not null)
        {
            return new CreditOutcomeDto(true, existing.SaleId, existing.Id, "A credit was already taken for this session.");
        }

        var modalities = appointment.Kind switch
        {
            Clinical.Scheduling.AppointmentKind.EsketamineSession => new[] { Modality.EsketamineNasalSpray },
            Clinical.Scheduling.AppointmentKind.IvInfusion => [Modality.IvKetamineDepression, Modality.IvKetamineChronicPain],
            _ => [],
        };
        if (modalities.Length == 0)
        {
            return new CreditOutcomeDto(false, null, null, "Consultations and follow-ups do not use package credits.");
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var sales = await db.PackageSales.Include(s => s.CreditUses).Include(s => s.Payments).AsSplitQuery()
            .Where(s => s.PatientId == patientId && s.Status == SaleStatus.Active && (s.ExpiresOn == null || s.ExpiresOn >= today))
            .OrderBy(s => s.SoldAt)
            .ToListAsync(cancellationToken);
        var sale = sales.FirstOrDefault(s => (s.Modality is null || modalities.Contains(s.Modality.Value)) && Account(s).CreditsRemaining > 0);
        if (sale is null)
        {
            return new CreditOutcomeDto(false, null, null, "No package credit available: bill this session separately.");
        }

        var use = Use(sale, appointment.Id, user, "completed session");
        var left = Account(sale).CreditsRemaining;
        return new CreditOutcomeDto(true, sale.Id, use.Id, $"One credit of '{sale.ProductName}' used; {left} left.");
    }

    /// <summary>
    /// Gives back the credit a completed session took, e.g. when the session is later voided. Idempotent: when the
    /// appointment holds no live credit nothing changes. The caller saves.
    /// </summary>
    public async Task<CreditReversalDto> PrepareCreditReversalForAppointmentAsync(
        ClaimsPrincipal user, Guid appointmentId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var use = await db.PackageCreditUses.FirstOrDefaultAsync(c => c.AppointmentId == appointmentId && c.ReversedAt == null, cancellationToken);
        if (use is null)
        {
            return new CreditReversalDto(false, null, null, "The session had taken no package credit.");
        }

        var sale = await db.PackageSales.FirstAsync(s => s.Id == use.SaleId, cancellationToken);
        use.ReversedAt = clock.GetUtcNow();
        use.ReversedByUserId = user.UserId();
        use.ReverseReason = reason.Length > MaxNoteLength ? reason[..MaxNoteLength] : reason;
        sale.Version = Guid.NewGuid();
        audit.Add(AuditAction.Update, "PackageSale", sale.Id.ToString(), sale.PatientId, detail: "credit given back", user: user);
        return new CreditReversalDto(true, sale.Id, use.Id, $"One credit of '{sale.ProductName}' given back.");
    }

    private PackageCreditUse Use(PackageSale sale, Guid? appointmentId, ClaimsPrincipal user, string note)
    {
        var use = new PackageCreditUse
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            SaleId = sale.Id,
            AppointmentId = appointmentId,
            UsedAt = clock.GetUtcNow(),
            UsedByUserId = user.UserId() ?? "",
            Note = note,
        };
        db.PackageCreditUses.Add(use);

        sale.Version = Guid.NewGuid();
        audit.Add(AuditAction.Update, "PackageSale", sale.Id.ToString(), sale.PatientId, detail: "credit used");
        return use;
    }

    private static PackageAccount Account(PackageSale sale) => PackageAccount.From(
        Money.Of(sale.NetPrice, sale.Currency),
        sale.Payments.Where(p => p.Kind == PaymentKind.Payment).Select(p => Money.Of(p.Amount, p.Currency)),
        sale.Payments.Where(p => p.Kind == PaymentKind.Refund).Select(p => Money.Of(p.Amount, p.Currency)),
        sale.Credits,
        sale.CreditUses.Count(c => c.ReversedAt is null),
        sale.Status == SaleStatus.Cancelled);

    private Task<PackageSale?> LoadSaleAsync(Guid patientId, Guid saleId, CancellationToken cancellationToken) =>
        db.PackageSales.Include(s => s.Payments).Include(s => s.CreditUses).AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == saleId && s.PatientId == patientId, cancellationToken);

    private Task<List<PackageSale>> LoadSalesAsync(Guid patientId, CancellationToken cancellationToken) =>
        db.PackageSales.AsNoTracking().Include(s => s.Payments).Include(s => s.CreditUses).AsSplitQuery()
            .Where(s => s.PatientId == patientId).OrderByDescending(s => s.SoldAt).ToListAsync(cancellationToken);

    private async Task<IReadOnlyList<SaleDto>> ToDtosAsync(IReadOnlyList<PackageSale> sales, CancellationToken cancellationToken)
    {
        var names = await db.DisplayNamesAsync(
            sales.SelectMany(s => s.Payments.Select(p => p.RecordedByUserId).Concat(s.CreditUses.Select(c => c.UsedByUserId)).Append(s.SoldByUserId)), cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return [.. sales.Select(s =>
        {
            var account = Account(s);
            return new SaleDto(
                s.Id, s.PatientId, s.ProductId, s.ProductName, s.Modality, s.Status, s.Currency, s.ListPrice, s.DiscountPercent, s.NetPrice,
                account.Paid.Amount, account.Refunded.Amount, account.BalanceDue.Amount, s.Credits, account.CreditsUsed, account.CreditsReturned, account.CreditsRemaining,
                s.ExpiresOn, s.ExpiresOn is { } e && e < today, s.SoldAt, names.GetValueOrDefault(s.SoldByUserId) ?? "", s.Note, s.CancelReason,
                [.. s.Payments.OrderBy(p => p.ReceivedAt).Select(p => new PaymentDto(p.Id, p.Kind, p.Amount, p.Currency, p.Method, p.Reference, p.ReceivedAt, names.GetValueOrDefault(p.RecordedByUserId) ?? ""))],
                [.. s.CreditUses.OrderBy(c => c.UsedAt).Select(c => new CreditUseDto(c.Id, c.AppointmentId, c.UsedAt, names.GetValueOrDefault(c.UsedByUserId) ?? "", c.Note, c.ReversedAt, c.ReverseReason))],
                s.Version);
        })];
    }

    private async Task<ErrorBag> ApplyAsync(PackageProduct product, ProductInput input, bool creating, CancellationToken cancellationToken)
    {
        var errors = new ErrorBag();
        var billing = await settings.GetBillingSettingsAsync(cancellationToken);
        var name = creating || input.Name is not null ? errors.Required("name", input.Name, 200) : product.Name;
        var description = input.Description is null ? product.Description : errors.Optional("description", input.Description, 2000);
        var currency = input.Currency ?? (creating ? billing.Currency : product.Currency);
        if (!Money.IsCurrencyCode(currency))
        {
            errors.Add("currency", "A three-letter ISO 4217 code in capitals, e.g. USD.");
        }
        else if (Money.MinorUnits(currency) > BillingSettings.MaxMinorUnits)
        {
            errors.Add("currency", $"Amounts are kept to {BillingSettings.MaxMinorUnits} decimals; {currency} has {Money.MinorUnits(currency)}.");
        }

        var credits = input.Credits ?? (creating ? null : product.Credits);
        if (credits is not (>= 1 and <= 100))
        {
            errors.Add("credits", "Between 1 and 100 session credits.");
        }

        var price = input.ListPrice ?? (creating ? null : product.ListPrice);
        if (price is not { } p || p < 0m || p > MaxPrice)
        {
            errors.Add("listPrice", $"A price between 0 and {MaxPrice} is required.");
        }
        else if (Money.IsCurrencyCode(currency) && !Money.Of(p, currency).IsWholeMinorUnits)
        {
            errors.Add("listPrice", $"At most {Money.MinorUnits(currency)} decimals in {currency}.");
        }

        var discount = input.DiscountPercent ?? (creating ? 0m : product.DiscountPercent);
        if (discount < 0m || discount > billing.MaxDiscountPercent || decimal.Round(discount, 2) != discount)
        {
            errors.Add("discountPercent", $"Between 0 and {billing.MaxDiscountPercent} % with at most 2 decimals.");
        }

        if (input.Modality is { } modality && !Enum.IsDefined(modality))
        {
            errors.Add("modality", "Unknown treatment.");
        }

        if (input.ValidityDays is < 1 or > 3650)
        {
            errors.Add("validityDays", "Between 1 and 3650 days, or leave empty for no expiry.");
        }

        if (name is not null && await db.PackageProducts.AnyAsync(x => x.Name == name && x.Id != product.Id, cancellationToken))
        {
            errors.Add("name", "A product with this name exists.");
        }

        if (!errors.IsEmpty)
        {
            return errors;
        }

        product.Name = name!;
        product.Description = description;
        product.Currency = currency;
        product.Credits = credits!.Value;
        product.ListPrice = price!.Value;
        product.DiscountPercent = discount;
        product.Modality = creating || input.Modality is not null ? input.Modality : product.Modality;
        product.ValidityDays = creating || input.ValidityDays is not null ? input.ValidityDays : product.ValidityDays;
        product.Active = input.Active ?? product.Active;
        return errors;
    }

    public static ProductDto ToDto(PackageProduct p)
    {
        var list = Money.Of(p.ListPrice, p.Currency);
        var net = PackagePricing.NetPrice(list, p.DiscountPercent);
        return new ProductDto(
            p.Id, p.Name, p.Description, p.Modality, p.Credits, p.ListPrice, p.Currency, p.DiscountPercent, net.Amount, (list - net).Amount,
            Money.Of(net.Amount / p.Credits, p.Currency).Round().Amount, p.ValidityDays, p.Active, p.Version);
    }
}

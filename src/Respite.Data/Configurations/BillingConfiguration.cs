using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Respite.Data.Billing;
using Respite.Data.Patients;
using Respite.Data.Scheduling;

namespace Respite.Data.Configurations;

internal sealed class PackageProductConfiguration : IEntityTypeConfiguration<PackageProduct>
{
    public void Configure(EntityTypeBuilder<PackageProduct> builder)
    {
        builder.ToTable("package_products");
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Description).HasMaxLength(2000);
        builder.Property(p => p.Modality).HasConversion<string>().HasMaxLength(40);
        builder.Property(p => p.ListPrice).HasPrecision(12, 2);
        builder.Property(p => p.DiscountPercent).HasPrecision(5, 2);
        builder.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => p.Name).IsUnique();
    }
}

internal sealed class PackageSaleConfiguration : IEntityTypeConfiguration<PackageSale>
{
    public void Configure(EntityTypeBuilder<PackageSale> builder)
    {
        builder.ToTable("package_sales");
        builder.Property(s => s.ProductName).HasMaxLength(200);
        builder.Property(s => s.Modality).HasConversion<string>().HasMaxLength(40);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.ListPrice).HasPrecision(12, 2);
        builder.Property(s => s.NetPrice).HasPrecision(12, 2);
        builder.Property(s => s.DiscountPercent).HasPrecision(5, 2);
        builder.Property(s => s.Currency).HasMaxLength(3).IsFixedLength();
        builder.Property(s => s.Note).HasMaxLength(1000);
        builder.Property(s => s.CancelReason).HasMaxLength(1000);
        builder.Property(s => s.SoldByUserId).HasMaxLength(450);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasOne<Patient>().WithMany().HasForeignKey(s => s.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<PackageProduct>().WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Payments).WithOne().HasForeignKey(p => p.SaleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.CreditUses).WithOne().HasForeignKey(c => c.SaleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.PatientId, s.SoldAt });
    }
}

internal sealed class PackagePaymentConfiguration : IEntityTypeConfiguration<PackagePayment>
{
    public void Configure(EntityTypeBuilder<PackagePayment> builder)
    {
        builder.ToTable("package_payments");
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Method).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Amount).HasPrecision(12, 2);
        builder.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
        builder.Property(p => p.Reference).HasMaxLength(200);
        builder.Property(p => p.RecordedByUserId).HasMaxLength(450);
    }
}

internal sealed class PackageCreditUseConfiguration : IEntityTypeConfiguration<PackageCreditUse>
{
    public void Configure(EntityTypeBuilder<PackageCreditUse> builder)
    {
        builder.ToTable("package_credit_uses");
        builder.Property(c => c.Note).HasMaxLength(1000);
        builder.Property(c => c.ReverseReason).HasMaxLength(1000);
        builder.Property(c => c.UsedByUserId).HasMaxLength(450);
        builder.Property(c => c.ReversedByUserId).HasMaxLength(450);
        builder.HasOne<Appointment>().WithMany().HasForeignKey(c => c.AppointmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.AppointmentId);
    }
}

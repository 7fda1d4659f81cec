using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Respite.Data.Exports;

namespace Respite.Data.Configurations;

internal sealed class FhirExportJobConfiguration : IEntityTypeConfiguration<FhirExportJob>
{
    public void Configure(EntityTypeBuilder<FhirExportJob> builder)
    {
        builder.ToTable("fhir_export_jobs");
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(j => j.Level).HasConversion<string>().HasMaxLength(20);
        builder.Property(j => j.RequestedByUserId).HasMaxLength(450);
        builder.Property(j => j.RequestUrl).HasMaxLength(2000);
        builder.Property(j => j.Types).HasMaxLength(1000);
        builder.Property(j => j.CurrentType).HasMaxLength(64);
        builder.Property(j => j.Error).HasMaxLength(400);
        builder.HasIndex(j => new { j.Status, j.CreatedAt });
        builder.HasIndex(j => j.ExpiresAt);
    }
}

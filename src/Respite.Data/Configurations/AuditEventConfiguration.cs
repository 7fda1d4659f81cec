using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Respite.Data.Auditing;

namespace Respite.Data.Configurations;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("audit_events");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedOnAdd();
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.Property(a => a.UserName).HasMaxLength(256);
        builder.Property(a => a.Role).HasMaxLength(100);
        builder.Property(a => a.EntityType).HasMaxLength(60);
        builder.Property(a => a.EntityId).HasMaxLength(100);
        builder.Property(a => a.TraceId).HasMaxLength(64);
        builder.Property(a => a.Detail).HasMaxLength(400);
        builder.Property(a => a.Action).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(a => a.OccurredAt);
        builder.HasIndex(a => new { a.PatientId, a.OccurredAt });
        builder.HasIndex(a => new { a.UserId, a.OccurredAt });
    }
}

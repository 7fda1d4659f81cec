using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Respite.Data.Patients;
using Respite.Data.Plans;

namespace Respite.Data.Configurations;

internal sealed class TreatmentPlanConfiguration : IEntityTypeConfiguration<TreatmentPlan>
{
    public void Configure(EntityTypeBuilder<TreatmentPlan> builder)
    {
        builder.ToTable("treatment_plans");
        builder.Property(p => p.ProtocolId).HasMaxLength(60);
        builder.Property(p => p.Modality).HasConversion<string>().HasMaxLength(40);
        builder.Property(p => p.Phase).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Notes).HasMaxLength(4000);
        builder.Property(p => p.OverrideReason).HasMaxLength(2000);
        builder.Property(p => p.CreatedByUserId).HasMaxLength(450);
        builder.Property(p => p.SignedByUserId).HasMaxLength(450);
        builder.Property(p => p.WeightKg).HasPrecision(6, 2);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.PrimitiveCollection(p => p.Indications);
        builder.PrimitiveCollection(p => p.OverriddenRules);
        builder.HasOne<Patient>().WithMany().HasForeignKey(p => p.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Sessions).WithOne().HasForeignKey(s => s.PlanId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.PlanGroupId, p.VersionNumber }).IsUnique();
        builder.HasIndex(p => new { p.PatientId, p.CreatedAt });
    }
}

internal sealed class PlannedSessionConfiguration : IEntityTypeConfiguration<PlannedSession>
{
    public void Configure(EntityTypeBuilder<PlannedSession> builder)
    {
        builder.ToTable("planned_sessions");
        builder.Property(s => s.Phase).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.ChecksJson).HasMaxLength(8000);
        builder.HasIndex(s => new { s.PlanId, s.Sequence }).IsUnique();
    }
}

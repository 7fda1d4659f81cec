using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Respite.Data.Outcomes;
using Respite.Data.Patients;
using Respite.Data.Scheduling;

namespace Respite.Data.Configurations;

internal sealed class PatientOutcomeSnapshotConfiguration : IEntityTypeConfiguration<PatientOutcomeSnapshot>
{
    public void Configure(EntityTypeBuilder<PatientOutcomeSnapshot> builder)
    {
        builder.ToTable("patient_outcome_snapshots");
        builder.HasKey(s => s.PatientId);
        builder.Property(s => s.Modality).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Indication).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.TrajectoryJson).HasMaxLength(4000);
        builder.Property(s => s.SettingsFingerprint).HasMaxLength(64);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasOne<Patient>().WithOne().HasForeignKey<PatientOutcomeSnapshot>(s => s.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Location>().WithMany().HasForeignKey(s => s.LocationId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(s => new { s.LocationId, s.FirstTreatmentAt });
        builder.HasIndex(s => s.FirstTreatmentAt);
    }
}

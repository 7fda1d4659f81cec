using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Respite.Data.Patients;
using Respite.Data.Scheduling;
using Respite.Data.Sessions;

namespace Respite.Data.Configurations;

internal sealed class TreatmentSessionConfiguration : IEntityTypeConfiguration<TreatmentSession>
{
    public void Configure(EntityTypeBuilder<TreatmentSession> builder)
    {
        builder.ToTable("treatment_sessions");
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.CheckedInByUserId).HasMaxLength(450);
        builder.Property(s => s.OverriddenByUserId).HasMaxLength(450);
        builder.Property(s => s.NewMedicationNote).HasMaxLength(1000);
        builder.Property(s => s.OverrideReason).HasMaxLength(2000);
        builder.Property(s => s.WeightKg).HasPrecision(6, 2);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.PrimitiveCollection(s => s.OverriddenRules);
        builder.HasOne<Patient>().WithMany().HasForeignKey(s => s.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Appointment>().WithMany().HasForeignKey(s => s.AppointmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Vitals).WithOne().HasForeignKey(v => v.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Alerts).WithOne().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Doses).WithOne().HasForeignKey(d => d.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.SideEffects).WithOne().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Addenda).WithOne().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.DischargedByUserId).HasMaxLength(450);
        builder.Property(s => s.PrescriberSignedByUserId).HasMaxLength(450);
        builder.Property(s => s.DischargeNote).HasMaxLength(2000);
        builder.Property(s => s.CancelReason).HasMaxLength(1000);
        builder.Property(s => s.CancelledByUserId).HasMaxLength(450);
        builder.Property(s => s.ConcentrationMgPerMl).HasPrecision(8, 3);
        builder.Property(s => s.PlannedDoseMg).HasPrecision(8, 2);
        builder.Property(s => s.MaxMgPerSession).HasPrecision(8, 2);
        builder.HasIndex(s => new { s.PatientId, s.CheckedInAt });
        builder.HasIndex(s => s.AppointmentId);
    }
}

internal sealed class VitalsReadingConfiguration : IEntityTypeConfiguration<VitalsReading>
{
    public void Configure(EntityTypeBuilder<VitalsReading> builder)
    {
        builder.ToTable("vitals_readings");
        builder.Property(v => v.RecordedByUserId).HasMaxLength(450);
        builder.Property(v => v.EnteredInErrorByUserId).HasMaxLength(450);
        builder.Property(v => v.EnteredInErrorReason).HasMaxLength(1000);
        builder.HasIndex(v => new { v.SessionId, v.TakenAt });
    }
}

internal sealed class SessionAlertConfiguration : IEntityTypeConfiguration<SessionAlert>
{
    public void Configure(EntityTypeBuilder<SessionAlert> builder)
    {
        builder.ToTable("session_alerts");
        builder.Property(a => a.RuleId).HasMaxLength(20);
        builder.Property(a => a.Severity).HasConversion<string>().HasMaxLength(10);
        builder.Property(a => a.Message).HasMaxLength(500);
        builder.Property(a => a.AcknowledgedByUserId).HasMaxLength(450);
        builder.Property(a => a.AcknowledgeNote).HasMaxLength(1000);
    }
}

internal sealed class DoseEventConfiguration : IEntityTypeConfiguration<DoseEvent>
{
    public void Configure(EntityTypeBuilder<DoseEvent> builder)
    {
        builder.ToTable("dose_events");
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.RateMgPerHour).HasPrecision(10, 3);
        builder.Property(d => d.AmountMg).HasPrecision(10, 3);
        builder.Property(d => d.LotNumber).HasMaxLength(40);
        builder.Property(d => d.Reason).HasMaxLength(500);
        builder.Property(d => d.RecordedByUserId).HasMaxLength(450);
        builder.Property(d => d.EnteredInErrorByUserId).HasMaxLength(450);
        builder.Property(d => d.EnteredInErrorReason).HasMaxLength(1000);
        builder.HasIndex(d => new { d.SessionId, d.At });
    }
}

internal sealed class SideEffectEntryConfiguration : IEntityTypeConfiguration<SideEffectEntry>
{
    public void Configure(EntityTypeBuilder<SideEffectEntry> builder)
    {
        builder.ToTable("side_effects");
        builder.Property(e => e.Effect).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.Severity).HasConversion<string>().HasMaxLength(10);
        builder.Property(e => e.Intervention).HasMaxLength(500);
        builder.Property(e => e.Note).HasMaxLength(1000);
        builder.Property(e => e.RecordedByUserId).HasMaxLength(450);
        builder.Property(e => e.EnteredInErrorByUserId).HasMaxLength(450);
        builder.Property(e => e.EnteredInErrorReason).HasMaxLength(1000);
        builder.HasIndex(e => new { e.SessionId, e.At });
    }
}

internal sealed class SessionAddendumConfiguration : IEntityTypeConfiguration<SessionAddendum>
{
    public void Configure(EntityTypeBuilder<SessionAddendum> builder)
    {
        builder.ToTable("session_addenda");
        builder.Property(a => a.Text).HasMaxLength(4000);
        builder.Property(a => a.AuthorUserId).HasMaxLength(450);
        builder.HasIndex(a => new { a.SessionId, a.At });
    }
}

internal sealed class RemsSubmissionConfiguration : IEntityTypeConfiguration<RemsSubmission>
{
    public void Configure(EntityTypeBuilder<RemsSubmission> builder)
    {
        builder.ToTable("rems_submissions");
        builder.Property(r => r.ConfirmationNumber).HasMaxLength(60);
        builder.Property(r => r.RecordedByUserId).HasMaxLength(450);
        builder.HasOne<TreatmentSession>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.SessionId).IsUnique();
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Respite.Data.Assessments;
using Respite.Data.Consultations;
using Respite.Data.Patients;
using Respite.Data.Screenings;
using Respite.Data.Settings;

namespace Respite.Data.Configurations;

internal sealed class AssessmentConfiguration : IEntityTypeConfiguration<Assessment>
{
    public void Configure(EntityTypeBuilder<Assessment> builder)
    {
        builder.ToTable("assessments");
        builder.Property(a => a.InstrumentCode).HasMaxLength(40);
        builder.Property(a => a.AnswersJson).HasMaxLength(4000);
        builder.Property(a => a.Band).HasMaxLength(40);
        builder.Property(a => a.Notes).HasMaxLength(2000);
        builder.Property(a => a.RecordedByUserId).HasMaxLength(450);
        builder.Property(a => a.Context).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Respondent).HasConversion<string>().HasMaxLength(20);
        builder.PrimitiveCollection(a => a.Flags);
        builder.HasOne<Patient>().WithMany().HasForeignKey(a => a.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.PatientId, a.InstrumentCode, a.AnsweredAt });
    }
}

internal sealed class SafetyAlertConfiguration : IEntityTypeConfiguration<SafetyAlert>
{
    public void Configure(EntityTypeBuilder<SafetyAlert> builder)
    {
        builder.ToTable("safety_alerts");
        builder.Property(a => a.RuleId).HasMaxLength(20);
        builder.Property(a => a.Message).HasMaxLength(1000);
        builder.Property(a => a.AcknowledgementNote).HasMaxLength(2000);
        builder.Property(a => a.RaisedByUserId).HasMaxLength(450);
        builder.Property(a => a.AcknowledgedByUserId).HasMaxLength(450);
        builder.Ignore(a => a.IsOpen);
        builder.HasOne<Patient>().WithMany().HasForeignKey(a => a.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.PatientId, a.AcknowledgedAt });
    }
}

internal sealed class ScreeningRecordConfiguration : IEntityTypeConfiguration<ScreeningRecord>
{
    public void Configure(EntityTypeBuilder<ScreeningRecord> builder)
    {
        builder.ToTable("screenings");
        builder.Property(s => s.InputJson).HasMaxLength(20000);
        builder.Property(s => s.ResultJson).HasMaxLength(20000);
        builder.Property(s => s.SettingsJson).HasMaxLength(8000);
        builder.Property(s => s.SignatureNote).HasMaxLength(2000);
        builder.Property(s => s.EvaluatedByUserId).HasMaxLength(450);
        builder.Property(s => s.SignedByUserId).HasMaxLength(450);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasOne<Patient>().WithMany().HasForeignKey(s => s.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.PatientId, s.EvaluatedAt });
    }
}

internal sealed class ConsultationRequestConfiguration : IEntityTypeConfiguration<ConsultationRequest>
{
    public void Configure(EntityTypeBuilder<ConsultationRequest> builder)
    {
        builder.ToTable("consultation_requests");
        builder.Property(c => c.GivenName).HasMaxLength(100);
        builder.Property(c => c.FamilyName).HasMaxLength(100);
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.Phone).HasMaxLength(40);
        builder.Property(c => c.PreferredTimes).HasMaxLength(500);
        builder.Property(c => c.Message).HasMaxLength(2000);
        builder.Property(c => c.HandledByUserId).HasMaxLength(450);
        builder.Property(c => c.Concern).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.PrimitiveCollection(c => c.PainConditions);
        builder.HasIndex(c => new { c.Status, c.ReceivedAt });
    }
}

internal sealed class ClinicSettingConfiguration : IEntityTypeConfiguration<ClinicSetting>
{
    public void Configure(EntityTypeBuilder<ClinicSetting> builder)
    {
        builder.ToTable("clinic_settings");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(100);
        builder.Property(s => s.ValueJson).HasMaxLength(8000);
        builder.Property(s => s.UpdatedByUserId).HasMaxLength(450);
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}

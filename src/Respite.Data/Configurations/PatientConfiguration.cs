using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Respite.Data.Patients;

namespace Respite.Data.Configurations;

internal sealed class PatientConfiguration : IEntityTypeConfiguration<Patient>
{
    public void Configure(EntityTypeBuilder<Patient> builder)
    {
        builder.ToTable("patients");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.RecordNumber).HasMaxLength(20);
        builder.HasIndex(p => p.RecordNumber).IsUnique();
        builder.Property(p => p.GivenName).HasMaxLength(100);
        builder.Property(p => p.FamilyName).HasMaxLength(100);
        builder.Property(p => p.SearchText).HasMaxLength(250);
        builder.HasIndex(p => p.SearchText);
        builder.Property(p => p.Email).HasMaxLength(254);
        builder.Property(p => p.Phone).HasMaxLength(40);
        builder.Property(p => p.Address).HasMaxLength(300);
        builder.Property(p => p.EmergencyContact).HasMaxLength(200);
        builder.Property(p => p.SubstanceUseNotes).HasMaxLength(2000);
        builder.Property(p => p.IntakeNotes).HasMaxLength(4000);
        builder.Property(p => p.Sex).HasConversion<string>().HasMaxLength(10);
        builder.Property(p => p.SubstanceUse).HasConversion<string>().HasMaxLength(10);
        builder.PrimitiveCollection(p => p.MedicalFlags);
        builder.PrimitiveCollection(p => p.PainSymptoms);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Ignore(p => p.FullName);
        builder.Ignore(p => p.LatestWeight);
        builder.HasMany(p => p.Conditions).WithOne().HasForeignKey(c => c.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Allergies).WithOne().HasForeignKey(c => c.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Medications).WithOne().HasForeignKey(c => c.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.AntidepressantTrials).WithOne().HasForeignKey(c => c.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Weights).WithOne().HasForeignKey(c => c.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PatientConditionConfiguration : IEntityTypeConfiguration<PatientCondition>
{
    public void Configure(EntityTypeBuilder<PatientCondition> builder)
    {
        builder.ToTable("patient_conditions");
        builder.Property(c => c.Icd10Code).HasMaxLength(10);
        builder.Property(c => c.Text).HasMaxLength(200);
        builder.Property(c => c.Category).HasConversion<string>().HasMaxLength(20);
    }
}

internal sealed class PatientAllergyConfiguration : IEntityTypeConfiguration<PatientAllergy>
{
    public void Configure(EntityTypeBuilder<PatientAllergy> builder)
    {
        builder.ToTable("patient_allergies");
        builder.Property(a => a.Substance).HasMaxLength(200);
        builder.Property(a => a.Reaction).HasMaxLength(200);
    }
}

internal sealed class PatientMedicationConfiguration : IEntityTypeConfiguration<PatientMedication>
{
    public void Configure(EntityTypeBuilder<PatientMedication> builder)
    {
        builder.ToTable("patient_medications");
        builder.Property(m => m.Name).HasMaxLength(200);
        builder.Property(m => m.Dose).HasMaxLength(100);
        builder.Property(m => m.Frequency).HasMaxLength(100);
        builder.Property(m => m.Class).HasConversion<string>().HasMaxLength(30);
    }
}

internal sealed class AntidepressantTrialConfiguration : IEntityTypeConfiguration<AntidepressantTrialRecord>
{
    public void Configure(EntityTypeBuilder<AntidepressantTrialRecord> builder)
    {
        builder.ToTable("antidepressant_trials");
        builder.Property(t => t.Drug).HasMaxLength(200);
        builder.Property(t => t.Outcome).HasMaxLength(400);
    }
}

internal sealed class WeightMeasurementConfiguration : IEntityTypeConfiguration<WeightMeasurement>
{
    public void Configure(EntityTypeBuilder<WeightMeasurement> builder)
    {
        builder.ToTable("weight_measurements");
        builder.Property(w => w.WeightKg).HasPrecision(6, 2);
        builder.HasIndex(w => new { w.PatientId, w.MeasuredOn });
    }
}

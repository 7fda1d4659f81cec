using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Respite.Data.Patients;
using Respite.Data.Portal;
using Respite.Data.Scheduling;

namespace Respite.Data.Configurations;

internal sealed class PortalInvitationConfiguration : IEntityTypeConfiguration<PortalInvitation>
{
    public void Configure(EntityTypeBuilder<PortalInvitation> builder)
    {
        builder.ToTable("portal_invitations");
        builder.Property(i => i.Email).HasMaxLength(256);
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.Property(i => i.CreatedByUserId).HasMaxLength(450);
        builder.Property(i => i.AcceptedUserId).HasMaxLength(450);
        builder.HasOne<Patient>().WithMany().HasForeignKey(i => i.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => new { i.PatientId, i.CreatedAt });
    }
}

internal sealed class QuestionnaireAssignmentConfiguration : IEntityTypeConfiguration<QuestionnaireAssignment>
{
    public void Configure(EntityTypeBuilder<QuestionnaireAssignment> builder)
    {
        builder.ToTable("questionnaire_assignments");
        builder.Property(a => a.InstrumentCode).HasMaxLength(40);
        builder.Property(a => a.Trigger).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.CreatedByUserId).HasMaxLength(450);
        builder.Property(a => a.EndedByUserId).HasMaxLength(450);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasOne<Patient>().WithMany().HasForeignKey(a => a.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.PatientId, a.EndedAt });
        builder.HasIndex(a => a.EndedAt);
    }
}

internal sealed class AppointmentChangeRequestConfiguration : IEntityTypeConfiguration<AppointmentChangeRequest>
{
    public void Configure(EntityTypeBuilder<AppointmentChangeRequest> builder)
    {
        builder.ToTable("appointment_change_requests");
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Message).HasMaxLength(1000);
        builder.Property(r => r.ResolutionNote).HasMaxLength(1000);
        builder.Property(r => r.CreatedByUserId).HasMaxLength(450);
        builder.Property(r => r.ResolvedByUserId).HasMaxLength(450);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasOne<Patient>().WithMany().HasForeignKey(r => r.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Appointment>().WithMany().HasForeignKey(r => r.AppointmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.Status, r.CreatedAt });
        builder.HasIndex(r => new { r.PatientId, r.CreatedAt });
        builder.HasIndex(r => r.AppointmentId);
    }
}

internal sealed class OutboundEmailConfiguration : IEntityTypeConfiguration<OutboundEmail>
{
    public void Configure(EntityTypeBuilder<OutboundEmail> builder)
    {
        builder.ToTable("outbound_emails");
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.ToAddress).HasMaxLength(256);
        builder.Property(e => e.Subject).HasMaxLength(200);
        builder.Property(e => e.Body).HasMaxLength(8000);
        builder.Property(e => e.DedupeKey).HasMaxLength(200);
        builder.Property(e => e.LastError).HasMaxLength(1000);
        builder.Property(e => e.AbandonedReason).HasMaxLength(200);
        builder.HasOne<Patient>().WithMany().HasForeignKey(e => e.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => e.DedupeKey).IsUnique();
        builder.HasIndex(e => new { e.SentAt, e.NextAttemptAt });
        builder.HasIndex(e => new { e.PatientId, e.CreatedAt });
    }
}

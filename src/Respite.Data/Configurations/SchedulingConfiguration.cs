using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Respite.Data.Consultations;
using Respite.Data.Patients;
using Respite.Data.Scheduling;

namespace Respite.Data.Configurations;

internal sealed class LocationConfiguration : IEntityTypeConfiguration<Location>
{
    public void Configure(EntityTypeBuilder<Location> builder)
    {
        builder.ToTable("locations");
        builder.Property(l => l.Name).HasMaxLength(200);
        builder.Property(l => l.TimeZoneId).HasMaxLength(64);
        builder.Property(l => l.Address).HasMaxLength(500);
        builder.Property(l => l.Phone).HasMaxLength(40);
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.Property(l => l.BookingStamp).IsConcurrencyToken();
        builder.PrimitiveCollection(l => l.ClosedDates);
        builder.HasMany(l => l.Hours).WithOne().HasForeignKey(h => h.LocationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(l => l.Chairs).WithOne().HasForeignKey(c => c.LocationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => l.Name).IsUnique();
    }
}

internal sealed class LocationHoursConfiguration : IEntityTypeConfiguration<LocationHours>
{
    public void Configure(EntityTypeBuilder<LocationHours> builder)
    {
        builder.ToTable("location_hours");
        builder.Property(h => h.Day).HasConversion<string>().HasMaxLength(12);
    }
}

internal sealed class ChairConfiguration : IEntityTypeConfiguration<Chair>
{
    public void Configure(EntityTypeBuilder<Chair> builder)
    {
        builder.ToTable("chairs");
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(12);
        builder.HasIndex(c => new { c.LocationId, c.Name }).IsUnique();
    }
}

internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> builder)
    {
        builder.ToTable("appointments");
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.NurseUserId).HasMaxLength(450);
        builder.Property(a => a.CreatedByUserId).HasMaxLength(450);
        builder.Property(a => a.Notes).HasMaxLength(2000);
        builder.Property(a => a.CancelReason).HasMaxLength(1000);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasOne<Patient>().WithMany().HasForeignKey(a => a.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Location>().WithMany().HasForeignKey(a => a.LocationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Chair>().WithMany().HasForeignKey(a => a.ChairId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ConsultationRequest>().WithMany().HasForeignKey(a => a.ConsultationRequestId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(a => new { a.LocationId, a.Start });
        builder.HasIndex(a => new { a.PatientId, a.Start });
        builder.HasIndex(a => a.SeriesId);
        builder.HasIndex(a => a.PlannedSessionId);
    }
}

internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> builder)
    {
        builder.ToTable("calendar_feeds");
        builder.Property(f => f.TokenHash).HasMaxLength(64);
        builder.Property(f => f.CreatedByUserId).HasMaxLength(450);
        builder.HasOne<Patient>().WithMany().HasForeignKey(f => f.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => f.TokenHash).IsUnique();
        builder.HasIndex(f => f.PatientId);
    }
}

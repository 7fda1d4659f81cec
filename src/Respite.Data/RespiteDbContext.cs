using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Assessments;
using Respite.Data.Auditing;
using Respite.Data.Billing;
using Respite.Data.Consultations;
using Respite.Data.Exports;
using Respite.Data.Identity;
using Respite.Data.Outcomes;
using Respite.Data.Patients;
using Respite.Data.Plans;
using Respite.Data.Portal;
using Respite.Data.Protocols;
using Respite.Data.Scheduling;
using Respite.Data.Screenings;
using Respite.Data.Sessions;
using Respite.Data.Settings;

namespace Respite.Data;

public sealed class RespiteDbContext(DbContextOptions<RespiteDbContext> options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<Patient> Patients => Set<Patient>();

    public DbSet<PatientCondition> PatientConditions => Set<PatientCondition>();

    public DbSet<WeightMeasurement> WeightMeasurements => Set<WeightMeasurement>();

    public DbSet<Assessment> Assessments => Set<Assessment>();

    public DbSet<SafetyAlert> SafetyAlerts => Set<SafetyAlert>();

    public DbSet<ScreeningRecord> Screenings => Set<ScreeningRecord>();

    public DbSet<TreatmentPlan> TreatmentPlans => Set<TreatmentPlan>();

    public DbSet<ProtocolRevision> ProtocolRevisions => Set<ProtocolRevision>();

    public DbSet<Location> Locations => Set<Location>();

    public DbSet<Chair> Chairs => Set<Chair>();

    public DbSet<Appointment> Appointments => Set<Appointment>();

    public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();

    public DbSet<PackageProduct> PackageProducts => Set<PackageProduct>();

    public DbSet<PackageSale> PackageSales => Set<PackageSale>();

    public DbSet<PackageCreditUse> PackageCreditUses => Set<PackageCreditUse>();

    public DbSet<TreatmentSession> TreatmentSessions => Set<TreatmentSession>();

    public DbSet<RemsSubmission> RemsSubmissions => Set<RemsSubmission>();

    public DbSet<ConsultationRequest> ConsultationRequests => Set<ConsultationRequest>();

    public DbSet<PortalInvitation> PortalInvitations => Set<PortalInvitation>();

    public DbSet<QuestionnaireAssignment> QuestionnaireAssignments => Set<QuestionnaireAssignment>();

    public DbSet<AppointmentChangeRequest> AppointmentChangeRequests => Set<AppointmentChangeRequest>();

    public DbSet<OutboundEmail> OutboundEmails => Set<OutboundEmail>();

    public DbSet<PatientOutcomeSnapshot> PatientOutcomeSnapshots => Set<PatientOutcomeSnapshot>();

    public DbSet<FhirExportJob> FhirExportJobs => Set<FhirExportJob>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<ClinicSetting> ClinicSettings => Set<ClinicSetting>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcDateTimeOffsetConverter>();
        configurationBuilder.Properties<decimal>().HavePrecision(18, 4);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(RespiteDbContext).Assembly);
    }
}

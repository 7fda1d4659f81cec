using Respite.Web.Features.Assessments;
using Respite.Web.Features.Audit;
using Respite.Web.Features.Consultations;
using Respite.Web.Features.Packages;
using Respite.Web.Features.Patients;
using Respite.Web.Features.Plans;
using Respite.Web.Features.Protocols;
using Respite.Web.Features.Scheduling;
using Respite.Web.Features.Screenings;
using Respite.Web.Features.Sessions;
using Respite.Web.Features.Sessions.Reports;
using Respite.Web.Features.Settings;
using Respite.Web.Features.Users;

namespace Respite.Web.Hosting;

public static class Services
{
    public static WebApplicationBuilder AddRespiteServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PatientAccess>();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddScoped<ClinicSettingsService>();
        builder.Services.AddScoped<PatientService>();
        builder.Services.AddScoped<AssessmentService>();
        builder.Services.AddScoped<ScreeningService>();
        builder.Services.AddScoped<ProtocolCatalog>();
        builder.Services.AddScoped<PlanService>();
        builder.Services.AddScoped<PackageService>();
        builder.Services.AddScoped<SessionService>();
        builder.Services.AddScoped<Respite.Web.Features.Outcomes.OutcomeService>();
        builder.Services.AddScoped<Respite.Web.Features.Outcomes.OutcomeSnapshotService>();
        builder.Services.AddScoped<Respite.Web.Features.Dashboard.DashboardService>();
        builder.Services.AddScoped<Respite.Web.Tooling.ClinicHistoryGenerator>();
        builder.Services.AddScoped<SessionReportService>();
        builder.Services.AddScoped<LocationService>();
        builder.Services.AddScoped<AppointmentService>();
        builder.Services.AddScoped<ScheduleBoard>();
        builder.Services.AddScoped<ConsultationSlots>();
        builder.Services.AddScoped<CalendarFeedService>();
        builder.Services.AddScoped<ConsultationService>();
        builder.Services.AddSingleton<ConsultationRateLimiter>();
        builder.Services.AddScoped<AuditBrowser>();
        builder.Services.AddScoped<UserService>();
        builder.Services.AddScoped<DemoSeeder>();
        builder.Services.AddHealthChecks();
        return builder;
    }
}

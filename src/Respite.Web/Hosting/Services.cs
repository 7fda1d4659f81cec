using Respite.Web.Features.Assessments;
using Respite.Web.Features.Audit;
using Respite.Web.Features.Consultations;
using Respite.Web.Features.Packages;
using Respite.Web.Features.Patients;
using Respite.Web.Features.Plans;
using Respite.Web.Features.Reminders;
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
        builder.Services.AddSingleton<ClinicSettingsCache>();
        builder.Services.AddScoped<ClinicSettingsService>();
        builder.Services.AddScoped<PatientService>();
        builder.Services.AddScoped<AssessmentService>();
        builder.Services.AddScoped<ScreeningService>();
        builder.Services.AddScoped<ProtocolCatalog>();
        builder.Services.AddScoped<PlanService>();
        builder.Services.AddScoped<PackageService>();
        builder.Services.AddScoped<SessionService>();
        builder.Services.AddSingleton<ChartedSessionFacts>();
        builder.Services.AddScoped<Respite.Web.Features.Pharmacokinetics.PkService>();
        builder.Services.AddScoped<Respite.Web.Features.Outcomes.OutcomeService>();
        builder.Services.AddScoped<Respite.Web.Features.Outcomes.ProgressReportService>();
        builder.Services.AddScoped<Respite.Web.Features.Questionnaires.QuestionnaireService>();
        builder.Services.AddScoped<Respite.Web.Features.Questionnaires.CrisisSupport>();
        builder.Services.AddScoped<Respite.Web.Features.Outcomes.OutcomeSnapshotService>();
        builder.Services.AddScoped<Respite.Web.Features.Dashboard.DashboardService>();
        builder.Services.AddScoped<Respite.Web.Tooling.ClinicHistoryGenerator>();
        builder.Services.AddScoped<SessionReportService>();
        builder.Services.AddScoped<Respite.Web.Features.Portal.PortalInvitationService>();
        builder.Services.AddScoped<Respite.Web.Features.Portal.ChangeRequestService>();
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
        builder.AddRespiteReminders();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    /// <summary>The outbox, its transport (Pickup or SMTP from <c>Email:Transport</c>), the reminder scheduler and its loop.</summary>
    private static void AddRespiteReminders(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<EmailOptions>(builder.Configuration.GetSection(EmailOptions.Section));
        builder.Services.Configure<ReminderWorkerOptions>(options =>
        {
            options.Background = !builder.Environment.IsEnvironment("Testing");
            builder.Configuration.GetSection(ReminderWorkerOptions.Section).Bind(options);
        });
        var transport = builder.Configuration.GetValue($"{EmailOptions.Section}:Transport", builder.Environment.IsProduction() ? EmailTransportKind.Smtp : EmailTransportKind.Pickup);
        builder.Services.PostConfigure<EmailOptions>(options => options.Transport = transport);
        if (transport == EmailTransportKind.Smtp)
        {
            builder.Services.AddSingleton<IEmailTransport, SmtpEmailTransport>();
        }
        else
        {
            builder.Services.AddSingleton<IEmailTransport, PickupEmailTransport>();
        }

        builder.Services.AddSingleton<ReminderLinks>();
        builder.Services.AddScoped<ReminderScheduler>();
        builder.Services.AddScoped<OutboxSender>();
        builder.Services.AddScoped<OutboxService>();
        builder.Services.AddScoped<ReminderPreferenceService>();
        builder.Services.AddSingleton<Respite.Web.Features.Outcomes.OutcomeSnapshotRefresher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Respite.Web.Features.Outcomes.OutcomeSnapshotRefresher>());
        builder.Services.AddSingleton<ReminderWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ReminderWorker>());
    }
}

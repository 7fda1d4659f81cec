using Respite.Web.Features.Assessments;
using Respite.Web.Features.Audit;
using Respite.Web.Features.Auth;
using Respite.Web.Features.Calculators;
using Respite.Web.Features.Consultations;
using Respite.Web.Features.Dashboard;
using Respite.Web.Features.Fhir;
using Respite.Web.Features.Instruments;
using Respite.Web.Features.Outcomes;
using Respite.Web.Features.Packages;
using Respite.Web.Features.Patients;
using Respite.Web.Features.Pharmacokinetics;
using Respite.Web.Features.Plans;
using Respite.Web.Features.Portal;
using Respite.Web.Features.Protocols;
using Respite.Web.Features.Questionnaires;
using Respite.Web.Features.Reminders;
using Respite.Web.Features.Scheduling;
using Respite.Web.Features.Screenings;
using Respite.Web.Features.Sessions;
using Respite.Web.Features.Settings;
using Respite.Web.Features.Users;
using Respite.Web.Hosting;
using Respite.Web.Tooling;

var builder = WebApplication.CreateBuilder(args);

builder.AddRespiteDatabase();
builder.AddRespiteAuth();
builder.AddRespiteRateLimits();
builder.AddRespiteLogPrivacy();
builder.AddRespiteProblems();
builder.AddRespiteApi();
builder.AddRespiteUi();
builder.AddRespiteServices();
builder.Services.AddRespiteFhir();

var app = builder.Build();
if (BackupCommands.IsCommand(args))
{
    return await BackupCommands.RunAsync(app, args);
}

if (ToolCommands.IsCommand(args))
{
    await app.PrepareDatabaseAsync();
    return await ToolCommands.RunAsync(app.Services, args);
}


app.UseRespitePipeline();

app.MapAuthEndpoints();
app.MapInstrumentEndpoints();
app.MapPatientEndpoints();
app.MapAssessmentEndpoints();
app.MapScreeningEndpoints();
app.MapConsultationEndpoints();
app.MapAuditEndpoints();
app.MapUserEndpoints();
app.MapSettingsEndpoints();
app.MapCalculatorEndpoints();
app.MapPlanEndpoints();
app.MapSchedulingEndpoints();
app.MapProtocolEndpoints();
app.MapPackageEndpoints();
app.MapSessionEndpoints();
app.MapPkEndpoints();
app.MapOutcomeEndpoints();
app.MapPortalEndpoints();
app.MapProgressReportEndpoints();
app.MapQuestionnaireEndpoints();
app.MapReminderEndpoints();
app.MapDashboardEndpoints();
app.MapFhirEndpoints();
app.MapRespiteUi();
app.MapRespiteHealth();

await app.PrepareDatabaseAsync();
app.PrintStartupBanner();
await app.RunAsync();
return 0;

/// <summary>The web host entry point, visible to integration tests.</summary>
public partial class Program;

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Billing;
using Respite.Clinical.Instruments;
using Respite.Clinical.Outcomes;
using Respite.Clinical.Scheduling;
using Respite.Clinical.Sessions;
using Respite.Clinical.Screening;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Settings;
using Respite.Web.Features.Outcomes;
using Respite.Web.Features.Pharmacokinetics;
using Respite.Web.Features.Questionnaires;
using Respite.Web.Features.Reminders;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Settings;

/// <summary>
/// The clinic's configurable thresholds. Each group is stored as JSON; a group never saved uses the cited defaults
/// of the clinical core.
/// </summary>
public sealed class ClinicSettingsService(RespiteDbContext db, AuditTrail audit, TimeProvider clock, IServiceProvider services, ClinicSettingsCache cache)
{
    public const string InstrumentsKey = "instruments";
    public const string ScreeningKey = "screening";
    public const string SchedulingKey = "scheduling";
    public const string BillingKey = "billing";
    public const string MonitoringKey = "monitoring";
    public const string OutcomesKey = "outcomes";
    public const string InvitationsKey = "invitations";
    public const string PortalKey = "portal";

    public const string RemindersKey = "reminders";
    public const string PharmacokineticsKey = "pharmacokinetics";

    public static IReadOnlyList<string> Keys { get; } = [InstrumentsKey, ScreeningKey, MonitoringKey, OutcomesKey, SchedulingKey, BillingKey, PortalKey, InvitationsKey, RemindersKey, PharmacokineticsKey];

    public Task<PharmacokineticSettings> GetPharmacokineticSettingsAsync(CancellationToken cancellationToken = default) =>
        GetAsync(PharmacokineticsKey, PharmacokineticSettings.Default, cancellationToken);

    public Task<OutcomeSettings> GetOutcomeSettingsAsync(CancellationToken cancellationToken = default) =>
        GetAsync(OutcomesKey, OutcomeSettings.Default, cancellationToken);

    public Task<Respite.Web.Features.Portal.InvitationSettings> GetInvitationSettingsAsync(CancellationToken cancellationToken = default) =>
        GetAsync(InvitationsKey, Respite.Web.Features.Portal.InvitationSettings.Default, cancellationToken);

    public Task<PortalSettings> GetPortalSettingsAsync(CancellationToken cancellationToken = default) =>
        GetAsync(PortalKey, PortalSettings.Default, cancellationToken);

    public Task<ReminderSettings> GetReminderSettingsAsync(CancellationToken cancellationToken = default) =>
        GetAsync(RemindersKey, ReminderSettings.Default, cancellationToken);

    public Task<InstrumentSettings> GetInstrumentSettingsAsync(CancellationToken cancellationToken = default) =>
        GetAsync(InstrumentsKey, InstrumentSettings.Default, cancellationToken);

    public Task<ScreeningSettings> GetScreeningSettingsAsync(CancellationToken cancellationToken = default) =>
        GetAsync(ScreeningKey, ScreeningSettings.Default, cancellationToken);

    public Task<MonitoringSettings> GetMonitoringSettingsAsync(CancellationToken cancellationToken = default) =>
        GetAsync(MonitoringKey, MonitoringSettings.Default, cancellationToken);

    public Task<BillingSettings> GetBillingSettingsAsync(CancellationToken cancellationToken = default) =>
        GetAsync(BillingKey, BillingSettings.Default, cancellationToken);

    public Task<SchedulingSettings> GetSchedulingSettingsAsync(CancellationToken cancellationToken = default) =>
        GetAsync(SchedulingKey, SchedulingSettings.Default, cancellationToken);

    public async Task<JsonElement?> GetJsonAsync(string key, CancellationToken cancellationToken = default) => key switch
    {
        InstrumentsKey => JsonSerializer.SerializeToElement(await GetInstrumentSettingsAsync(cancellationToken), JsonDefaults.Options),
        ScreeningKey => JsonSerializer.SerializeToElement(await GetScreeningSettingsAsync(cancellationToken), JsonDefaults.Options),
        SchedulingKey => JsonSerializer.SerializeToElement(await GetSchedulingSettingsAsync(cancellationToken), JsonDefaults.Options),
        BillingKey => JsonSerializer.SerializeToElement(await GetBillingSettingsAsync(cancellationToken), JsonDefaults.Options),
        MonitoringKey => JsonSerializer.SerializeToElement(await GetMonitoringSettingsAsync(cancellationToken), JsonDefaults.Options),
        OutcomesKey => JsonSerializer.SerializeToElement(await GetOutcomeSettingsAsync(cancellationToken), JsonDefaults.Options),
        InvitationsKey => JsonSerializer.SerializeToElement(await GetInvitationSettingsAsync(cancellationToken), JsonDefaults.Options),
        PortalKey => JsonSerializer.SerializeToElement(await GetPortalSettingsAsync(cancellationToken), JsonDefaults.Options),
        RemindersKey => JsonSerializer.SerializeToElement(await GetReminderSettingsAsync(cancellationToken), JsonDefaults.Options),
        PharmacokineticsKey => JsonSerializer.SerializeToElement(await GetPharmacokineticSettingsAsync(cancellationToken), JsonDefaults.Options),
        _ => null,
    };

    public static JsonElement? DefaultJson(string key) => key switch
    {
        InstrumentsKey => JsonSerializer.SerializeToElement(InstrumentSettings.Default, JsonDefaults.Options),
        ScreeningKey => JsonSerializer.SerializeToElement(ScreeningSettings.Default, JsonDefaults.Options),
        SchedulingKey => JsonSerializer.SerializeToElement(SchedulingSettings.Default, JsonDefaults.Options),
        BillingKey => JsonSerializer.SerializeToElement(BillingSettings.Default, JsonDefaults.Options),
        MonitoringKey => JsonSerializer.SerializeToElement(MonitoringSettings.Default, JsonDefaults.Options),
        OutcomesKey => JsonSerializer.SerializeToElement(OutcomeSettings.Default, JsonDefaults.Options),
        InvitationsKey => JsonSerializer.SerializeToElement(Respite.Web.Features.Portal.InvitationSettings.Default, JsonDefaults.Options),
        PortalKey => JsonSerializer.SerializeToElement(PortalSettings.Default, JsonDefaults.Options),
        RemindersKey => JsonSerializer.SerializeToElement(ReminderSettings.Default, JsonDefaults.Options),
        PharmacokineticsKey => JsonSerializer.SerializeToElement(PharmacokineticSettings.Default, JsonDefaults.Options),
        _ => null,
    };

    public async Task<Outcome<JsonElement>> UpdateAsync(string key, JsonElement value, string? userId, CancellationToken cancellationToken = default)
    {
        object? parsed;
        try
        {
            parsed = key switch
            {
                InstrumentsKey => value.Deserialize<InstrumentSettings>(JsonDefaults.Options),
                ScreeningKey => value.Deserialize<ScreeningSettings>(JsonDefaults.Options),
                SchedulingKey => value.Deserialize<SchedulingSettings>(JsonDefaults.Options),
                BillingKey => value.Deserialize<BillingSettings>(JsonDefaults.Options),
                MonitoringKey => value.Deserialize<MonitoringSettings>(JsonDefaults.Options),
                OutcomesKey => value.Deserialize<OutcomeSettings>(JsonDefaults.Options),
                InvitationsKey => value.Deserialize<Respite.Web.Features.Portal.InvitationSettings>(JsonDefaults.Options),
                PortalKey => value.Deserialize<PortalSettings>(JsonDefaults.Options),
                RemindersKey => value.Deserialize<ReminderSettings>(JsonDefaults.Options),
                PharmacokineticsKey => value.Deserialize<PharmacokineticSettings>(JsonDefaults.Options),
                _ => null,
            };
        }
        catch (JsonException exception)
        {
            return Outcome<JsonElement>.Invalid(exception.Path is { } path ? path.TrimStart('$', '.') : "body", "The value is not of the expected type.");
        }

        if (!Keys.Contains(key))
        {
            return Outcome<JsonElement>.NotFound($"Setting group '{key}'");
        }

        if (parsed is null)
        {
            return Outcome<JsonElement>.Invalid("body", "A settings object is required.");
        }

        var problems = parsed switch
        {
            InstrumentSettings instruments => instruments.Validate(),
            ScreeningSettings screening => screening.Validate(),
            SchedulingSettings scheduling => scheduling.Validate(),
            BillingSettings billing => billing.Validate(),
            MonitoringSettings monitoring => monitoring.Validate(),
            OutcomeSettings outcomes => outcomes.Validate(),
            Respite.Web.Features.Portal.InvitationSettings invitations => invitations.Validate(),
            PortalSettings portal => portal.Validate(),
            ReminderSettings reminders => reminders.Validate(),
            PharmacokineticSettings pharmacokinetics => pharmacokinetics.Validate(),
            _ => [],
        };
        if (problems.Count > 0)
        {
            var errors = new ErrorBag();
            foreach (var (field, message) in problems)
            {
                errors.Add(field, message);
            }

            return errors.ToOutcome<JsonElement>();
        }

        var json = JsonSerializer.Serialize(parsed, parsed.GetType(), JsonDefaults.Options);
        var row = await db.ClinicSettings.FirstOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (row is null)
        {
            row = new ClinicSetting { Key = key };
            db.ClinicSettings.Add(row);
        }

        row.ValueJson = json;
        row.UpdatedAt = clock.GetUtcNow();
        row.UpdatedByUserId = userId;
        row.Version = Guid.NewGuid();
        audit.Add(AuditAction.Update, "ClinicSetting", key, null);
        await db.SaveChangesAsync(cancellationToken);
        cache.Invalidate(key);
        if (key == OutcomesKey)
        {
            // The dashboard's per-patient snapshots were computed with the previous definitions: recomputed in the
            // background, the dashboard counting those still waiting.
            services.GetService<OutcomeSnapshotRefresher>()?.Request();
        }

        return Outcome<JsonElement>.Success(JsonDocument.Parse(json).RootElement.Clone());
    }

    private async Task<T> GetAsync<T>(string key, T fallback, CancellationToken cancellationToken)
    {
        if (!cache.TryGet(key, out var json))
        {
            var ticket = cache.BeginRead();
            json = await db.ClinicSettings.AsNoTracking().Where(s => s.Key == key).Select(s => s.ValueJson).FirstOrDefaultAsync(cancellationToken);
            cache.Set(key, json, ticket);
        }

        return json is null ? fallback : JsonSerializer.Deserialize<T>(json, JsonDefaults.Options) ?? fallback;
    }
}

using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Dosing;
using Respite.Clinical.Instruments;
using Respite.Clinical.Plans;
using Respite.Clinical.Protocols;
using Respite.Clinical.Screening;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Patients;
using Respite.Data.Plans;
using Respite.Pharmacokinetics.Quantities;
using Respite.Web.Features.Calculators;
using Respite.Web.Features.Patients;
using Respite.Web.Features.Protocols;
using Respite.Web.Features.Screenings;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Plans;

/// <summary>
/// Treatment plans: a prescriber plans a phase of a protocol for a screened patient; each session's dose is computed
/// from the current weight and checked against the protocol; the plan is signed; a change makes a new version.
/// </summary>
public sealed class PlanService(
    RespiteDbContext db, AuditTrail audit, PatientService patients, ProtocolCatalog catalog, Respite.Web.Features.Outcomes.OutcomeSnapshotService snapshots, TimeProvider clock)
{
    /// <summary>A weight older than this is flagged (SAF-PLAN-006) [U: practice convention].</summary>
    public const int WeightMaxAgeDays = 30;

    /// <summary>How recent documented suicidal ideation must be for the MDSI protocol (SAF-PLAN-007) [U: practice convention].</summary>
    public const int IdeationMaxAgeDays = 30;

    private static readonly string[] KnownIndications = ["depression", "chronic-pain"];

    public async Task<Outcome<PlanDto>> CreateAsync(ClaimsPrincipal user, Guid patientId, PlanInput input, CancellationToken cancellationToken = default)
    {
        var patient = await patients.LoadAsync(patientId, tracking: false, cancellationToken);
        if (patient is null)
        {
            await audit.RecordAsync(AuditAction.Create, "TreatmentPlan", null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<PlanDto>.NotFound("The patient");
        }

        var now = clock.GetUtcNow();
        var plan = new TreatmentPlan
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patientId,
            PlanGroupId = Guid.CreateVersion7(now),
            VersionNumber = 1,
        };
        return await BuildAndSaveAsync(user, patient, plan, input, null, cancellationToken);
    }

    public async Task<Outcome<PlanDto>> ReviseAsync(ClaimsPrincipal user, Guid patientId, Guid planId, PlanInput input, CancellationToken cancellationToken = default)
    {
        var source = await db.TreatmentPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId && p.PatientId == patientId, cancellationToken);
        var patient = source is null ? null : await patients.LoadAsync(patientId, tracking: false, cancellationToken);
        if (source is null || patient is null)
        {
            await audit.RecordAsync(AuditAction.Update, "TreatmentPlan", planId.ToString(), patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<PlanDto>.NotFound("The plan");
        }

        var latest = await db.TreatmentPlans.Where(p => p.PlanGroupId == source.PlanGroupId).MaxAsync(p => p.VersionNumber, cancellationToken);
        if (latest != source.VersionNumber)
        {
            return Outcome<PlanDto>.Conflict($"Version {latest} of this plan exists; revise the latest version.");
        }

        var now = clock.GetUtcNow();
        var plan = new TreatmentPlan
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patientId,
            PlanGroupId = source.PlanGroupId,
            VersionNumber = source.VersionNumber + 1,
        };
        var merged = input with
        {
            ProtocolId = input.ProtocolId ?? source.ProtocolId,
            StartDate = input.StartDate ?? source.StartDate,
            Indications = input.Indications ?? source.Indications,
            Phase = input.Phase ?? source.Phase,
            DoseMgPerKg = input.DoseMgPerKg ?? source.DoseMgPerKg,
            RateMgPerKgPerHour = input.RateMgPerKgPerHour ?? source.RateMgPerKgPerHour,
            DoseMg = input.DoseMg ?? source.FixedDoseMg,
            DurationMinutes = input.DurationMinutes ?? source.DurationMinutes,
            ConcentrationMgPerMl = input.ConcentrationMgPerMl ?? source.ConcentrationMgPerMl,
            Notes = input.Notes ?? source.Notes,
        };
        return await BuildAndSaveAsync(user, patient, plan, merged, source, cancellationToken);
    }

    public async Task<Outcome<PlanDto>> SignAsync(ClaimsPrincipal user, Guid patientId, Guid planId, Guid? version, CancellationToken cancellationToken = default)
    {
        var plan = await db.TreatmentPlans.Include(p => p.Sessions).FirstOrDefaultAsync(p => p.Id == planId && p.PatientId == patientId, cancellationToken);
        if (plan is null)
        {
            await audit.RecordAsync(AuditAction.Sign, "TreatmentPlan", planId.ToString(), patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<PlanDto>.NotFound("The plan");
        }

        if (plan.Status != PlanStatus.Draft)
        {
            return Outcome<PlanDto>.Conflict("Only a draft can be signed. Revise the plan to change it.");
        }

        if (version is { } expected && expected != plan.Version)
        {
            return Outcome<PlanDto>.Conflict("The plan was changed by someone else.");
        }

        if (await db.SafetyAlerts.AnyAsync(a => a.PatientId == patientId && a.AcknowledgedAt == null, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Sign, "TreatmentPlan", planId.ToString(), patientId, AuditOutcome.Denied, PlanRules.OpenSafetyAlert, cancellationToken);
            return Outcome<PlanDto>.Blocked(PlanRules.OpenSafetyAlert, "An open suicide-risk alert must be acknowledged by a prescriber before a plan is signed.");
        }

        var now = clock.GetUtcNow();
        var previous = await db.TreatmentPlans
            .Where(p => p.PlanGroupId == plan.PlanGroupId && p.Status == PlanStatus.Signed)
            .ToListAsync(cancellationToken);
        foreach (var old in previous)
        {
            old.Status = PlanStatus.Superseded;
            old.Version = Guid.NewGuid();
            audit.Add(AuditAction.Update, "TreatmentPlan", old.Id.ToString(), patientId, detail: "superseded");
        }

        plan.Status = PlanStatus.Signed;
        plan.SignedAt = now;
        plan.SignedByUserId = user.UserId();
        plan.Version = Guid.NewGuid();
        audit.Add(AuditAction.Sign, "TreatmentPlan", plan.Id.ToString(), patientId);
        await db.SaveChangesAsync(cancellationToken);

        // A signed plan's indications decide the patient's indication on the outcomes dashboard.
        await snapshots.RecomputeAsync(patientId, cancellationToken);
        return Outcome<PlanDto>.Success(await ToDtoAsync(plan, [], cancellationToken));
    }

    public async Task<Outcome<IReadOnlyList<PlanDto>>> ListAsync(Guid patientId, CancellationToken cancellationToken = default)
    {
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Read, "TreatmentPlan", null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<IReadOnlyList<PlanDto>>.NotFound("The patient");
        }

        var plans = await db.TreatmentPlans.AsNoTracking().Include(p => p.Sessions)
            .Where(p => p.PatientId == patientId)
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.VersionNumber)
            .Take(50)
            .ToListAsync(cancellationToken);
        var result = new List<PlanDto>();
        foreach (var plan in plans)
        {
            result.Add(await ToDtoAsync(plan, [], cancellationToken));
        }

        await audit.RecordAsync(AuditAction.Read, "TreatmentPlan", null, patientId, detail: $"count={plans.Count}", cancellationToken: cancellationToken);
        return Outcome<IReadOnlyList<PlanDto>>.Success(result);
    }

    public async Task<Outcome<PlanDto>> GetAsync(Guid patientId, Guid planId, CancellationToken cancellationToken = default)
    {
        var plan = await db.TreatmentPlans.AsNoTracking().Include(p => p.Sessions)
            .FirstOrDefaultAsync(p => p.Id == planId && p.PatientId == patientId, cancellationToken);
        await audit.RecordAsync(AuditAction.Read, "TreatmentPlan", planId.ToString(), patientId,
            plan is null ? AuditOutcome.NotFound : AuditOutcome.Success, cancellationToken: cancellationToken);
        return plan is null ? Outcome<PlanDto>.NotFound("The plan") : Outcome<PlanDto>.Success(await ToDtoAsync(plan, [], cancellationToken));
    }

    private async Task<Outcome<PlanDto>> BuildAndSaveAsync(
        ClaimsPrincipal user, Patient patient, TreatmentPlan plan, PlanInput input, TreatmentPlan? source, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var errors = new ErrorBag();
        ProtocolDefinition? protocol = null;
        EffectiveProtocol? effective = null;
        if (string.IsNullOrWhiteSpace(input.ProtocolId))
        {
            errors.Add("protocolId", "The protocol is required.");
        }
        else if ((effective = await catalog.FindAsync(input.ProtocolId, cancellationToken)) is null)
        {
            errors.Add("protocolId", $"Unknown protocol. Use one of: {string.Join(", ", (await catalog.DefinitionsAsync(cancellationToken)).Select(p => p.Id))}.");
        }
        else
        {
            protocol = effective.Definition;
        }

        if (input.StartDate is not { } start)
        {
            errors.Add("startDate", "The start date is required.");
        }
        else if (start < today.AddDays(-366) || start > today.AddDays(366))
        {
            errors.Add("startDate", "The start date must lie within a year of today.");
        }

        var indications = (input.Indications ?? []).Select(i => i?.Trim().ToLowerInvariant() ?? "").Distinct().ToList();
        if (indications.Count == 0)
        {
            errors.Add("indications", "At least one indication is required (depression, chronic-pain).");
        }
        else if (indications.Any(i => !KnownIndications.Contains(i)))
        {
            errors.Add("indications", "Use depression and/or chronic-pain.");
        }

        Positive(errors, "doseMgPerKg", input.DoseMgPerKg, 10m);
        Positive(errors, "rateMgPerKgPerHour", input.RateMgPerKgPerHour, 10m);
        Positive(errors, "doseMg", input.DoseMg, 112m);
        Positive(errors, "concentrationMgPerMl", input.ConcentrationMgPerMl, 100m);
        if (input.DurationMinutes is { } minutes && (minutes < 1 || minutes > 1440))
        {
            errors.Add("durationMinutes", "Must be a whole number of minutes from 1 to 1440.");
        }

        var notes = errors.Optional("notes", input.Notes, 4000);
        var overrideReason = errors.Optional("overrideReason", input.OverrideReason, 2000);
        ProtocolPhase? phase = null;
        if (protocol is not null)
        {
            phase = input.Phase is { } wanted ? protocol.Phases.FirstOrDefault(p => p.Kind == wanted) : protocol.Phases[0];
            if (phase is null)
            {
                errors.Add("phase", $"{protocol.Name} has no {input.Phase.ToString()!.ToLowerInvariant()} phase.");
            }
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<PlanDto>();
        }

        if (await db.SafetyAlerts.AnyAsync(a => a.PatientId == patient.Id && a.AcknowledgedAt == null, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Create, "TreatmentPlan", null, patient.Id, AuditOutcome.Denied, PlanRules.OpenSafetyAlert, cancellationToken);
            return Outcome<PlanDto>.Blocked(PlanRules.OpenSafetyAlert, "An open suicide-risk alert must be acknowledged by a prescriber before anything is planned.");
        }

        var screening = await db.Screenings.AsNoTracking()
            .Where(s => s.PatientId == patient.Id && s.SignedAt != null)
            .OrderByDescending(s => s.SignedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (screening is null)
        {
            await audit.RecordAsync(AuditAction.Create, "TreatmentPlan", null, patient.Id, AuditOutcome.Denied, PlanRules.NoSignedScreening, cancellationToken);
            return Outcome<PlanDto>.Blocked(PlanRules.NoSignedScreening, "The patient has no signed screening. Evaluate and sign a screening first.");
        }

        var weight = patient.LatestWeight;
        var weightBased = phase!.Dose.Basis != DoseBasis.FixedDose;
        if (weightBased && weight is null)
        {
            await audit.RecordAsync(AuditAction.Create, "TreatmentPlan", null, patient.Id, AuditOutcome.Denied, PlanRules.NoWeight, cancellationToken);
            return Outcome<PlanDto>.Blocked(PlanRules.NoWeight, "No weight is on record: record the patient's weight to compute weight-based doses.");
        }

        var overridable = new List<(string RuleId, string Reason)>();
        var results = JsonSerializer.Deserialize<List<ModalityResultDto>>(screening.ResultJson, JsonDefaults.Options) ?? [];
        var result = results.FirstOrDefault(r => r.Modality == protocol!.Modality);
        var exclusions = result?.Findings
            .Where(f => f.Severity == FindingSeverity.Exclusion)
            .Where(f => protocol!.RequiresTreatmentResistance || f.RuleId != ScreeningRules.TreatmentResistance)
            .Select(f => f.RuleId)
            .ToList() ?? [];
        if (result is null || exclusions.Count > 0)
        {
            var reasons = result is null ? "no result for this modality" : string.Join(", ", exclusions);
            overridable.Add((PlanRules.NotEligible, $"The signed screening found the patient not eligible for this modality ({reasons})."));
        }

        if (!protocol!.RequiresTreatmentResistance)
        {
            var since = clock.GetUtcNow().AddDays(-IdeationMaxAgeDays);
            var flags = await db.Assessments.AsNoTracking()
                .Where(a => a.PatientId == patient.Id && a.AnsweredAt >= since)
                .Select(a => a.Flags)
                .ToListAsync(cancellationToken);
            if (!flags.Any(f => f.Contains(InstrumentFlags.SuicidalIdeation) || f.Contains(InstrumentFlags.CssrsModerateRisk) || f.Contains(InstrumentFlags.CssrsHighRisk)))
            {
                overridable.Add((PlanRules.NoDocumentedSuicidalIdeation,
                    $"{protocol.Name} is for acute suicidal ideation or behaviour, and none is documented in the last {IdeationMaxAgeDays} days (PHQ-9 item 9 or C-SSRS screener)."));
            }
        }

        var warnings = new List<CheckDto>();
        if (protocol.Modality == Modality.EsketamineNasalSpray && patient.Medications.All(m => m.Class != MedicationClass.Antidepressant))
        {
            warnings.Add(new CheckDto(PlanRules.NoOralAntidepressant, "warn", "The esketamine label pairs it with an oral antidepressant; none is on the medication list."));
        }

        if (weightBased && weight is { } w && w.MeasuredOn < today.AddDays(-WeightMaxAgeDays))
        {
            warnings.Add(new CheckDto(PlanRules.StaleWeight, "warn", $"The weight was measured on {w.MeasuredOn:yyyy-MM-dd}, more than {WeightMaxAgeDays} days ago: weigh the patient before the session."));
        }

        plan.ProtocolId = protocol!.Id;
        plan.ProtocolRevision = effective!.Revision;
        plan.Modality = protocol.Modality;
        plan.Indications = indications;
        plan.Phase = phase.Kind;
        plan.StartDate = input.StartDate!.Value;
        plan.WeightKg = weight?.WeightKg;
        plan.WeightMeasuredOn = weight?.MeasuredOn;
        plan.ConcentrationMgPerMl = input.ConcentrationMgPerMl ?? SessionDosing.DefaultConcentrationMgPerMl;
        plan.DoseMgPerKg = input.DoseMgPerKg;
        plan.RateMgPerKgPerHour = input.RateMgPerKgPerHour;
        plan.FixedDoseMg = input.DoseMg;
        plan.DurationMinutes = input.DurationMinutes;
        plan.Notes = notes;
        plan.ScreeningId = screening.Id;
        plan.Status = PlanStatus.Draft;
        plan.CreatedAt = now;
        plan.CreatedByUserId = user.UserId() ?? "";
        plan.Version = Guid.NewGuid();

        var adjustment = new DoseAdjustment(input.DoseMgPerKg, input.RateMgPerKgPerHour, input.DoseMg, input.DurationMinutes);
        var bodyWeight = weight is null ? BodyWeight.FromKilograms(70m) : BodyWeight.FromKilograms(weight.WeightKg);
        var concentration = Concentration.FromMilligramsPerMillilitre(plan.ConcentrationMgPerMl);
        var firstEver = source is null && phase.Kind == PhaseKind.Induction;
        var dates = SessionScheduler.Propose(phase, plan.StartDate);
        for (var i = 0; i < dates.Count; i++)
        {
            var dose = SessionDosing.For(protocol, phase, adjustment, bodyWeight, concentration, firstSession: firstEver && i == 0);
            plan.Sessions.Add(new PlannedSession
            {
                PlanId = plan.Id,
                Sequence = i + 1,
                Phase = phase.Kind,
                PlannedDate = dates[i],
                DoseMg = dose.DoseMg,
                DurationMinutes = dose.DurationMinutes,
                DoseMgPerKg = dose.DoseMgPerKg,
                RateMgPerKgPerHour = dose.RateMgPerKgPerHour,
                RateMgPerHour = dose.RateMgPerHour,
                PumpRateMlPerHour = dose.PumpRateMlPerHour,
                Devices = dose.Devices,
                ChecksJson = JsonSerializer.Serialize(dose.Checks.Select(ToDto).ToList(), JsonDefaults.Options),
            });
        }

        var blockedDoses = plan.Sessions.SelectMany(s => Checks(s)).Where(c => c.Outcome == "block").Select(c => c.RuleId).Distinct().ToList();
        if (blockedDoses.Count > 0)
        {
            overridable.Add((PlanRules.DoseBlocked, $"A planned dose is beyond the protocol's hard limit ({string.Join(", ", blockedDoses)})."));
        }

        if (overridable.Count > 0)
        {
            if (overrideReason is null)
            {
                await audit.RecordAsync(AuditAction.Create, "TreatmentPlan", null, patient.Id, AuditOutcome.Denied,
                    string.Join(",", overridable.Select(o => o.RuleId)), cancellationToken);
                return Outcome<PlanDto>.Blocked(
                    overridable[0].RuleId,
                    string.Join(" ", overridable.Select(o => $"{o.RuleId}: {o.Reason}")) + " A prescriber may override with a written reason.");
            }

            plan.OverriddenRules = overridable.Select(o => o.RuleId).ToList();
            plan.OverrideReason = overrideReason;
        }

        db.TreatmentPlans.Add(plan);
        audit.Add(
            source is null ? AuditAction.Create : AuditAction.Update,
            "TreatmentPlan",
            plan.Id.ToString(),
            patient.Id,
            detail: plan.OverriddenRules.Count > 0 ? "override:" + string.Join(",", plan.OverriddenRules) : $"version={plan.VersionNumber}");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<PlanDto>.Success(await ToDtoAsync(plan, warnings, cancellationToken));
    }

    private static void Positive(ErrorBag errors, string field, decimal? value, decimal max)
    {
        if (value is { } v && (v <= 0m || v > max))
        {
            errors.Add(field, $"Must be more than 0 and at most {max}.");
        }
    }

    private static IReadOnlyList<CheckDto> Checks(PlannedSession session) =>
        JsonSerializer.Deserialize<List<CheckDto>>(session.ChecksJson, JsonDefaults.Options) ?? [];

    private static CheckDto ToDto(DoseCheck check) => new(check.RuleId, check.Outcome.ToString().ToLowerInvariant(), check.Reason);

    private async Task<PlanDto> ToDtoAsync(TreatmentPlan plan, IReadOnlyList<CheckDto> warnings, CancellationToken cancellationToken)
    {
        var names = await db.DisplayNamesAsync([plan.CreatedByUserId, plan.SignedByUserId], cancellationToken);
        var protocol = await catalog.RevisionAsync(plan.ProtocolId, plan.ProtocolRevision, cancellationToken);
        var change = plan.ProtocolRevision == 0
            ? null
            : await db.ProtocolRevisions.AsNoTracking().Where(r => r.ProtocolId == plan.ProtocolId && r.Revision == plan.ProtocolRevision)
                .Select(r => r.Reason).FirstOrDefaultAsync(cancellationToken);
        return new PlanDto(
            plan.Id, plan.PatientId, plan.PlanGroupId, plan.VersionNumber, plan.Status, plan.ProtocolId, protocol?.Name ?? plan.ProtocolId,
            plan.Modality, plan.Indications, plan.Phase, plan.StartDate, plan.WeightKg, plan.WeightMeasuredOn, plan.ConcentrationMgPerMl,
            plan.DoseMgPerKg, plan.RateMgPerKgPerHour, plan.FixedDoseMg, plan.DurationMinutes, plan.Notes, plan.ScreeningId,
            plan.OverriddenRules, plan.OverrideReason, warnings,
            plan.Sessions.OrderBy(s => s.Sequence).Select(s =>
            {
                var checks = Checks(s);
                var outcome = checks.Any(c => c.Outcome == "block") ? "block" : checks.Any(c => c.Outcome == "warn") ? "warn" : "allow";
                return new PlannedSessionDto(s.Sequence, s.Phase, s.PlannedDate, s.DoseMg, s.DurationMinutes, s.DoseMgPerKg, s.RateMgPerKgPerHour,
                    s.RateMgPerHour, s.PumpRateMlPerHour, s.Devices, outcome, checks);
            }).ToList(),
            plan.CreatedAt, names.GetValueOrDefault(plan.CreatedByUserId) ?? "", plan.SignedAt,
            plan.SignedByUserId is { } signer ? names.GetValueOrDefault(signer) : null, plan.Version,
            protocol?.Evidence ?? "", protocol?.Source ?? "", plan.ProtocolRevision, change);
    }
}

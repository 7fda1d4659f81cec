using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Instruments;
using Respite.Clinical.Screening;
using Respite.Data;
using Respite.Data.Assessments;
using Respite.Data.Auditing;
using Respite.Data.Patients;
using Respite.Data.Screenings;
using Respite.Web.Features.Patients;
using Respite.Web.Features.Settings;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Screenings;

/// <summary>
/// Evaluates eligibility for every modality from the patient's record and latest questionnaires, stores the
/// result with its inputs, and lets a prescriber sign it. A signed screening is kept as it was signed.
/// </summary>
public sealed class ScreeningService(
    RespiteDbContext db,
    AuditTrail audit,
    PatientService patients,
    ClinicSettingsService settings,
    TimeProvider clock)
{
    public async Task<Outcome<ScreeningDto>> EvaluateAsync(ClaimsPrincipal user, Guid patientId, CancellationToken cancellationToken = default)
    {
        var patient = await patients.LoadAsync(patientId, tracking: false, cancellationToken);
        if (patient is null || !PatientAccess.IsCareTeam(user))
        {
            await audit.RecordAsync(AuditAction.Create, "Screening", null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<ScreeningDto>.NotFound("The patient");
        }

        var latest = await LatestScoresAsync(patientId, cancellationToken);
        var input = BuildInput(patient, latest);
        var screeningSettings = await settings.GetScreeningSettingsAsync(cancellationToken);
        var results = ScreeningEvaluator.EvaluateAll(input, screeningSettings);
        var now = clock.GetUtcNow();
        var record = new ScreeningRecord
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patientId,
            EvaluatedAt = now,
            EvaluatedByUserId = user.UserId() ?? "",
            InputJson = JsonSerializer.Serialize(input, JsonDefaults.Options),
            ResultJson = JsonSerializer.Serialize(results.Select(ToDto).ToList(), JsonDefaults.Options),
            SettingsJson = JsonSerializer.Serialize(screeningSettings, JsonDefaults.Options),
            SuicideRiskAlert = results.Any(r => r.SuicideRiskAlert),
            Version = Guid.NewGuid(),
        };
        db.Screenings.Add(record);
        audit.Add(AuditAction.Create, "Screening", record.Id.ToString(), patientId);

        var raisedBefore = await db.SafetyAlerts
            .Where(a => a.PatientId == patientId)
            .Select(a => new { a.RuleId, a.AssessmentId })
            .ToListAsync(cancellationToken);
        var raised = results.SelectMany(r => r.Findings).Where(f => f.RequiresAcknowledgement)
            .GroupBy(f => f.RuleId).Select(g => g.First());
        foreach (var finding in raised)
        {
            var assessmentId = finding.RuleId == "SCR-SUI-002" ? latest.CssrsId : latest.Phq9Id;
            if (raisedBefore.Any(o => o.RuleId == finding.RuleId && o.AssessmentId == assessmentId))
            {
                continue;
            }

            var alert = new SafetyAlert
            {
                Id = Guid.CreateVersion7(now),
                PatientId = patientId,
                RuleId = finding.RuleId,
                Message = finding.Message,
                AssessmentId = assessmentId,
                RaisedAt = now,
                RaisedByUserId = user.UserId(),
            };
            db.SafetyAlerts.Add(alert);
            audit.Add(AuditAction.Create, "SafetyAlert", alert.Id.ToString(), patientId, detail: finding.RuleId);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Outcome<ScreeningDto>.Success(await ToDtoAsync(record, cancellationToken));
    }

    public async Task<Outcome<IReadOnlyList<ScreeningDto>>> ListAsync(ClaimsPrincipal user, Guid patientId, CancellationToken cancellationToken = default)
    {
        if (!PatientAccess.IsCareTeam(user) || !await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Read, "Screening", null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<IReadOnlyList<ScreeningDto>>.NotFound("The patient");
        }

        var rows = await db.Screenings.AsNoTracking().Where(s => s.PatientId == patientId)
            .OrderByDescending(s => s.EvaluatedAt).Take(100).ToListAsync(cancellationToken);
        var result = new List<ScreeningDto>();
        foreach (var row in rows)
        {
            result.Add(await ToDtoAsync(row, cancellationToken));
        }

        await audit.RecordAsync(AuditAction.Read, "Screening", null, patientId, detail: $"count={rows.Count}", cancellationToken: cancellationToken);
        return Outcome<IReadOnlyList<ScreeningDto>>.Success(result);
    }

    public async Task<Outcome<ScreeningDto>> GetAsync(ClaimsPrincipal user, Guid patientId, Guid screeningId, CancellationToken cancellationToken = default)
    {
        var row = PatientAccess.IsCareTeam(user)
            ? await db.Screenings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == screeningId && s.PatientId == patientId, cancellationToken)
            : null;
        if (row is null)
        {
            await audit.RecordAsync(AuditAction.Read, "Screening", screeningId.ToString(), patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<ScreeningDto>.NotFound("The screening");
        }

        await audit.RecordAsync(AuditAction.Read, "Screening", screeningId.ToString(), patientId, cancellationToken: cancellationToken);
        return Outcome<ScreeningDto>.Success(await ToDtoAsync(row, cancellationToken));
    }

    public async Task<Outcome<ScreeningDto>> SignAsync(
        ClaimsPrincipal user, Guid patientId, Guid screeningId, SignInput input, CancellationToken cancellationToken = default)
    {
        var row = await db.Screenings.FirstOrDefaultAsync(s => s.Id == screeningId && s.PatientId == patientId, cancellationToken);
        if (row is null)
        {
            await audit.RecordAsync(AuditAction.Sign, "Screening", screeningId.ToString(), patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<ScreeningDto>.NotFound("The screening");
        }

        var errors = new ErrorBag();
        var note = errors.Optional("note", input.Note, 2000);
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<ScreeningDto>();
        }

        if (row.SignedAt is not null)
        {
            return Outcome<ScreeningDto>.Conflict("The screening is already signed. Evaluate a new screening to record a change.");
        }

        if (input.Version is { } version && version != row.Version)
        {
            return Outcome<ScreeningDto>.Conflict("The screening was changed by someone else.");
        }

        var open = await db.SafetyAlerts.Where(a => a.PatientId == patientId && a.AcknowledgedAt == null)
            .OrderBy(a => a.RaisedAt).FirstOrDefaultAsync(cancellationToken);
        if (open is not null)
        {
            await audit.RecordAsync(AuditAction.Sign, "Screening", screeningId.ToString(), patientId, AuditOutcome.Denied, open.RuleId, cancellationToken);
            return Outcome<ScreeningDto>.Blocked(
                open.RuleId,
                "An open suicide-risk alert must be acknowledged by a prescriber before the screening is signed and treatment is planned.");
        }

        row.SignedAt = clock.GetUtcNow();
        row.SignedByUserId = user.UserId();
        row.SignatureNote = note;
        row.Version = Guid.NewGuid();
        audit.Add(AuditAction.Sign, "Screening", row.Id.ToString(), patientId);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<ScreeningDto>.Success(await ToDtoAsync(row, cancellationToken));
    }

    internal sealed record LatestScores(
        InstrumentScore? Phq9, Guid? Phq9Id,
        InstrumentScore? Cssrs, Guid? CssrsId,
        InstrumentScore? Dast10, InstrumentScore? AuditC, InstrumentScore? Gad7, InstrumentScore? Pain);

    private async Task<LatestScores> LatestScoresAsync(Guid patientId, CancellationToken cancellationToken)
    {
        string[] codes = ["phq9", "cssrs-screener", "dast10", "auditc", "gad7", "nrs-pain", "peg3"];
        var rows = await db.Assessments.AsNoTracking()
            .Where(a => a.PatientId == patientId && codes.Contains(a.InstrumentCode))
            .OrderByDescending(a => a.AnsweredAt)
            .Take(200)
            .ToListAsync(cancellationToken);
        Assessment? Latest(params string[] wanted) => rows.FirstOrDefault(r => wanted.Contains(r.InstrumentCode));
        var phq9 = Latest("phq9");
        var cssrs = Latest("cssrs-screener");
        return new LatestScores(
            Rescore(phq9), phq9?.Id, Rescore(cssrs), cssrs?.Id,
            Rescore(Latest("dast10")), Rescore(Latest("auditc")), Rescore(Latest("gad7")), Rescore(Latest("nrs-pain", "peg3")));
    }

    private static InstrumentScore? Rescore(Assessment? assessment)
    {
        if (assessment is null || !InstrumentCatalog.TryGet(assessment.InstrumentCode, out var instrument))
        {
            return null;
        }

        var items = JsonDocument.Parse(assessment.AnswersJson).RootElement.EnumerateArray()
            .Select(e => e.ValueKind switch
            {
                JsonValueKind.Number => (decimal?)e.GetDecimal(),
                JsonValueKind.True => 1m,
                JsonValueKind.False => 0m,
                _ => null,
            }).ToList();
        return new InstrumentScore(assessment.InstrumentCode, assessment.Total, assessment.Band, assessment.Flags, items);
    }

    internal static ScreeningInput BuildInput(Patient patient, LatestScores latest)
    {
        var flags = new HashSet<MedicalFlag>(patient.MedicalFlags);
        if (patient.Allergies.Any(a => a.IsKetamineHypersensitivity))
        {
            flags.Add(MedicalFlag.KetamineHypersensitivity);
        }

        return new ScreeningInput
        {
            HasDepression = patient.Conditions.Any(c => c.Category == ConditionCategory.Depression),
            HasChronicPain = patient.Conditions.Any(c => c.Category == ConditionCategory.ChronicPain),
            Flags = flags,
            AntidepressantTrials = patient.AntidepressantTrials.Select(t => new AntidepressantTrial(t.Drug, t.Adequate)).ToList(),
            SubstanceUse = patient.SubstanceUse,
            LatestPhq9 = latest.Phq9,
            LatestCssrs = latest.Cssrs,
            LatestDast10 = latest.Dast10,
            LatestAuditC = latest.AuditC,
            LatestGad7 = latest.Gad7,
            LatestPain = latest.Pain,
        };
    }

    private static ModalityResultDto ToDto(ScreeningResult result) => new(
        result.Modality,
        result.Eligibility,
        result.Findings.Select(f => new FindingDto(f.RuleId, f.Severity, f.Message, f.Source, f.RequiresAcknowledgement)).ToList());

    private async Task<ScreeningDto> ToDtoAsync(ScreeningRecord row, CancellationToken cancellationToken)
    {
        var names = await db.DisplayNamesAsync([row.EvaluatedByUserId, row.SignedByUserId], cancellationToken);
        var openAlerts = await db.SafetyAlerts.CountAsync(a => a.PatientId == row.PatientId && a.AcknowledgedAt == null, cancellationToken);
        var results = JsonSerializer.Deserialize<List<ModalityResultDto>>(row.ResultJson, JsonDefaults.Options) ?? [];
        return new ScreeningDto(
            row.Id, row.PatientId, row.EvaluatedAt, names.GetValueOrDefault(row.EvaluatedByUserId) ?? "",
            results, row.SuicideRiskAlert, openAlerts, row.SignedAt,
            row.SignedByUserId is { } signer ? names.GetValueOrDefault(signer) : null, row.SignatureNote, row.Version);
    }
}

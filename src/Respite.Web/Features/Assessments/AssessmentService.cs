using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Instruments;
using Respite.Clinical.Screening;
using Respite.Data;
using Respite.Data.Assessments;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Web.Features.Instruments;
using Respite.Web.Features.Outcomes;
using Respite.Web.Features.Patients;
using Respite.Web.Features.Questionnaires;
using Respite.Web.Features.Settings;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Assessments;

/// <summary>Record and read scored questionnaires; raise suicide-risk alerts that a prescriber must acknowledge.</summary>
public sealed class AssessmentService(
    RespiteDbContext db,
    AuditTrail audit,
    PatientAccess access,
    ClinicSettingsService settings,
    CrisisSupport crisis,
    OutcomeSnapshotService snapshots,
    TimeProvider clock)
{
    /// <summary>The contexts in which a patient records their own answers.</summary>
    public static IReadOnlyList<AssessmentContext> PatientContexts { get; } = [AssessmentContext.Diary, AssessmentContext.PreSession];

    public async Task<Outcome<AssessmentDto>> RecordAsync(
        ClaimsPrincipal user, Guid patientId, AssessmentInput input, CancellationToken cancellationToken = default)
    {
        if (!access.CanRecordAssessment(user, patientId))
        {
            await audit.RecordAsync(AuditAction.Create, "Assessment", null, patientId, AuditOutcome.Denied, cancellationToken: cancellationToken);
            return Outcome<AssessmentDto>.NotFound("The patient");
        }

        var patient = await db.Patients.AsNoTracking().Where(p => p.Id == patientId)
            .Select(p => new { p.Id, p.Sex }).FirstOrDefaultAsync(cancellationToken);
        if (patient is null)
        {
            await audit.RecordAsync(AuditAction.Create, "Assessment", null, null, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<AssessmentDto>.NotFound("The patient");
        }

        var errors = new ErrorBag();
        InstrumentDefinition? instrument = null;
        if (string.IsNullOrWhiteSpace(input.Instrument))
        {
            errors.Add("instrument", "The instrument code is required.");
        }
        else if (!InstrumentCatalog.TryGet(input.Instrument.Trim().ToLowerInvariant(), out instrument))
        {
            errors.Add("instrument", $"Unknown instrument. Use one of: {string.Join(", ", InstrumentCatalog.All.Select(i => i.Code))}.");
        }

        var sex = AnswerParsing.ParseSex(input.Sex, errors) ?? patient.Sex;
        var answers = AnswerParsing.Parse(input.Answers, errors);
        var now = clock.GetUtcNow();
        var answeredAt = input.AnsweredAt ?? now;
        if (answeredAt > now.AddMinutes(5))
        {
            errors.Add("answeredAt", "The answers cannot have been given in the future.");
        }

        if (answeredAt < now.AddYears(-10))
        {
            errors.Add("answeredAt", "The answers are more than 10 years old.");
        }

        var notes = errors.Optional("notes", input.Notes, 2000);
        var isPatient = user.IsInRole(Roles.Patient) && !PatientAccess.IsCareTeam(user);
        var respondent = isPatient ? Respondent.Patient : input.Respondent ?? Respondent.Patient;
        if (instrument is { ClinicianRated: true })
        {
            if (!user.IsInRole(Roles.Prescriber) && !user.IsInRole(Roles.Nurse))
            {
                errors.Add("instrument", $"{instrument.Name} is rated by a clinician after an interview: a prescriber or nurse records it.");
            }

            respondent = Respondent.Clinician;
        }

        var context = input.Context ?? (isPatient ? AssessmentContext.Diary : AssessmentContext.Intake);
        if (!Enum.IsDefined(context))
        {
            errors.Add("context", "Unknown context.");
        }
        else if (isPatient && !PatientContexts.Contains(context))
        {
            errors.Add("context", "A patient records answers as a diary or before a session.");
        }

        if (isPatient && instrument is { PatientMaySelfReport: false })
        {
            errors.Add("instrument", $"{instrument.Name} is asked by trained staff, not answered alone.");
        }

        if (!errors.IsEmpty || instrument is null || answers is null)
        {
            return errors.ToOutcome<AssessmentDto>();
        }

        var scored = InstrumentScorer.Score(instrument, answers, sex, await settings.GetInstrumentSettingsAsync(cancellationToken));
        if (!scored.Succeeded)
        {
            AnswerParsing.AddErrors(errors, scored.Errors);
            return errors.ToOutcome<AssessmentDto>();
        }

        var score = scored.Score!;
        var assessment = new Assessment
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patientId,
            InstrumentCode = instrument.Code,
            AnswersJson = JsonSerializer.Serialize(AnswerParsing.ToJsonValues(answers)),
            Total = score.Total,
            Band = score.Band,
            Flags = score.Flags.ToList(),
            Context = context,
            Respondent = respondent,
            AnsweredAt = answeredAt,
            RecordedAt = now,
            RecordedByUserId = user.UserId() ?? "",
            Notes = notes,
        };
        List<object> rows = [assessment, audit.Success(AuditAction.Create, "Assessment", assessment.Id.ToString(), patientId, instrument.Code)];
        var alerts = new List<SafetyAlert>();
        var screeningSettings = await settings.GetScreeningSettingsAsync(cancellationToken);
        foreach (var finding in SuicideRiskFindings(instrument, score, screeningSettings))
        {
            var alert = new SafetyAlert
            {
                Id = Guid.CreateVersion7(now),
                PatientId = patientId,
                RuleId = finding.RuleId,
                Message = finding.Message,
                AssessmentId = assessment.Id,
                RaisedAt = now,
                RaisedByUserId = user.UserId(),
            };
            alerts.Add(alert);
            rows.Add(alert);
            rows.Add(audit.Success(AuditAction.Create, "SafetyAlert", alert.Id.ToString(), patientId, finding.RuleId));
        }

        // The score, its alerts and their audit events as one unit, in the write queue with the charting writes
        // (docs/benchmarks.md, change 21); a pain or mood score's unit also writes the patient's outcome snapshot (change 24).
        if (OutcomeSnapshotService.Instruments.Contains(instrument.Code))
        {
            await snapshots.InsertWithScoreAsync(rows, assessment, cancellationToken);
        }
        else
        {
            await audit.InsertAsync(rows, cancellationToken);
        }

        var support = isPatient && CrisisSupport.Needed(score.Flags, alerts.Count > 0) ? await crisis.ForPatientAsync(patientId, cancellationToken) : null;
        return Outcome<AssessmentDto>.Success(ToDto(assessment, instrument, alerts.Select(a => ToDto(a, null)).ToList()) with { Crisis = support });
    }

    public async Task<Outcome<IReadOnlyList<AssessmentDto>>> ListAsync(
        ClaimsPrincipal user, Guid patientId, string? instrument, CancellationToken cancellationToken = default)
    {
        if (!access.CanRead(user, patientId) || !await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Read, "Assessment", null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<IReadOnlyList<AssessmentDto>>.NotFound("The patient");
        }

        var query = db.Assessments.AsNoTracking().Where(a => a.PatientId == patientId);
        if (!string.IsNullOrWhiteSpace(instrument))
        {
            var code = instrument.Trim().ToLowerInvariant();
            if (!InstrumentCatalog.TryGet(code, out _))
            {
                return Outcome<IReadOnlyList<AssessmentDto>>.Invalid("instrument", "Unknown instrument.");
            }

            query = query.Where(a => a.InstrumentCode == code);
        }

        var rows = await query.OrderByDescending(a => a.AnsweredAt).Take(500).ToListAsync(cancellationToken);
        await audit.RecordAsync(AuditAction.Read, "Assessment", null, patientId, detail: $"count={rows.Count}", cancellationToken: cancellationToken);
        IReadOnlyList<AssessmentDto> result = rows
            .Select(a => ToDto(a, InstrumentCatalog.TryGet(a.InstrumentCode, out var d) ? d : null, []))
            .ToList();
        return Outcome<IReadOnlyList<AssessmentDto>>.Success(result);
    }

    public async Task<Outcome<IReadOnlyList<SafetyAlertDto>>> ListAlertsAsync(
        ClaimsPrincipal user, Guid patientId, bool openOnly, CancellationToken cancellationToken = default)
    {
        if (!PatientAccess.IsCareTeam(user) || !await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Read, "SafetyAlert", null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<IReadOnlyList<SafetyAlertDto>>.NotFound("The patient");
        }

        var query = db.SafetyAlerts.AsNoTracking().Where(a => a.PatientId == patientId);
        if (openOnly)
        {
            query = query.Where(a => a.AcknowledgedAt == null);
        }

        var rows = await query.OrderByDescending(a => a.RaisedAt).ToListAsync(cancellationToken);
        var names = await UserNamesAsync(rows.Select(r => r.AcknowledgedByUserId), cancellationToken);
        await audit.RecordAsync(AuditAction.Read, "SafetyAlert", null, patientId, cancellationToken: cancellationToken);
        IReadOnlyList<SafetyAlertDto> result = rows.Select(a => ToDto(a, a.AcknowledgedByUserId is { } id ? names.GetValueOrDefault(id) : null)).ToList();
        return Outcome<IReadOnlyList<SafetyAlertDto>>.Success(result);
    }

    /// <summary>How many alerts are open across the clinic; a count, so it reads no patient data.</summary>
    public Task<int> CountOpenAlertsAsync(CancellationToken cancellationToken = default) =>
        db.SafetyAlerts.CountAsync(a => a.AcknowledgedAt == null, cancellationToken);

    /// <summary>Open alerts across the clinic, for the prescriber's work list.</summary>
    public async Task<IReadOnlyList<(SafetyAlertDto Alert, string PatientName, string RecordNumber)>> OpenAlertsAsync(CancellationToken cancellationToken = default)
    {
        var rows = await db.SafetyAlerts.AsNoTracking()
            .Where(a => a.AcknowledgedAt == null)
            .Join(db.Patients, a => a.PatientId, p => p.Id, (a, p) => new { Alert = a, p.GivenName, p.FamilyName, p.RecordNumber })
            .OrderBy(x => x.Alert.RaisedAt)
            .Take(200)
            .ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            audit.Add(AuditAction.Read, "SafetyAlert", row.Alert.Id.ToString(), row.Alert.PatientId);
        }

        await db.SaveChangesAsync(cancellationToken);
        return rows.Select(r => (ToDto(r.Alert, null), $"{r.GivenName} {r.FamilyName}", r.RecordNumber)).ToList();
    }

    public async Task<Outcome<SafetyAlertDto>> AcknowledgeAsync(
        ClaimsPrincipal user, Guid patientId, Guid alertId, string? note, CancellationToken cancellationToken = default)
    {
        if (!user.IsInRole(Roles.Prescriber))
        {
            await audit.RecordAsync(AuditAction.Acknowledge, "SafetyAlert", alertId.ToString(), patientId, AuditOutcome.Denied, cancellationToken: cancellationToken);
            return Outcome<SafetyAlertDto>.Forbidden("Only a prescriber can acknowledge a safety alert.");
        }

        var alert = await db.SafetyAlerts.FirstOrDefaultAsync(a => a.Id == alertId && a.PatientId == patientId, cancellationToken);
        if (alert is null)
        {
            await audit.RecordAsync(AuditAction.Acknowledge, "SafetyAlert", alertId.ToString(), patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<SafetyAlertDto>.NotFound("The alert");
        }

        var errors = new ErrorBag();
        var text = errors.Required("note", note, 2000);
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<SafetyAlertDto>();
        }

        if (!alert.IsOpen)
        {
            return Outcome<SafetyAlertDto>.Conflict("The alert has already been acknowledged.");
        }

        alert.AcknowledgedAt = clock.GetUtcNow();
        alert.AcknowledgedByUserId = user.UserId();
        alert.AcknowledgementNote = text;
        audit.Add(AuditAction.Acknowledge, "SafetyAlert", alert.Id.ToString(), patientId, detail: alert.RuleId);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<SafetyAlertDto>.Success(ToDto(alert, user.FindFirstValue("respite:display_name") ?? user.Identity?.Name));
    }

    internal static IEnumerable<ScreeningFinding> SuicideRiskFindings(
        InstrumentDefinition instrument, InstrumentScore score, ScreeningSettings screeningSettings)
    {
        var input = instrument.Code switch
        {
            "phq9" => new ScreeningInput { HasDepression = true, HasChronicPain = true, LatestPhq9 = score },
            "cssrs-screener" => new ScreeningInput { HasDepression = true, HasChronicPain = true, LatestCssrs = score },
            _ => null,
        };
        if (input is null)
        {
            return [];
        }

        return ScreeningEvaluator.Evaluate(Modality.IvKetamineDepression, input, screeningSettings)
            .Findings.Where(f => f.RequiresAcknowledgement);
    }

    private Task<Dictionary<string, string>> UserNamesAsync(IEnumerable<string?> ids, CancellationToken cancellationToken) =>
        db.DisplayNamesAsync(ids, cancellationToken);

    internal static AssessmentDto ToDto(Assessment a, InstrumentDefinition? instrument, IReadOnlyList<SafetyAlertDto> alerts) => new(
        a.Id, a.PatientId, a.InstrumentCode, instrument?.Name ?? a.InstrumentCode, a.Total, a.Band, a.Flags,
        JsonDocument.Parse(a.AnswersJson).RootElement.Clone(), a.Context, a.Respondent, a.AnsweredAt, a.RecordedAt, a.Notes, alerts);

    internal static SafetyAlertDto ToDto(SafetyAlert a, string? acknowledgedBy) => new(
        a.Id, a.PatientId, a.RuleId, a.Message, a.AssessmentId, a.RaisedAt, a.AcknowledgedAt, acknowledgedBy, a.AcknowledgementNote);
}

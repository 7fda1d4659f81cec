using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Instruments;
using Respite.Clinical.Scheduling;
using Respite.Data;
using Respite.Data.Assessments;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Data.Portal;
using Respite.Data.Scheduling;
using Respite.Web.Features.Patients;
using Respite.Web.Features.Scheduling;
using Respite.Web.Features.Settings;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Questionnaires;

/// <summary>
/// Questionnaires the clinic assigns a patient to answer in the portal, before each session or as a diary, and what is
/// due. Nurses and prescribers assign and end them; the front desk sees them; a patient sees what is due for them.
/// </summary>
public sealed class QuestionnaireService(
    RespiteDbContext db,
    AuditTrail audit,
    PatientAccess access,
    ClinicSettingsService settings,
    CrisisSupport crisis,
    TimeProvider clock)
{
    public const int MaxCadenceDays = 90;

    /// <summary>The default set offered in one click: PHQ-9 and pain NRS before each session, and both as a weekly diary.</summary>
    public static IReadOnlyList<AssignmentInput> DefaultSet { get; } =
    [
        new() { Instrument = InstrumentCatalog.Phq9.Code, Trigger = AssignmentTrigger.BeforeEachSession },
        new() { Instrument = InstrumentCatalog.NrsPain.Code, Trigger = AssignmentTrigger.BeforeEachSession },
        new() { Instrument = InstrumentCatalog.NrsPain.Code, Trigger = AssignmentTrigger.Diary, CadenceDays = 7 },
        new() { Instrument = InstrumentCatalog.Phq9.Code, Trigger = AssignmentTrigger.Diary, CadenceDays = 7 },
    ];

    /// <summary>The instruments a patient may be assigned: those they may answer alone.</summary>
    public static IEnumerable<InstrumentDefinition> Assignable => InstrumentCatalog.All.Where(i => i.PatientMaySelfReport);

    public async Task<Outcome<IReadOnlyList<AssignmentDto>>> ListAsync(ClaimsPrincipal user, Guid patientId, bool includeEnded, CancellationToken cancellationToken = default)
    {
        if (!PatientAccess.IsCareTeam(user) || !await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Read, "QuestionnaireAssignment", null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<IReadOnlyList<AssignmentDto>>.NotFound("The patient");
        }

        var rows = await db.QuestionnaireAssignments.AsNoTracking()
            .Where(a => a.PatientId == patientId && (includeEnded || a.EndedAt == null))
            .ToListAsync(cancellationToken);
        var result = await DtosAsync(patientId, rows, cancellationToken);
        await audit.RecordAsync(AuditAction.Read, "QuestionnaireAssignment", null, patientId, detail: $"count={result.Count}", cancellationToken: cancellationToken);
        return Outcome<IReadOnlyList<AssignmentDto>>.Success(result);
    }

    public async Task<Outcome<AssignmentDto>> CreateAsync(ClaimsPrincipal user, Guid patientId, AssignmentInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!CanAssign(user) || !await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Create, "QuestionnaireAssignment", null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<AssignmentDto>.NotFound("The patient");
        }

        var now = clock.GetUtcNow();
        var errors = new ErrorBag();
        var instrument = Instrument(input.Instrument, errors);
        if (input.Trigger is not { } trigger || !Enum.IsDefined(trigger))
        {
            errors.Add("trigger", "The trigger is required: before-each-session or diary.");
        }
        else if (trigger == AssignmentTrigger.Diary && input.CadenceDays is not (>= 1 and <= MaxCadenceDays))
        {
            errors.Add("cadenceDays", $"A diary needs the days between entries, 1 to {MaxCadenceDays}.");
        }
        else if (trigger == AssignmentTrigger.BeforeEachSession && input.CadenceDays is not null)
        {
            errors.Add("cadenceDays", "A questionnaire before each session has no cadence; leave it out.");
        }

        var startsAt = input.StartsAt ?? now;
        if (startsAt > now.AddYears(1))
        {
            errors.Add("startsAt", "The start may not lie more than a year ahead.");
        }
        else if (startsAt < now.AddYears(-1))
        {
            errors.Add("startsAt", "The start may not lie more than a year back.");
        }

        if (!errors.IsEmpty || instrument is null)
        {
            return errors.ToOutcome<AssignmentDto>();
        }

        if (await db.QuestionnaireAssignments.AnyAsync(
                a => a.PatientId == patientId && a.InstrumentCode == instrument.Code && a.Trigger == input.Trigger && a.EndedAt == null, cancellationToken))
        {
            return Outcome<AssignmentDto>.Conflict($"{instrument.Name} is already assigned {TriggerText(input.Trigger!.Value)}; end that assignment first.");
        }

        var assignment = New(user, patientId, instrument, input.Trigger!.Value, input.CadenceDays, startsAt, now);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<AssignmentDto>.Success((await DtosAsync(patientId, [assignment], cancellationToken))[0]);
    }

    /// <summary>Adds the assignments of <see cref="DefaultSet"/> the patient does not have yet; returns the ones added.</summary>
    public async Task<Outcome<IReadOnlyList<AssignmentDto>>> AddDefaultsAsync(ClaimsPrincipal user, Guid patientId, CancellationToken cancellationToken = default)
    {
        if (!CanAssign(user) || !await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Create, "QuestionnaireAssignment", null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<IReadOnlyList<AssignmentDto>>.NotFound("The patient");
        }

        var now = clock.GetUtcNow();
        var active = await db.QuestionnaireAssignments.AsNoTracking()
            .Where(a => a.PatientId == patientId && a.EndedAt == null)
            .Select(a => new { a.InstrumentCode, a.Trigger })
            .ToListAsync(cancellationToken);
        var added = new List<QuestionnaireAssignment>();
        foreach (var wanted in DefaultSet)
        {
            if (!active.Any(a => a.InstrumentCode == wanted.Instrument && a.Trigger == wanted.Trigger))
            {
                InstrumentCatalog.TryGet(wanted.Instrument!, out var instrument);
                added.Add(New(user, patientId, instrument!, wanted.Trigger!.Value, wanted.CadenceDays, now, now));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return Outcome<IReadOnlyList<AssignmentDto>>.Success(await DtosAsync(patientId, added, cancellationToken));
    }

    public async Task<Outcome<AssignmentDto>> EndAsync(ClaimsPrincipal user, Guid patientId, Guid assignmentId, CancellationToken cancellationToken = default)
    {
        var assignment = CanAssign(user)
            ? await db.QuestionnaireAssignments.FirstOrDefaultAsync(a => a.Id == assignmentId && a.PatientId == patientId, cancellationToken)
            : null;
        if (assignment is null)
        {
            await audit.RecordAsync(AuditAction.Update, "QuestionnaireAssignment", assignmentId.ToString(), patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<AssignmentDto>.NotFound("The assignment");
        }

        if (!assignment.IsActive)
        {
            return Outcome<AssignmentDto>.Conflict("The assignment has already ended.");
        }

        assignment.EndedAt = clock.GetUtcNow();
        assignment.EndedByUserId = user.UserId();
        assignment.Version = Guid.NewGuid();
        audit.Add(AuditAction.Update, "QuestionnaireAssignment", assignment.Id.ToString(), patientId, detail: $"ended {assignment.InstrumentCode}");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<AssignmentDto>.Success((await DtosAsync(patientId, [assignment], cancellationToken))[0]);
    }

    /// <summary>What a patient is asked to answer now and next; for the patient themself or their care team.</summary>
    public async Task<Outcome<PortalQuestionnairesDto>> DueAsync(ClaimsPrincipal user, Guid patientId, CancellationToken cancellationToken = default)
    {
        if (!access.CanRead(user, patientId) || !await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            await audit.RecordAsync(AuditAction.Read, "QuestionnaireAssignment", null, patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<PortalQuestionnairesDto>.NotFound("The patient");
        }

        var rows = await db.QuestionnaireAssignments.AsNoTracking()
            .Where(a => a.PatientId == patientId && a.EndedAt == null)
            .ToListAsync(cancellationToken);
        var statuses = await StatusesAsync(patientId, rows, cancellationToken);
        var due = new List<DueItemDto>();
        var upcoming = new List<DueItemDto>();
        foreach (var (assignment, status) in rows.Zip(statuses))
        {
            if (status.NextDueAt is not { } dueAt)
            {
                continue;
            }

            var item = new DueItemDto(
                assignment.Id, assignment.InstrumentCode, NameOf(assignment.InstrumentCode), assignment.Trigger,
                assignment.Trigger == AssignmentTrigger.Diary ? AssessmentContext.Diary : AssessmentContext.PreSession,
                dueAt, status.IsOverdue, status.Session);
            (status.IsDue ? due : upcoming).Add(item);
        }

        await audit.RecordAsync(AuditAction.Read, "QuestionnaireAssignment", null, patientId, detail: $"due={due.Count}", cancellationToken: cancellationToken);
        return Outcome<PortalQuestionnairesDto>.Success(new PortalQuestionnairesDto(
            patientId, [.. due.OrderBy(d => d.Trigger).ThenBy(d => d.DueAt)], [.. upcoming.OrderBy(d => d.DueAt)]));
    }

    /// <summary>Whether any of the patient's diary or pre-session questionnaires is overdue; reads no answers' content.</summary>
    public async Task<bool> AnyOverdueAsync(Guid patientId, CancellationToken cancellationToken = default)
    {
        var rows = await db.QuestionnaireAssignments.AsNoTracking()
            .Where(a => a.PatientId == patientId && a.EndedAt == null)
            .ToListAsync(cancellationToken);
        return rows.Count > 0 && (await StatusesAsync(patientId, rows, cancellationToken)).Any(s => s.IsOverdue);
    }

    /// <summary>The confirmation of a patient's own answers, with the crisis message when they suggest suicidal thoughts.</summary>
    public async Task<Outcome<PortalConfirmationDto>> ConfirmationAsync(ClaimsPrincipal user, Guid assessmentId, CancellationToken cancellationToken = default)
    {
        var patientId = user.IsInRole(Roles.Patient) ? user.OwnPatientId() : null;
        var assessment = patientId is { } own
            ? await db.Assessments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == assessmentId && a.PatientId == own, cancellationToken)
            : null;
        if (assessment is null)
        {
            await audit.RecordAsync(AuditAction.Read, "Assessment", assessmentId.ToString(), patientId, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<PortalConfirmationDto>.NotFound("The questionnaire");
        }

        var alerted = await db.SafetyAlerts.AnyAsync(a => a.AssessmentId == assessment.Id, cancellationToken);
        var support = CrisisSupport.Needed(assessment.Flags, alerted) ? await crisis.ForPatientAsync(assessment.PatientId, cancellationToken) : null;
        await audit.RecordAsync(AuditAction.Read, "Assessment", assessment.Id.ToString(), assessment.PatientId, cancellationToken: cancellationToken);
        return Outcome<PortalConfirmationDto>.Success(new PortalConfirmationDto(
            assessment.Id, assessment.InstrumentCode, NameOf(assessment.InstrumentCode), assessment.Context, assessment.AnsweredAt, support, alerted));
    }

    public static string TriggerText(AssignmentTrigger trigger) => trigger == AssignmentTrigger.Diary ? "as a diary" : "before each session";

    private static bool CanAssign(ClaimsPrincipal user) => user.IsInRole(Roles.Nurse) || user.IsInRole(Roles.Prescriber);

    private static string NameOf(string code) => InstrumentCatalog.TryGet(code, out var d) ? d.Name : code;

    private static InstrumentDefinition? Instrument(string? code, ErrorBag errors)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            errors.Add("instrument", "The instrument code is required.");
            return null;
        }

        if (!InstrumentCatalog.TryGet(code.Trim(), out var instrument))
        {
            errors.Add("instrument", $"Unknown instrument. Use one of: {string.Join(", ", Assignable.Select(i => i.Code))}.");
            return null;
        }

        if (!instrument.PatientMaySelfReport)
        {
            errors.Add("instrument", $"{instrument.Name} is asked by trained staff and cannot be assigned for the patient to answer alone.");
            return null;
        }

        return instrument;
    }

    private QuestionnaireAssignment New(
        ClaimsPrincipal user, Guid patientId, InstrumentDefinition instrument, AssignmentTrigger trigger, int? cadenceDays, DateTimeOffset startsAt, DateTimeOffset now)
    {
        var assignment = new QuestionnaireAssignment
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patientId,
            InstrumentCode = instrument.Code,
            Trigger = trigger,
            CadenceDays = trigger == AssignmentTrigger.Diary ? cadenceDays : null,
            StartsAt = startsAt,
            CreatedAt = now,
            CreatedByUserId = user.UserId() ?? "",
            Version = Guid.NewGuid(),
        };
        db.QuestionnaireAssignments.Add(assignment);
        audit.Add(AuditAction.Create, "QuestionnaireAssignment", assignment.Id.ToString(), patientId,
            detail: $"{instrument.Code} {JsonDefaults.Kebab(trigger)}{(cadenceDays is { } days && trigger == AssignmentTrigger.Diary ? $" every {days} d" : "")}");
        return assignment;
    }

    private async Task<List<AssignmentDto>> DtosAsync(Guid patientId, IReadOnlyList<QuestionnaireAssignment> rows, CancellationToken cancellationToken)
    {
        var statuses = await StatusesAsync(patientId, rows, cancellationToken);
        var names = await db.DisplayNamesAsync(rows.Select(r => (string?)r.CreatedByUserId), cancellationToken);
        return [.. rows.Zip(statuses)
            .Select(x => new AssignmentDto(
                x.First.Id, x.First.PatientId, x.First.InstrumentCode, NameOf(x.First.InstrumentCode), x.First.Trigger, x.First.CadenceDays,
                x.First.StartsAt, x.First.EndedAt, x.First.CreatedAt, names.GetValueOrDefault(x.First.CreatedByUserId),
                x.Second.NextDueAt, x.Second.IsDue, x.Second.IsOverdue, x.Second.LastAnsweredAt))
            .OrderBy(d => d.EndedAt is not null).ThenBy(d => d.Trigger).ThenBy(d => d.Instrument, StringComparer.Ordinal)];
    }

    /// <summary>The status of each assignment, in order, from the patient's own answers and booked treatments.</summary>
    private async Task<IReadOnlyList<AssignmentStatus>> StatusesAsync(Guid patientId, IReadOnlyList<QuestionnaireAssignment> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var now = clock.GetUtcNow();
        var codes = rows.Select(r => r.InstrumentCode).Distinct().ToList();
        var earliest = rows.Min(r => r.StartsAt);
        var answers = await db.Assessments.AsNoTracking()
            .Where(a => a.PatientId == patientId && a.Respondent == Respondent.Patient && codes.Contains(a.InstrumentCode) && a.AnsweredAt >= earliest)
            .Select(a => new PatientAnswer(a.InstrumentCode, a.Context, a.AnsweredAt))
            .ToListAsync(cancellationToken);
        List<TreatmentVisit> visits = [];
        if (rows.Any(r => r.Trigger == AssignmentTrigger.BeforeEachSession))
        {
            var from = now.AddDays(-2);
            var to = now.AddDays(120);
            var booked = await db.Appointments.AsNoTracking()
                .Where(a => a.PatientId == patientId
                    && (a.Kind == AppointmentKind.IvInfusion || a.Kind == AppointmentKind.EsketamineSession)
                    && (a.Status == AppointmentStatus.Booked || a.Status == AppointmentStatus.CheckedIn)
                    && a.Start >= from && a.Start <= to)
                .Join(db.Locations, a => a.LocationId, l => l.Id, (a, l) => new { a.Start, l.TimeZoneId })
                .ToListAsync(cancellationToken);
            visits = [.. booked.Select(b => new TreatmentVisit(b.Start, LocationService.TryFindZone(b.TimeZoneId, out var zone) ? zone! : TimeZoneInfo.Utc))];
        }

        var grace = TimeSpan.FromDays((await settings.GetPortalSettingsAsync(cancellationToken)).DiaryGraceDays);
        return [.. rows.Select(r => QuestionnaireDue.StatusOf(r, answers, visits, grace, now))];
    }
}

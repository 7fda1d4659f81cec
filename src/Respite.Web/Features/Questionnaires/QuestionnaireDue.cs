using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Outcomes;
using Respite.Clinical.Scheduling;
using Respite.Data;
using Respite.Data.Assessments;
using Respite.Data.Portal;

namespace Respite.Web.Features.Questionnaires;

/// <summary>One of the patient's own answers, as far as the due list needs it.</summary>
public sealed record PatientAnswer(string Instrument, AssessmentContext Context, DateTimeOffset AnsweredAt);

/// <summary>A booked or checked-in treatment appointment, with the zone of its location.</summary>
public sealed record TreatmentVisit(DateTimeOffset Start, TimeZoneInfo Zone);

/// <summary>Where an assignment stands at one instant.</summary>
/// <param name="NextDueAt">When it next falls due; null when nothing is planned (no treatment booked, or it has ended).</param>
/// <param name="IsDue">The patient can answer it now.</param>
/// <param name="IsOverdue">A diary entry past its grace period, or a pre-session questionnaire not answered by the session's start.</param>
/// <param name="LastAnsweredAt">The patient's latest answer to it since the assignment started.</param>
/// <param name="Session">The treatment appointment a pre-session questionnaire is due for.</param>
public sealed record AssignmentStatus(DateTimeOffset? NextDueAt, bool IsDue, bool IsOverdue, DateTimeOffset? LastAnsweredAt, DateTimeOffset? Session);

/// <summary>An active diary assignment and where it stands.</summary>
public sealed record DiaryDue(Guid AssignmentId, Guid PatientId, string InstrumentCode, DiaryStatus Status);

/// <summary>
/// When an assigned questionnaire is due. A diary follows <see cref="DiaryCadence.StatusAt"/> from the patient's latest
/// answer since the start; a pre-session questionnaire is due on the local day (in the location's zone) of a booked or
/// checked-in treatment, until the patient answers it that day as a pre-session questionnaire.
/// </summary>
public static class QuestionnaireDue
{
    public static AssignmentStatus StatusOf(
        QuestionnaireAssignment assignment, IEnumerable<PatientAnswer> answers, IEnumerable<TreatmentVisit> visits, TimeSpan grace, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var own = answers.Where(a => a.Instrument == assignment.InstrumentCode && a.AnsweredAt >= assignment.StartsAt).ToList();
        DateTimeOffset? last = own.Count == 0 ? null : own.Max(a => a.AnsweredAt);
        if (!assignment.IsActive)
        {
            return new AssignmentStatus(null, false, false, last, null);
        }

        if (assignment.Trigger == AssignmentTrigger.Diary)
        {
            var cadence = TimeSpan.FromDays(assignment.CadenceDays ?? 7);
            var diary = DiaryCadence.StatusAt(assignment.StartsAt, cadence, last, grace, now);
            return new AssignmentStatus(diary.DueAt, diary.IsDue, diary.IsOverdue, last, null);
        }

        foreach (var visit in visits.Where(v => v.Start >= assignment.StartsAt || SameDay(v.Start, assignment.StartsAt, v.Zone)).OrderBy(v => v.Start))
        {
            var day = LocalDay(visit.Start, visit.Zone);
            var today = LocalDay(now, visit.Zone);
            if (day < today)
            {
                continue;
            }

            var dayStarts = ClinicClock.ToInstant(day, TimeOnly.MinValue, visit.Zone).Instant;
            if (day > today)
            {
                return new AssignmentStatus(dayStarts, false, false, last, visit.Start);
            }

            var answered = own.Any(a => a.Context == AssessmentContext.PreSession && LocalDay(a.AnsweredAt, visit.Zone) == day);
            if (!answered)
            {
                return new AssignmentStatus(dayStarts, true, now > visit.Start, last, visit.Start);
            }
        }

        return new AssignmentStatus(null, false, false, last, null);
    }

    /// <summary>
    /// Every active diary assignment (of <paramref name="patientIds"/>, or everyone) with its status at
    /// <paramref name="now"/>, judged as the portal judges it: from the patient's own latest answer since the start. The
    /// latest answer is looked up per assignment in the database, so no answers are loaded.
    /// </summary>
    public static async Task<IReadOnlyList<DiaryDue>> DiariesAsync(
        RespiteDbContext db, DateTimeOffset now, TimeSpan grace, IQueryable<Guid>? patientIds = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var diaries = db.QuestionnaireAssignments.AsNoTracking()
            .Where(a => a.EndedAt == null && a.Trigger == AssignmentTrigger.Diary && a.CadenceDays != null && a.CadenceDays > 0 && a.StartsAt <= now);
        if (patientIds is not null)
        {
            diaries = diaries.Where(a => patientIds.Contains(a.PatientId));
        }

        var rows = await diaries
            .Select(a => new
            {
                a.Id,
                a.PatientId,
                a.InstrumentCode,
                a.StartsAt,
                a.CadenceDays,
                LastAnsweredAt = db.Assessments
                    .Where(x => x.PatientId == a.PatientId && x.InstrumentCode == a.InstrumentCode && x.Respondent == Respondent.Patient && x.AnsweredAt >= a.StartsAt)
                    .OrderByDescending(x => x.AnsweredAt)
                    .Select(x => (DateTimeOffset?)x.AnsweredAt)
                    .FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new DiaryDue(
            r.Id, r.PatientId, r.InstrumentCode, DiaryCadence.StatusAt(r.StartsAt, TimeSpan.FromDays(r.CadenceDays!.Value), r.LastAnsweredAt, grace, now)))];
    }

    private static DateOnly LocalDay(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(ClinicClock.ToLocal(instant, zone).DateTime);

    private static bool SameDay(DateTimeOffset a, DateTimeOffset b, TimeZoneInfo zone) => LocalDay(a, zone) == LocalDay(b, zone);
}

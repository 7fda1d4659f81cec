using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Outcomes;
using Respite.Data;
using Respite.Data.Portal;

namespace Respite.Web.Features.Reminders;

/// <summary>A diary questionnaire that has fallen due for a patient.</summary>
public sealed record DueDiary(Guid AssignmentId, Guid PatientId, string InstrumentCode, DateTimeOffset DueAt);

/// <summary>
/// Which diary questionnaires are due: active <see cref="AssignmentTrigger.Diary"/> assignments judged by
/// <see cref="DiaryCadence.StatusAt"/> against the patient's latest answer to that instrument.
/// </summary>
public static class QuestionnaireDue
{
    /// <summary>The diaries due at <paramref name="now"/>, for the given patients or (null) everyone.</summary>
    public static async Task<IReadOnlyList<DueDiary>> DiariesAsync(
        RespiteDbContext db, DateTimeOffset now, IReadOnlyCollection<Guid>? patientIds = null, CancellationToken cancellationToken = default)
    {
        var query = db.QuestionnaireAssignments.AsNoTracking()
            .Where(a => a.EndedAt == null && a.Trigger == AssignmentTrigger.Diary && a.CadenceDays != null && a.CadenceDays > 0 && a.StartsAt <= now);
        if (patientIds is not null)
        {
            query = query.Where(a => patientIds.Contains(a.PatientId));
        }

        var assignments = await query.Select(a => new { a.Id, a.PatientId, a.InstrumentCode, a.StartsAt, a.CadenceDays }).ToListAsync(cancellationToken);
        if (assignments.Count == 0)
        {
            return [];
        }

        var patients = assignments.Select(a => a.PatientId).Distinct().ToList();
        var codes = assignments.Select(a => a.InstrumentCode).Distinct().ToList();
        var answers = await db.Assessments.AsNoTracking()
            .Where(x => patients.Contains(x.PatientId) && codes.Contains(x.InstrumentCode))
            .Select(x => new { x.PatientId, x.InstrumentCode, x.AnsweredAt })
            .ToListAsync(cancellationToken);
        var last = answers.GroupBy(a => (a.PatientId, a.InstrumentCode)).ToDictionary(g => g.Key, g => g.Max(a => a.AnsweredAt));

        var due = new List<DueDiary>();
        foreach (var assignment in assignments)
        {
            var status = Status(assignment.StartsAt, assignment.CadenceDays!.Value, last.TryGetValue((assignment.PatientId, assignment.InstrumentCode), out var at) ? at : (DateTimeOffset?)null, now);
            if (status.IsDue)
            {
                due.Add(new DueDiary(assignment.Id, assignment.PatientId, assignment.InstrumentCode, status.DueAt));
            }
        }

        return due;
    }

    /// <summary>One assignment's status: due from its start, then <paramref name="cadenceDays"/> after the latest answer.</summary>
    public static DiaryStatus Status(DateTimeOffset startsAt, int cadenceDays, DateTimeOffset? lastAnsweredAt, DateTimeOffset now) =>
        DiaryCadence.StatusAt(startsAt, TimeSpan.FromDays(cadenceDays), lastAnsweredAt, TimeSpan.Zero, now);
}

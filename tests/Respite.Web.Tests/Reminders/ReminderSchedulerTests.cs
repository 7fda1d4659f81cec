using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Data.Portal;
using Respite.Web.Features.Questionnaires;
using Respite.Web.Features.Reminders;
using Respite.Web.Tests.Infrastructure;
using static Respite.Web.Tests.Reminders.ReminderTestData;

namespace Respite.Web.Tests.Reminders;

/// <summary>Which reminders the scheduler queues, what they say, and that it never queues one twice.</summary>
public sealed class ReminderSchedulerTests(ReminderFactory factory) : IClassFixture<ReminderFactory>
{
    private Task<List<OutboundEmail>> RowsForAsync(Guid patientId) =>
        factory.WithDbAsync(db => db.OutboundEmails.AsNoTracking().Where(e => e.PatientId == patientId).ToListAsync());

    [Fact]
    public async Task Appointment_InsideTheLeadWindowOnly_QueuedOnceWithFirstNameAndLocalTime()
    {
        var patient = await PatientAsync(factory);
        var location = await LocationAsync(factory);
        var appointment = await BookAsync(factory, patient.Id, location, SchedulingData.Monday(30), "09:00");
        var start = Start(appointment);

        await ScheduleAsync(factory, start.AddHours(-25));
        Assert.Empty(await RowsForAsync(patient.Id));

        await ScheduleAsync(factory, start.AddHours(-23));
        await ScheduleAsync(factory, start.AddHours(-22));
        var row = Assert.Single(await RowsForAsync(patient.Id));
        Assert.Equal(EmailKind.AppointmentReminder, row.Kind);
        Assert.Equal(ReminderScheduler.AppointmentKey(Id(appointment), start), row.DedupeKey);
        Assert.Equal(patient.Email, row.ToAddress);
        Assert.Equal("Your appointment reminder", row.Subject);
        Assert.Null(row.SentAt);
        Assert.Equal(start.AddHours(-23), row.NextAttemptAt);

        Assert.Contains($"Hello {patient.Given},", row.Body, StringComparison.Ordinal);
        Assert.Contains("at 9:00 AM (America/New_York time)", row.Body, StringComparison.Ordinal);
        Assert.Contains(SchedulingData.Monday(30).ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture), row.Body, StringComparison.Ordinal);
        Assert.Contains("+1 555 0142", row.Body, StringComparison.Ordinal);
        Assert.Contains($"{ReminderFactory.BaseUrl}/portal", row.Body, StringComparison.Ordinal);
        Assert.Contains($"{ReminderFactory.BaseUrl}/reminders/opt-out?token=", row.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(patient.Family, row.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(patient.RecordNumber, row.Body, StringComparison.OrdinalIgnoreCase);
        foreach (var word in new[] { "1979", "14 March", "03-14", "ketamine", "esketamine", "infusion", "spravato", "depress", "pain", "follow-up", "follow up", "F33" })
        {
            Assert.DoesNotContain(word, row.Body + row.Subject, StringComparison.OrdinalIgnoreCase);
        }

        var audit = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.PatientId == patient.Id && e.EntityType == "OutboundEmail").ToListAsync());
        Assert.Equal(AuditAction.Create, Assert.Single(audit).Action);
    }

    [Fact]
    public async Task Appointment_InTheLocationsTimeZone()
    {
        var patient = await PatientAsync(factory);
        var tokyo = await LocationAsync(factory, "Asia/Tokyo");
        var appointment = await BookAsync(factory, patient.Id, tokyo, SchedulingData.Monday(31), "14:30");
        var start = Start(appointment);
        Assert.Equal(TimeSpan.FromHours(9), TimeZoneInfo.ConvertTime(start, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).Offset);

        await ScheduleAsync(factory, start.AddHours(-3));
        var row = Assert.Single(await RowsForAsync(patient.Id));
        Assert.Contains("at 2:30 PM (Asia/Tokyo time)", row.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Appointment_Rescheduled_GetsAReminderForItsNewTime()
    {
        var patient = await PatientAsync(factory);
        var location = await LocationAsync(factory);
        var appointment = await BookAsync(factory, patient.Id, location, SchedulingData.Monday(32), "09:00");
        var start = Start(appointment);
        await ScheduleAsync(factory, start.AddHours(-20));

        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var moved = await desk.PostAsJsonAsync($"/api/patients/{patient.Id}/appointments/{Id(appointment)}/reschedule", new
        {
            date = SchedulingData.Monday(32).ToString("yyyy-MM-dd"), startTime = "15:00", version = appointment.GetProperty("version").GetString(),
        });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var newStart = Start((await moved.ReadJsonAsync())[0]);
        Assert.Equal(start.AddHours(6), newStart);

        await ScheduleAsync(factory, start.AddHours(-17));
        var rows = await RowsForAsync(patient.Id);
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.DedupeKey == ReminderScheduler.AppointmentKey(Id(appointment), start));
        Assert.Contains(rows, r => r.DedupeKey == ReminderScheduler.AppointmentKey(Id(appointment), newStart) && r.Body.Contains("at 3:00 PM", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Appointment_CancelledOptedOutOrWithoutAddress_NotReminded()
    {
        var location = await LocationAsync(factory);
        var desk = await factory.ClientForAsync(Roles.FrontDesk);

        var cancelled = await PatientAsync(factory);
        var first = await BookAsync(factory, cancelled.Id, location, SchedulingData.Monday(33), "09:00");
        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsJsonAsync($"/api/patients/{cancelled.Id}/appointments/{Id(first)}/cancel", new
        {
            reason = "Patient unwell", version = first.GetProperty("version").GetString(),
        })).StatusCode);

        var optedOut = await PatientAsync(factory);
        await BookAsync(factory, optedOut.Id, location, SchedulingData.Monday(33), "10:00");
        Assert.Equal(HttpStatusCode.OK, (await desk.PutAsJsonAsync($"/api/patients/{optedOut.Id}/reminder-preference", new { optedOut = true })).StatusCode);

        var noEmail = await PatientAsync(factory, withEmail: false);
        await BookAsync(factory, noEmail.Id, location, SchedulingData.Monday(33), "11:00");

        var reminded = await PatientAsync(factory);
        await BookAsync(factory, reminded.Id, location, SchedulingData.Monday(33), "12:00");

        await ScheduleAsync(factory, Start(first).AddHours(-20));
        Assert.Empty(await RowsForAsync(cancelled.Id));
        Assert.Empty(await RowsForAsync(optedOut.Id));
        Assert.Empty(await RowsForAsync(noEmail.Id));
        Assert.Single(await RowsForAsync(reminded.Id));
    }

    [Fact]
    public async Task TwoConcurrentRuns_QueueEachReminderOnce()
    {
        var location = await LocationAsync(factory);
        var patients = new List<Guid>();
        DateTimeOffset start = default;
        for (var i = 0; i < 4; i++)
        {
            var patient = await PatientAsync(factory);
            patients.Add(patient.Id);
            start = Start(await BookAsync(factory, patient.Id, location, SchedulingData.Monday(34), $"{9 + i:00}:00"));
        }

        var now = start.AddHours(-20);
        var runs = await Task.WhenAll(ScheduleAsync(factory, now), ScheduleAsync(factory, now), ScheduleAsync(factory, now));
        foreach (var id in patients)
        {
            Assert.Single(await RowsForAsync(id));
        }

        Assert.True(runs.Sum(r => r.AppointmentReminders) >= patients.Count);
        var again = await ScheduleAsync(factory, now);
        Assert.Equal(0, again.AppointmentReminders);
        Assert.True(again.AlreadyQueued >= patients.Count);
    }

    [Fact]
    public async Task DuplicateKey_InsertedBehindTheCheck_IsRecognisedAsAUniqueViolation()
    {
        var key = "appointment-reminder:test:" + Guid.NewGuid();
        OutboundEmail Row() => new()
        {
            Id = Guid.NewGuid(), Kind = EmailKind.AppointmentReminder, ToAddress = "x@example.org", Subject = "s", Body = "b", DedupeKey = key,
            CreatedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow.AddYears(50),
        };
        await factory.WithDbAsync(async db => { db.OutboundEmails.Add(Row()); return await db.SaveChangesAsync(); });
        var exception = await Assert.ThrowsAsync<DbUpdateException>(() => factory.WithDbAsync(async db => { db.OutboundEmails.Add(Row()); return await db.SaveChangesAsync(); }));
        Assert.True(UniqueViolation.Is(exception));
    }

    [Fact]
    public async Task Diary_DueFromItsStart_ThenACadenceAfterTheLatestAnswer_WithoutNamingTheQuestionnaire()
    {
        var patient = await PatientAsync(factory);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Zone);
        var day = DateTime.SpecifyKind(DateTime.UtcNow.Date.AddDays(2).AddHours(12), DateTimeKind.Unspecified);
        var noon = new DateTimeOffset(day, zone.GetUtcOffset(day)).ToUniversalTime();
        var startsAt = noon.AddDays(-8);
        var assignment = new QuestionnaireAssignment
        {
            Id = Guid.NewGuid(), PatientId = patient.Id, InstrumentCode = "phq9", Trigger = AssignmentTrigger.Diary, CadenceDays = 7, StartsAt = startsAt,
            CreatedAt = startsAt, CreatedByUserId = "test", Version = Guid.NewGuid(),
        };
        await factory.WithDbAsync(async db => { db.QuestionnaireAssignments.Add(assignment); return await db.SaveChangesAsync(); });

        await ScheduleAsync(factory, noon);
        var row = Assert.Single(await RowsForAsync(patient.Id));
        Assert.Equal(EmailKind.QuestionnaireReminder, row.Kind);
        Assert.Equal(ReminderScheduler.QuestionnaireKey(assignment.Id, startsAt), row.DedupeKey);
        Assert.Contains($"Hello {patient.Given},", row.Body, StringComparison.Ordinal);
        foreach (var word in new[] { "phq", "depress", "mood", patient.Family, patient.RecordNumber })
        {
            Assert.DoesNotContain(word, row.Body + row.Subject, StringComparison.OrdinalIgnoreCase);
        }

        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var answeredAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        Assert.True(answeredAt > startsAt);
        Assert.Equal(HttpStatusCode.Created, (await desk.PostAsJsonAsync($"/api/patients/{patient.Id}/assessments", new
        {
            instrument = "phq9", answers = new[] { 1, 1, 1, 1, 1, 1, 1, 1, 0 }, answeredAt,
        })).StatusCode);

        await ScheduleAsync(factory, noon);
        Assert.Single(await RowsForAsync(patient.Id));
        async Task<IReadOnlyList<DiaryDue>> DueAtAsync(DateTimeOffset at) => await factory.WithDbAsync(async db =>
            (await QuestionnaireDue.DiariesAsync(db, at, TimeSpan.Zero, db.Patients.Where(p => p.Id == patient.Id).Select(p => p.Id))).Where(d => d.Status.IsDue).ToList());
        var due = await DueAtAsync(answeredAt.AddDays(7).AddMinutes(1));
        Assert.Equal(answeredAt.AddDays(7).ToUnixTimeSeconds(), Assert.Single(due).Status.DueAt.ToUnixTimeSeconds());
        Assert.Empty(await DueAtAsync(answeredAt.AddDays(6)));
    }

    [Fact]
    public async Task PickupTransport_WritesAnEmlFileAndMarksItSent()
    {
        var patient = await PatientAsync(factory);
        var location = await LocationAsync(factory);
        var start = Start(await BookAsync(factory, patient.Id, location, SchedulingData.Monday(35), "09:00"));
        var now = start.AddHours(-23);

        var (scheduled, sent) = await RunAsync(factory, now);
        Assert.True(scheduled.AppointmentReminders >= 1);
        Assert.True(sent.Sent >= 1);
        var row = Assert.Single(await RowsForAsync(patient.Id));
        Assert.Equal(now, row.SentAt);
        Assert.Equal(1, row.Attempts);
        var file = Path.Combine(factory.HostDirectory, "outbox", $"{row.Id:N}@respite.eml");
        Assert.True(File.Exists(file));
        var eml = await File.ReadAllTextAsync(file);
        Assert.Contains("Subject: Your appointment reminder", eml, StringComparison.Ordinal);
        Assert.Contains($"To: {patient.Email}", eml, StringComparison.Ordinal);
        Assert.Contains("List-Unsubscribe:", eml, StringComparison.Ordinal);
        Assert.Contains($"Hello {patient.Given},", eml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueuedReminder_AppointmentCancelledOrBegunBeforeSending_Abandoned()
    {
        var location = await LocationAsync(factory);
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var cancelled = await PatientAsync(factory);
        var first = await BookAsync(factory, cancelled.Id, location, SchedulingData.Monday(37), "09:00");
        var late = await PatientAsync(factory);
        await BookAsync(factory, late.Id, location, SchedulingData.Monday(37), "10:00");
        var start = Start(first);
        await ScheduleAsync(factory, start.AddHours(-23));
        Assert.Single(await RowsForAsync(cancelled.Id));
        Assert.Single(await RowsForAsync(late.Id));

        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsJsonAsync($"/api/patients/{cancelled.Id}/appointments/{Id(first)}/cancel", new
        {
            reason = "Patient unwell", version = first.GetProperty("version").GetString(),
        })).StatusCode);
        await SendAsync(factory, start.AddHours(1).AddMinutes(1));

        var abandoned = Assert.Single(await RowsForAsync(cancelled.Id));
        Assert.Equal(OutboxSender.AppointmentChanged, abandoned.AbandonedReason);
        Assert.Null(abandoned.SentAt);
        var passed = Assert.Single(await RowsForAsync(late.Id));
        Assert.Equal(OutboxSender.AppointmentPassed, passed.AbandonedReason);
        Assert.False(File.Exists(Path.Combine(factory.HostDirectory, "outbox", $"{passed.Id:N}@respite.eml")));
    }

    [Fact]
    public async Task Settings_RemindersGroup_HasDefaultsAndRejectsOutOfBoundsLeadTime()
    {
        var admin = await factory.ClientForAsync(Roles.Admin);
        var group = await (await admin.GetAsync("/api/settings/reminders")).ReadJsonAsync();
        Assert.Equal(24, group.GetProperty("defaults").GetProperty("appointmentLeadHours").GetInt32());
        var response = await admin.PutAsJsonAsync("/api/settings/reminders", new { enabled = true, appointmentLeadHours = 500, senderName = "Clinic", senderAddress = "clinic@example.org" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("appointmentLeadHours", (await response.ReadJsonAsync()).ErrorFields());
        var address = await admin.PutAsJsonAsync("/api/settings/reminders", new { enabled = true, appointmentLeadHours = 24, senderName = "Clinic", senderAddress = "not an address" });
        Assert.Contains("senderAddress", (await address.ReadJsonAsync()).ErrorFields());
    }

    [Theory]
    [InlineData(20, true)]
    [InlineData(21, false)]
    [InlineData(23, false)]
    [InlineData(7, false)]
    [InlineData(8, true)]
    [InlineData(12, true)]
    public void QuietHours_WrapAroundMidnight_InTheGivenZone(int localHour, bool allowed)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var now = new DateTimeOffset(2026, 12, 7, localHour, 0, 0, TimeSpan.FromHours(9));
        Assert.Equal(!allowed, ReminderSettings.Default.IsQuiet(now, zone));
        Assert.False((ReminderSettings.Default with { QuietHoursStart = null, QuietHoursEnd = null }).IsQuiet(now, zone));
    }
}

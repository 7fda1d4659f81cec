using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Respite.Data.Identity;
using Respite.Data.Portal;
using Respite.Web.Features.Reminders;
using Respite.Web.Tests.Infrastructure;
using static Respite.Web.Tests.Reminders.ReminderTestData;

namespace Respite.Web.Tests.Reminders;

/// <summary>Delivery through MailKit to an SMTP server on 127.0.0.1: success, retries with back-off, refusals, opt-out.</summary>
public sealed class OutboxDeliveryTests(SmtpReminderFactory factory) : IClassFixture<SmtpReminderFactory>
{
    private static readonly SemaphoreSlim Serial = new(1, 1);

    private async Task<OutboundEmail> QueueAsync(EmailKind kind, Guid? patientId, string to, DateTimeOffset at)
    {
        var row = new OutboundEmail
        {
            Id = Guid.CreateVersion7(at), Kind = kind, PatientId = patientId, ToAddress = to, Subject = "Test " + kind, Body = "Hello,\n\nA test message.\n",
            DedupeKey = $"test:{Guid.NewGuid()}", CreatedAt = at, NextAttemptAt = at,
        };
        await factory.WithDbAsync(async db => { db.OutboundEmails.Add(row); return await db.SaveChangesAsync(); });
        return row;
    }

    private Task<OutboundEmail> RowAsync(Guid id) => factory.WithDbAsync(db => db.OutboundEmails.AsNoTracking().SingleAsync(e => e.Id == id));

    private List<SmtpTestServer.Received> To(string address) => factory.Smtp.Messages.Where(m => m.To.Contains(address)).ToList();

    [Fact]
    public async Task Reminder_DeliveredOverSmtp_WithTheFirstNameAndNothingElseAboutThePatient()
    {
        await Serial.WaitAsync();
        try
        {
            var patient = await PatientAsync(factory);
            var location = await LocationAsync(factory);
            var start = Start(await BookAsync(factory, patient.Id, location, SchedulingData.Monday(40), "09:00"));
            var now = start.AddHours(-23);

            await RunAsync(factory, now);

            var message = Assert.Single(To(patient.Email!));
            Assert.Contains("Subject: Your appointment reminder", message.Data, StringComparison.Ordinal);
            Assert.Contains($"Hello {patient.Given},", message.Data, StringComparison.Ordinal);
            Assert.Contains("9:00 AM", message.Data, StringComparison.Ordinal);
            Assert.Contains("List-Unsubscribe:", message.Data, StringComparison.Ordinal);
            Assert.DoesNotContain(patient.Family, message.Data, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(patient.RecordNumber, message.Data, StringComparison.OrdinalIgnoreCase);
            Assert.Equal("<no-reply@respite.local>", message.From);
            var row = await factory.WithDbAsync(db => db.OutboundEmails.AsNoTracking().SingleAsync(e => e.PatientId == patient.Id));
            Assert.Equal(now, row.SentAt);
            Assert.Equal(1, row.Attempts);
            Assert.Null(row.LastError);

            await RunAsync(factory, now.AddHours(1));
            Assert.Single(To(patient.Email!));
        }
        finally
        {
            Serial.Release();
        }
    }

    [Fact]
    public async Task TemporaryRefusal_RetriedWithDoublingWaits_ThenAbandoned()
    {
        await Serial.WaitAsync();
        try
        {
            var to = $"retry.{Guid.NewGuid():N}@example.org";
            var at = DateTimeOffset.UtcNow.AddYears(20);
            var row = await QueueAsync(EmailKind.PortalInvitation, null, to, at);
            factory.Smtp.RcptReply = $"451 4.3.0 Mailbox <{to}> busy, try later";

            await SendAsync(factory, at);
            var first = await RowAsync(row.Id);
            Assert.Equal(1, first.Attempts);
            Assert.Null(first.SentAt);
            Assert.Null(first.AbandonedReason);
            Assert.Equal(at.AddSeconds(60), first.NextAttemptAt);
            Assert.Contains("451", first.LastError, StringComparison.Ordinal);
            Assert.DoesNotContain(to, first.LastError!, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("@", first.LastError!, StringComparison.Ordinal);

            await SendAsync(factory, at.AddSeconds(30));
            Assert.Equal(1, (await RowAsync(row.Id)).Attempts);

            await SendAsync(factory, at.AddSeconds(60));
            var second = await RowAsync(row.Id);
            Assert.Equal(2, second.Attempts);
            Assert.Equal(at.AddSeconds(60 + 120), second.NextAttemptAt);

            await SendAsync(factory, at.AddSeconds(180));
            var third = await RowAsync(row.Id);
            Assert.Equal(3, third.Attempts);
            Assert.Equal(OutboxSender.AttemptsExhausted, third.AbandonedReason);
            Assert.Null(third.SentAt);

            factory.Smtp.RcptReply = null;
            await SendAsync(factory, at.AddDays(1));
            Assert.Equal(3, (await RowAsync(row.Id)).Attempts);
            Assert.Empty(To(to));
        }
        finally
        {
            factory.Smtp.RcptReply = null;
            Serial.Release();
        }
    }

    [Fact]
    public async Task PermanentRefusal_AbandonedAtOnce_WithoutTheAddressInTheError()
    {
        await Serial.WaitAsync();
        try
        {
            var to = $"unknown.{Guid.NewGuid():N}@example.org";
            var at = DateTimeOffset.UtcNow.AddYears(21);
            var row = await QueueAsync(EmailKind.PortalInvitation, null, to, at);
            factory.Smtp.DataReply = $"554 5.7.1 Message to <{to}> refused";

            var run = await SendAsync(factory, at);
            var after = await RowAsync(row.Id);
            Assert.Equal(1, after.Attempts);
            Assert.Equal(OutboxSender.Rejected, after.AbandonedReason);
            Assert.Contains("554", after.LastError, StringComparison.Ordinal);
            Assert.Contains("[address]", after.LastError, StringComparison.Ordinal);
            Assert.DoesNotContain(to, after.LastError!, StringComparison.OrdinalIgnoreCase);
            Assert.True(run.Abandoned >= 1);
        }
        finally
        {
            factory.Smtp.DataReply = null;
            Serial.Release();
        }
    }

    [Fact]
    public async Task OptedOutBeforeSending_ReminderAbandoned_InvitationStillDelivered()
    {
        await Serial.WaitAsync();
        try
        {
            var patient = await PatientAsync(factory);
            var at = DateTimeOffset.UtcNow.AddYears(22);
            var reminder = await QueueAsync(EmailKind.AppointmentReminder, patient.Id, patient.Email!, at);
            var invitation = await QueueAsync(EmailKind.PortalInvitation, patient.Id, patient.Email!, at);
            var desk = await factory.ClientForAsync(Roles.FrontDesk);
            Assert.Equal(HttpStatusCode.OK, (await desk.PutAsJsonAsync($"/api/patients/{patient.Id}/reminder-preference", new { optedOut = true })).StatusCode);

            await SendAsync(factory, at);

            var abandoned = await RowAsync(reminder.Id);
            Assert.Equal(OutboxSender.OptedOut, abandoned.AbandonedReason);
            Assert.Equal(0, abandoned.Attempts);
            Assert.NotNull((await RowAsync(invitation.Id)).SentAt);
            var message = Assert.Single(To(patient.Email!));
            Assert.Contains("Subject: Test PortalInvitation", message.Data, StringComparison.Ordinal);
        }
        finally
        {
            Serial.Release();
        }
    }

    [Fact]
    public async Task ConcurrentSenders_DeliverEachMessageOnce()
    {
        await Serial.WaitAsync();
        try
        {
            var at = DateTimeOffset.UtcNow.AddYears(23);
            var addresses = Enumerable.Range(0, 6).Select(i => $"concurrent{i}.{Guid.NewGuid():N}@example.org").ToList();
            foreach (var address in addresses)
            {
                await QueueAsync(EmailKind.PortalInvitation, null, address, at);
            }

            var runs = await Task.WhenAll(SendAsync(factory, at), SendAsync(factory, at), SendAsync(factory, at));
            Assert.All(addresses, address => Assert.Single(To(address)));
            Assert.True(runs.Sum(r => r.Sent) >= addresses.Count);
        }
        finally
        {
            Serial.Release();
        }
    }

    [Fact]
    public async Task SendDueNow_ForAdministrators_ReportsTheRun_AndTheListMasksAddresses()
    {
        await Serial.WaitAsync();
        try
        {
            var to = $"listed.{Guid.NewGuid():N}@example.org";
            var row = await QueueAsync(EmailKind.PortalInvitation, null, to, DateTimeOffset.UtcNow.AddMinutes(-1));
            var admin = await factory.ClientForAsync(Roles.Admin);
            var run = await admin.PostAsync("/api/admin/outbox/send-due", null);
            Assert.Equal(HttpStatusCode.OK, run.StatusCode);
            Assert.True((await run.ReadJsonAsync()).GetProperty("sent").GetInt32() >= 1);
            Assert.Single(To(to));

            var list = await (await admin.GetAsync("/api/admin/outbox?take=500")).ReadJsonAsync();
            var listed = list.EnumerateArray().Single(e => e.GetProperty("id").GetGuid() == row.Id);
            Assert.Equal("l•••@example.org", listed.GetProperty("to").GetString());
            Assert.Equal("sent", listed.GetProperty("status").GetString());
            Assert.Equal("portal-invitation", listed.GetProperty("kind").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, listed.GetProperty("body").ValueKind);
            Assert.DoesNotContain(to, list.GetRawText(), StringComparison.OrdinalIgnoreCase);
            Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/admin/outbox?status=lost")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/admin/outbox?take=0")).StatusCode);
        }
        finally
        {
            Serial.Release();
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

public sealed class SchedulingApiTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd");

    private async Task<HttpClient> DeskAsync() => await factory.ClientForAsync(Roles.FrontDesk);

    private async Task<string> NurseIdAsync()
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        return (await (await nurse.GetAsync("/api/auth/me")).ReadJsonAsync()).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Location_BadInput_Is400NamingTheField()
    {
        var admin = await factory.ClientForAsync(Roles.Admin);
        var badZone = await admin.PostAsJsonAsync("/api/locations", new { name = "X " + Guid.NewGuid(), timeZoneId = "Mars/Olympus", hours = SchedulingData.WeekdayHours() });
        Assert.Equal(HttpStatusCode.BadRequest, badZone.StatusCode);
        Assert.Contains("timeZoneId", (await badZone.ReadJsonAsync()).ErrorFields());

        var backwards = await admin.PostAsJsonAsync("/api/locations", new
        {
            name = "Y " + Guid.NewGuid(), timeZoneId = "Europe/London", hours = new[] { new { day = "monday", opens = "18:00", closes = "08:00" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("hours[0].closes", (await backwards.ReadJsonAsync()).ErrorFields());

        var badTime = await admin.PostAsJsonAsync("/api/locations", new
        {
            name = "Z " + Guid.NewGuid(), timeZoneId = "Europe/London", hours = new[] { new { day = "monday", opens = "25:00", closes = "18:00" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
    }

    [Fact]
    public async Task Location_UpdateNeedsTheCurrentVersion()
    {
        var location = await SchedulingData.CreateLocationAsync(factory);
        var admin = await factory.ClientForAsync(Roles.Admin);
        var url = $"/api/locations/{location.GetProperty("id").GetString()}";
        var stale = await admin.PutAsJsonAsync(url, new { closedDates = new[] { "2026-12-25" }, version = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var ok = await admin.PutAsJsonAsync(url, new { closedDates = new[] { "2026-12-25" }, version = location.GetProperty("version").GetString() });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("2026-12-25", (await ok.ReadJsonAsync()).GetProperty("closedDates")[0].GetString());
    }

    [Fact]
    public async Task BookSeries_PreviewThenConfirm_SkipsClosedDays_AndTheDayViewShowsIt()
    {
        var monday = SchedulingData.Monday(2);
        // Wednesday of the first week is a holiday: session 2 moves to Thursday.
        var location = await SchedulingData.CreateLocationAsync(factory, closedDates: [Iso(monday.AddDays(2))]);
        var locationId = location.GetProperty("id").GetString();
        var (patientId, planId) = await SchedulingData.SignedPlanAsync(factory, Iso(monday));
        var desk = await DeskAsync();
        var nurse = await NurseIdAsync();
        var body = new { locationId, startTime = "09:00", nurseUserId = nurse, confirm = false };

        var preview = await desk.PostAsJsonAsync($"/api/patients/{patientId}/plans/{planId}/bookings", body);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var proposal = await preview.ReadJsonAsync();
        Assert.False(proposal.GetProperty("booked").GetBoolean());
        Assert.Equal(15 + 40 + 30, proposal.GetProperty("chairMinutes").GetInt32());
        var slots = proposal.GetProperty("slots").EnumerateArray().ToList();
        Assert.Equal(6, slots.Count);
        Assert.Equal("moved", slots[1].GetProperty("status").GetString());
        Assert.Equal(Iso(monday.AddDays(3)), slots[1].GetProperty("date").GetString());
        Assert.Contains("Closed on", slots[1].GetProperty("notes")[0].GetString());
        Assert.All(slots, s => Assert.Equal(JsonValueKind.Null, s.GetProperty("appointmentId").ValueKind));
        Assert.Equal(0, await CountAppointmentsAsync(patientId));
        var before = await (await desk.GetAsync($"/api/locations/{locationId}/day?date={Iso(monday)}")).ReadJsonAsync();
        Assert.Contains(before.GetProperty("due").EnumerateArray(), d => d.GetProperty("patientId").GetString() == patientId && d.GetProperty("sequence").GetInt32() == 1);

        var confirm = await desk.PostAsJsonAsync($"/api/patients/{patientId}/plans/{planId}/bookings", body with { confirm = true });
        Assert.Equal(HttpStatusCode.Created, confirm.StatusCode);
        var booked = await confirm.ReadJsonAsync();
        Assert.True(booked.GetProperty("booked").GetBoolean());
        Assert.Equal(6, booked.GetProperty("slots").EnumerateArray().Count(s => s.GetProperty("appointmentId").ValueKind == JsonValueKind.String));
        Assert.Equal(6, await CountAppointmentsAsync(patientId));

        // Booking again books nothing twice.
        var again = await (await desk.PostAsJsonAsync($"/api/patients/{patientId}/plans/{planId}/bookings", body)).ReadJsonAsync();
        Assert.Equal(6, again.GetProperty("alreadyBooked").GetArrayLength());
        Assert.Equal(0, again.GetProperty("slots").GetArrayLength());

        var day = await (await desk.GetAsync($"/api/locations/{locationId}/day?date={Iso(monday)}")).ReadJsonAsync();
        Assert.DoesNotContain(day.GetProperty("due").EnumerateArray(), d => d.GetProperty("patientId").GetString() == patientId);
        var appointment = Assert.Single(day.GetProperty("appointments").EnumerateArray());
        Assert.Equal("iv-infusion", appointment.GetProperty("appointment").GetProperty("kind").GetString());
        Assert.Equal("09:00", appointment.GetProperty("appointment").GetProperty("localStart").GetDateTimeOffset().ToString("HH:mm"));
        Assert.Equal("Noah Nurse", appointment.GetProperty("appointment").GetProperty("nurseName").GetString());
        Assert.StartsWith("Test Patient-", appointment.GetProperty("patientName").GetString());

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Respite.Data.RespiteDbContext>();
        var pid = Guid.Parse(patientId);
        Assert.Equal(6, await db.AuditEvents.CountAsync(e => e.PatientId == pid && e.EntityType == "Appointment" && e.Action == AuditAction.Create));
        Assert.True(await db.AuditEvents.AnyAsync(e => e.PatientId == pid && e.EntityType == "Appointment" && e.Action == AuditAction.Read && e.Detail!.StartsWith("day view")));
    }

    [Fact]
    public async Task BookSeries_TakenChairsAndNurseCapacity_AreShownNotDoubleBooked()
    {
        var monday = SchedulingData.Monday(3);
        var location = await SchedulingData.CreateLocationAsync(factory, chairs: 1);
        var locationId = location.GetProperty("id").GetString();
        var chair = SchedulingData.ChairId(location, "Chair 1");
        var desk = await DeskAsync();

        // Another patient holds the only chair all Monday.
        var other = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        var blocker = await desk.PostAsJsonAsync($"/api/patients/{other}/appointments", new
        {
            kind = "iv-infusion", locationId, chairId = chair, date = Iso(monday), startTime = "08:00", treatmentMinutes = 60, chairMinutes = 600,
        });
        Assert.Equal(HttpStatusCode.Created, blocker.StatusCode);

        var (patientId, planId) = await SchedulingData.SignedPlanAsync(factory, Iso(monday));
        var result = await (await desk.PostAsJsonAsync($"/api/patients/{patientId}/plans/{planId}/bookings", new { locationId, startTime = "09:00", confirm = true })).ReadJsonAsync();
        var first = result.GetProperty("slots")[0];
        Assert.Equal("unresolved", first.GetProperty("status").GetString());
        Assert.Equal("chair-taken", first.GetProperty("conflicts")[0].GetProperty("kind").GetString());
        Assert.Equal((await blocker.ReadJsonAsync()).GetProperty("id").GetString(), first.GetProperty("conflicts")[0].GetProperty("appointmentId").GetString());
        Assert.Equal(5, result.GetProperty("slots").EnumerateArray().Count(s => s.GetProperty("appointmentId").ValueKind == JsonValueKind.String));

        // A single booking into the taken chair is refused with its conflicts.
        var clash = await desk.PostAsJsonAsync($"/api/patients/{patientId}/appointments", new { kind = "follow-up", locationId, chairId = chair, date = Iso(monday), startTime = "12:00" });
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        var problem = await clash.ReadJsonAsync();
        Assert.Equal("https://respite.dev/problems/schedule-conflict", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task ConcurrentBookings_OfTheSameChair_NeverBothSucceed()
    {
        var location = await SchedulingData.CreateLocationAsync(factory, chairs: 1);
        var locationId = location.GetProperty("id").GetString();
        var chair = SchedulingData.ChairId(location, "Chair 1");
        var desk = await DeskAsync();
        var date = Iso(SchedulingData.Monday(7).AddDays(3));
        var booked = new List<Guid>();
        for (var round = 0; round < 5; round++)
        {
            var patients = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                patients.Add((await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!);
            }

            var time = $"{9 + round:00}:00";
            var responses = await Task.WhenAll(patients.Select(p => desk.PostAsJsonAsync($"/api/patients/{p}/appointments", new
            {
                kind = "iv-infusion", locationId, chairId = chair, date, startTime = time, treatmentMinutes = 10, chairMinutes = 55,
            })));
            Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
            Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
            booked.Add(Guid.Parse(patients[Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.Created)]));
        }

        var day = await (await desk.GetAsync($"/api/locations/{locationId}/day?date={date}")).ReadJsonAsync();
        Assert.Equal(5, day.GetProperty("appointments").GetArrayLength());

        // The day view audits a read of every patient it shows.
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Respite.Data.RespiteDbContext>();
        var reads = await db.AuditEvents.Where(e => booked.Contains(e.PatientId!.Value) && e.Action == AuditAction.Read && e.Detail == $"day view {date}")
            .Select(e => e.PatientId!.Value).ToListAsync();
        Assert.Equal(booked.Order(), reads.Order());
    }

    [Fact]
    public async Task SAF_SCHED_002_NurseAtCapacity_IsAConflict()
    {
        var tuesday = SchedulingData.Monday(4).AddDays(1);
        var location = await SchedulingData.CreateLocationAsync(factory, chairs: 3);
        var locationId = location.GetProperty("id").GetString();
        var nurse = await NurseIdAsync();
        var desk = await DeskAsync();
        for (var i = 0; i < 2; i++)
        {
            var p = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
            var ok = await desk.PostAsJsonAsync($"/api/patients/{p}/appointments", new { kind = "iv-infusion", locationId, nurseUserId = nurse, date = Iso(tuesday), startTime = "10:00", treatmentMinutes = 40 });
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        var third = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        var refused = await desk.PostAsJsonAsync($"/api/patients/{third}/appointments", new { kind = "iv-infusion", locationId, nurseUserId = nurse, date = Iso(tuesday), startTime = "10:30", treatmentMinutes = 40 });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var conflict = (await refused.ReadJsonAsync()).GetProperty("conflicts")[0];
        Assert.Equal("nurse-at-capacity", conflict.GetProperty("kind").GetString());
        Assert.Equal("SAF-SCHED-002", conflict.GetProperty("ruleId").GetString());

        // Without the nurse (or after the others end) it fits.
        var later = await desk.PostAsJsonAsync($"/api/patients/{third}/appointments", new { kind = "iv-infusion", locationId, nurseUserId = nurse, date = Iso(tuesday), startTime = "11:30", treatmentMinutes = 40 });
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
    }

    [Fact]
    public async Task SAF_SCHED_001_EsketamineChairTimeBelowObservation_IsBlocked()
    {
        var location = await SchedulingData.CreateLocationAsync(factory);
        var desk = await DeskAsync();
        var patient = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        var body = new { kind = "esketamine-session", locationId = location.GetProperty("id").GetString(), date = Iso(SchedulingData.Monday(5)), startTime = "09:00", chairMinutes = 90 };
        var refused = await desk.PostAsJsonAsync($"/api/patients/{patient}/appointments", body);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("SAF-SCHED-001", (await refused.ReadJsonAsync()).GetProperty("ruleId").GetString());

        var booked = await desk.PostAsJsonAsync($"/api/patients/{patient}/appointments", body with { chairMinutes = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, booked.StatusCode);
        var fine = await (await desk.PostAsJsonAsync($"/api/patients/{patient}/appointments", new { body.kind, body.locationId, body.date, body.startTime })).ReadJsonAsync();
        Assert.Equal(150, (int)(fine.GetProperty("end").GetDateTimeOffset() - fine.GetProperty("start").GetDateTimeOffset()).TotalMinutes);
    }

    [Fact]
    public async Task Book_BadInput_Is400NamingTheField_AndClosedOrOutsideHoursIs409()
    {
        var location = await SchedulingData.CreateLocationAsync(factory);
        var locationId = location.GetProperty("id").GetString();
        var desk = await DeskAsync();
        var patient = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        var url = $"/api/patients/{patient}/appointments";

        async Task<string[]> Fields(object body)
        {
            var response = await desk.PostAsJsonAsync(url, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.ReadJsonAsync()).ErrorFields();
        }

        var monday = Iso(SchedulingData.Monday(6));
        Assert.Contains("kind", await Fields(new { locationId, date = monday, startTime = "09:00" }));
        Assert.Contains("locationId", await Fields(new { kind = "follow-up", locationId = Guid.NewGuid(), date = monday, startTime = "09:00" }));
        Assert.Contains("treatmentMinutes", await Fields(new { kind = "iv-infusion", locationId, date = monday, startTime = "09:00" }));
        Assert.Contains("nurseUserId", await Fields(new { kind = "follow-up", locationId, date = monday, startTime = "09:00", nurseUserId = "nobody" }));
        Assert.Contains("startTime", await Fields(new { kind = "follow-up", locationId, date = monday }));
        var badKind = await desk.PostAsJsonAsync(url, new { kind = "spa-day", locationId, date = monday, startTime = "09:00" });
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);

        var sunday = await desk.PostAsJsonAsync(url, new { kind = "follow-up", locationId, date = Iso(SchedulingData.Monday(6).AddDays(-1)), startTime = "09:00" });
        Assert.Equal(HttpStatusCode.Conflict, sunday.StatusCode);
        Assert.Equal("closed-day", (await sunday.ReadJsonAsync()).GetProperty("conflicts")[0].GetProperty("kind").GetString());
        var late = await desk.PostAsJsonAsync(url, new { kind = "iv-infusion", locationId, date = monday, startTime = "17:00", treatmentMinutes = 40 });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("outside-opening-hours", (await late.ReadJsonAsync()).GetProperty("conflicts")[0].GetProperty("kind").GetString());
        Assert.Equal(0, await CountAppointmentsAsync(patient!));
    }

    [Fact]
    public async Task RescheduleAndCancel_TheRestOfTheSeries()
    {
        var monday = SchedulingData.Monday(8);
        var location = await SchedulingData.CreateLocationAsync(factory);
        var (patientId, planId) = await SchedulingData.SignedPlanAsync(factory, Iso(monday));
        var desk = await DeskAsync();
        await desk.PostAsJsonAsync($"/api/patients/{patientId}/plans/{planId}/bookings", new { locationId = location.GetProperty("id").GetString(), startTime = "09:00", confirm = true });
        var list = (await (await desk.GetAsync($"/api/patients/{patientId}/appointments")).ReadJsonAsync()).EnumerateArray().ToList();
        Assert.Equal(6, list.Count);

        // Moving the rest of the series one day later would put Friday's session on a Saturday: nothing moves.
        var third = list[2];
        var localStart = third.GetProperty("localStart").GetDateTimeOffset();
        var url = $"/api/patients/{patientId}/appointments/{third.GetProperty("id").GetString()}/reschedule";
        var refused = await desk.PostAsJsonAsync(url, new
        {
            date = localStart.AddDays(1).ToString("yyyy-MM-dd"), startTime = "14:00", scope = "rest-of-series", version = third.GetProperty("version").GetString(),
        });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains((await refused.ReadJsonAsync()).GetProperty("conflicts").EnumerateArray(), c => c.GetProperty("kind").GetString() == "closed-day");

        // Session 3 and the rest to 14:00 on their own days.
        var moved = await desk.PostAsJsonAsync(url, new
        {
            startTime = "14:00", scope = "rest-of-series", version = third.GetProperty("version").GetString(),
        });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var after = (await (await desk.GetAsync($"/api/patients/{patientId}/appointments")).ReadJsonAsync()).EnumerateArray().ToList();
        Assert.Equal(["09:00", "09:00", "14:00", "14:00", "14:00", "14:00"], after.Select(a => a.GetProperty("localStart").GetDateTimeOffset().ToString("HH:mm")).ToArray());
        Assert.Equal(list[3].GetProperty("localStart").GetDateTimeOffset().Date, after[3].GetProperty("localStart").GetDateTimeOffset().Date);

        // One appointment moves a day later on its own.
        var second = after[1];
        var oneDay = await desk.PostAsJsonAsync($"/api/patients/{patientId}/appointments/{second.GetProperty("id").GetString()}/reschedule", new
        {
            date = second.GetProperty("localStart").GetDateTimeOffset().AddDays(1).ToString("yyyy-MM-dd"), version = second.GetProperty("version").GetString(),
        });
        Assert.Equal(HttpStatusCode.OK, oneDay.StatusCode);
        after = (await (await desk.GetAsync($"/api/patients/{patientId}/appointments")).ReadJsonAsync()).EnumerateArray().ToList();

        // A stale version is refused.
        var stale = await desk.PostAsJsonAsync($"/api/patients/{patientId}/appointments/{third.GetProperty("id").GetString()}/cancel", new { reason = "x", version = third.GetProperty("version").GetString() });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var noReason = await desk.PostAsJsonAsync($"/api/patients/{patientId}/appointments/{after[4].GetProperty("id").GetString()}/cancel", new { version = after[4].GetProperty("version").GetString() });
        Assert.Contains("reason", (await noReason.ReadJsonAsync()).ErrorFields());

        var cancelled = await desk.PostAsJsonAsync($"/api/patients/{patientId}/appointments/{after[4].GetProperty("id").GetString()}/cancel", new
        {
            reason = "Patient moving away", scope = "rest-of-series", version = after[4].GetProperty("version").GetString(),
        });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var final = (await (await desk.GetAsync($"/api/patients/{patientId}/appointments")).ReadJsonAsync()).EnumerateArray().ToList();
        Assert.Equal(["booked", "booked", "booked", "booked", "cancelled", "cancelled"], final.Select(a => a.GetProperty("status").GetString()!).ToArray());

        // The cancelled sessions can be booked again from the plan.
        var rebook = await (await desk.PostAsJsonAsync($"/api/patients/{patientId}/plans/{planId}/bookings", new { locationId = location.GetProperty("id").GetString(), startTime = "09:00" })).ReadJsonAsync();
        Assert.Equal([5, 6], rebook.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("sequence").GetInt32()).ToArray());
    }

    [Fact]
    public async Task BookSeries_DraftPlan_IsRefusedBy_SAF_SCHED_003()
    {
        var location = await SchedulingData.CreateLocationAsync(factory);
        var (patientId, planId) = await SchedulingData.SignedPlanAsync(factory, Iso(SchedulingData.Monday(9)));
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var revised = await (await prescriber.PostAsJsonAsync($"/api/patients/{patientId}/plans/{planId}/revisions", new { phase = "maintenance" })).ReadJsonAsync();
        var response = await prescriber.PostAsJsonAsync($"/api/patients/{patientId}/plans/{revised.GetProperty("id").GetString()}/bookings",
            new { locationId = location.GetProperty("id").GetString(), startTime = "09:00" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("SAF-SCHED-003", (await response.ReadJsonAsync()).GetProperty("ruleId").GetString());
    }

    [Fact]
    public async Task ICalendar_ExportsThePatientsAppointments_AndThePatientGetsOnlyTheirOwn()
    {
        var location = await SchedulingData.CreateLocationAsync(factory);
        var desk = await DeskAsync();
        var patientClient = await factory.ClientForAsync(Roles.Patient);
        var own = (await (await patientClient.GetAsync("/api/auth/me")).ReadJsonAsync()).GetProperty("patientId").GetString();
        var monday = SchedulingData.Monday(10);
        var booked = await desk.PostAsJsonAsync($"/api/patients/{own}/appointments", new { kind = "iv-infusion", locationId = location.GetProperty("id").GetString(), date = Iso(monday), startTime = "09:30", treatmentMinutes = 40 });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var id = (await booked.ReadJsonAsync()).GetProperty("id").GetString();

        var ics = await patientClient.GetAsync($"/api/patients/{own}/appointments.ics");
        Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType!.MediaType);
        var calendar = Ical.Net.Calendar.Load(await ics.Content.ReadAsStringAsync())!;
        var ev = Assert.Single(calendar.Events, e => e.Uid == $"{id}@respite");
        var expectedStart = TimeZoneInfo.ConvertTimeToUtc(monday.ToDateTime(new TimeOnly(9, 30)), TimeZoneInfo.FindSystemTimeZoneById(SchedulingData.Zone));
        Assert.Equal(expectedStart, ev.DtStart!.AsUtc);
        Assert.Equal(expectedStart.AddMinutes(85), ev.DtEnd!.AsUtc);
        Assert.Contains("Infusion appointment", ev.Summary);
        Assert.Contains("1 Test Street", ev.Location);

        var other = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await patientClient.GetAsync($"/api/patients/{other}/appointments.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await patientClient.GetAsync($"/api/patients/{other}/appointments")).StatusCode);
    }

    [Fact]
    public async Task CalendarFeed_ASecretLinkForCalendarApps_RevokedByANewOne()
    {
        var location = await SchedulingData.CreateLocationAsync(factory);
        var desk = await DeskAsync();
        var patient = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        var booked = await (await desk.PostAsJsonAsync($"/api/patients/{patient}/appointments", new
        {
            kind = "esketamine-session", locationId = location.GetProperty("id").GetString(), date = Iso(SchedulingData.Monday(11)), startTime = "10:00",
        })).ReadJsonAsync();

        var created = await desk.PostAsync($"/api/patients/{patient}/calendar-feed", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var url = (await created.ReadJsonAsync()).GetProperty("url").GetString()!;
        Assert.Matches("^/api/calendar-feeds/[A-Za-z0-9_-]{43}\\.ics$", url);

        var anonymous = await factory.ClientForAsync("anonymous");
        var feed = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        var calendar = Ical.Net.Calendar.Load(await feed.Content.ReadAsStringAsync())!;
        var ev = Assert.Single(calendar.Events);
        Assert.Equal($"{booked.GetProperty("id").GetString()}@respite", ev.Uid);
        Assert.Contains("at least 2 hours", ev.Description);

        var second = (await (await desk.PostAsync($"/api/patients/{patient}/calendar-feed", null)).ReadJsonAsync()).GetProperty("url").GetString()!;
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(second)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await desk.DeleteAsync($"/api/patients/{patient}/calendar-feed")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(second)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/calendar-feeds/not-a-real-token-at-all-0000000000.ics")).StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Respite.Data.RespiteDbContext>();
        var pid = Guid.Parse(patient!);
        Assert.Equal(2, await db.AuditEvents.CountAsync(e => e.PatientId == pid && e.Action == AuditAction.Export && e.Detail == "calendar feed"));
        Assert.False(await db.CalendarFeeds.AnyAsync(f => f.PatientId == pid && url.Contains(f.TokenHash)));
    }

    [Fact]
    public async Task PublicBooking_HoldsASlot_ThenConvertingConfirmsIt()
    {
        var location = await SchedulingData.CreateLocationAsync(factory);
        var locationId = location.GetProperty("id").GetString();
        var anonymous = await factory.ClientForAsync("anonymous");
        var slots = (await (await anonymous.GetAsync($"/api/public/consultation-slots?locationId={locationId}&days=14")).ReadJsonAsync()).EnumerateArray().ToList();
        Assert.NotEmpty(slots);
        var slot = slots[3];
        var request = JsonSerializer.SerializeToElement(ConsultationTests.ValidRequest());
        var body = request.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        body["locationId"] = locationId;
        body["slotStart"] = slot.GetProperty("start").GetString();
        var sent = await anonymous.PostAsJsonAsync("/api/consultation-requests", body);
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var receipt = await sent.ReadJsonAsync();
        Assert.Contains("held", receipt.GetProperty("message").GetString());

        // The slot is gone for the next person, who is told to choose another.
        var after = (await (await anonymous.GetAsync($"/api/public/consultation-slots?locationId={locationId}&days=14")).ReadJsonAsync()).EnumerateArray();
        Assert.DoesNotContain(after, s => s.GetProperty("start").GetString() == slot.GetProperty("start").GetString());
        var second = await anonymous.PostAsJsonAsync("/api/consultation-requests", body);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("slotStart", (await second.ReadJsonAsync()).ErrorFields());

        // The front desk sees the held slot and confirms it by creating the patient.
        var desk = await DeskAsync();
        var day = await (await desk.GetAsync($"/api/locations/{locationId}/day?date={slot.GetProperty("date").GetString()}")).ReadJsonAsync();
        var held = Assert.Single(day.GetProperty("appointments").EnumerateArray(), a => a.GetProperty("appointment").GetProperty("start").GetDateTimeOffset() == slot.GetProperty("start").GetDateTimeOffset());
        Assert.Equal("held", held.GetProperty("appointment").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, held.GetProperty("appointment").GetProperty("patientId").ValueKind);
        Assert.Equal(JsonValueKind.Null, held.GetProperty("patientName").ValueKind);
        Assert.Equal(JsonValueKind.Null, held.GetProperty("recordNumber").ValueKind);
        var queue = (await (await desk.GetAsync("/api/consultation-requests")).ReadJsonAsync()).EnumerateArray();
        var row = queue.Single(r => r.GetProperty("id").GetString() == receipt.GetProperty("id").GetString());
        Assert.Equal("held", row.GetProperty("heldSlot").GetProperty("status").GetString());
        var converted = await (await desk.PostAsJsonAsync($"/api/consultation-requests/{receipt.GetProperty("id").GetString()}/convert", new { sex = "female" })).ReadJsonAsync();
        var appointments = (await (await desk.GetAsync($"/api/patients/{converted.GetProperty("id").GetString()}/appointments")).ReadJsonAsync()).EnumerateArray().ToList();
        var consultation = Assert.Single(appointments);
        Assert.Equal("booked", consultation.GetProperty("status").GetString());
        Assert.Equal("consultation", consultation.GetProperty("kind").GetString());
        Assert.Equal(slot.GetProperty("start").GetDateTimeOffset(), consultation.GetProperty("start").GetDateTimeOffset());
    }

    [Fact]
    public async Task PublicSlots_BadInput()
    {
        var anonymous = await factory.ClientForAsync("anonymous");
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/api/public/consultation-slots")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/public/consultation-slots?locationId={Guid.NewGuid()}")).StatusCode);
        var location = await SchedulingData.CreateLocationAsync(factory);
        var tooMany = await anonymous.GetAsync($"/api/public/consultation-slots?locationId={location.GetProperty("id").GetString()}&days=400");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("days", (await tooMany.ReadJsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task SchedulingSettings_ObservationBelowTwoHours_IsRefused()
    {
        var admin = await factory.ClientForAsync(Roles.Admin);
        var current = (await (await admin.GetAsync("/api/settings/scheduling")).ReadJsonAsync()).GetProperty("value");
        Assert.Equal(120, current.GetProperty("esketamineObservationMinutes").GetInt32());
        var body = current.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        body["esketamineObservationMinutes"] = 60;
        var response = await admin.PutAsJsonAsync("/api/settings/scheduling", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("esketamineObservationMinutes", (await response.ReadJsonAsync()).ErrorFields());
    }

    private async Task<int> CountAppointmentsAsync(string patientId)
    {
        var desk = await DeskAsync();
        return (await (await desk.GetAsync($"/api/patients/{patientId}/appointments")).ReadJsonAsync()).GetArrayLength();
    }
}

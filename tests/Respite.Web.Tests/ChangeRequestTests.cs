using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

/// <summary>The portal's appointments and the patient's change requests, resolved by the front desk.</summary>
public sealed class ChangeRequestTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    [Fact]
    public async Task PortalAppointments_ListsOwnUpcoming_InTheLocationsTime()
    {
        var (patientId, _, client) = await PortalData.PortalPatientAsync(factory);
        var appointment = await PortalData.BookAsync(factory, patientId);

        var response = await client.GetAsync("/api/portal/appointments");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var upcoming = Assert.Single(body.GetProperty("upcoming").EnumerateArray());
        Assert.Equal(appointment.GetProperty("id").GetString(), upcoming.GetProperty("id").GetString());
        Assert.Equal("follow-up", upcoming.GetProperty("kind").GetString());
        Assert.Equal(SchedulingData.Zone, upcoming.GetProperty("timeZoneId").GetString());
        Assert.Equal("10:00", upcoming.GetProperty("localStart").GetDateTimeOffset().ToString("HH:mm"));
        Assert.True(upcoming.GetProperty("canRequestChange").GetBoolean());
        Assert.Equal(appointment.GetProperty("locationName").GetString(), upcoming.GetProperty("locationName").GetString());
        Assert.Equal(0, body.GetProperty("recent").GetArrayLength());
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.PatientId == Guid.Parse(patientId) && e.Action == AuditAction.Read && e.Detail!.StartsWith("portal"))));
    }

    [Fact]
    public async Task Request_HappyPath_ThenDuplicate409_AndShownToStaff()
    {
        var (patientId, _, client) = await PortalData.PortalPatientAsync(factory);
        var appointmentId = (await PortalData.BookAsync(factory, patientId)).GetProperty("id").GetString();

        var created = await client.PostAsJsonAsync($"/api/appointments/{appointmentId}/change-requests", new { kind = "reschedule", message = "Tuesday or Thursday morning, please." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var request = await created.ReadJsonAsync();
        Assert.Equal("open", request.GetProperty("status").GetString());
        Assert.Equal("reschedule", request.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, request.GetProperty("patient").ValueKind);

        var again = await client.PostAsJsonAsync($"/api/appointments/{appointmentId}/change-requests", new { kind = "cancel", message = "Actually cancel." });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var portal = await (await client.GetAsync("/api/portal/appointments")).ReadJsonAsync();
        var upcoming = portal.GetProperty("upcoming")[0];
        Assert.False(upcoming.GetProperty("canRequestChange").GetBoolean());
        Assert.Equal(request.GetProperty("id").GetString(), upcoming.GetProperty("openRequest").GetProperty("id").GetString());

        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var list = await (await desk.GetAsync("/api/change-requests?status=open")).ReadJsonAsync();
        var row = list.EnumerateArray().Single(r => r.GetProperty("id").GetString() == request.GetProperty("id").GetString());
        Assert.Equal("Tuesday or Thursday morning, please.", row.GetProperty("message").GetString());
        Assert.StartsWith("Test Patient-", row.GetProperty("patient").GetProperty("name").GetString());
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e =>
            e.EntityType == "AppointmentChangeRequest" && e.EntityId == request.GetProperty("id").GetString() && e.Action == AuditAction.Create)));
    }

    [Theory]
    [InlineData(null, "message")]
    [InlineData("", "message")]
    [InlineData("   ", "message")]
    [InlineData("long", "message")]
    [InlineData("no-kind", "kind")]
    public async Task Request_BadInput_Returns400NamingTheField(string? message, string field)
    {
        var (patientId, _, client) = await PortalData.PortalPatientAsync(factory);
        var appointmentId = (await PortalData.BookAsync(factory, patientId)).GetProperty("id").GetString();
        object body = message switch
        {
            "long" => new { kind = "cancel", message = new string('x', 1001) },
            "no-kind" => new { message = "Any day" },
            _ => new { kind = "cancel", message },
        };
        var response = await client.PostAsJsonAsync($"/api/appointments/{appointmentId}/change-requests", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await response.ReadJsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task Request_UnknownKind_Returns400()
    {
        var (patientId, _, client) = await PortalData.PortalPatientAsync(factory);
        var appointmentId = (await PortalData.BookAsync(factory, patientId)).GetProperty("id").GetString();
        var response = await client.PostAsJsonAsync($"/api/appointments/{appointmentId}/change-requests", new { kind = "upgrade", message = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Request_CancelledAppointment_Returns409_AndUnknown404()
    {
        var (patientId, _, client) = await PortalData.PortalPatientAsync(factory);
        var appointment = await PortalData.BookAsync(factory, patientId);
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var cancelled = await desk.PostAsJsonAsync($"/api/patients/{patientId}/appointments/{appointment.GetProperty("id").GetString()}/cancel",
            new { reason = "Clinic closed", version = appointment.GetProperty("version").GetString() });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);

        var response = await client.PostAsJsonAsync($"/api/appointments/{appointment.GetProperty("id").GetString()}/change-requests", new { kind = "reschedule", message = "Any day" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var unknown = await client.PostAsJsonAsync($"/api/appointments/{Guid.NewGuid()}/change-requests", new { kind = "reschedule", message = "Any day" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var portal = await (await client.GetAsync("/api/portal/appointments")).ReadJsonAsync();
        Assert.Equal(0, portal.GetProperty("upcoming").GetArrayLength());
        Assert.Equal("cancelled", portal.GetProperty("recent")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Withdraw_NeedsVersion_RefusesStale_ThenAllowsANewRequest()
    {
        var (patientId, _, client) = await PortalData.PortalPatientAsync(factory);
        var appointmentId = (await PortalData.BookAsync(factory, patientId)).GetProperty("id").GetString();
        var request = await (await client.PostAsJsonAsync($"/api/appointments/{appointmentId}/change-requests", new { kind = "cancel", message = "Travelling" })).ReadJsonAsync();
        var id = request.GetProperty("id").GetString();

        var noVersion = await client.PostAsJsonAsync($"/api/change-requests/{id}/withdraw", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);
        Assert.Equal(["version"], (await noVersion.ReadJsonAsync()).ErrorFields());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/change-requests/{id}/withdraw", new { version = Guid.NewGuid() })).StatusCode);

        var withdrawn = await client.PostAsJsonAsync($"/api/change-requests/{id}/withdraw", new { version = request.GetProperty("version").GetString() });
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var body = await withdrawn.ReadJsonAsync();
        Assert.Equal("withdrawn", body.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/change-requests/{id}/withdraw", new { version = body.GetProperty("version").GetString() })).StatusCode);

        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var open = await (await desk.GetAsync("/api/change-requests")).ReadJsonAsync();
        Assert.DoesNotContain(open.EnumerateArray(), r => r.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/appointments/{appointmentId}/change-requests", new { kind = "reschedule", message = "Next week then" })).StatusCode);
    }

    [Fact]
    public async Task Resolve_DeclineNeedsNote_DoneOnce_StaleVersion409_AndThePatientSeesTheReply()
    {
        var (patientId, _, client) = await PortalData.PortalPatientAsync(factory);
        var appointmentId = (await PortalData.BookAsync(factory, patientId)).GetProperty("id").GetString();
        var request = await (await client.PostAsJsonAsync($"/api/appointments/{appointmentId}/change-requests", new { kind = "reschedule", message = "Afternoons" })).ReadJsonAsync();
        var id = request.GetProperty("id").GetString();
        var version = request.GetProperty("version").GetString();
        var desk = await factory.ClientForAsync(Roles.FrontDesk);

        var noNote = await desk.PostAsJsonAsync($"/api/change-requests/{id}/resolve", new { status = "declined", version });
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        Assert.Equal(["note"], (await noNote.ReadJsonAsync()).ErrorFields());
        var badStatus = await desk.PostAsJsonAsync($"/api/change-requests/{id}/resolve", new { status = "withdrawn", version });
        Assert.Equal(["status"], (await badStatus.ReadJsonAsync()).ErrorFields());
        var noVersion = await desk.PostAsJsonAsync($"/api/change-requests/{id}/resolve", new { status = "done" });
        Assert.Equal(["version"], (await noVersion.ReadJsonAsync()).ErrorFields());
        Assert.Equal(HttpStatusCode.Conflict, (await desk.PostAsJsonAsync($"/api/change-requests/{id}/resolve", new { status = "done", version = Guid.NewGuid() })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await desk.PostAsJsonAsync($"/api/change-requests/{Guid.NewGuid()}/resolve", new { status = "done", version })).StatusCode);

        var declined = await desk.PostAsJsonAsync($"/api/change-requests/{id}/resolve", new { status = "declined", note = "No afternoon chairs that week; we kept your time.", version });
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        var resolved = await declined.ReadJsonAsync();
        Assert.Equal("declined", resolved.GetProperty("status").GetString());
        Assert.Equal("Fran Frontdesk", resolved.GetProperty("resolvedBy").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await desk.PostAsJsonAsync($"/api/change-requests/{id}/resolve",
            new { status = "done", version = resolved.GetProperty("version").GetString() })).StatusCode);

        var portal = await (await client.GetAsync("/api/portal/appointments")).ReadJsonAsync();
        var mine = portal.GetProperty("changeRequests").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);
        Assert.Equal("declined", mine.GetProperty("status").GetString());
        Assert.Equal("No afternoon chairs that week; we kept your time.", mine.GetProperty("resolutionNote").GetString());
        Assert.True(portal.GetProperty("upcoming")[0].GetProperty("canRequestChange").GetBoolean());

        var all = await (await desk.GetAsync("/api/change-requests?status=all")).ReadJsonAsync();
        Assert.Contains(all.EnumerateArray(), r => r.GetProperty("id").GetString() == id);
        var declinedOnly = await (await desk.GetAsync("/api/change-requests?status=declined")).ReadJsonAsync();
        Assert.All(declinedOnly.EnumerateArray(), r => Assert.Equal("declined", r.GetProperty("status").GetString()));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e =>
            e.EntityType == "AppointmentChangeRequest" && e.EntityId == id && e.Action == AuditAction.Update && e.Detail == "declined")));
    }

    [Fact]
    public async Task Resolve_Done_ClosesTheRequest()
    {
        var (patientId, _, client) = await PortalData.PortalPatientAsync(factory);
        var appointmentId = (await PortalData.BookAsync(factory, patientId)).GetProperty("id").GetString();
        var request = await (await client.PostAsJsonAsync($"/api/appointments/{appointmentId}/change-requests", new { kind = "cancel", message = "Moving away" })).ReadJsonAsync();
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var done = await nurse.PostAsJsonAsync($"/api/change-requests/{request.GetProperty("id").GetString()}/resolve",
            new { status = "done", version = request.GetProperty("version").GetString() });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var body = await done.ReadJsonAsync();
        Assert.Equal("done", body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("resolutionNote").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, body.GetProperty("resolvedAt").ValueKind);
    }

    [Fact]
    public async Task List_UnknownStatus_Returns400()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var response = await desk.GetAsync("/api/change-requests?status=pending");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["status"], (await response.ReadJsonAsync()).ErrorFields());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Respite.Data.Auditing;
using Respite.Data.Identity;
using Respite.Data.Sessions;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

/// <summary>The outcome timeline, pain relapse and MADRS in the summary, and the progress report PDF.</summary>
public sealed class OutcomeTimelineApiTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private static int[] Phq9(int total) => [.. Enumerable.Range(0, 9).Select(i => i == 8 ? 0 : Math.Clamp(total - (3 * i), 0, 3))];

    private static int[] Madrs(int total) => [.. Enumerable.Range(0, 10).Select(i => i == 9 ? 0 : Math.Clamp(total - (6 * i), 0, 6))];

    private async Task<string> PatientAsync()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        return (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!;
    }

    private async Task ScoreAsync(string patientId, string instrument, int[] answers, DateTimeOffset at)
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var response = await nurse.PostAsJsonAsync($"/api/patients/{patientId}/assessments", new { instrument, answers, answeredAt = at });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A discharged IV infusion of <paramref name="mg"/> over 40 minutes for a patient of <paramref name="kg"/>, or an esketamine session of two devices.</summary>
    private Task SessionAsync(string patientId, DateTimeOffset at, SessionKind kind, decimal mg = 0, decimal kg = 70)
    {
        var id = Guid.NewGuid();
        var session = new TreatmentSession
        {
            Id = id, PatientId = Guid.Parse(patientId), Kind = kind, Status = SessionStatus.Discharged, CheckedInAt = at, DischargedAt = at.AddHours(2),
            RideHomeArranged = true, WeightKg = kg, Version = Guid.NewGuid(),
        };
        if (kind == SessionKind.IvInfusion)
        {
            session.Doses.Add(new DoseEvent { Id = Guid.NewGuid(), SessionId = id, At = at.AddMinutes(10), Kind = DoseEventKind.Start, RateMgPerHour = mg * 1.5m, RecordedAt = at });
            session.Doses.Add(new DoseEvent { Id = Guid.NewGuid(), SessionId = id, At = at.AddMinutes(50), Kind = DoseEventKind.Stop, RecordedAt = at });
        }
        else
        {
            foreach (var minutes in new[] { 10, 15 })
            {
                session.Doses.Add(new DoseEvent { Id = Guid.NewGuid(), SessionId = id, At = at.AddMinutes(minutes), Kind = DoseEventKind.EsketamineDevice, AmountMg = 28, LotNumber = "L1", RecordedAt = at });
            }

            // A device charted in error does not count.
            session.Doses.Add(new DoseEvent
            {
                Id = Guid.NewGuid(), SessionId = id, At = at.AddMinutes(20), Kind = DoseEventKind.EsketamineDevice, AmountMg = 28, LotNumber = "L1", RecordedAt = at,
                EnteredInErrorAt = at.AddMinutes(21), EnteredInErrorReason = "Wrong patient",
            });
        }

        return factory.WithDbAsync(async db =>
        {
            db.TreatmentSessions.Add(session);
            return await db.SaveChangesAsync();
        });
    }

    /// <summary>PHQ-9 20 and pain 8 before an IV infusion 10 days ago; esketamine 5 days ago; PHQ-9 4, 12, 13 and pain 4, 7, 7 since.</summary>
    private async Task<string> TreatedPatientAsync(DateTimeOffset now)
    {
        var patientId = await PatientAsync();
        await ScoreAsync(patientId, "phq9", Phq9(20), now.AddDays(-10.2));
        await ScoreAsync(patientId, "nrs-pain", [8], now.AddDays(-10.2));
        await SessionAsync(patientId, now.AddDays(-10), SessionKind.IvInfusion, mg: 35);
        await SessionAsync(patientId, now.AddDays(-5), SessionKind.Esketamine);
        await ScoreAsync(patientId, "phq9", Phq9(4), now.AddDays(-8));
        await ScoreAsync(patientId, "nrs-pain", [4], now.AddDays(-8));
        await ScoreAsync(patientId, "phq9", Phq9(12), now.AddDays(-3));
        await ScoreAsync(patientId, "nrs-pain", [7], now.AddDays(-3));
        await ScoreAsync(patientId, "phq9", Phq9(13), now.AddDays(-1));
        await ScoreAsync(patientId, "nrs-pain", [7], now.AddDays(-1));
        return patientId;
    }

    [Fact]
    public async Task Timeline_PointsSessionsWithDosesBaselineAndRelapse_AndIsAudited()
    {
        var now = DateTimeOffset.UtcNow;
        var patientId = await TreatedPatientAsync(now);
        var nurse = await factory.ClientForAsync(Roles.Nurse);

        var response = await nurse.GetAsync($"/api/patients/{patientId}/outcomes/timeline");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var timeline = await response.ReadJsonAsync();
        var depression = timeline.GetProperty("depression");
        Assert.Equal("phq9", depression.GetProperty("instrument").GetString());
        Assert.Equal([20m, 4m, 12m, 13m], depression.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDecimal()));
        Assert.Equal(20m, depression.GetProperty("baseline").GetProperty("value").GetDecimal());
        Assert.Equal(10m, depression.GetProperty("threshold").GetDecimal());
        Assert.Equal(5m, depression.GetProperty("remissionLimit").GetDecimal());
        // 12 and 13 after the response 4: the relapse is dated at the first of the two.
        Assert.Equal(12m, depression.GetProperty("relapse").GetProperty("value").GetDecimal());
        Assert.Equal(JsonValueKind.Null, depression.GetProperty("proposedBoosterAt").ValueKind);

        var pain = timeline.GetProperty("pain");
        Assert.Equal("nrs-pain", pain.GetProperty("instrument").GetString());
        Assert.Equal(10m, pain.GetProperty("max").GetDecimal());
        // Meaningful relief from 8: 30 % lower is 5.6, 2 points lower is 6; whichever comes first, so 6.
        Assert.Equal(6m, pain.GetProperty("threshold").GetDecimal());
        Assert.Equal(JsonValueKind.Null, pain.GetProperty("remissionLimit").ValueKind);
        Assert.Equal(7m, pain.GetProperty("relapse").GetProperty("value").GetDecimal());

        var sessions = timeline.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(2, sessions.Count);
        Assert.Equal("iv-infusion", sessions[0].GetProperty("kind").GetString());
        Assert.Equal(35m, sessions[0].GetProperty("totalMg").GetDecimal());
        Assert.Equal(0.5m, sessions[0].GetProperty("mgPerKg").GetDecimal());
        Assert.Equal("0.5 mg/kg", sessions[0].GetProperty("dose").GetString());
        Assert.Equal("esketamine", sessions[1].GetProperty("kind").GetString());
        Assert.Equal(2, sessions[1].GetProperty("devices").GetInt32());
        Assert.Equal("56 mg", sessions[1].GetProperty("dose").GetString());
        Assert.Equal(JsonValueKind.Null, timeline.GetProperty("madrs").ValueKind);
        Assert.Equal(now.AddDays(-10.2), timeline.GetProperty("from").GetDateTimeOffset(), TimeSpan.FromMinutes(1));

        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e =>
            e.EntityType == "OutcomeTimeline" && e.PatientId == Guid.Parse(patientId) && e.Action == AuditAction.Read && e.Outcome == AuditOutcome.Success)));
    }

    [Fact]
    public async Task Summary_ReportsPainRelapse_AndMadrsWhenAClinicianRatedIt()
    {
        var now = DateTimeOffset.UtcNow;
        var patientId = await TreatedPatientAsync(now);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var before = await (await nurse.GetAsync($"/api/patients/{patientId}/outcomes")).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, before.GetProperty("madrs").ValueKind);
        var painRelapse = before.GetProperty("painRelapse");
        Assert.Equal(now.AddDays(-8), painRelapse.GetProperty("respondedAt").GetDateTimeOffset(), TimeSpan.FromMinutes(1));
        Assert.Equal(now.AddDays(-3), painRelapse.GetProperty("relapsedAt").GetDateTimeOffset(), TimeSpan.FromMinutes(1));

        await ScoreAsync(patientId, "madrs", Madrs(34), now.AddDays(-10.1));
        await ScoreAsync(patientId, "madrs", Madrs(10), now.AddDays(-2));
        var after = await (await nurse.GetAsync($"/api/patients/{patientId}/outcomes")).ReadJsonAsync();
        var madrs = after.GetProperty("madrs");
        Assert.Equal("madrs", madrs.GetProperty("scale").GetString());
        Assert.Equal(34m, madrs.GetProperty("baseline").GetProperty("value").GetDecimal());
        Assert.True(madrs.GetProperty("responded").GetBoolean());
        Assert.True(madrs.GetProperty("remitted").GetBoolean());
        var timeline = await (await nurse.GetAsync($"/api/patients/{patientId}/outcomes/timeline")).ReadJsonAsync();
        Assert.Equal(60m, timeline.GetProperty("madrs").GetProperty("max").GetDecimal());
        Assert.Equal(10m, timeline.GetProperty("madrs").GetProperty("remissionLimit").GetDecimal());
    }

    [Fact]
    public async Task Madrs_IsRatedByAClinician_NotByThePatientOrFrontDesk_AndItem10RaisesTheSuicideFlag()
    {
        var patient = await factory.ClientForAsync(Roles.Patient);
        var own = (await (await patient.GetAsync("/api/auth/me")).ReadJsonAsync()).GetProperty("patientId").GetString();
        var byPatient = await patient.PostAsJsonAsync($"/api/patients/{own}/assessments", new { instrument = "madrs", answers = Madrs(10) });
        Assert.Equal(HttpStatusCode.BadRequest, byPatient.StatusCode);
        Assert.Contains("instrument", (await byPatient.ReadJsonAsync()).ErrorFields());

        var patientId = await PatientAsync();
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var byDesk = await desk.PostAsJsonAsync($"/api/patients/{patientId}/assessments", new { instrument = "madrs", answers = Madrs(10) });
        Assert.Equal(HttpStatusCode.BadRequest, byDesk.StatusCode);

        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var rated = await prescriber.PostAsJsonAsync($"/api/patients/{patientId}/assessments", new { instrument = "madrs", answers = new[] { 4, 4, 3, 3, 2, 3, 3, 2, 3, 2 } });
        Assert.Equal(HttpStatusCode.Created, rated.StatusCode);
        var body = await rated.ReadJsonAsync();
        Assert.Equal(29m, body.GetProperty("total").GetDecimal());
        Assert.Equal("moderate", body.GetProperty("band").GetString());
        Assert.Equal("clinician", body.GetProperty("respondent").GetString());
        Assert.Contains("suicidal-ideation", body.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Timeline_ThresholdsFollowTheClinicSettings()
    {
        using var local = new RespiteWebApplicationFactory();
        var admin = await local.ClientForAsync(Roles.Admin);
        var current = (await (await admin.GetAsync("/api/settings/outcomes")).ReadJsonAsync()).GetProperty("value");
        var changed = System.Text.Json.Nodes.JsonNode.Parse(current.GetRawText())!;
        changed["phq9RemissionBelow"] = 7;
        changed["phq9ResponseFraction"] = 0.4;
        changed["painMeaningfulPoints"] = 3;
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/settings/outcomes", changed)).StatusCode);

        var desk = await local.ClientForAsync(Roles.FrontDesk);
        var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!;
        var nurse = await local.ClientForAsync(Roles.Nurse);
        foreach (var (instrument, answers) in new[] { ("phq9", Phq9(20)), ("nrs-pain", new[] { 8 }) })
        {
            var response = await nurse.PostAsJsonAsync($"/api/patients/{patientId}/assessments", new { instrument, answers, answeredAt = DateTimeOffset.UtcNow.AddDays(-1) });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var timeline = await (await desk.GetAsync($"/api/patients/{patientId}/outcomes/timeline")).ReadJsonAsync();
        Assert.Equal(7m, timeline.GetProperty("depression").GetProperty("remissionLimit").GetDecimal());
        Assert.Equal(12m, timeline.GetProperty("depression").GetProperty("threshold").GetDecimal());
        Assert.Contains("40 %", timeline.GetProperty("depression").GetProperty("thresholdRule").GetString(), StringComparison.Ordinal);
        // 30 % lower is 5.6, 3 points lower is 5: meaningful from 5.6.
        Assert.Equal(5.6m, timeline.GetProperty("pain").GetProperty("threshold").GetDecimal());
        Assert.Empty(timeline.GetProperty("sessions").EnumerateArray());
    }

    [Fact]
    public async Task Timeline_OtherPatientsAre404ForAPatient_EmptyPatientHasNoPoints_UnknownIs404()
    {
        var patientId = await PatientAsync();
        var patient = await factory.ClientForAsync(Roles.Patient);
        Assert.Equal(HttpStatusCode.NotFound, (await patient.GetAsync($"/api/patients/{patientId}/outcomes/timeline")).StatusCode);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e =>
            e.EntityType == "OutcomeTimeline" && e.PatientId == Guid.Parse(patientId) && e.Outcome == AuditOutcome.NotFound)));

        var own = (await (await patient.GetAsync("/api/auth/me")).ReadJsonAsync()).GetProperty("patientId").GetString();
        Assert.Equal(HttpStatusCode.OK, (await patient.GetAsync($"/api/patients/{own}/outcomes/timeline")).StatusCode);

        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var empty = await (await desk.GetAsync($"/api/patients/{patientId}/outcomes/timeline")).ReadJsonAsync();
        Assert.Empty(empty.GetProperty("depression").GetProperty("points").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("depression").GetProperty("threshold").ValueKind);
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("from").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await desk.GetAsync($"/api/patients/{Guid.NewGuid()}/outcomes/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync($"/api/patients/{patientId}/outcomes/timeline")).StatusCode);
    }

    [Fact]
    public async Task ProgressReport_Referrer_CarriesTheRecordTheStatementsTheChartAndTheSessions_AndIsAuditedAsAnExport()
    {
        var now = DateTimeOffset.UtcNow;
        var patientId = await TreatedPatientAsync(now);
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var response = await prescriber.GetAsync($"/api/patients/{patientId}/progress-report.pdf?audience=referrer&paper=a4");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var fileName = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName;
        Assert.Matches("^progress-report-[0-9]{8}\\.pdf$", fileName!.Trim('"'));
        var pdf = await response.Content.ReadAsByteArrayAsync();
        SessionPdfTests.Keep("progress-referrer.pdf", pdf);
        var (text, pages) = SessionPdfTests.Read(pdf);

        Assert.Equal(1, pages);
        var patient = await (await prescriber.GetAsync($"/api/patients/{patientId}")).ReadJsonAsync();
        Assert.Contains(patient.GetProperty("recordNumber").GetString()!, text, StringComparison.Ordinal);
        Assert.Contains(patient.GetProperty("familyName").GetString()!, text, StringComparison.Ordinal);
        Assert.Contains("Date of birth", text, StringComparison.Ordinal);
        Assert.Contains("Treatment progress report", text, StringComparison.Ordinal);
        Assert.Contains("Baseline and now", text, StringComparison.Ordinal);
        Assert.Contains("PHQ-9 (mood, 0–27)", text, StringComparison.Ordinal);
        Assert.Contains("Depression (PHQ-9): response, ≥ 50 % below baseline: no; remission, latest below 5: no.", text, StringComparison.Ordinal);
        Assert.Contains("Dual response", text, StringComparison.Ordinal);
        Assert.Contains("relapse on", text, StringComparison.Ordinal);
        Assert.Contains("Sessions received", text, StringComparison.Ordinal);
        Assert.Contains("IV ketamine infusion", text, StringComparison.Ordinal);
        Assert.Contains("Esketamine nasal spray", text, StringComparison.Ordinal);
        Assert.Contains("0.5 mg/kg", text, StringComparison.Ordinal);
        Assert.Contains("56 mg", text, StringComparison.Ordinal);
        Assert.Contains("Generated", text, StringComparison.Ordinal);
        Assert.Contains("Dr Priya Prescriber", text, StringComparison.Ordinal);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e =>
            e.EntityType == "ProgressReport" && e.PatientId == Guid.Parse(patientId) && e.Action == AuditAction.Export && e.Outcome == AuditOutcome.Success)));
    }

    [Fact]
    public async Task ProgressReport_ForThePatient_PlainWordsAndNoRecordNumber_PatientMayPrintOnlyTheirOwn()
    {
        var patient = await factory.ClientForAsync(Roles.Patient);
        var own = (await (await patient.GetAsync("/api/auth/me")).ReadJsonAsync()).GetProperty("patientId").GetString();
        var response = await patient.GetAsync($"/api/patients/{own}/progress-report.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        SessionPdfTests.Keep("progress-patient.pdf", pdf);
        var (text, _) = SessionPdfTests.Read(pdf);
        Assert.Contains("Jordan Example", text, StringComparison.Ordinal);
        Assert.DoesNotContain("R-000001", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Date of birth", text, StringComparison.Ordinal);
        Assert.DoesNotContain("booster", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Where you started and where you are now", text, StringComparison.Ordinal);
        Assert.Contains("Mood: your PHQ-9 score went from 24", text, StringComparison.Ordinal);
        Assert.Contains("maintenance session may help", text, StringComparison.Ordinal);
        Assert.Contains("Sessions you received", text, StringComparison.Ordinal);

        var other = await PatientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await patient.GetAsync($"/api/patients/{other}/progress-report.pdf")).StatusCode);
    }

    [Theory]
    [InlineData("paper=legal", "paper")]
    [InlineData("audience=insurer", "audience")]
    public async Task ProgressReport_BadOptions_Are400NamingTheField(string query, string field)
    {
        var patientId = await PatientAsync();
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var response = await nurse.GetAsync($"/api/patients/{patientId}/progress-report.pdf?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadJsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task ProgressReport_WithNothingYet_StillRendersOnePage()
    {
        var patientId = await PatientAsync();
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var response = await desk.GetAsync($"/api/patients/{patientId}/progress-report.pdf?audience=referrer&paper=letter");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (text, pages) = SessionPdfTests.Read(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, pages);
        Assert.Contains("No scores or sessions yet.", text, StringComparison.Ordinal);
        Assert.Contains("No sessions yet.", text, StringComparison.Ordinal);
    }
}

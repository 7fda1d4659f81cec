using System.Net;
using System.Net.Http.Json;
using Respite.Data.Identity;
using Respite.Data.Sessions;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

public sealed class OutcomeApiTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private static int[] Phq9(int total) => [.. Enumerable.Range(0, 9).Select(i => Math.Min(3, Math.Max(0, total - (3 * i)))) ];

    [Fact]
    public async Task Outcomes_BaselineBeforeTheFirstSession_DualResponse_AndABoosterProjectedFromTheDiary()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!;
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var now = DateTimeOffset.UtcNow;
        async Task ScoreAsync(string instrument, int[] answers, double daysAgo)
        {
            var response = await nurse.PostAsJsonAsync($"/api/patients/{patientId}/assessments", new { instrument, answers, answeredAt = now.AddDays(-daysAgo) });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        // Baseline before the session 10 days ago: PHQ-9 20, pain 8.
        await ScoreAsync("phq9", Phq9(20), 10.1);
        await ScoreAsync("nrs-pain", [8], 10.1);
        // A session charted 10 days ago (older than the API lets a nurse backdate), discharged.
        await factory.WithDbAsync(async db =>
        {
            db.TreatmentSessions.Add(new TreatmentSession
            {
                Id = Guid.NewGuid(), PatientId = Guid.Parse(patientId), Kind = SessionKind.IvInfusion, Status = SessionStatus.Discharged,
                CheckedInAt = now.AddDays(-10), DischargedAt = now.AddDays(-10).AddHours(3), RideHomeArranged = true, Version = Guid.NewGuid(),
            });
            return await db.SaveChangesAsync();
        });

        // After it: PHQ-9 4, 5, 6 every 2 days (wearing off at 0.5 a day), pain 4.
        await ScoreAsync("phq9", Phq9(4), 6);
        await ScoreAsync("phq9", Phq9(5), 4);
        await ScoreAsync("phq9", Phq9(6), 2);
        await ScoreAsync("nrs-pain", [4], 2);

        var outcomes = await (await nurse.GetAsync($"/api/patients/{patientId}/outcomes")).ReadJsonAsync();
        var depression = outcomes.GetProperty("depression");
        Assert.Equal("evaluated", depression.GetProperty("basis").GetString());
        Assert.Equal(20m, depression.GetProperty("baseline").GetProperty("value").GetDecimal());
        Assert.Equal(6m, depression.GetProperty("latest").GetProperty("value").GetDecimal());
        Assert.True(depression.GetProperty("responded").GetBoolean());
        Assert.False(depression.GetProperty("remitted").GetBoolean());
        Assert.Equal("substantial", outcomes.GetProperty("pain").GetProperty("improvement").GetString());
        Assert.True(outcomes.GetProperty("dualResponse").GetBoolean());
        Assert.Equal(1, outcomes.GetProperty("sessionsGiven").GetInt32());

        var booster = outcomes.GetProperty("depressionBooster");
        Assert.Equal("projected", booster.GetProperty("basis").GetString());
        Assert.Equal(0.5, booster.GetProperty("slopePerDay").GetDouble(), 3);
        // 4 → 10 (half of 20) at 0.5 a day: 12 days after the best score 6 days ago, so 6 days from now; the booster 3 days before.
        Assert.Equal(now.AddDays(6), booster.GetProperty("projectedLossAt").GetDateTimeOffset(), TimeSpan.FromMinutes(1));
        Assert.Equal(now.AddDays(3), booster.GetProperty("proposedBoosterAt").GetDateTimeOffset(), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Outcomes_APatientSeesOnlyTheirOwn_FrontDeskMayRead_UnknownIs404()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var other = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        var patient = await factory.ClientForAsync(Roles.Patient);
        Assert.Equal(HttpStatusCode.NotFound, (await patient.GetAsync($"/api/patients/{other}/outcomes")).StatusCode);
        var empty = await (await desk.GetAsync($"/api/patients/{other}/outcomes")).ReadJsonAsync();
        Assert.Equal("no-baseline", empty.GetProperty("depression").GetProperty("basis").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await desk.GetAsync($"/api/patients/{Guid.NewGuid()}/outcomes")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync($"/api/patients/{other}/outcomes")).StatusCode);
    }
}

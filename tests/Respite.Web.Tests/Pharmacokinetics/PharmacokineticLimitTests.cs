using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Respite.Data.Identity;
using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;
using Respite.Pharmacokinetics.Simulation;
using Respite.Web.Features.Pharmacokinetics;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests.Pharmacokinetics;

/// <summary>
/// The bounds on what one /api/pk request may compute: every clinical use passes, each bound is met exactly and
/// refused one step beyond, naming the field; absurd but well-formed numbers are a 400 or an answer, never a 500.
/// </summary>
public sealed class PharmacokineticLimitTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private const int MinutesPerWeek = 7 * 24 * 60;
    private static readonly Covariates Adult = new(BodyWeight.FromKilograms(70m));
    private static readonly object[] HalfMgPerKgOver40 = [new { kind = "infusion", startMinute = 0, durationMinutes = 40, rateMgPerHour = 52.5 }];

    [Fact]
    public async Task Simulate_ASixHourSessionOnAOneSecondGrid_Passes()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        var times = Enumerable.Range(0, 21_601).Select(s => s / 60d).ToArray();
        object[] doses =
        [
            new { kind = "infusion", startMinute = 0, durationMinutes = 40, rateMgPerHour = 60 },
            new { kind = "bolus", minute = 47.5, mg = 10 },
            new { kind = "infusion", startMinute = 50, durationMinutes = 70.25, rateMgPerHour = 30 },
        ];

        var response = await client.PostAsJsonAsync("/api/pk/simulate", new { model = "ketamine-clements", weightKg = 80, doses, times, thresholdNgPerMl = 100 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(21_601, (await response.ReadJsonAsync()).GetProperty("concentrationsNgPerMl").GetArrayLength());
    }

    [Fact]
    public async Task Simulate_AYearOfWeeklySessions_Passes()
    {
        var client = await factory.ClientForAsync(Roles.Prescriber);

        // Esketamine 84 mg once a week at whole-minute clock times between 09:00 and 17:00, charted hourly for 366 days.
        var sessions = Enumerable.Range(0, 52).Select(week => (week * MinutesPerWeek) + 540 + (week * 37 % 480)).ToArray();
        var hourly = Enumerable.Range(0, (366 * 24) + 1).Select(h => h * 60d).ToArray();
        var nasal = await client.PostAsJsonAsync("/api/pk/simulate", new
        {
            model = "esketamine-intranasal", weightKg = 70,
            doses = sessions.Select(minute => new { kind = "intranasal", minute, mg = 84 }), times = hourly, thresholdNgPerMl = 50,
        });
        Assert.Equal(HttpStatusCode.OK, nasal.StatusCode);

        // Ketamine 0.5 mg/kg over 40 min once a week, every 15 minutes for 366 days.
        var quarterHourly = Enumerable.Range(0, (366 * 96) + 1).Select(q => q * 15d).ToArray();
        var infusions = await client.PostAsJsonAsync("/api/pk/simulate", new
        {
            model = "ketamine-clements", weightKg = 70,
            doses = sessions.Select(startMinute => new { kind = "infusion", startMinute, durationMinutes = 40, rateMgPerHour = 52.5 }), times = quarterHourly,
        });
        Assert.Equal(HttpStatusCode.OK, infusions.StatusCode);
    }

    [Fact]
    public async Task Population_AThreeWeekInductionOnAFiveMinuteGrid_PassesWithTheDefaultPopulations()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        var grid = Enumerable.Range(0, (21 * 288) + 1).Select(i => i * 5d).ToArray();

        // Six infusions over three weeks (Monday and Thursday mornings), and esketamine twice a week.
        var starts = Enumerable.Range(0, 6).Select(i => ((i / 2) * MinutesPerWeek) + ((i % 2) * 3 * 1440) + 540).ToArray();
        var infusions = starts.Select(startMinute => new { kind = "infusion", startMinute, durationMinutes = 40, rateMgPerHour = 52.5 }).ToArray();
        var sprays = starts.Select(minute => new { kind = "intranasal", minute, mg = 84 }).ToArray();
        foreach (var (model, doses) in new (string, object[])[] { ("ketamine-clements", infusions), ("esketamine-intranasal", sprays) })
        {
            foreach (var patients in new int?[] { PharmacokineticSettings.Default.PopulationSize, null })
            {
                var response = await client.PostAsJsonAsync("/api/pk/population", new { model, weightKg = 70, doses, times = grid, patients });
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{model}, {patients}: {await response.Content.ReadAsStringAsync()}");
                var body = await response.ReadJsonAsync();
                Assert.Equal(patients ?? PkService.DefaultPopulationPatients, body.GetProperty("patients").GetInt32());
                Assert.Equal(grid.Length, body.GetProperty("bands")[0].GetProperty("concentrationsNgPerMl").GetArrayLength());
            }
        }
    }

    [Fact]
    public async Task Simulate_DistinctSteps_TheLimitPasses_OneMoreIsRefusedOnTimes()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        var simulator = new PkSimulator(ModelCatalog.KetamineDomino.Typical(Adult));
        var regimen = Regimen.Of(new Infusion(TimeSpan.Zero, TimeSpan.FromMinutes(40), MassRate.FromMilligramsPerHour(52.5m)));
        int Steps(double[] times) => simulator.Cost(regimen, [.. times.Select(TimeSpan.FromMinutes)], TimeSpan.FromMinutes(times[^1])).DistinctSteps;

        var gaps = PkInput.MaximumDistinctSteps;
        while (Steps(GapsAllDifferent(gaps)) > PkInput.MaximumDistinctSteps)
        {
            gaps--;
        }

        var inside = GapsAllDifferent(gaps);
        var outside = GapsAllDifferent(gaps + 1);
        Assert.Equal(PkInput.MaximumDistinctSteps, Steps(inside));

        // One more time adds its own step, and moves the end of the summary grid past its last point.
        Assert.Equal(PkInput.MaximumDistinctSteps + 2, Steps(outside));

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/pk/simulate", new { model = "ketamine-domino", weightKg = 70, doses = HalfMgPerKgOver40, times = inside })).StatusCode);
        var refused = await client.PostAsJsonAsync("/api/pk/simulate", new { model = "ketamine-domino", weightKg = 70, doses = HalfMgPerKgOver40, times = outside });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.ReadJsonAsync();
        Assert.Equal(["times"], problem.ErrorFields());
        Assert.Contains("10,002 distinct step lengths", problem.GetProperty("errors").GetProperty("times")[0].GetString());

        // The same times on a regular grid are one step.
        var regular = Enumerable.Range(0, outside.Length).Select(i => i * (outside[^1] / (outside.Length - 1))).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/pk/simulate", new { model = "ketamine-domino", weightKg = 70, doses = HalfMgPerKgOver40, times = regular })).StatusCode);
    }

    [Fact]
    public async Task DosesThatAloneNeedTooManySteps_AreRefusedOnDoses_InEachRegimen()
    {
        // The summary (peak, AUC) walks a grid of about 20,000 points that each device meets at its own offset.
        var client = await factory.ClientForAsync(Roles.Nurse);
        var (doses, regimen) = ScatteredSprays();
        var end = TimeSpan.FromDays(8);
        var steps = new PkSimulator(ModelCatalog.EsketamineIntranasal.Typical(Adult)).Cost(regimen, [end], end).DistinctSteps;
        Assert.True(steps > PkInput.MaximumDistinctSteps, $"{steps} steps");

        var simulate = await client.PostAsJsonAsync("/api/pk/simulate", new { model = "esketamine-intranasal", weightKg = 70, doses, times = new[] { 0, end.TotalMinutes } });
        Assert.Equal(["doses"], await RefusedAsync(simulate));
        var compare = await client.PostAsJsonAsync("/api/pk/compare", new
        {
            model = "esketamine-intranasal", weightKg = 70,
            regimens = new object[] { new { doses = new[] { new { kind = "intranasal", minute = 0, mg = 56 } } }, new { doses } },
        });
        Assert.Equal(["regimens[1].doses"], await RefusedAsync(compare));
    }

    [Fact]
    public async Task Population_EachPatientIsHeldToTheLimitOfOneSimulation()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        var response = await client.PostAsJsonAsync("/api/pk/population", new
        {
            model = "ketamine-hijazi", weightKg = 70, doses = HalfMgPerKgOver40, times = GapsAllDifferent(PkInput.MaximumDistinctSteps + 1), patients = 1,
        });
        Assert.Equal(["times"], await RefusedAsync(response));
    }

    [Fact]
    public async Task Population_PatientsTimesDistinctSteps_TheLimitPasses_OneMorePatientIsRefused()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        var times = GapsAllDifferent(1000);
        var regimen = Regimen.Of(new Infusion(TimeSpan.Zero, TimeSpan.FromMinutes(40), MassRate.FromMilligramsPerHour(52.5m)));
        Assert.Equal(1000, Population.Cost(ModelCatalog.KetamineHijazi, Adult, regimen, times).DistinctSteps);
        var patients = (int)(PkService.MaximumPopulationSteps / 1000);

        object Request(int n) => new { model = "ketamine-hijazi", weightKg = 70, doses = HalfMgPerKgOver40, times, patients = n, percentiles = new[] { 50 } };
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/pk/population", Request(patients))).StatusCode);
        var refused = await client.PostAsJsonAsync("/api/pk/population", Request(patients + 1));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.ReadJsonAsync();
        Assert.Equal(["patients"], problem.ErrorFields());
        Assert.Contains("matrix exponentials", problem.GetProperty("errors").GetProperty("patients")[0].GetString());
    }

    [Fact]
    public async Task Population_PatientsTimesInputChanges_TheLimitPasses_OneMorePatientIsRefused()
    {
        // 500 hourly boluses from minute 0: 500 changes of input and, sampled at the start and the end, two step lengths.
        var client = await factory.ClientForAsync(Roles.Nurse);
        var doses = Enumerable.Range(0, 500).Select(i => new { kind = "bolus", minute = i * 60, mg = 5 }).ToArray();
        var regimen = Regimen.Of([.. doses.Select(d => (Dose)new Bolus(TimeSpan.FromMinutes(d.minute), Mass.FromMilligrams(5m)))]);
        double[] times = [0, 30_010];
        Assert.Equal(new SimulationCost(500, 2), Population.Cost(ModelCatalog.KetamineHijazi, Adult, regimen, times));
        var patients = (int)(PkService.MaximumPopulationInputChanges / 500);

        object Request(int n) => new { model = "ketamine-hijazi", weightKg = 70, doses, times, patients = n };
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/pk/population", Request(patients))).StatusCode);
        var refused = await client.PostAsJsonAsync("/api/pk/population", Request(patients + 1));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.ReadJsonAsync();
        Assert.Equal(["patients"], problem.ErrorFields());
        Assert.Contains("changes of input", problem.GetProperty("errors").GetProperty("patients")[0].GetString());
    }

    [Fact]
    public async Task Population_PatientsTimesTimes_TheLimitPasses_OneMoreTimeIsRefused()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        object Request(int times) => new
        {
            model = "ketamine-hijazi", weightKg = 70, doses = HalfMgPerKgOver40, patients = 1000, percentiles = new[] { 50 },
            times = Enumerable.Range(0, times).Select(i => i * 0.5),
        };
        var limit = (int)(PkService.MaximumPopulationWork / 1000);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/pk/population", Request(limit))).StatusCode);
        Assert.Equal(["times"], await RefusedAsync(await client.PostAsJsonAsync("/api/pk/population", Request(limit + 1))));
    }

    [Fact]
    public async Task Population_Percentiles_TenPass_ElevenAreRefused()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        object Request(int count) => new
        {
            model = "ketamine-domino", weightKg = 70, doses = HalfMgPerKgOver40, times = new[] { 0, 30, 60 }, patients = 200,
            percentiles = Enumerable.Range(1, count).Select(i => i * 100d / (count + 1)),
        };

        var ten = await client.PostAsJsonAsync("/api/pk/population", Request(PkService.MaximumPercentiles));
        Assert.Equal(HttpStatusCode.OK, ten.StatusCode);
        Assert.Equal(10, (await ten.ReadJsonAsync()).GetProperty("bands").GetArrayLength());
        Assert.Equal(["percentiles"], await RefusedAsync(await client.PostAsJsonAsync("/api/pk/population", Request(PkService.MaximumPercentiles + 1))));
    }

    public static TheoryData<string, string, double, string> Bounds() => new()
    {
        { "ketamine-domino", "infusion rate", PkInput.MaximumRateMgPerHour, "doses[0].rateMgPerHour" },
        { "ketamine-domino", "bolus", PkInput.MaximumBolusMg, "doses[0].mg" },
        { "esketamine-intranasal", "intranasal", PkInput.MaximumIntranasalMg, "doses[0].mg" },
        { "ketamine-domino", "dose minute", 527_040, "doses[0].minute" },
        { "ketamine-domino", "time", 527_040, "times[1]" },
    };

    [Theory]
    [MemberData(nameof(Bounds))]
    public async Task Simulate_EachBound_IsAccepted_AndRefusedJustBeyond(string model, string bound, double limit, string field)
    {
        var client = await factory.ClientForAsync(Roles.Prescriber);
        object Request(double value) => new
        {
            model, weightKg = 70,
            doses = new object[]
            {
                bound switch
                {
                    "infusion rate" => new { kind = "infusion", startMinute = 0, durationMinutes = 10, rateMgPerHour = value },
                    "bolus" => new { kind = "bolus", minute = 0, mg = value },
                    "intranasal" => new { kind = "intranasal", minute = 0, mg = value },
                    _ => new { kind = "bolus", minute = bound == "dose minute" ? value : 0, mg = 10 },
                },
            },
            times = new[] { 0, bound == "time" ? value : 600 },
        };

        var inside = await client.PostAsJsonAsync("/api/pk/simulate", Request(limit));
        Assert.True(inside.StatusCode == HttpStatusCode.OK, await inside.Content.ReadAsStringAsync());
        Assert.Equal([field], await RefusedAsync(await client.PostAsJsonAsync("/api/pk/simulate", Request(limit + 0.001))));
    }

    [Fact]
    public async Task Simulate_TheMostTimesAndDoses_Pass()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        var response = await client.PostAsJsonAsync("/api/pk/simulate", new
        {
            model = "ketamine-hijazi", weightKg = 70,
            doses = Enumerable.Range(0, PkInput.MaximumDoses).Select(i => new { kind = "bolus", minute = i * 30, mg = 10 }),
            times = Enumerable.Range(0, PkInput.MaximumTimes).Select(i => i * 0.5),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Compare_EachRegimen_IsHeldToTheSameLimits()
    {
        var client = await factory.ClientForAsync(Roles.Prescriber);
        async Task<string[]> Compare(string model, object[] second, double? endMinute = null)
        {
            var response = await client.PostAsJsonAsync("/api/pk/compare", new
            {
                model, weightKg = 70, endMinute,
                regimens = new object[] { new { doses = new[] { new { kind = "bolus", minute = 0, mg = 20 } } }, new { label = "second", doses = second } },
            });
            return response.StatusCode == HttpStatusCode.OK ? [] : await RefusedAsync(response);
        }

        Assert.Empty(await Compare("esketamine-intranasal", [.. Enumerable.Range(0, PkInput.MaximumDoses).Select(i => new { kind = "bolus", minute = i * 10, mg = 1 })]));
        Assert.Equal(["regimens[1].doses"], await Compare("esketamine-intranasal", [.. Enumerable.Range(0, PkInput.MaximumDoses + 1).Select(i => new { kind = "bolus", minute = i * 10, mg = 1 })]));
        Assert.Equal(["regimens[1].doses[0].rateMgPerHour"], await Compare("ketamine-domino", [new { kind = "infusion", startMinute = 0, durationMinutes = 40, rateMgPerHour = 1000.5 }]));
        Assert.Equal(["regimens[1].doses[0].mg"], await Compare("ketamine-domino", [new { kind = "bolus", minute = 0, mg = 200.5 }]));
        Assert.Equal(["regimens[1].doses[0].mg"], await Compare("esketamine-intranasal", [new { kind = "intranasal", minute = 0, mg = 1000.5 }]));
        Assert.Empty(await Compare("ketamine-domino", [new { kind = "bolus", minute = 0, mg = 40 }], endMinute: 1));
        Assert.Equal(["endMinute"], await Compare("ketamine-domino", [new { kind = "bolus", minute = 0, mg = 40 }], endMinute: 0.999));
    }

    public static TheoryData<string, string, int> AbsurdButWellFormed() => new()
    {
        // A last time under half a millisecond is the start: there is nothing to summarise.
        { "/api/pk/simulate", """{"model":"ketamine-domino","weightKg":70,"doses":[{"kind":"bolus","minute":0,"mg":10}],"times":[0,1e-6],"thresholdNgPerMl":10}""", 200 },
        { "/api/pk/simulate", """{"model":"ketamine-domino","weightKg":70,"doses":[{"kind":"bolus","minute":0,"mg":10}],"times":[1e-6]}""", 200 },
        { "/api/pk/simulate", """{"model":"ketamine-domino","weightKg":70,"doses":[],"times":[0,0,5,5,5]}""", 200 },
        { "/api/pk/simulate", """{"model":"ketamine-domino","weightKg":70,"doses":[{"kind":"infusion","startMinute":0,"durationMinutes":1e-5,"rateMgPerHour":10}],"times":[0,1]}""", 200 },
        { "/api/pk/simulate", """{"model":"ketamine-domino","weightKg":70,"doses":[{"kind":"bolus","minute":0,"mg":1e-300}],"times":[0,1]}""", 400 },
        { "/api/pk/simulate", """{"model":"esketamine-intranasal","weightKg":70,"doses":[{"kind":"intranasal","minute":0,"mg":1e-12}],"times":[0,60]}""", 200 },
        { "/api/pk/simulate", """{"model":"ketamine-domino","weightKg":70,"doses":[],"times":[0,null]}""", 400 },
        { "/api/pk/simulate", """{"model":"ketamine-domino","weightKg":70,"doses":[null],"times":[0]}""", 400 },
        { "/api/pk/simulate", """{"model":"ketamine-domino","weightKg":70,"doses":[],"times":[0],"thresholdNgPerMl":1e-300}""", 200 },
        { "/api/pk/simulate", """{"model":"ketamine-domino","weightKg":70,"doses":[],"times":[0,"Infinity"]}""", 400 },
        { "/api/pk/population", """{"model":"ketamine-domino","weightKg":70,"doses":[],"times":[0,1e-6],"patients":10}""", 200 },
        { "/api/pk/population", """{"model":"ketamine-domino","weightKg":70,"doses":[],"times":[0],"percentiles":[50,null]}""", 400 },
        { "/api/pk/population", """{"model":"ketamine-domino","weightKg":70,"doses":[],"times":[0],"patients":1e12}""", 400 },
        { "/api/pk/population", """{"model":"ketamine-domino","weightKg":70,"doses":[],"times":[0],"percentiles":[1e-300]}""", 200 },
        { "/api/pk/compare", """{"model":"ketamine-domino","weightKg":70,"regimens":[{"doses":[{"kind":"bolus","minute":0,"mg":10}]},{"doses":[{"kind":"bolus","minute":0,"mg":20}]}],"endMinute":1e-6}""", 400 },
        { "/api/pk/compare", """{"model":"ketamine-domino","weightKg":70,"regimens":[null,{"doses":[{"kind":"bolus","minute":0,"mg":20}]}]}""", 400 },
        { "/api/pk/compare", """{"model":"ketamine-domino","weightKg":70,"regimens":[{"doses":null},{"doses":[]}]}""", 400 },
        { "/api/pk/target-controlled", """{"model":"ketamine-domino","weightKg":70,"targetNgPerMl":150,"durationMinutes":60,"maxRateMgPerHour":1e-30,"rateIncrementMgPerHour":0}""", 400 },
        { "/api/pk/target-controlled", """{"model":"ketamine-domino","weightKg":70,"targetNgPerMl":150,"durationMinutes":60,"concentrationMgPerMl":5e-324}""", 400 },
        { "/api/pk/target-controlled", """{"model":"ketamine-domino","weightKg":70,"targetNgPerMl":150,"durationMinutes":60,"rateIncrementMgPerHour":1e-300}""", 200 },
        { "/api/pk/target-controlled", """{"model":"ketamine-domino","weightKg":70,"targetNgPerMl":150,"durationMinutes":60,"maxTotalMg":1e-300}""", 200 },
        { "/api/pk/target-controlled", """{"model":"ketamine-domino","weightKg":70,"targetNgPerMl":1e-300,"durationMinutes":1,"stepMinutes":1}""", 200 },
        { "/api/pk/target-controlled", """{"model":"ketamine-domino","weightKg":70,"targetNgPerMl":150,"durationMinutes":1440,"stepMinutes":0.16667}""", 200 },
    };

    [Theory]
    [MemberData(nameof(AbsurdButWellFormed))]
    public async Task AbsurdButWellFormedNumbers_AreAnsweredOrRefused_Never500(string url, string json, int status)
    {
        var client = await factory.ClientForAsync(Roles.Prescriber);
        var response = await client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (status == 400)
        {
            Assert.NotEmpty((await response.ReadJsonAsync()).ErrorFields());
        }
    }

    // Times from 0 whose `gaps` steps are 1000, 1001, 1002, … ms: every step a different length.
    private static double[] GapsAllDifferent(int gaps) =>
        [.. Enumerable.Range(0, gaps + 1).Select(i => ((i * 1000L) + ((long)i * (i - 1) / 2)) / 60_000d)];

    // The most intranasal doses of the most milligrams, started at scattered milliseconds over a week: each dose is 36
    // devices 5 minutes apart, so the changes of input of the doses running at once interleave at gaps that nearly
    // all differ.
    private static (object[] Doses, Regimen Regimen) ScatteredSprays()
    {
        var random = new Random(7);
        var minutes = Enumerable.Range(0, PkInput.MaximumDoses).Select(_ => random.NextInt64(MinutesPerWeek * 60_000L) / 60_000d).ToArray();
        object[] doses = [.. minutes.Select(minute => new { kind = "intranasal", minute, mg = PkInput.MaximumIntranasalMg })];
        var regimen = Regimen.Of([.. minutes.Select(m => (Dose)new IntranasalDose(TimeSpan.FromMinutes(m), Mass.FromMilligrams((decimal)PkInput.MaximumIntranasalMg)))]);
        return (doses, regimen);
    }

    private static async Task<string[]> RefusedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var problem = await response.ReadJsonAsync();
        Assert.Equal("https://respite.dev/problems/validation", problem.GetProperty("type").GetString());
        return problem.ErrorFields();
    }
}

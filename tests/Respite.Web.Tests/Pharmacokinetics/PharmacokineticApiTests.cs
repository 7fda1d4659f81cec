using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Respite.Data.Identity;
using Respite.Pharmacokinetics.Dosing;
using Respite.Pharmacokinetics.Models;
using Respite.Pharmacokinetics.Quantities;
using Respite.Pharmacokinetics.Simulation;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests.Pharmacokinetics;

/// <summary>The stateless tools of /api/pk: the simulate contract, its refusals, population bands, comparison, plasma targeting.</summary>
public sealed class PharmacokineticApiTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private static readonly double[] Times = [0, 5, 10, 20, 40, 41, 60, 120, 240];

    public static TheoryData<string> ModelIds() => new(ModelCatalog.All.Select(m => m.Id));

    [Theory]
    [MemberData(nameof(ModelIds))]
    public async Task Simulate_EachModel_ReturnsTheEnginesCurveAndSummary(string id)
    {
        var definition = ModelCatalog.Find(id)!;
        var intranasal = !definition.Routes.HasFlag(ModelRoutes.Intravenous) || id == ModelCatalog.EsketamineIntranasal.Id;
        object[] doses = intranasal
            ? [new { kind = "intranasal", minute = 0, mg = 56 }]
            : [new { kind = "infusion", startMinute = 0, durationMinutes = 40, rateMgPerHour = 52.5 }];
        var client = await factory.ClientForAsync(Roles.Nurse);
        var response = await client.PostAsJsonAsync("/api/pk/simulate", new { model = id, weightKg = 70, ageYears = 45, doses, times = Times, thresholdNgPerMl = 50 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();

        var regimen = intranasal
            ? Regimen.Of(new IntranasalDose(TimeSpan.Zero, Mass.FromMilligrams(56)))
            : Regimen.Of(new Infusion(TimeSpan.Zero, TimeSpan.FromMinutes(40), MassRate.FromMilligramsPerHour(52.5m)));
        var model = definition.Typical(new Covariates(BodyWeight.FromKilograms(70), 45));
        var simulator = new PkSimulator(model);
        var expected = simulator.Simulate(regimen, [.. Times.Select(TimeSpan.FromMinutes)]);
        var summary = simulator.Summarize(regimen, TimeSpan.FromMinutes(240), PlasmaConcentration.FromNanogramsPerMillilitre(50));

        Assert.Equal(id, body.GetProperty("model").GetString());
        var values = body.GetProperty("concentrationsNgPerMl").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(Times.Length, values.Length);
        for (var i = 0; i < Times.Length; i++)
        {
            Assert.Equal(expected.Concentrations[i].NanogramsPerMillilitre, values[i], 9);
        }

        Assert.Equal(0, values[0]);
        Assert.True(values.Max() > 0);
        Assert.Equal(summary.Peak.NanogramsPerMillilitre, body.GetProperty("peakNgPerMl").GetDouble(), 9);
        Assert.Equal(summary.PeakAt.TotalMinutes, body.GetProperty("peakMinute").GetDouble(), 6);
        Assert.Equal(summary.AreaNanogramHoursPerMillilitre, body.GetProperty("aucNgHPerMl").GetDouble(), 9);
        Assert.Equal(summary.TimeAtOrAboveThreshold!.Value.TotalMinutes, body.GetProperty("timeAboveThresholdMinutes").GetDouble(), 6);
        if (model.Metabolite is { } metabolite)
        {
            Assert.Equal(metabolite.Name, body.GetProperty("metabolite").GetString());
            var parent = body.GetProperty("metaboliteConcentrationsNgPerMl").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(expected.MetaboliteConcentrations!.Select(c => c.NanogramsPerMillilitre), parent);
            Assert.True(parent[^1] > 0);
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, body.GetProperty("metabolite").ValueKind);
            Assert.Equal(JsonValueKind.Null, body.GetProperty("metaboliteConcentrationsNgPerMl").ValueKind);
        }
    }

    [Fact]
    public async Task Simulate_Clements_HalfMilligramPerKiloOver40Minutes_PeaksNearTheZarateCmax()
    {
        // CLINICAL-SOURCES §5.1: 70 kg, 0.5 mg/kg over 40 min peaks at about 177 ng/mL (published Cmax about 185 ng/mL).
        var client = await factory.ClientForAsync(Roles.Prescriber);
        var body = await (await client.PostAsJsonAsync("/api/pk/simulate", new
        {
            model = "ketamine-clements", weightKg = 70,
            doses = new[] { new { kind = "infusion", startMinute = 0, durationMinutes = 40, rateMgPerHour = 52.5 } },
            times = new[] { 0, 40, 120 },
        })).ReadJsonAsync();
        Assert.InRange(body.GetProperty("peakNgPerMl").GetDouble(), 170, 185);
        Assert.InRange(body.GetProperty("peakMinute").GetDouble(), 39.9, 40.1);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("timeAboveThresholdMinutes").ValueKind);
    }

    public static TheoryData<string, string> BadRequests() => new()
    {
        { "unknown model", "model" },
        { "missing model", "model" },
        { "intranasal on a racemic IV model", "doses[0].kind" },
        { "missing weight", "weightKg" },
        { "negative weight", "weightKg" },
        { "zero weight", "weightKg" },
        { "weight below 0.5 kg", "weightKg" },
        { "weight above 500 kg", "weightKg" },
        { "NaN weight", "weightKg" },
        { "zero rate", "doses[2].rateMgPerHour" },
        { "negative rate", "doses[2].rateMgPerHour" },
        { "missing rate", "doses[2].rateMgPerHour" },
        { "huge rate", "doses[2].rateMgPerHour" },
        { "zero duration", "doses[2].durationMinutes" },
        { "negative start", "doses[2].startMinute" },
        { "zero bolus", "doses[1].mg" },
        { "unknown dose kind", "doses[1].kind" },
        { "missing dose kind", "doses[1].kind" },
        { "null dose", "doses[1]" },
        { "overlapping infusions", "doses[2]" },
        { "infusion past the horizon", "doses[2].durationMinutes" },
        { "too many doses", "doses" },
        { "missing doses", "doses" },
        { "missing times", "times" },
        { "empty times", "times" },
        { "unsorted times", "times[3]" },
        { "negative time", "times[0]" },
        { "time past 366 days", "times[4]" },
        { "too many times", "times" },
        { "negative threshold", "thresholdNgPerMl" },
        { "string for a number", "weightKg" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Simulate_BadInput_Returns400NamingTheField(string name, string field)
    {
        var body = ValidBody();
        var doses = body["doses"]!.AsArray();
        switch (name)
        {
            case "unknown model": body["model"] = "propofol-marsh"; break;
            case "missing model": body.Remove("model"); break;
            case "intranasal on a racemic IV model": doses[0] = new JsonObject { ["kind"] = "intranasal", ["minute"] = 0, ["mg"] = 56 }; break;
            case "missing weight": body.Remove("weightKg"); break;
            case "negative weight": body["weightKg"] = -70; break;
            case "zero weight": body["weightKg"] = 0; break;
            case "weight below 0.5 kg": body["weightKg"] = 0.4; break;
            case "weight above 500 kg": body["weightKg"] = 500.5; break;
            case "NaN weight": body["weightKg"] = "NaN"; break;
            case "zero rate": doses[2]!["rateMgPerHour"] = 0; break;
            case "negative rate": doses[2]!["rateMgPerHour"] = -10; break;
            case "missing rate": doses[2]!.AsObject().Remove("rateMgPerHour"); break;
            case "huge rate": doses[2]!["rateMgPerHour"] = 1e300; break;
            case "zero duration": doses[2]!["durationMinutes"] = 0; break;
            case "negative start": doses[2]!["startMinute"] = -1; break;
            case "zero bolus": doses[1]!["mg"] = 0; break;
            case "unknown dose kind": doses[1]!["kind"] = "oral"; break;
            case "missing dose kind": doses[1]!.AsObject().Remove("kind"); break;
            case "null dose": doses[1] = null; break;
            case "overlapping infusions": doses[2]!["startMinute"] = 10; break;
            case "infusion past the horizon": doses[2]!["startMinute"] = 527_000; doses[2]!["durationMinutes"] = 100; break;
            case "too many doses":
                doses.Clear();
                for (var i = 0; i < 501; i++)
                {
                    doses.Add(new JsonObject { ["kind"] = "bolus", ["minute"] = i, ["mg"] = 1 });
                }

                break;
            case "missing doses": body.Remove("doses"); break;
            case "missing times": body.Remove("times"); break;
            case "empty times": body["times"] = new JsonArray(); break;
            case "unsorted times": body["times"] = new JsonArray(0, 10, 20, 15, 30); break;
            case "negative time": body["times"] = new JsonArray(-1, 10); break;
            case "time past 366 days": body["times"] = new JsonArray(0, 1, 2, 3, 527_041); break;
            case "too many times": body["times"] = new JsonArray([.. Enumerable.Range(0, 50_001).Select(i => (JsonNode?)JsonValue.Create(i))]); break;
            case "negative threshold": body["thresholdNgPerMl"] = -5; break;
            case "string for a number": body["weightKg"] = "seventy"; break;
            default: throw new ArgumentOutOfRangeException(nameof(name));
        }

        var client = await factory.ClientForAsync(Roles.Nurse);
        var response = await client.PostAsync("/api/pk/simulate", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Equal("https://respite.dev/problems/validation", problem.GetProperty("type").GetString());
        Assert.Contains(field, problem.ErrorFields());
    }

    [Theory]
    [InlineData("{\"model\": \"ketamine-domino\", \"weightKg\": 70,")]
    [InlineData("{\"model\": \"ketamine-domino\", \"weightKg\": NaN, \"doses\": [], \"times\": [0]}")]
    [InlineData("{\"model\": \"ketamine-domino\", \"weightKg\": 1e400, \"doses\": [], \"times\": [0]}")]
    [InlineData("[1, 2, 3]")]
    [InlineData("null")]
    [InlineData("{\"model\": \"ketamine-domino\", \"weightKg\": 70, \"doses\": [{\"kind\": \"bolus\", \"minute\": 1e308, \"mg\": 1}], \"times\": [0]}")]
    [InlineData("{\"model\": \"ketamine-domino\", \"weightKg\": 70, \"doses\": [], \"times\": [0, 1e308]}")]
    [InlineData("{\"model\": \"ketamine-domino\", \"weightKg\": 70, \"ageYears\": 1e10, \"doses\": [], \"times\": [0]}")]
    [InlineData("{\"model\": \"ketamine-domino\", \"weightKg\": 70, \"ageYears\": -4, \"doses\": [], \"times\": [0]}")]
    public async Task Simulate_MalformedOrAbsurdJson_Returns400Never500(string json)
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        foreach (var url in new[] { "/api/pk/simulate", "/api/pk/population", "/api/pk/compare", "/api/pk/target-controlled" })
        {
            var response = await client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Simulate_EmptyRegimen_IsZeroEverywhere_AndATimeOfZeroAlone_IsAccepted()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        var body = await (await client.PostAsJsonAsync("/api/pk/simulate", new { model = "ketamine-hijazi", weightKg = 80, doses = Array.Empty<object>(), times = new[] { 0 }, thresholdNgPerMl = 10 })).ReadJsonAsync();
        Assert.Equal(0, body.GetProperty("peakNgPerMl").GetDouble());
        Assert.Equal(0, body.GetProperty("aucNgHPerMl").GetDouble());
        Assert.Equal(0, body.GetProperty("timeAboveThresholdMinutes").GetDouble());
    }

    [Fact]
    public async Task Population_IsDeterministicForASeed_AndOrdered()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        object Request(ulong seed) => new
        {
            model = "ketamine-domino", weightKg = 70,
            doses = new[] { new { kind = "infusion", startMinute = 0, durationMinutes = 40, rateMgPerHour = 52.5 } },
            times = new[] { 0, 20, 40, 60, 120 }, patients = 400, seed, percentiles = new[] { 5, 50, 95 },
        };
        var first = await (await client.PostAsJsonAsync("/api/pk/population", Request(42))).ReadJsonAsync();
        var again = await (await client.PostAsJsonAsync("/api/pk/population", Request(42))).ReadJsonAsync();
        var other = await (await client.PostAsJsonAsync("/api/pk/population", Request(43))).ReadJsonAsync();
        Assert.Equal(first.GetRawText(), again.GetRawText());
        Assert.NotEqual(first.GetProperty("bands").GetRawText(), other.GetProperty("bands").GetRawText());
        Assert.Equal(400, first.GetProperty("patients").GetInt32());
        Assert.Equal(42ul, first.GetProperty("seed").GetUInt64());

        var bands = first.GetProperty("bands").EnumerateArray().Select(b => b.GetProperty("concentrationsNgPerMl").EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal([5d, 50d, 95d], first.GetProperty("bands").EnumerateArray().Select(b => b.GetProperty("percentile").GetDouble()));
        for (var t = 1; t < 5; t++)
        {
            Assert.True(bands[0][t] < bands[1][t] && bands[1][t] < bands[2][t], $"Percentiles out of order at index {t}.");
        }

        // The median virtual patient lies near the typical one (log-normal random effects centred on the typical values).
        var typical = new PkSimulator(ModelCatalog.KetamineDomino.Typical(new Covariates(BodyWeight.FromKilograms(70))))
            .Simulate(Regimen.Of(new Infusion(TimeSpan.Zero, TimeSpan.FromMinutes(40), MassRate.FromMilligramsPerHour(52.5m))), [TimeSpan.FromMinutes(40)]);
        Assert.InRange(bands[1][2] / typical.Concentrations[0].NanogramsPerMillilitre, 0.85, 1.15);
    }

    [Fact]
    public async Task Population_DefaultsAndLimits()
    {
        var client = await factory.ClientForAsync(Roles.Admin);
        var defaults = await (await client.PostAsJsonAsync("/api/pk/population", new
        {
            model = "esketamine-intranasal", weightKg = 70, doses = new[] { new { kind = "intranasal", minute = 0, mg = 56 } }, times = new[] { 0, 30, 60 },
        })).ReadJsonAsync();
        Assert.Equal(1000, defaults.GetProperty("patients").GetInt32());
        Assert.Equal(3, defaults.GetProperty("bands").GetArrayLength());

        async Task<string[]> Refused(object body)
        {
            var response = await client.PostAsJsonAsync("/api/pk/population", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.ReadJsonAsync()).ErrorFields();
        }

        var doses = new[] { new { kind = "infusion", startMinute = 0, durationMinutes = 40, rateMgPerHour = 52.5 } };
        Assert.Contains("patients", await Refused(new { model = "ketamine-domino", weightKg = 70, doses, times = new[] { 0, 60 }, patients = 0 }));
        Assert.Contains("patients", await Refused(new { model = "ketamine-domino", weightKg = 70, doses, times = new[] { 0, 60 }, patients = 20_001 }));
        Assert.Contains("percentiles[1]", await Refused(new { model = "ketamine-domino", weightKg = 70, doses, times = new[] { 0, 60 }, percentiles = new[] { 5, 100 } }));
        Assert.Contains("times", await Refused(new { model = "ketamine-domino", weightKg = 70, doses, times = Enumerable.Range(0, 2000).ToArray(), patients = 20_000 }));
        Assert.Contains("seed", await Refused(new { model = "ketamine-domino", weightKg = 70, doses, times = new[] { 0, 60 }, seed = -1 }));
    }

    [Fact]
    public async Task Compare_TwoDurations_SlowerInfusionPeaksLower_WithTheSummaryTable()
    {
        var client = await factory.ClientForAsync(Roles.Prescriber);
        var response = await client.PostAsJsonAsync("/api/pk/compare", new
        {
            model = "ketamine-domino", weightKg = 70,
            regimens = new object[]
            {
                new { label = "0.5 mg/kg over 40 min", doses = new[] { new { kind = "infusion", startMinute = 0, durationMinutes = 40, rateMgPerHour = 52.5 } } },
                new { doses = new[] { new { kind = "infusion", startMinute = 0, durationMinutes = 60, rateMgPerHour = 35 } } },
            },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var chart = body.GetProperty("chart");
        var curves = chart.GetProperty("curves").EnumerateArray().ToList();
        Assert.Equal(2, curves.Count);
        Assert.All(curves, c => Assert.Equal("compare", c.GetProperty("kind").GetString()));
        Assert.Equal("0.5 mg/kg over 40 min", curves[0].GetProperty("label").GetString());
        Assert.Equal("35 mg over 60 min", curves[1].GetProperty("label").GetString());
        Assert.Equal(60 + 240, chart.GetProperty("endMinute").GetDouble());
        Assert.Equal(2, chart.GetProperty("referenceBands").GetArrayLength());

        var rows = body.GetProperty("summary").EnumerateArray().ToList();
        Assert.Equal(35, rows[0].GetProperty("totalMg").GetDouble(), 6);
        Assert.Equal(35, rows[1].GetProperty("totalMg").GetDouble(), 6);
        Assert.True(rows[1].GetProperty("peakNgPerMl").GetDouble() < rows[0].GetProperty("peakNgPerMl").GetDouble());
        Assert.InRange(rows[0].GetProperty("peakMinute").GetDouble(), 39.9, 40.1);
        Assert.InRange(rows[1].GetProperty("peakMinute").GetDouble(), 59.9, 60.1);
        Assert.Equal(100, rows[0].GetProperty("dissociationThresholdNgPerMl").GetDouble());
        Assert.True(rows[0].GetProperty("minutesAboveDissociation").GetDouble() > 0);

        // The same dose gives about the same AUC whatever the duration (linear model; only the tails differ).
        Assert.InRange(rows[1].GetProperty("aucNgHPerMl").GetDouble() / rows[0].GetProperty("aucNgHPerMl").GetDouble(), 0.95, 1.05);
    }

    [Fact]
    public async Task Compare_Esketamine56Vs84_HasNoReferenceBand_AndSaysSo()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        var body = await (await client.PostAsJsonAsync("/api/pk/compare", new
        {
            model = "esketamine-intranasal", weightKg = 70,
            regimens = new object[]
            {
                new { doses = new[] { new { kind = "intranasal", minute = 0, mg = 56 } } },
                new { doses = new[] { new { kind = "intranasal", minute = 0, mg = 84 } } },
            },
        })).ReadJsonAsync();
        var chart = body.GetProperty("chart");
        Assert.Equal(0, chart.GetProperty("referenceBands").GetArrayLength());
        Assert.Contains("no concentration–effect range", chart.GetProperty("caption").GetString());
        Assert.Equal(480, chart.GetProperty("endMinute").GetDouble());
        var rows = body.GetProperty("summary").EnumerateArray().ToList();
        Assert.Equal("56 mg intranasal", rows[0].GetProperty("label").GetString());
        Assert.True(rows[1].GetProperty("peakNgPerMl").GetDouble() > rows[0].GetProperty("peakNgPerMl").GetDouble());
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("minutesAboveDissociation").ValueKind);
    }

    [Fact]
    public async Task Compare_NamesTheWrongRegimen()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        var response = await client.PostAsJsonAsync("/api/pk/compare", new
        {
            model = "ketamine-domino", weightKg = 70,
            regimens = new object[]
            {
                new { doses = new[] { new { kind = "infusion", startMinute = 0, durationMinutes = 40, rateMgPerHour = 52.5 } } },
                new { doses = new[] { new { kind = "infusion", startMinute = 0, durationMinutes = 40, rateMgPerHour = -1 } } },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("regimens[1].doses[0].rateMgPerHour", (await response.ReadJsonAsync()).ErrorFields());
        var one = await client.PostAsJsonAsync("/api/pk/compare", new { model = "ketamine-domino", weightKg = 70, regimens = new object[] { new { doses = Array.Empty<object>() } } });
        Assert.Contains("regimens", (await one.ReadJsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task TargetControlled_ReachesAndHoldsTheTarget_WithoutALimit()
    {
        var client = await factory.ClientForAsync(Roles.Prescriber);
        var response = await client.PostAsJsonAsync("/api/pk/target-controlled", new { model = "ketamine-domino", weightKg = 70, targetNgPerMl = 150, durationMinutes = 60, concentrationMgPerMl = 1 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("Suggestion for the prescriber; never sent to a device.", body.GetProperty("advisory").GetString());
        Assert.False(body.GetProperty("limitedByMaximumRate").GetBoolean());
        Assert.InRange(body.GetProperty("reachesTargetMinute").GetDouble(), 0, 10);
        Assert.InRange(body.GetProperty("peakNgPerMl").GetDouble(), 150 * 0.95, 150 * 1.15);

        var steps = body.GetProperty("steps").EnumerateArray().ToList();
        Assert.True(steps.Count >= 2);
        Assert.True(steps[0].GetProperty("mgPerHour").GetDouble() > steps[^1].GetProperty("mgPerHour").GetDouble(), "A loading step comes first.");
        Assert.Equal(steps[0].GetProperty("mgPerHour").GetDouble() / 70, steps[0].GetProperty("mgPerKgPerHour").GetDouble(), 3);
        Assert.Equal(Math.Round(steps[0].GetProperty("mgPerHour").GetDouble(), 1), steps[0].GetProperty("mlPerHour").GetDouble(), 6);
        var total = steps.Sum(s => s.GetProperty("mgPerHour").GetDouble() * s.GetProperty("durationMinutes").GetDouble() / 60);
        Assert.Equal(total, body.GetProperty("totalMg").GetDouble(), 3);

        // The predicted curve stays near the target once reached.
        var curve = body.GetProperty("chart").GetProperty("curves")[0];
        var minutes = curve.GetProperty("minutes").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var values = curve.GetProperty("nanogramsPerMillilitre").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (var i = 0; i < minutes.Length; i++)
        {
            if (minutes[i] is >= 15 and <= 60)
            {
                Assert.InRange(values[i], 150 * 0.85, 150 * 1.15);
            }
        }
    }

    [Fact]
    public async Task TargetControlled_RespectsTheMaximumRate()
    {
        var client = await factory.ClientForAsync(Roles.Nurse);
        var body = await (await client.PostAsJsonAsync("/api/pk/target-controlled", new
        {
            model = "ketamine-clements", weightKg = 70, targetNgPerMl = 200, durationMinutes = 60, maxRateMgPerHour = 40,
        })).ReadJsonAsync();
        var steps = body.GetProperty("steps").EnumerateArray().ToList();
        Assert.All(steps, s => Assert.True(s.GetProperty("mgPerHour").GetDouble() <= 40 + 1e-9));
        Assert.True(body.GetProperty("limitedByMaximumRate").GetBoolean());
        Assert.Equal(40, body.GetProperty("maxRateMgPerHour").GetDouble());
        Assert.Equal(JsonValueKind.Null, steps[0].GetProperty("mlPerHour").ValueKind);
        Assert.True(body.GetProperty("peakNgPerMl").GetDouble() < 200);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("reachesTargetMinute").ValueKind);

        var refused = await client.PostAsJsonAsync("/api/pk/target-controlled", new { model = "esketamine-intranasal", targetNgPerMl = 100, durationMinutes = 30 });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var fields = (await refused.ReadJsonAsync()).ErrorFields();
        Assert.Contains("weightKg", fields);

        var noModel = await client.PostAsJsonAsync("/api/pk/target-controlled", new { model = "nope", weightKg = 70, targetNgPerMl = 0, durationMinutes = 2000, stepMinutes = 0 });
        Assert.Equal(["durationMinutes", "model", "stepMinutes", "targetNgPerMl"], (await noModel.ReadJsonAsync()).ErrorFields().Order());
    }

    [Fact]
    public async Task Models_ListTheCatalogWithSourcesAndAssumptions()
    {
        var client = await factory.ClientForAsync(Roles.Admin);
        var models = await (await client.GetAsync("/api/pk/models")).ReadJsonAsync();
        Assert.Equal(ModelCatalog.All.Select(m => m.Id), models.EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        var clements = models.EnumerateArray().Single(m => m.GetProperty("id").GetString() == "ketamine-clements");
        Assert.Equal(["intravenous"], clements.GetProperty("routes").EnumerateArray().Select(r => r.GetString()));
        Assert.True(clements.GetProperty("referenceBands").GetBoolean());
        var v1 = clements.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "V1");
        Assert.Equal("L/kg", v1.GetProperty("unit").GetString());
        Assert.Contains("opentiva", v1.GetProperty("source").GetString());
        Assert.True(clements.GetProperty("variability")[0].GetProperty("isAssumption").GetBoolean());
        var esketamine = models.EnumerateArray().Single(m => m.GetProperty("id").GetString() == "esketamine-intranasal");
        Assert.Equal(["intravenous", "intranasal"], esketamine.GetProperty("routes").EnumerateArray().Select(r => r.GetString()));
        Assert.False(esketamine.GetProperty("referenceBands").GetBoolean());
        Assert.Equal("noresketamine", esketamine.GetProperty("metabolite").GetString());
        Assert.Contains("Perez-Ruixo", esketamine.GetProperty("citation").GetString());
        Assert.False(string.IsNullOrWhiteSpace(esketamine.GetProperty("studiedPopulation").GetString()));
    }

    private static JsonObject ValidBody() => new()
    {
        ["model"] = "ketamine-domino",
        ["weightKg"] = 70,
        ["doses"] = new JsonArray
        {
            new JsonObject { ["kind"] = "infusion", ["startMinute"] = 0, ["durationMinutes"] = 20, ["rateMgPerHour"] = 60 },
            new JsonObject { ["kind"] = "bolus", ["minute"] = 25, ["mg"] = 5 },
            new JsonObject { ["kind"] = "infusion", ["startMinute"] = 40, ["durationMinutes"] = 20, ["rateMgPerHour"] = 30 },
        },
        ["times"] = new JsonArray(0, 10, 20, 30, 60, 120),
    };
}

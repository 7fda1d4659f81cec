using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

/// <summary>
/// Every API endpoint against every role, anonymous included. The cases are checked against the host's route table: every
/// /api and /fhir route (method and pattern) has at least one case, and every route that a patient may reach for a record of
/// theirs has a case on the patient's own record and one on another patient's record (answered 404, never 403).
/// </summary>
public sealed class AuthorizationMatrixTests(RouteRecordingFactory factory) : IClassFixture<RouteRecordingFactory>
{
    private const string A = "anonymous";
    private const string P = Roles.Patient;
    private const string F = Roles.FrontDesk;
    private const string N = Roles.Nurse;
    private const string R = Roles.Prescriber;
    private const string D = Roles.Admin;

    /// <summary>
    /// An endpoint and the roles allowed through; <paramref name="RefusedByRule"/> counts a 409 safety refusal as "allowed through
    /// authorization", <paramref name="AllowedStatus"/> is the answer an allowed role gets when it is not a success (e.g. 405 for an
    /// interaction FHIR does not support); <paramref name="Form"/> is sent as an application/x-www-form-urlencoded body. A case named "own …" acts on the demo patient's own record, one named "… other patient"
    /// on another patient's record.
    /// </summary>
    public sealed record Case(
        string Name, HttpMethod Method, Func<Fixture, Task<string>> Url, Func<object?>? Body, string[] Allowed, bool RefusedByRule = false,
        Func<Fixture, string, Task<object?>>? BodyFor = null, int? AllowedStatus = null, string? Form = null)
    {
        public PatientRecord Record =>
            System.Text.RegularExpressions.Regex.IsMatch(Name, @"\bown\b") ? PatientRecord.Own
            : Name.Contains("other patient", StringComparison.Ordinal) ? PatientRecord.Other
            : PatientRecord.None;

        /// <summary>The body to send to <paramref name="url"/> (a PUT without one sends the patient update of <see cref="UpdateBodyAsync"/>).</summary>
        public async Task<object?> BodyAsync(RespiteWebApplicationFactory factory, Fixture fixture, string url)
        {
            var body = BodyFor is { } bodyFor ? await bodyFor(fixture, url) : Body?.Invoke();
            return Method == HttpMethod.Put && body is null ? await UpdateBodyAsync(factory, url) : body;
        }
    }

    public enum PatientRecord
    {
        None,
        Own,
        Other,
    }

    /// <summary>A case with a concrete URL of it and the route the host matches it to.</summary>
    public sealed record ResolvedCase(Case Case, string Url, ApiRoute? Route);

    public static IReadOnlyList<Case> AllCases => Cases;

    /// <summary>Every case's URL (with records created for it) and the route it reaches.</summary>
    public static async Task<IReadOnlyList<ResolvedCase>> ResolveAsync(RouteRecordingFactory factory)
    {
        var fixture = new Fixture(factory);
        var resolved = new List<ResolvedCase>();
        foreach (var testCase in Cases)
        {
            var url = await testCase.Url(fixture);
            resolved.Add(new ResolvedCase(testCase, url, await factory.RouteOfAsync(testCase.Method, url)));
        }

        return resolved;
    }

    /// <summary>Parameters naming a record that can belong to a patient (a FHIR resource id, a session, an appointment…).</summary>
    private static readonly string[] RecordParameters = ["id", "patientId", "sessionId", "planId", "appointmentId", "requestId"];

    private static readonly SemaphoreSlim ResolveLock = new(1, 1);
    private static (RouteRecordingFactory Factory, IReadOnlyList<ResolvedCase> Cases)? _resolved;

    private async Task<IReadOnlyList<ResolvedCase>> ResolvedAsync()
    {
        await ResolveLock.WaitAsync();
        try
        {
            if (_resolved is not { } cached || cached.Factory != factory)
            {
                _resolved = cached = (factory, await ResolveAsync(factory));
            }

            return cached.Cases;
        }
        finally
        {
            ResolveLock.Release();
        }
    }

    [Fact]
    public async Task Cases_EveryApiAndFhirRoute_IsCovered()
    {
        var resolved = await ResolvedAsync();
        var unmatched = resolved.Where(r => r.Route is null).Select(r => $"{r.Case.Name}: {r.Case.Method} {r.Url}").ToList();
        Assert.True(unmatched.Count == 0, "Cases whose URL matches no route:\n" + string.Join("\n", unmatched));

        var covered = resolved.Select(r => r.Route!.ToString()).ToHashSet(StringComparer.Ordinal);
        var uncovered = RouteTable.ApiAndFhirRoutes(factory.Services).Where(r => !covered.Contains(r.ToString())).Select(r => r.ToString()).ToList();
        Assert.True(uncovered.Count == 0, $"{uncovered.Count} routes have no case in the authorization matrix:\n" + string.Join("\n", uncovered));
    }

    [Fact]
    public async Task Cases_EveryRouteAPatientReachesForARecord_HasOwnAndOtherPatientCases()
    {
        var resolved = await ResolvedAsync();
        var missing = new List<string>();
        foreach (var route in RouteTable.ApiAndFhirRoutes(factory.Services))
        {
            if (!RouteTable.AdmitsPatient(await RouteTable.AdmittedRolesAsync(factory.Services, route)) || !route.ParameterNames.Any(RecordParameters.Contains))
            {
                continue;
            }

            var cases = resolved.Where(r => r.Route?.ToString() == route.ToString()).Select(r => r.Case).ToList();
            foreach (var record in new[] { PatientRecord.Own, PatientRecord.Other })
            {
                if (!cases.Any(c => c.Record == record))
                {
                    missing.Add($"{route}: no case on {(record == PatientRecord.Own ? "the patient's own record" : "another patient's record")}");
                }
            }
        }

        Assert.True(missing.Count == 0, "Routes a patient reaches need an own and an other-patient case:\n" + string.Join("\n", missing));
    }

    public sealed class Fixture(RespiteWebApplicationFactory factory)
    {
        private static int _weeks;

        public async Task<string> NewPatientIdAsync()
        {
            var client = await factory.ClientForAsync(F);
            var patient = await TestData.CreatePatientAsync(client);
            return patient.GetProperty("id").GetString()!;
        }

        public async Task<JsonElement> NewPatientAsync()
        {
            var client = await factory.ClientForAsync(F);
            return await TestData.CreatePatientAsync(client);
        }

        public async Task<string> OwnPatientIdAsync()
        {
            var client = await factory.ClientForAsync(P);
            var me = await (await client.GetAsync("/api/auth/me")).ReadJsonAsync();
            return me.GetProperty("patientId").GetString()!;
        }

        public async Task<(string PatientId, string AlertId)> NewAlertAsync()
        {
            var patientId = await NewPatientIdAsync();
            var client = await factory.ClientForAsync(F);
            var response = await client.PostAsJsonAsync($"/api/patients/{patientId}/assessments", new { instrument = "phq9", answers = new[] { 1, 1, 1, 1, 1, 1, 1, 1, 2 } });
            var body = await response.ReadJsonAsync();
            return (patientId, body.GetProperty("raisedAlerts")[0].GetProperty("id").GetString()!);
        }

        public async Task<(string PatientId, string ScreeningId)> NewScreeningAsync()
        {
            var patientId = await NewPatientIdAsync();
            var client = await factory.ClientForAsync(R);
            var response = await client.PostAsync($"/api/patients/{patientId}/screenings", null);
            var body = await response.ReadJsonAsync();
            return (patientId, body.GetProperty("id").GetString()!);
        }

        /// <summary>A weekly PHQ-9 diary assigned to a new patient; the URL that ends it.</summary>
        public async Task<string> NewAssignmentEndUrlAsync()
        {
            var patientId = await NewPatientIdAsync();
            var client = await factory.ClientForAsync(N);
            var response = await client.PostAsJsonAsync($"/api/patients/{patientId}/questionnaire-assignments", new { instrument = "phq9", trigger = "diary", cadenceDays = 7 });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return $"/api/patients/{patientId}/questionnaire-assignments/{(await response.ReadJsonAsync()).GetProperty("id").GetString()}/end";
        }

        public async Task<string> NewLocationIdAsync() =>
            (await SchedulingData.CreateLocationAsync(factory)).GetProperty("id").GetString()!;

        public async Task<JsonElement> LocationAsync(string url)
        {
            var admin = await factory.ClientForAsync(D);
            return await (await admin.GetAsync(url)).ReadJsonAsync();
        }

        /// <summary>A booked follow-up at a new location: the patient id and the appointment.</summary>
        public async Task<(string PatientId, JsonElement Appointment)> NewAppointmentAsync(bool own = false)
        {
            var patientId = own ? await OwnPatientIdAsync() : await NewPatientIdAsync();
            var client = await factory.ClientForAsync(F);

            // A week of its own for every appointment, so that the demo patient is never double-booked.
            var week = 20 + Interlocked.Increment(ref _weeks);
            var response = await client.PostAsJsonAsync($"/api/patients/{patientId}/appointments", new
            {
                kind = "follow-up", locationId = await NewLocationIdAsync(), date = SchedulingData.Monday(week).ToString("yyyy-MM-dd"), startTime = "09:00",
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (patientId, await response.ReadJsonAsync());
        }

        public async Task<string> AppointmentVersionAsync(string url)
        {
            var appointmentId = url.Split('/')[^2];
            var patientId = url.Split('/')[3];
            var client = await factory.ClientForAsync(F);
            var all = await (await client.GetAsync($"/api/patients/{patientId}/appointments")).ReadJsonAsync();
            return all.EnumerateArray().Single(a => a.GetProperty("id").GetString() == appointmentId).GetProperty("version").GetString()!;
        }

        public Task<(string PatientId, string PlanId)> NewSignedPlanAsync() =>
            SchedulingData.SignedPlanAsync(factory, SchedulingData.Monday(2).ToString("yyyy-MM-dd"));

        public async Task<JsonElement> ProtocolAsync(string url)
        {
            var client = await factory.ClientForAsync(R);
            return await (await client.GetAsync(url)).ReadJsonAsync();
        }

        /// <summary>A valid change of a protocol: its current definition with new evidence text, at its current revision.</summary>
        public async Task<object> ProtocolChangeAsync(string url)
        {
            var current = (await ProtocolAsync(url)).GetProperty("protocol");
            var definition = System.Text.Json.Nodes.JsonNode.Parse(current.GetRawText())!.AsObject();
            foreach (var key in new[] { "revision", "isCitedDefault", "changeReason", "changedBy", "changedAt" })
            {
                definition.Remove(key);
            }

            definition["evidence"] = current.GetProperty("evidence").GetString() + " Reviewed.";
            return new { definition, revision = current.GetProperty("revision").GetInt32(), reason = "Annual review" };
        }

        public async Task<string> DemoProductIdAsync()
        {
            var client = await factory.ClientForAsync(F);
            var products = await (await client.GetAsync("/api/packages/products")).ReadJsonAsync();
            return products.EnumerateArray().First(p => p.GetProperty("name").GetString() == "6-infusion induction package").GetProperty("id").GetString()!;
        }

        public async Task<string> ProductVersionAsync(string url)
        {
            var client = await factory.ClientForAsync(D);
            var products = await (await client.GetAsync("/api/packages/products?includeInactive=true")).ReadJsonAsync();
            return products.EnumerateArray().Single(p => url.EndsWith(p.GetProperty("id").GetString()!, StringComparison.Ordinal)).GetProperty("version").GetString()!;
        }

        /// <summary>A sale of the demo infusion package to a new patient; the URL of one of its actions.</summary>
        public async Task<string> NewSaleUrlAsync(string action)
        {
            var patientId = await NewPatientIdAsync();
            var client = await factory.ClientForAsync(F);
            var sale = await (await client.PostAsJsonAsync($"/api/patients/{patientId}/packages", new { productId = await DemoProductIdAsync() })).ReadJsonAsync();
            return $"/api/patients/{patientId}/packages/{sale.GetProperty("id").GetString()}/{action}";
        }

        public async Task<string> SaleVersionAsync(string url)
        {
            var parts = url.Split('/');
            var client = await factory.ClientForAsync(F);
            var list = await (await client.GetAsync($"/api/patients/{parts[3]}/packages")).ReadJsonAsync();
            return list.GetProperty("sales").EnumerateArray().Single(s => s.GetProperty("id").GetString() == parts[5]).GetProperty("version").GetString()!;
        }

        public async Task<string> NewCalendarFeedUrlAsync()
        {
            var patientId = await NewPatientIdAsync();
            var client = await factory.ClientForAsync(F);
            return (await (await client.PostAsync($"/api/patients/{patientId}/calendar-feed", null)).ReadJsonAsync()).GetProperty("url").GetString()!;
        }

        public static object CheckIn => new
        {
            kind = "iv-infusion", baseline = new { systolic = 124, diastolic = 80, heartRate = 72, spo2 = 98 }, rideHomeArranged = true,
        };

        public async Task<JsonElement> NewSessionAsync(int systolic = 124)
        {
            var patientId = await NewPatientIdAsync();
            var nurse = await factory.ClientForAsync(N);
            var response = await nurse.PostAsJsonAsync($"/api/patients/{patientId}/sessions", new
            {
                kind = "iv-infusion", baseline = new { systolic, diastolic = 80, heartRate = 72, spo2 = 98 }, rideHomeArranged = true,
            });
            return await response.ReadJsonAsync();
        }

        /// <summary>A new IV session with its infusion started 10 minutes ago.</summary>
        public async Task<string> NewDosedSessionIdAsync()
        {
            var patientId = await NewPatientIdAsync();
            var nurse = await factory.ClientForAsync(N);
            var session = await (await nurse.PostAsJsonAsync($"/api/patients/{patientId}/sessions", new
            {
                kind = "iv-infusion", checkedInAt = DateTimeOffset.UtcNow.AddMinutes(-20), baseline = new { systolic = 124, diastolic = 80, heartRate = 72, spo2 = 98 }, rideHomeArranged = true,
            })).ReadJsonAsync();
            var id = session.GetProperty("id").GetString()!;
            var response = await nurse.PostAsJsonAsync($"/api/sessions/{id}/doses", new { kind = "start", at = DateTimeOffset.UtcNow.AddMinutes(-10), rateMgPerHour = 50 });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return id;
        }

        public async Task<string> NewEsketamineSessionIdAsync()
        {
            var patientId = await NewPatientIdAsync();
            var nurse = await factory.ClientForAsync(N);
            var response = await nurse.PostAsJsonAsync($"/api/patients/{patientId}/sessions", new
            {
                kind = "esketamine", baseline = new { systolic = 124, diastolic = 80, heartRate = 72, spo2 = 98 }, rideHomeArranged = true, remsEnrolled = true,
            });
            return (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
        }

        public async Task<string> NewSessionAlertUrlAsync()
        {
            var session = await NewSessionAsync();
            var id = session.GetProperty("id").GetString();
            var nurse = await factory.ClientForAsync(N);
            var reading = await (await nurse.PostAsJsonAsync($"/api/sessions/{id}/vitals", new { spo2 = 88 })).ReadJsonAsync();
            return $"/api/sessions/{id}/alerts/{reading.GetProperty("alerts")[0].GetProperty("id").GetString()}/acknowledge";
        }

        /// <summary>A reading charted on a new session: the URL that marks it entered in error.</summary>
        public async Task<string> NewSessionEntryUrlAsync()
        {
            var session = await NewSessionAsync();
            var id = session.GetProperty("id").GetString();
            var nurse = await factory.ClientForAsync(N);
            var reading = await (await nurse.PostAsJsonAsync($"/api/sessions/{id}/vitals", new { heartRate = 80 })).ReadJsonAsync();
            return $"/api/sessions/{id}/entries/{reading.GetProperty("reading").GetProperty("id").GetString()}/entered-in-error";
        }

        public async Task<string> SessionVersionAsync(string url)
        {
            var nurse = await factory.ClientForAsync(N);
            var session = await (await nurse.GetAsync(url.Replace("/override", "", StringComparison.Ordinal))).ReadJsonAsync();
            return session.GetProperty("version").GetString()!;
        }

        /// <summary>A pending portal invitation of a new patient: the URL that revokes it.</summary>
        public async Task<string> NewInvitationRevokeUrlAsync()
        {
            var patientId = await NewPatientIdAsync();
            var client = await factory.ClientForAsync(F);
            var response = await client.PostAsJsonAsync($"/api/patients/{patientId}/portal-invitations", new { email = $"matrix.{Guid.NewGuid():N}@example.com" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return $"/api/patients/{patientId}/portal-invitations/{(await response.ReadJsonAsync()).GetProperty("id").GetString()}/revoke";
        }

        /// <summary>An open change request of the demo patient on a new appointment of theirs.</summary>
        public async Task<JsonElement> NewChangeRequestAsync()
        {
            var (_, appointment) = await NewAppointmentAsync(own: true);
            var client = await factory.ClientForAsync(P);
            var response = await client.PostAsJsonAsync($"/api/appointments/{appointment.GetProperty("id").GetString()}/change-requests", new { kind = "cancel", message = "Away that week." });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return await response.ReadJsonAsync();
        }

        public async Task<string> ChangeRequestVersionAsync(string url)
        {
            var id = url.Split('/')[3];
            var client = await factory.ClientForAsync(F);
            var all = await (await client.GetAsync("/api/change-requests?status=all")).ReadJsonAsync();
            return all.EnumerateArray().Single(r => r.GetProperty("id").GetString() == id).GetProperty("version").GetString()!;
        }

        /// <summary>A resource as the JSON body of a request (FHIR JSON is JSON).</summary>
        public static JsonElement FhirBody(Hl7.Fhir.Model.Resource resource) => JsonDocument.Parse(Respite.Fhir.FhirFormats.ToJson(resource)).RootElement.Clone();

        /// <summary>The Patient at a /fhir URL as the front desk reads it, renamed, with the version read.</summary>
        public async Task<JsonElement> FhirPatientChangeAsync(string url)
        {
            var client = await factory.ClientForAsync(F);
            var patient = Respite.Fhir.FhirFormats.ParseJson<Hl7.Fhir.Model.Patient>(await client.GetStringAsync(url)).Value!;
            patient.Name[0].Given = ["Renamed"];
            return FhirBody(patient);
        }

        /// <summary>A heart rate charted a minute ago on a new session, as an Observation.</summary>
        public async Task<JsonElement> FhirVitalsAsync()
        {
            var session = await NewSessionAsync();
            return FhirBody(Respite.Fhir.Observations.ObservationMapper.ToFhir(new Respite.Fhir.Observations.VitalSignsReading(
                null, Guid.Parse(session.GetProperty("patientId").GetString()!), Guid.Parse(session.GetProperty("id").GetString()!),
                DateTimeOffset.UtcNow.AddMinutes(-1), HeartRatePerMin: 80)).Single());
        }

        /// <summary>A PHQ-9 answered by the patient, as a QuestionnaireResponse.</summary>
        public static JsonElement FhirPhq9(string patientId) => FhirBody(Respite.Fhir.Questionnaires.QuestionnaireResponseMapper.ToFhir(
            new Respite.Fhir.Questionnaires.QuestionnaireAnswers(
                null, Guid.Parse(patientId), "phq9", Enumerable.Repeat(Respite.Clinical.Instruments.Answer.Number(0), 9).ToList(),
                DateTimeOffset.UtcNow.AddMinutes(-1), Respite.Fhir.Questionnaires.AnswerRespondent.Patient)));

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<RespiteWebApplicationFactory, Lazy<Task<string>>> OwnPlans = new();

        /// <summary>A signed plan of the demo patient, made once per host (the patient keeps one current plan).</summary>
        public Task<string> OwnSignedPlanIdAsync() => OwnPlans.GetOrAdd(factory, _ => new Lazy<Task<string>>(async () =>
        {
            var (patientId, planId, version) = await NewDraftPlanAsync(await OwnPatientIdAsync());
            var prescriber = await factory.ClientForAsync(R);
            Assert.Equal(HttpStatusCode.OK, (await prescriber.PostAsJsonAsync($"/api/patients/{patientId}/plans/{planId}/sign", new { version })).StatusCode);
            return planId;
        })).Value;

        /// <summary>An unsigned IV plan of a patient (a new one unless given), after a signed screening.</summary>
        public async Task<(string PatientId, string PlanId, string Version)> NewDraftPlanAsync(string? patientId = null)
        {
            patientId ??= await NewPatientIdAsync();
            var prescriber = await factory.ClientForAsync(R);
            var screening = await (await prescriber.PostAsync($"/api/patients/{patientId}/screenings", null)).ReadJsonAsync();
            // The screening raises a suicide-risk alert when the patient's answers call for one; a prescriber has seen it.
            foreach (var alert in (await (await prescriber.GetAsync($"/api/patients/{patientId}/alerts?open=true")).ReadJsonAsync()).EnumerateArray())
            {
                await prescriber.PostAsJsonAsync($"/api/patients/{patientId}/alerts/{alert.GetProperty("id").GetString()}/acknowledge", new { note = "Seen; safety plan made." });
            }

            await prescriber.PostAsJsonAsync($"/api/patients/{patientId}/screenings/{screening.GetProperty("id").GetString()}/sign", new { note = "ok" });

            var created = await prescriber.PostAsJsonAsync($"/api/patients/{patientId}/plans", new
            {
                protocolId = "iv-ketamine-depression", startDate = SchedulingData.Monday(2).ToString("yyyy-MM-dd"), indications = new[] { "depression" },
                overrideReason = "Reviewed with the patient; benefits outweigh the findings.",
            });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            var plan = await created.ReadJsonAsync();
            return (patientId, plan.GetProperty("id").GetString()!, plan.GetProperty("version").GetString()!);
        }

        public async Task<string> PlanVersionAsync(string url)
        {
            var client = await factory.ClientForAsync(R);
            return (await (await client.GetAsync(url.Replace("/sign", "", StringComparison.Ordinal))).ReadJsonAsync()).GetProperty("version").GetString()!;
        }

        /// <summary>A session of the demo patient with doses charted (the demo clinic's history).</summary>
        public async Task<string> OwnDosedSessionIdAsync()
        {
            var nurse = await factory.ClientForAsync(N);
            var sessions = await (await nurse.GetAsync($"/api/patients/{await OwnPatientIdAsync()}/sessions")).ReadJsonAsync();
            return sessions.EnumerateArray().First(s => s.GetProperty("status").GetString() == "discharged").GetProperty("id").GetString()!;
        }

        /// <summary>A credit taken by hand from a new sale: the URL that reverses it.</summary>
        public async Task<string> NewCreditReverseUrlAsync()
        {
            var saleUrl = (await NewSaleUrlAsync("credits"))[..^"/credits".Length];
            var nurse = await factory.ClientForAsync(N);
            var sale = await (await nurse.PostAsJsonAsync($"{saleUrl}/credits", new { note = "By hand" })).ReadJsonAsync();
            return $"{saleUrl}/credits/{sale.GetProperty("creditUses")[0].GetProperty("id").GetString()}/reverse";
        }

        public async Task<string> NewUserIdAsync()
        {
            var admin = await factory.ClientForAsync(D);
            var response = await admin.PostAsJsonAsync("/api/admin/users", new
            {
                email = $"matrix.{Guid.NewGuid():N}@example.com", displayName = "Matrix User", password = "Correct-horse-9", roles = new[] { "nurse" },
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
        }

        public async Task<string> NewChairUrlAsync()
        {
            var location = await SchedulingData.CreateLocationAsync(factory, chairs: 1);
            return $"/api/locations/{location.GetProperty("id").GetString()}/chairs/{location.GetProperty("chairs")[0].GetProperty("id").GetString()}";
        }

        public async Task<JsonElement> SettingsValueAsync(string url)
        {
            var admin = await factory.ClientForAsync(D);
            return (await (await admin.GetAsync(url)).ReadJsonAsync()).GetProperty("value");
        }

        /// <summary>The URL of the current version of a patient's FHIR Patient resource.</summary>
        public async Task<string> FhirPatientHistoryUrlAsync(string patientId)
        {
            var client = await factory.ClientForAsync(F);
            var patient = Respite.Fhir.FhirFormats.ParseJson<Hl7.Fhir.Model.Patient>(await client.GetStringAsync($"/fhir/Patient/{patientId}")).Value!;
            return $"/fhir/Patient/{patientId}/_history/{patient.Meta!.VersionId}";
        }

        /// <summary>A bulk export started by the prescriber (its status URL), finished when <paramref name="complete"/>.</summary>
        public async Task<string> NewExportStatusUrlAsync(bool complete = false)
        {
            var prescriber = await factory.ClientForAsync(R);
            var status = await Fhir.Export.FhirExportHarness.StartAsync(prescriber, "/fhir/Patient/$export?_type=Patient");
            if (complete)
            {
                await Fhir.Export.FhirExportHarness.CompleteAsync(prescriber, status);
            }

            return new Uri(status).PathAndQuery;
        }

        public async Task<string> NewExportFileUrlAsync()
        {
            var prescriber = await factory.ClientForAsync(R);
            var status = await Fhir.Export.FhirExportHarness.StartAsync(prescriber, "/fhir/Patient/$export?_type=Patient");
            var manifest = await Fhir.Export.FhirExportHarness.CompleteAsync(prescriber, status);
            return new Uri(manifest.GetProperty("output")[0].GetProperty("url").GetString()!).PathAndQuery;
        }

        /// <summary>An open change request of another portal patient, on an appointment of theirs.</summary>
        public async Task<string> OtherPatientsChangeRequestIdAsync()
        {
            var (patientId, _, client) = await PortalData.PortalPatientAsync(factory);
            var appointment = await PortalData.BookAsync(factory, patientId, 20 + Interlocked.Increment(ref _weeks));
            var response = await client.PostAsJsonAsync($"/api/appointments/{appointment.GetProperty("id").GetString()}/change-requests", new { kind = "cancel", message = "Away." });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
        }

        public async Task<string> NewConsultationIdAsync()
        {
            var client = await factory.ClientForAsync(A);
            var response = await client.PostAsJsonAsync("/api/consultation-requests", ConsultationTests.ValidRequest());
            return (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
        }
    }

    private static readonly object Phq9 = new { instrument = "phq9", answers = new[] { 0, 0, 0, 0, 0, 0, 0, 0, 0 } };

    private static object[] PkDoses(int minutes) => [new { kind = "infusion", startMinute = 0, durationMinutes = minutes, rateMgPerHour = 35d * 60 / minutes }];

    public static TheoryData<string> CaseNames() => new(Cases.Select(c => c.Name));

    private static readonly Case[] Cases =
    [
        new("score instrument", HttpMethod.Post, _ => Task.FromResult("/api/instruments/phq9/score"), () => new { answers = new[] { 0, 1, 2, 3, 0, 1, 2, 3, 0 } }, [F, N, R, D]),
        new("list instruments", HttpMethod.Get, _ => Task.FromResult("/api/instruments"), null, [F, N, R, D]),
        new("search patients", HttpMethod.Get, _ => Task.FromResult("/api/patients?query=test"), null, [F, N, R]),
        new("create patient", HttpMethod.Post, _ => Task.FromResult("/api/patients"), () => TestData.NewPatient(), [F, N, R]),
        new("read other patient", HttpMethod.Get, async f => $"/api/patients/{await f.NewPatientIdAsync()}", null, [F, N, R]),
        new("read own patient record", HttpMethod.Get, async f => $"/api/patients/{await f.OwnPatientIdAsync()}", null, [P, F, N, R]),
        new("update patient", HttpMethod.Put, async f => $"/api/patients/{await f.NewPatientIdAsync()}", null, [F, N, R]),
        new("record assessment for other patient", HttpMethod.Post, async f => $"/api/patients/{await f.NewPatientIdAsync()}/assessments", () => Phq9, [F, N, R]),
        new("record own assessment", HttpMethod.Post, async f => $"/api/patients/{await f.OwnPatientIdAsync()}/assessments", () => Phq9, [P, F, N, R]),
        new("list assessments of other patient", HttpMethod.Get, async f => $"/api/patients/{await f.NewPatientIdAsync()}/assessments", null, [F, N, R]),
        new("list own assessments", HttpMethod.Get, async f => $"/api/patients/{await f.OwnPatientIdAsync()}/assessments", null, [P, F, N, R]),
        new("list alerts", HttpMethod.Get, async f => $"/api/patients/{await f.NewPatientIdAsync()}/alerts", null, [F, N, R]),
        new("acknowledge alert", HttpMethod.Post, async f => { var (p, a) = await f.NewAlertAsync(); return $"/api/patients/{p}/alerts/{a}/acknowledge"; }, () => new { note = "Seen; safety plan made." }, [R]),
        new("evaluate screening", HttpMethod.Post, async f => $"/api/patients/{await f.NewPatientIdAsync()}/screenings", null, [N, R]),
        new("list screenings", HttpMethod.Get, async f => $"/api/patients/{await f.NewPatientIdAsync()}/screenings", null, [F, N, R]),
        new("sign screening", HttpMethod.Post, async f => { var (p, s) = await f.NewScreeningAsync(); return $"/api/patients/{p}/screenings/{s}/sign"; }, () => new { note = "Reviewed." }, [R]),
        new("list screening rules", HttpMethod.Get, _ => Task.FromResult("/api/screening-rules"), null, [F, N, R, D]),
        new("submit consultation request", HttpMethod.Post, _ => Task.FromResult("/api/consultation-requests"), () => ConsultationTests.ValidRequest(), [A, P, F, N, R, D]),
        new("list consultation requests", HttpMethod.Get, _ => Task.FromResult("/api/consultation-requests"), null, [F, N, R]),
        new("convert consultation request", HttpMethod.Post, async f => $"/api/consultation-requests/{await f.NewConsultationIdAsync()}/convert", () => new { sex = "male" }, [F, N, R]),
        new("mark consultation handled", HttpMethod.Post, async f => $"/api/consultation-requests/{await f.NewConsultationIdAsync()}/handled", null, [F, N, R]),
        new("audit trail", HttpMethod.Get, _ => Task.FromResult("/api/audit?limit=5"), null, [D]),
        new("list users", HttpMethod.Get, _ => Task.FromResult("/api/admin/users"), null, [D]),
        new("read settings", HttpMethod.Get, _ => Task.FromResult("/api/settings/screening"), null, [F, N, R, D]),
        new("infusion calculator", HttpMethod.Post, _ => Task.FromResult("/api/calculators/infusion"), () => new { weightKg = 70, doseMgPerKg = 0.5, durationMinutes = 40, concentrationMgPerMl = 1 }, [N, R]),
        new("esketamine calculator", HttpMethod.Post, _ => Task.FromResult("/api/calculators/esketamine"), () => new { doseMg = 56 }, [N, R]),
        new("protocol library", HttpMethod.Get, _ => Task.FromResult("/api/protocols"), null, [F, N, R, D]),
        new("list plans", HttpMethod.Get, async f => $"/api/patients/{await f.NewPatientIdAsync()}/plans", null, [F, N, R]),
        new("create plan", HttpMethod.Post, async f => $"/api/patients/{await f.NewPatientIdAsync()}/plans", () => new { protocolId = "iv-ketamine-depression", startDate = "2026-12-07", indications = new[] { "depression" } }, [R], RefusedByRule: true),
        new("list locations", HttpMethod.Get, _ => Task.FromResult("/api/locations"), null, [F, N, R, D]),
        new("get location", HttpMethod.Get, async f => $"/api/locations/{await f.NewLocationIdAsync()}", null, [F, N, R, D]),
        new("create location", HttpMethod.Post, _ => Task.FromResult("/api/locations"),
            () => new { name = "Matrix " + Guid.NewGuid().ToString("N"), timeZoneId = "Europe/London", hours = SchedulingData.WeekdayHours() }, [D]),
        new("update location", HttpMethod.Put, async f => $"/api/locations/{await f.NewLocationIdAsync()}", null, [D],
            BodyFor: async (f, url) => new { phone = "+44 20 7946 0000", version = (await f.LocationAsync(url)).GetProperty("version").GetString() }),
        new("add chair", HttpMethod.Post, async f => $"/api/locations/{await f.NewLocationIdAsync()}/chairs", () => new { name = "Chair " + Guid.NewGuid().ToString("N")[..6] }, [D]),
        new("day view", HttpMethod.Get, async f => $"/api/locations/{await f.NewLocationIdAsync()}/day?date=2026-12-07", null, [F, N, R]),
        new("appointment types", HttpMethod.Get, _ => Task.FromResult("/api/appointment-types"), null, [F, N, R, D]),
        new("list appointments of other patient", HttpMethod.Get, async f => $"/api/patients/{await f.NewPatientIdAsync()}/appointments", null, [F, N, R]),
        new("list own appointments", HttpMethod.Get, async f => $"/api/patients/{await f.OwnPatientIdAsync()}/appointments", null, [P, F, N, R]),
        new("calendar of other patient", HttpMethod.Get, async f => $"/api/patients/{await f.NewPatientIdAsync()}/appointments.ics", null, [F, N, R]),
        new("own calendar", HttpMethod.Get, async f => $"/api/patients/{await f.OwnPatientIdAsync()}/appointments.ics", null, [P, F, N, R]),
        new("book appointment", HttpMethod.Post, async f => $"/api/patients/{await f.NewPatientIdAsync()}/appointments", null, [F, N, R],
            BodyFor: async (f, _) => new { kind = "follow-up", locationId = await f.NewLocationIdAsync(), date = SchedulingData.Monday(1).ToString("yyyy-MM-dd"), startTime = "10:00" }),
        new("reschedule appointment", HttpMethod.Post, async f => { var (p, a) = await f.NewAppointmentAsync(); return $"/api/patients/{p}/appointments/{a.GetProperty("id").GetString()}/reschedule"; }, null, [F, N, R],
            BodyFor: async (f, url) => new { startTime = "11:00", version = await f.AppointmentVersionAsync(url) }),
        new("cancel appointment", HttpMethod.Post, async f => { var (p, a) = await f.NewAppointmentAsync(); return $"/api/patients/{p}/appointments/{a.GetProperty("id").GetString()}/cancel"; }, null, [F, N, R],
            BodyFor: async (f, url) => new { reason = "Unwell", version = await f.AppointmentVersionAsync(url) }),
        new("cancel own appointment", HttpMethod.Post, async f => { var (p, a) = await f.NewAppointmentAsync(own: true); return $"/api/patients/{p}/appointments/{a.GetProperty("id").GetString()}/cancel"; }, null, [F, N, R],
            BodyFor: async (f, url) => new { reason = "Unwell", version = await f.AppointmentVersionAsync(url) }),
        new("book plan series", HttpMethod.Post, async f => { var (p, plan) = await f.NewSignedPlanAsync(); return $"/api/patients/{p}/plans/{plan}/bookings"; }, null, [F, N, R],
            BodyFor: async (f, _) => new { locationId = await f.NewLocationIdAsync(), startTime = "09:00" }),
        new("calendar link for other patient", HttpMethod.Post, async f => $"/api/patients/{await f.NewPatientIdAsync()}/calendar-feed", null, [F, N, R]),
        new("own calendar link", HttpMethod.Post, async f => $"/api/patients/{await f.OwnPatientIdAsync()}/calendar-feed", null, [P, F, N, R]),
        new("calendar feed by secret link", HttpMethod.Get, async f => await f.NewCalendarFeedUrlAsync(), null, [A, P, F, N, R, D]),
        new("public locations", HttpMethod.Get, _ => Task.FromResult("/api/public/locations"), null, [A, P, F, N, R, D]),
        new("public consultation slots", HttpMethod.Get, async f => $"/api/public/consultation-slots?locationId={await f.NewLocationIdAsync()}", null, [A, P, F, N, R, D]),
        new("get protocol", HttpMethod.Get, _ => Task.FromResult("/api/protocols/iv-ketamine-depression"), null, [F, N, R, D]),
        new("derive protocol", HttpMethod.Post, _ => Task.FromResult("/api/protocols"),
            () => new { fromId = "iv-ketamine-depression", id = "matrix-" + Guid.NewGuid().ToString("N")[..10], name = "Matrix", reason = "Test" }, [R]),
        new("revise protocol", HttpMethod.Put, _ => Task.FromResult("/api/protocols/esketamine-trd"), null, [R],
            BodyFor: async (f, url) => await f.ProtocolChangeAsync(url)),
        new("reset protocol", HttpMethod.Post, _ => Task.FromResult("/api/protocols/esketamine-trd/reset"), null, [R],
            BodyFor: async (f, url) => new { reason = "Back to the label", revision = (await f.ProtocolAsync(url.Replace("/reset", ""))).GetProperty("protocol").GetProperty("revision").GetInt32() }),
        new("list package products", HttpMethod.Get, _ => Task.FromResult("/api/packages/products"), null, [F, N, R, D]),
        new("create package product", HttpMethod.Post, _ => Task.FromResult("/api/packages/products"),
            () => new { name = "Matrix " + Guid.NewGuid().ToString("N"), credits = 3, listPrice = 900 }, [D]),
        new("update package product", HttpMethod.Put, async f => $"/api/packages/products/{await f.DemoProductIdAsync()}", null, [D],
            BodyFor: async (f, url) => new { description = "Updated", version = await f.ProductVersionAsync(url) }),
        new("outcomes of other patient", HttpMethod.Get, async f => $"/api/patients/{await f.NewPatientIdAsync()}/outcomes", null, [F, N, R]),
        new("own outcomes", HttpMethod.Get, async f => $"/api/patients/{await f.OwnPatientIdAsync()}/outcomes", null, [P, F, N, R]),
        new("outcome timeline of other patient", HttpMethod.Get, async f => $"/api/patients/{await f.NewPatientIdAsync()}/outcomes/timeline", null, [F, N, R]),
        new("own outcome timeline", HttpMethod.Get, async f => $"/api/patients/{await f.OwnPatientIdAsync()}/outcomes/timeline", null, [P, F, N, R]),
        new("progress report pdf of other patient", HttpMethod.Get, async f => $"/api/patients/{await f.NewPatientIdAsync()}/progress-report.pdf?audience=referrer", null, [F, N, R]),
        new("own progress report pdf", HttpMethod.Get, async f => $"/api/patients/{await f.OwnPatientIdAsync()}/progress-report.pdf", null, [P, F, N, R]),
        new("outcomes dashboard", HttpMethod.Get, _ => Task.FromResult("/api/dashboard/outcomes?modality=iv"), null, [R, D]),
        new("recompute outcome snapshots", HttpMethod.Post, _ => Task.FromResult("/api/dashboard/outcomes/recompute"), null, [D]),
        new("list packages of other patient", HttpMethod.Get, async f => $"/api/patients/{await f.NewPatientIdAsync()}/packages", null, [F, N, R]),
        new("list own packages", HttpMethod.Get, async f => $"/api/patients/{await f.OwnPatientIdAsync()}/packages", null, [P, F, N, R]),
        new("sell package", HttpMethod.Post, async f => $"/api/patients/{await f.NewPatientIdAsync()}/packages", null, [F, N, R],
            BodyFor: async (f, _) => new { productId = await f.DemoProductIdAsync() }),
        new("record payment", HttpMethod.Post, async f => await f.NewSaleUrlAsync("payments"), () => new { amount = 10, method = "cash" }, [F, N, R]),
        new("cancel package", HttpMethod.Post, async f => await f.NewSaleUrlAsync("cancel"), null, [F, N, R],
            BodyFor: async (f, url) => new { reason = "Refunded", version = await f.SaleVersionAsync(url) }),
        new("use package credit", HttpMethod.Post, async f => await f.NewSaleUrlAsync("credits"), () => new { note = "By hand" }, [N, R]),
        new("complete appointment", HttpMethod.Post, async f => { var (p, a) = await f.NewAppointmentAsync(); return $"/api/patients/{p}/appointments/{a.GetProperty("id").GetString()}/complete"; }, null, [N, R],
            BodyFor: async (f, url) => new { version = await f.AppointmentVersionAsync(url) }),
        new("check in", HttpMethod.Post, async f => $"/api/patients/{await f.NewPatientIdAsync()}/sessions", () => Fixture.CheckIn, [N, R]),
        new("list patient sessions", HttpMethod.Get, async f => $"/api/patients/{(await f.NewSessionAsync()).GetProperty("patientId").GetString()}/sessions", null, [N, R]),
        new("cancel check-in", HttpMethod.Post, async f => $"/api/sessions/{(await f.NewSessionAsync()).GetProperty("id").GetString()}/cancel", null, [N, R],
            BodyFor: async (f, url) => new { reason = "Held: no ride home", version = await f.SessionVersionAsync(url.Replace("/cancel", "/override", StringComparison.Ordinal)) }),
        new("discharge readiness", HttpMethod.Get, async f => $"/api/sessions/{(await f.NewSessionAsync()).GetProperty("id").GetString()}/discharge-readiness", null, [N, R]),
        new("get session", HttpMethod.Get, async f => $"/api/sessions/{(await f.NewSessionAsync()).GetProperty("id").GetString()}", null, [N, R]),
        new("record vitals", HttpMethod.Post, async f => $"/api/sessions/{(await f.NewSessionAsync()).GetProperty("id").GetString()}/vitals", () => new { systolic = 130, diastolic = 80 }, [N, R]),
        new("record dose", HttpMethod.Post, async f => $"/api/sessions/{(await f.NewSessionAsync()).GetProperty("id").GetString()}/doses", () => new { kind = "start", rateMgPerHour = 50 }, [N, R]),
        new("record side effect", HttpMethod.Post, async f => $"/api/sessions/{(await f.NewSessionAsync()).GetProperty("id").GetString()}/side-effects", () => new { effect = "nausea", severity = "mild" }, [N, R]),
        new("discharge", HttpMethod.Post, async f => $"/api/sessions/{(await f.NewSessionAsync()).GetProperty("id").GetString()}/discharge", null, [N, R], RefusedByRule: true,
            BodyFor: async (f, url) => new { ambulating = true, escortPresent = true, version = await f.SessionVersionAsync(url.Replace("/discharge", "/override", StringComparison.Ordinal)) }),
        new("rems forms due", HttpMethod.Get, _ => Task.FromResult("/api/rems-forms"), null, [N, R]),
        new("get rems form", HttpMethod.Get, async f => $"/api/sessions/{await f.NewEsketamineSessionIdAsync()}/rems-form", null, [N, R]),
        new("rems form pdf", HttpMethod.Get, async f => $"/api/sessions/{await f.NewEsketamineSessionIdAsync()}/rems-form.pdf", null, [N, R]),
        new("session record pdf", HttpMethod.Get, async f => $"/api/sessions/{(await f.NewSessionAsync()).GetProperty("id").GetString()}/record.pdf", null, [N, R]),
        new("acknowledge session alert", HttpMethod.Post, async f => await f.NewSessionAlertUrlAsync(), () => new { note = "Seen; rechecked." }, [N, R]),
        new("override pre-check", HttpMethod.Post, async f => $"/api/sessions/{(await f.NewSessionAsync(166)).GetProperty("id").GetString()}/override", null, [R],
            BodyFor: async (f, url) => new { ruleIds = new[] { "SAF-BP-002" }, reason = "Rechecked after rest.", version = await f.SessionVersionAsync(url) }),
        new("add session addendum", HttpMethod.Post, async f => $"/api/sessions/{(await f.NewSessionAsync()).GetProperty("id").GetString()}/addenda", () => new { text = "Pump replaced after the session." }, [N, R]),
        new("mark session entry entered in error", HttpMethod.Post, async f => await f.NewSessionEntryUrlAsync(), null, [N, R],
            BodyFor: async (f, url) => new { reason = "Charted on the wrong patient.", version = await f.SessionVersionAsync(url.Split("/entries/")[0] + "/override") }),
        new("list questionnaire assignments", HttpMethod.Get, async f => $"/api/patients/{await f.NewPatientIdAsync()}/questionnaire-assignments", null, [F, N, R]),
        new("assign questionnaire", HttpMethod.Post, async f => $"/api/patients/{await f.NewPatientIdAsync()}/questionnaire-assignments",
            () => new { instrument = "nrs-pain", trigger = "diary", cadenceDays = 7 }, [N, R]),
        new("assign default questionnaires", HttpMethod.Post, async f => $"/api/patients/{await f.NewPatientIdAsync()}/questionnaire-assignments/defaults", null, [N, R]),
        new("end questionnaire assignment", HttpMethod.Post, async f => await f.NewAssignmentEndUrlAsync(), null, [N, R]),
        new("own due questionnaires", HttpMethod.Get, _ => Task.FromResult("/api/portal/questionnaires"), null, [P]),
        new("who am I", HttpMethod.Get, _ => Task.FromResult("/api/auth/me"), null, [P, F, N, R, D]),
        new("list portal invitations", HttpMethod.Get, async f => $"/api/patients/{await f.NewPatientIdAsync()}/portal-invitations", null, [F, N, R]),
        new("create portal invitation", HttpMethod.Post, async f => $"/api/patients/{await f.NewPatientIdAsync()}/portal-invitations",
            () => new { email = $"matrix.{Guid.NewGuid():N}@example.com" }, [F, N, R]),
        new("revoke portal invitation", HttpMethod.Post, async f => await f.NewInvitationRevokeUrlAsync(), null, [F, N, R]),
        new("portal appointments", HttpMethod.Get, _ => Task.FromResult("/api/portal/appointments"), null, [P]),
        new("request own appointment change", HttpMethod.Post, async f => $"/api/appointments/{(await f.NewAppointmentAsync(own: true)).Appointment.GetProperty("id").GetString()}/change-requests",
            () => new { kind = "reschedule", message = "Mornings suit me better." }, [P]),
        new("list change requests", HttpMethod.Get, _ => Task.FromResult("/api/change-requests?status=open"), null, [F, N, R]),
        new("withdraw own change request", HttpMethod.Post, async f => $"/api/change-requests/{(await f.NewChangeRequestAsync()).GetProperty("id").GetString()}/withdraw", null, [P],
            BodyFor: async (f, url) => new { version = await f.ChangeRequestVersionAsync(url) }),
        new("resolve change request", HttpMethod.Post, async f => $"/api/change-requests/{(await f.NewChangeRequestAsync()).GetProperty("id").GetString()}/resolve", null, [F, N, R],
            BodyFor: async (f, url) => new { status = "done", version = await f.ChangeRequestVersionAsync(url) }),
        new("reminder preference of other patient", HttpMethod.Get, async f => $"/api/patients/{await f.NewPatientIdAsync()}/reminder-preference", null, [F, N, R]),
        new("own reminder preference", HttpMethod.Get, async f => $"/api/patients/{await f.OwnPatientIdAsync()}/reminder-preference", null, [P, F, N, R]),
        new("set reminder preference of other patient", HttpMethod.Put, async f => $"/api/patients/{await f.NewPatientIdAsync()}/reminder-preference", () => new { optedOut = true }, [F, N, R]),
        new("set own reminder preference", HttpMethod.Put, async f => $"/api/patients/{await f.OwnPatientIdAsync()}/reminder-preference", () => new { optedOut = false }, [P, F, N, R]),
        new("list outbox", HttpMethod.Get, _ => Task.FromResult("/api/admin/outbox"), null, [D]),
        new("send outbox now", HttpMethod.Post, _ => Task.FromResult("/api/admin/outbox/send-due"), null, [D]),
        new("pk models", HttpMethod.Get, _ => Task.FromResult("/api/pk/models"), null, [N, R, D]),
        new("pk simulate", HttpMethod.Post, _ => Task.FromResult("/api/pk/simulate"), () => new { model = "ketamine-clements", weightKg = 70, doses = PkDoses(40), times = new[] { 0, 30, 60 } }, [N, R, D]),
        new("pk population", HttpMethod.Post, _ => Task.FromResult("/api/pk/population"), () => new { model = "ketamine-clements", weightKg = 70, doses = PkDoses(40), times = new[] { 0, 30, 60 }, patients = 50 }, [N, R, D]),
        new("pk compare", HttpMethod.Post, _ => Task.FromResult("/api/pk/compare"), () => new
        {
            model = "ketamine-clements", weightKg = 70,
            regimens = new[] { new { doses = PkDoses(40) }, new { doses = PkDoses(60) } },
        }, [N, R, D]),
        new("pk target-controlled", HttpMethod.Post, _ => Task.FromResult("/api/pk/target-controlled"), () => new { model = "ketamine-clements", weightKg = 70, targetNgPerMl = 150, durationMinutes = 40 }, [N, R, D]),
        new("plan pk chart of other patient", HttpMethod.Get, async f => $"/api/plans/{(await f.NewSignedPlanAsync()).PlanId}/pk", null, [F, N, R]),
        new("session pk chart of other patient", HttpMethod.Get, async f => $"/api/sessions/{await f.NewDosedSessionIdAsync()}/pk", null, [N, R]),
        new("fhir metadata", HttpMethod.Get, _ => Task.FromResult("/fhir/metadata"), null, [A, P, F, N, R, D]),
        new("fhir search patients", HttpMethod.Get, _ => Task.FromResult("/fhir/Patient?_count=5"), null, [P, F, N, R]),
        new("fhir read other patient", HttpMethod.Get, async f => $"/fhir/Patient/{await f.NewPatientIdAsync()}", null, [F, N, R]),
        new("fhir read own patient", HttpMethod.Get, async f => $"/fhir/Patient/{await f.OwnPatientIdAsync()}", null, [P, F, N, R]),
        new("fhir search conditions of other patient", HttpMethod.Get, async f => $"/fhir/Condition?patient={await f.NewPatientIdAsync()}", null, [P, F, N, R]),
        new("fhir search practitioners", HttpMethod.Get, _ => Task.FromResult("/fhir/Practitioner"), null, [F, N, R, D]),
        new("fhir search locations", HttpMethod.Get, _ => Task.FromResult("/fhir/Location"), null, [P, F, N, R, D]),
        new("fhir read questionnaire", HttpMethod.Get, _ => Task.FromResult("/fhir/Questionnaire/phq9"), null, [P, F, N, R, D]),
        new("fhir search audit events", HttpMethod.Get, _ => Task.FromResult("/fhir/AuditEvent?_count=5"), null, [D]),
        new("fhir everything of other patient", HttpMethod.Get, async f => $"/fhir/Patient/{await f.NewPatientIdAsync()}/$everything", null, [F, N, R]),
        new("fhir own everything", HttpMethod.Get, async f => $"/fhir/Patient/{await f.OwnPatientIdAsync()}/$everything", null, [P, F, N, R]),
        new("fhir create patient", HttpMethod.Post, _ => Task.FromResult("/fhir/Patient"), () => new
        {
            resourceType = "Patient", name = new[] { new { family = "Matrix", given = new[] { "Fhir" } } }, birthDate = "1980-01-01",
        }, [F, N, R]),
        new("fhir update other patient", HttpMethod.Put, async f => $"/fhir/Patient/{await f.NewPatientIdAsync()}", null, [F, N, R],
            BodyFor: async (f, url) => await f.FhirPatientChangeAsync(url)),
        new("fhir chart vitals", HttpMethod.Post, _ => Task.FromResult("/fhir/Observation"), null, [N, R],
            BodyFor: async (f, _) => await f.FhirVitalsAsync()),
        new("fhir answers for other patient", HttpMethod.Post, _ => Task.FromResult("/fhir/QuestionnaireResponse"), null, [F, N, R],
            BodyFor: async (f, _) => Fixture.FhirPhq9(await f.NewPatientIdAsync())),
        new("fhir own answers", HttpMethod.Post, _ => Task.FromResult("/fhir/QuestionnaireResponse"), null, [P, F, N, R],
            BodyFor: async (f, _) => Fixture.FhirPhq9(await f.OwnPatientIdAsync())),
        new("fhir update own patient", HttpMethod.Put, async f => $"/fhir/Patient/{await f.OwnPatientIdAsync()}", null, [F, N, R],
            BodyFor: async (f, url) => await f.FhirPatientChangeAsync(url)),
        new("request appointment change for other patient", HttpMethod.Post, async f => $"/api/appointments/{(await f.NewAppointmentAsync()).Appointment.GetProperty("id").GetString()}/change-requests",
            () => new { kind = "reschedule", message = "Mornings suit me better." }, []),
        new("withdraw change request of other patient", HttpMethod.Post, async f => $"/api/change-requests/{await f.OtherPatientsChangeRequestIdAsync()}/withdraw", null, [],
            BodyFor: async (f, url) => new { version = await f.ChangeRequestVersionAsync(url) }),
        new("own plan pk chart", HttpMethod.Get, async f => $"/api/plans/{await f.OwnSignedPlanIdAsync()}/pk", null, [P, F, N, R]),
        new("own session pk chart", HttpMethod.Get, async f => $"/api/sessions/{await f.OwnDosedSessionIdAsync()}/pk", null, [P, N, R]),
        new("revoke calendar link of other patient", HttpMethod.Delete, async f => $"/api/patients/{await f.NewPatientIdAsync()}/calendar-feed", null, [F, N, R]),
        new("revoke own calendar link", HttpMethod.Delete, async f => $"/api/patients/{await f.OwnPatientIdAsync()}/calendar-feed", null, [P, F, N, R]),
        new("sign in", HttpMethod.Post, _ => Task.FromResult("/api/auth/login"),
            () => new { email = Respite.Web.Hosting.DemoSeeder.DemoUsers.Single(u => u.Role == F).Email, password = Respite.Web.Hosting.DemoSeeder.DemoPassword }, [A, P, F, N, R, D]),
        new("create user", HttpMethod.Post, _ => Task.FromResult("/api/admin/users"), () => new
        {
            email = $"matrix.{Guid.NewGuid():N}@example.com", displayName = "Matrix User", password = "Correct-horse-9", roles = new[] { "nurse" },
        }, [D]),
        new("update user", HttpMethod.Put, async f => $"/api/admin/users/{await f.NewUserIdAsync()}", () => new { displayName = "Renamed" }, [D]),
        new("get consultation request", HttpMethod.Get, async f => $"/api/consultation-requests/{await f.NewConsultationIdAsync()}", null, [F, N, R]),
        new("update chair", HttpMethod.Put, async f => await f.NewChairUrlAsync(), () => new { name = "Chair renamed", kind = "chair" }, [D]),
        new("reverse package credit", HttpMethod.Post, async f => await f.NewCreditReverseUrlAsync(), () => new { reason = "Taken by mistake" }, [N, R]),
        new("get plan", HttpMethod.Get, async f => { var (p, plan) = await f.NewSignedPlanAsync(); return $"/api/patients/{p}/plans/{plan}"; }, null, [F, N, R]),
        new("revise plan", HttpMethod.Post, async f => { var (p, plan) = await f.NewSignedPlanAsync(); return $"/api/patients/{p}/plans/{plan}/revisions"; },
            () => new { phase = "maintenance", startDate = SchedulingData.Monday(12).ToString("yyyy-MM-dd") }, [R]),
        new("sign plan", HttpMethod.Post, async f => { var (p, plan, _) = await f.NewDraftPlanAsync(); return $"/api/patients/{p}/plans/{plan}/sign"; }, null, [R],
            BodyFor: async (f, url) => new { version = await f.PlanVersionAsync(url) }),
        new("get screening", HttpMethod.Get, async f => { var (p, s) = await f.NewScreeningAsync(); return $"/api/patients/{p}/screenings/{s}"; }, null, [F, N, R]),
        new("submit rems form", HttpMethod.Post, async f => $"/api/sessions/{await f.NewEsketamineSessionIdAsync()}/rems-form/submission",
            () => new { submittedOn = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd"), confirmationNumber = "C-1" }, [N, R], RefusedByRule: true),
        new("sign session", HttpMethod.Post, async f => $"/api/sessions/{(await f.NewSessionAsync()).GetProperty("id").GetString()}/sign", null, [R], RefusedByRule: true,
            BodyFor: async (f, url) => new { version = await f.SessionVersionAsync(url.Replace("/sign", "/override", StringComparison.Ordinal)) }),
        new("change settings", HttpMethod.Put, _ => Task.FromResult("/api/settings/screening"), null, [D],
            BodyFor: async (f, url) => await f.SettingsValueAsync(url)),
        new("fhir system export", HttpMethod.Get, _ => Task.FromResult("/fhir/$export?_type=Practitioner"), null, [F, N, R, D], AllowedStatus: 202),
        new("fhir system export by post", HttpMethod.Post, _ => Task.FromResult("/fhir/$export?_type=Practitioner"), null, [F, N, R, D], AllowedStatus: 202),
        new("fhir patient export", HttpMethod.Get, _ => Task.FromResult("/fhir/Patient/$export?_type=Patient"), null, [F, N, R], AllowedStatus: 202),
        new("fhir patient export by post", HttpMethod.Post, _ => Task.FromResult("/fhir/Patient/$export?_type=Patient"), null, [F, N, R], AllowedStatus: 202),
        new("fhir export status", HttpMethod.Get, async f => await f.NewExportStatusUrlAsync(complete: true), null, [R]),
        new("fhir cancel export", HttpMethod.Delete, async f => await f.NewExportStatusUrlAsync(), null, [R]),
        new("fhir export file", HttpMethod.Get, async f => await f.NewExportFileUrlAsync(), null, [R]),
        new("fhir search by post", HttpMethod.Post, _ => Task.FromResult("/fhir/Practitioner/_search"), null, [F, N, R, D], Form: "_count=5"),
        new("fhir read own patient version", HttpMethod.Get, async f => await f.FhirPatientHistoryUrlAsync(await f.OwnPatientIdAsync()), null, [P, F, N, R]),
        new("fhir read version of other patient", HttpMethod.Get, async f => await f.FhirPatientHistoryUrlAsync(await f.NewPatientIdAsync()), null, [F, N, R]),
        new("fhir update type", HttpMethod.Put, _ => Task.FromResult("/fhir/Patient"), () => new { resourceType = "Patient" }, [P, F, N, R, D], AllowedStatus: 405),
        new("fhir delete type", HttpMethod.Delete, _ => Task.FromResult("/fhir/Patient"), null, [P, F, N, R, D], AllowedStatus: 405),
        new("fhir patch type", HttpMethod.Patch, _ => Task.FromResult("/fhir/Patient"), null, [P, F, N, R, D], AllowedStatus: 405),
        new("fhir delete own patient", HttpMethod.Delete, async f => $"/fhir/Patient/{await f.OwnPatientIdAsync()}", null, [P, F, N, R, D], AllowedStatus: 405),
        new("fhir delete other patient", HttpMethod.Delete, async f => $"/fhir/Patient/{await f.NewPatientIdAsync()}", null, [P, F, N, R, D], AllowedStatus: 405),
        new("fhir patch own patient", HttpMethod.Patch, async f => $"/fhir/Patient/{await f.OwnPatientIdAsync()}", null, [P, F, N, R, D], AllowedStatus: 405),
        new("fhir patch other patient", HttpMethod.Patch, async f => $"/fhir/Patient/{await f.NewPatientIdAsync()}", null, [P, F, N, R, D], AllowedStatus: 405),
        new("fhir post to own patient", HttpMethod.Post, async f => $"/fhir/Patient/{await f.OwnPatientIdAsync()}", null, [P, F, N, R, D], AllowedStatus: 405),
        new("fhir post to other patient", HttpMethod.Post, async f => $"/fhir/Patient/{await f.NewPatientIdAsync()}", null, [P, F, N, R, D], AllowedStatus: 405),
    ];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Endpoint_EachRole_AllowedOrDenied(string name)
    {
        var testCase = Cases.Single(c => c.Name == name);
        var fixture = new Fixture(factory);
        var otherMustBeNotFound = testCase.Record == PatientRecord.Other && await OwnCaseAdmitsPatientAsync(testCase, fixture);
        foreach (var role in RespiteWebApplicationFactory.AllRoles)
        {
            var url = await testCase.Url(fixture);
            var client = await factory.ClientForAsync(role);
            using var request = new HttpRequestMessage(testCase.Method, url);
            var body = await testCase.BodyAsync(factory, fixture, url);
            if (url.Contains("$export?", StringComparison.Ordinal))
            {
                request.Headers.Add("Prefer", "respond-async");
            }

            if (testCase.Form is { } form)
            {
                request.Content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
            }
            else if (body is not null)
            {
                request.Content = JsonContent.Create(body, options: RespiteWebApplicationFactory.Json);
            }

            var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            if (testCase.Allowed.Contains(role))
            {
                var passed = testCase.AllowedStatus is { } allowedStatus
                    ? status == allowedStatus
                    : status is >= 200 and < 300 || (testCase.RefusedByRule && status == 409);
                Assert.True(passed, $"{name}: {role} should be allowed but got {status}: {await response.Content.ReadAsStringAsync()}");
            }
            else
            {
                var expected = role == A ? new[] { 401 } : role == P && otherMustBeNotFound ? new[] { 404 } : new[] { 403, 404 };
                Assert.True(expected.Contains(status), $"{name}: {role} should be denied ({string.Join("/", expected)}) but got {status}");
            }
        }
    }

    [Fact]
    public async Task ReadPatient_PatientRoleOtherPatient_Returns404NotForbidden()
    {
        var other = await new Fixture(factory).NewPatientIdAsync();
        var client = await factory.ClientForAsync(P);
        var response = await client.GetAsync($"/api/patients/{other}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Api_CookieLessRequestWithoutToken_Returns401NotRedirect()
    {
        var client = await factory.ClientForAsync(A);
        var response = await client.GetAsync("/api/patients");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    /// <summary>Whether the patient may act on their own record at this case's route: then another patient's record must be 404 to them.</summary>
    private async Task<bool> OwnCaseAdmitsPatientAsync(Case other, Fixture fixture)
    {
        var route = (await factory.RouteOfAsync(other.Method, await other.Url(fixture)))?.ToString();
        return (await ResolvedAsync()).Any(r => r.Case.Record == PatientRecord.Own && r.Case.Allowed.Contains(P) && r.Case.AllowedStatus is null && r.Route?.ToString() == route);
    }

    private static async Task<object> UpdateBodyAsync(RespiteWebApplicationFactory factory, string url)
    {
        var staff = await factory.ClientForAsync(F);
        var current = await (await staff.GetAsync(url)).ReadJsonAsync();
        return new
        {
            givenName = "Renamed",
            familyName = current.GetProperty("familyName").GetString(),
            dateOfBirth = current.GetProperty("dateOfBirth").GetString(),
            sex = "female",
            version = current.GetProperty("version").GetString(),
        };
    }
}

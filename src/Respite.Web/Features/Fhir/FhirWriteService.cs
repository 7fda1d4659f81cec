using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Assessments;
using Respite.Data.Identity;
using Respite.Fhir;
using Respite.Fhir.Observations;
using Respite.Fhir.Patients;
using Respite.Fhir.Questionnaires;
using Respite.Web.Features.Assessments;
using Respite.Web.Features.Instruments;
using Respite.Web.Features.Patients;
using Respite.Web.Features.Sessions;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Fhir;

/// <summary>
/// Create and update through <c>/fhir</c>. Each resource is read by the mappers of Respite.Fhir (a body that is not FHIR, or
/// not the right resource, is 400) and then recorded by the same service the rest of Respite uses, with its rules, safety
/// checks and audit (a resource that breaks them is 422, naming the element).
/// </summary>
public sealed class FhirWriteService(
    RespiteDbContext db,
    FhirSources sources,
    PatientService patients,
    SessionService sessions,
    AssessmentService assessments)
{
    /// <summary>The largest body accepted: a QuestionnaireResponse of the longest instrument is a few kilobytes.</summary>
    public const int MaxBodyBytes = 1 << 20;

    private static readonly IReadOnlyDictionary<string, string> PatientPaths = new Dictionary<string, string>
    {
        ["givenName"] = "Patient.name[0].given",
        ["familyName"] = "Patient.name[0].family",
        ["dateOfBirth"] = "Patient.birthDate",
        ["sex"] = "Patient.gender",
        ["email"] = "Patient.telecom",
        ["phone"] = "Patient.telecom",
        ["address"] = "Patient.address[0]",
    };

    private static readonly IReadOnlyDictionary<string, string> ObservationPaths = new Dictionary<string, string>
    {
        ["takenAt"] = "Observation.effectiveDateTime",
        ["systolic"] = "Observation.component[0].valueQuantity",
        ["diastolic"] = "Observation.component[1].valueQuantity",
        ["heartRate"] = "Observation.valueQuantity",
        ["spo2"] = "Observation.valueQuantity",
        ["respiratoryRate"] = "Observation.valueQuantity",
        ["moaas"] = "Observation.valueInteger",
        ["weightKg"] = "Observation.valueQuantity",
        ["weightMeasuredOn"] = "Observation.effectiveDateTime",
    };

    private static readonly IReadOnlyDictionary<string, string> ResponsePaths = new Dictionary<string, string>
    {
        ["instrument"] = "QuestionnaireResponse.questionnaire",
        ["answers"] = "QuestionnaireResponse.item",
        ["answeredAt"] = "QuestionnaireResponse.authored",
        ["respondent"] = "QuestionnaireResponse.source",
        ["context"] = "QuestionnaireResponse.extension",
        ["sex"] = "QuestionnaireResponse.subject",
    };

    public async Task<IResult> CreatePatientAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!PatientAccess.IsCareTeam(http.User))
        {
            return FhirHttp.Forbidden("Only the care team (prescribers, nurses, front desk) may register patients.");
        }

        var (patient, problem) = await ReadBodyAsync<Patient>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var parsed = PatientMapper.FromFhir(patient!);
        if (!parsed.Succeeded)
        {
            return FhirHttp.Invalid(parsed.Issues);
        }

        var d = parsed.Value!;
        var created = await patients.CreateAsync(
            new PatientInput
            {
                GivenName = d.GivenName, FamilyName = d.FamilyName, DateOfBirth = d.DateOfBirth, Sex = d.Sex,
                Email = d.Email, Phone = d.Phone, Address = d.Address,
            },
            cancellationToken: cancellationToken);
        if (!created.Succeeded)
        {
            return Failure(created, PatientPaths);
        }

        return await CreatedAsync(http, "Patient", FhirReferences.Id(created.Value!.Id), cancellationToken);
    }

    public async Task<IResult> UpdatePatientAsync(HttpContext http, string id, CancellationToken cancellationToken)
    {
        if (!PatientAccess.IsCareTeam(http.User))
        {
            return FhirHttp.Forbidden("Only the care team (prescribers, nurses, front desk) may change patients.");
        }

        var (patient, problem) = await ReadBodyAsync<Patient>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (patient!.Id != id)
        {
            return FhirHttp.Outcome(StatusCodes.Status400BadRequest, [new FhirIssue(
                "Patient.id", patient.Id is null ? "The resource's id is required and must be the id in the URL." : $"The resource's id '{patient.Id}' is not the id in the URL ('{id}').",
                FhirIssueKind.Structure)]);
        }

        if (!Guid.TryParseExact(id, "D", out var patientId))
        {
            return FhirHttp.NotFound($"Patient/{id}");
        }

        var parsed = PatientMapper.FromFhir(patient);
        if (!parsed.Succeeded)
        {
            return FhirHttp.Invalid(parsed.Issues);
        }

        // The version the client last read: If-Match (a precondition: 412 when stale) or meta.versionId (409 when stale).
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        var d = parsed.Value!;
        string? expected;
        var precondition = ifMatch.Length > 0;
        if (precondition)
        {
            expected = ifMatch.Trim();
            expected = expected.StartsWith("W/", StringComparison.Ordinal) ? expected[2..] : expected;
            expected = expected.Trim('"');
        }
        else
        {
            expected = d.VersionId;
        }

        if (expected is null)
        {
            return FhirHttp.Outcome(StatusCodes.Status428PreconditionRequired, [new FhirIssue(
                "Patient.meta.versionId", "Say which version you are changing: send the ETag of your last read as If-Match, or keep meta.versionId.", FhirIssueKind.Required)]);
        }

        if (!Guid.TryParseExact(expected, "N", out var version))
        {
            version = Guid.Empty;
        }

        var updated = await patients.UpdateDemographicsAsync(
            http.User, patientId, new DemographicsInput(d.GivenName, d.FamilyName, d.DateOfBirth, d.Sex, d.Email, d.Phone, d.Address), version, cancellationToken);
        if (updated.Kind == OutcomeKind.Conflict && precondition)
        {
            return FhirHttp.Outcome(StatusCodes.Status412PreconditionFailed, OperationOutcome.IssueType.Conflict, updated.Detail!);
        }

        if (!updated.Succeeded)
        {
            return Failure(updated, PatientPaths, $"Patient/{id}");
        }

        var entry = await sources.Find("Patient")!.ReadAsync(id, cancellationToken);
        return FhirHttp.Resource(entry!.Resource);
    }

    public async Task<IResult> CreateObservationAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!PatientAccess.IsCareTeam(http.User))
        {
            return FhirHttp.Forbidden("Only the care team may record observations.");
        }

        var (observation, problem) = await ReadBodyAsync<Observation>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var parsed = ObservationMapper.FromFhir(observation!);
        if (!parsed.Succeeded)
        {
            return FhirHttp.Invalid(parsed.Issues);
        }

        switch (parsed.Value)
        {
            case VitalSignsReading vitals:
                return await CreateVitalsAsync(http, vitals, cancellationToken);

            case BodyWeightMeasurement weight:
            {
                var added = await patients.AddWeightAsync(http.User, weight.PatientId, weight.WeightKg, weight.MeasuredOn, cancellationToken);
                return added.Succeeded
                    ? await CreatedAsync(http, "Observation", ObservationIds.For(added.Value!.Id, ObservationIds.BodyWeight), cancellationToken)
                    : Failure(added, ObservationPaths, $"Patient/{weight.PatientId}");
            }

            default:
                return FhirHttp.Outcome(StatusCodes.Status422UnprocessableEntity, [new FhirIssue(
                    "Observation.code", "Respite scores questionnaires itself: send the answers as a QuestionnaireResponse and the scores follow.",
                    FhirIssueKind.NotSupported)]);
        }
    }

    public async Task<IResult> CreateQuestionnaireResponseAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var user = http.User;
        if (!PatientAccess.IsCareTeam(user) && !(user.IsInRole(Roles.Patient) && user.OwnPatientId() is not null))
        {
            return FhirHttp.Forbidden("Only the care team, or a patient for themselves, may record answers.");
        }

        var (response, problem) = await ReadBodyAsync<QuestionnaireResponse>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var parsed = QuestionnaireResponseMapper.FromFhir(response!);
        if (!parsed.Succeeded)
        {
            return FhirHttp.Invalid(parsed.Issues);
        }

        var answers = parsed.Value!;
        var input = new AssessmentInput
        {
            Instrument = answers.InstrumentCode,
            Answers = JsonSerializer.SerializeToElement(AnswerParsing.ToJsonValues(answers.Answers)),
            AnsweredAt = answers.AnsweredAt,
            Respondent = answers.Respondent == AnswerRespondent.Clinician ? Respondent.Clinician : Respondent.Patient,
            Context = answers.Context is { } context ? (AssessmentContext)(int)context : null,
        };
        var recorded = await assessments.RecordAsync(user, answers.PatientId, input, cancellationToken);
        return recorded.Succeeded
            ? await CreatedAsync(http, "QuestionnaireResponse", FhirReferences.Id(recorded.Value!.Id), cancellationToken)
            : Failure(recorded, ResponsePaths, $"Patient/{answers.PatientId}");
    }

    private async Task<IResult> CreateVitalsAsync(HttpContext http, VitalSignsReading vitals, CancellationToken cancellationToken)
    {
        // As POST /api/sessions/{id}/vitals (policy Clinician): the front desk registers patients and weights, it does not chart.
        if (!http.User.IsInRole(Roles.Prescriber) && !http.User.IsInRole(Roles.Nurse))
        {
            return FhirHttp.Forbidden("Only prescribers and nurses chart vital signs on a session.");
        }

        if (vitals.SessionId is not { } sessionId)
        {
            return FhirHttp.Outcome(StatusCodes.Status422UnprocessableEntity, [new FhirIssue(
                "Observation.encounter", "Vital signs are charted on a session: the encounter (Encounter/{id} of the session) is required.", FhirIssueKind.Required)]);
        }

        var sessionPatient = await db.TreatmentSessions.AsNoTracking().Where(s => s.Id == sessionId).Select(s => (Guid?)s.PatientId).FirstOrDefaultAsync(cancellationToken);
        if (sessionPatient is null)
        {
            return FhirHttp.Outcome(StatusCodes.Status422UnprocessableEntity, [new FhirIssue(
                "Observation.encounter.reference", $"There is no session Encounter/{sessionId}.", FhirIssueKind.NotSupported)]);
        }

        if (sessionPatient != vitals.PatientId)
        {
            return FhirHttp.Outcome(StatusCodes.Status422UnprocessableEntity, [new FhirIssue(
                "Observation.subject.reference", "The subject is not the patient of the encounter.", FhirIssueKind.Value)]);
        }

        var recorded = await sessions.RecordVitalsAsync(http.User, sessionId, new VitalsInput(
            vitals.TakenAt, vitals.SystolicMmHg, vitals.DiastolicMmHg, vitals.HeartRatePerMin, vitals.SpO2Percent, vitals.RespiratoryRatePerMin, vitals.Moaas),
            cancellationToken);
        if (!recorded.Succeeded)
        {
            return Failure(recorded, ObservationPaths, $"Encounter/{sessionId}");
        }

        var reading = recorded.Value!.Reading;
        var measure = vitals switch
        {
            { SystolicMmHg: not null } or { DiastolicMmHg: not null } => ObservationIds.BloodPressure,
            { HeartRatePerMin: not null } => ObservationIds.HeartRate,
            { SpO2Percent: not null } => ObservationIds.OxygenSaturation,
            { RespiratoryRatePerMin: not null } => ObservationIds.RespiratoryRate,
            _ => ObservationIds.Sedation,
        };
        if (recorded.Value.Alerts.Count > 0)
        {
            http.Response.Headers["X-Respite-Alerts"] = string.Join(",", recorded.Value.Alerts.Select(a => a.RuleId));
        }

        return await CreatedAsync(http, "Observation", ObservationIds.For(reading.Id, measure), cancellationToken);
    }

    /// <summary>201 with the resource as now stored, its Location (with the version) and ETag.</summary>
    private async Task<IResult> CreatedAsync(HttpContext http, string type, string id, CancellationToken cancellationToken)
    {
        var entry = await sources.Find(type)!.ReadAsync(id, cancellationToken)
            ?? throw new InvalidOperationException($"{type}/{id} was recorded but cannot be read back.");
        var location = $"{FhirEndpoints.BaseUrl(http.Request)}/{type}/{id}";
        if (entry.Resource.Meta?.VersionId is { } version)
        {
            location += "/_history/" + version;
        }

        return FhirHttp.Resource(entry.Resource, StatusCodes.Status201Created, location);
    }

    /// <summary>
    /// The body as a resource of type <typeparamref name="T"/>, or the answer to give: 415 for a media type that is not
    /// FHIR, 413 for a body over <see cref="MaxBodyBytes"/>, 400 for one that is not well-formed or not a <typeparamref name="T"/>.
    /// </summary>
    private static async Task<(T? Resource, IResult? Problem)> ReadBodyAsync<T>(HttpContext http, CancellationToken cancellationToken)
        where T : Resource
    {
        var format = FhirHttp.RequestFormat(http.Request);
        if (format is null)
        {
            return (null, FhirHttp.Status(StatusCodes.Status415UnsupportedMediaType));
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return (null, FhirHttp.Status(StatusCodes.Status413PayloadTooLarge));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, FhirHttp.Status(StatusCodes.Status413PayloadTooLarge));
            }

            buffer.Write(chunk, 0, read);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            return (null, FhirHttp.Outcome(StatusCodes.Status400BadRequest, [new FhirIssue(typeof(T).Name, "The body is not valid UTF-8.", FhirIssueKind.Structure)]));
        }

        var parsed = format == FhirWireFormat.Xml ? FhirFormats.ParseXml(text) : FhirFormats.ParseJson(text);
        if (!parsed.Succeeded)
        {
            return (null, FhirHttp.Outcome(StatusCodes.Status400BadRequest, parsed.Issues));
        }

        if (parsed.Value is not T resource)
        {
            return (null, FhirHttp.Outcome(StatusCodes.Status400BadRequest, [new FhirIssue(
                "resourceType", $"Expected a {typeof(T).Name}; the body is a {parsed.Value!.TypeName}.", FhirIssueKind.Structure)]));
        }

        return (resource, null);
    }

    /// <summary>A service's refusal as FHIR: field errors are 422 naming the element, the rest by kind.</summary>
    private static IResult Failure<T>(Outcome<T> outcome, IReadOnlyDictionary<string, string> paths, string? subject = null) => outcome.Kind switch
    {
        OutcomeKind.Invalid => FhirHttp.Outcome(StatusCodes.Status422UnprocessableEntity, outcome.Errors.SelectMany(e => e.Value.Select(message =>
            new FhirIssue(PathOf(e.Key, paths), message, FhirIssueKind.Value)))),
        OutcomeKind.NotFound => FhirHttp.NotFound(subject ?? "The resource"),
        OutcomeKind.Conflict => FhirHttp.Outcome(StatusCodes.Status409Conflict, OperationOutcome.IssueType.Conflict, outcome.Detail ?? "The record changed."),
        OutcomeKind.Blocked => FhirHttp.Outcome(StatusCodes.Status422UnprocessableEntity, OperationOutcome.IssueType.BusinessRule, $"{outcome.RuleId}: {outcome.Detail}"),
        OutcomeKind.Forbidden => FhirHttp.Forbidden(outcome.Detail ?? "Your role may not do this."),
        OutcomeKind.TooManyRequests => FhirHttp.Status(StatusCodes.Status429TooManyRequests),
        _ => throw new InvalidOperationException($"Unexpected outcome {outcome.Kind}."),
    };

    private static string PathOf(string field, IReadOnlyDictionary<string, string> paths)
    {
        var root = field.Split('[', '.')[0];
        return paths.TryGetValue(root, out var path) ? path : paths.Values.First().Split('.')[0];
    }
}

using Hl7.Fhir.Model;
using Respite.Clinical.Protocols;
using Respite.Clinical.Screening;
using Respite.Fhir.Conditions;
using Respite.Fhir.Medications;

namespace Respite.Fhir.CarePlans;

/// <summary>
/// Treatment plan versions → CarePlan (read-only): status, intent plan, the period from the start date to the last
/// planned session, and one activity per planned session with its phase (induction, taper, maintenance) and dose.
/// </summary>
public static class CarePlanMapper
{
    /// <summary>Identifies the versions of one plan: every version carries its plan group id under this system.</summary>
    public const string PlanGroupSystem = FhirSystems.RespiteBase + "sid/plan-group";

    public static CarePlan ToFhir(TreatmentPlanVersion plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var sessions = plan.Sessions.OrderBy(s => s.Sequence).ToList();
        var carePlan = new CarePlan
        {
            Id = FhirReferences.Id(plan.Id),
            Identifier = [new Identifier(PlanGroupSystem, FhirReferences.Id(plan.PlanGroupId))],
            Status = plan.Status switch
            {
                PlanVersionStatus.Draft => RequestStatus.Draft,
                PlanVersionStatus.Signed => RequestStatus.Active,
                // Why: a superseded version was replaced by a later signed one, which names it in `replaces`.
                PlanVersionStatus.Superseded => RequestStatus.Revoked,
                _ => throw new ArgumentOutOfRangeException(nameof(plan), plan.Status, null),
            },
            Intent = CarePlan.CarePlanIntent.Plan,
            Category = [ModalityOf(plan.Modality), .. plan.Indications.Select(i => FhirValues.Concept(FhirSystems.RespiteConditionCategory, i))],
            Title = FhirFormats.Invariant($"{ModalityText(plan.Modality)}: {PhaseCode(plan.Phase)} (version {plan.VersionNumber})"),
            Description = FhirFormats.Invariant($"Protocol {plan.ProtocolId}, {sessions.Count} planned sessions."),
            Subject = FhirReferences.Patient(plan.PatientId),
            Period = new Period
            {
                Start = FhirValues.Date(plan.StartDate),
                End = sessions.Count > 0 ? FhirValues.Date(sessions.Max(s => s.PlannedDate)) : null,
            },
            Created = FhirValues.Instant(plan.CreatedAt),
            Author = FhirReferences.Practitioner(plan.AuthorId),
        };
        if (plan.ReplacesPlanId is { } replaces)
        {
            carePlan.Replaces.Add(FhirReferences.CarePlan(replaces));
        }

        var treatment = plan.Modality == Modality.EsketamineNasalSpray ? SessionTreatment.EsketamineNasalSpray : SessionTreatment.IvKetamine;
        foreach (var session in sessions)
        {
            carePlan.Activity.Add(new CarePlan.ActivityComponent
            {
                Detail = new CarePlan.DetailComponent
                {
                    Kind = CarePlan.CarePlanActivityKind.MedicationRequest,
                    Code = FhirValues.Concept(FhirSystems.RespitePlanActivity, PhaseCode(session.Phase)),
                    Status = plan.Status switch
                    {
                        PlanVersionStatus.Draft => CarePlan.CarePlanActivityStatus.NotStarted,
                        PlanVersionStatus.Signed => CarePlan.CarePlanActivityStatus.Scheduled,
                        _ => CarePlan.CarePlanActivityStatus.Unknown,
                    },
                    Scheduled = new Period { Start = FhirValues.Date(session.PlannedDate), End = FhirValues.Date(session.PlannedDate) },
                    Product = new CodeableConcept { Text = MedicationAdministrationMapper.MedicationText(treatment) },
                    DailyAmount = FhirValues.Ucum(session.DoseMg, "mg", "mg"),
                    Description = Describe(session),
                },
            });
        }

        return carePlan;
    }

    public static string PhaseCode(PhaseKind phase) => phase switch
    {
        PhaseKind.Induction => "induction",
        PhaseKind.Taper => "taper",
        PhaseKind.Maintenance => "maintenance",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };

    private static CodeableConcept ModalityOf(Modality modality) => FhirValues.Concept(FhirSystems.RespiteModality, modality switch
    {
        Modality.IvKetamineDepression => "iv-ketamine-depression",
        Modality.IvKetamineChronicPain => "iv-ketamine-chronic-pain",
        Modality.EsketamineNasalSpray => "esketamine-nasal-spray",
        _ => throw new ArgumentOutOfRangeException(nameof(modality), modality, null),
    }, ModalityText(modality));

    private static string ModalityText(Modality modality) => modality switch
    {
        Modality.IvKetamineDepression => "IV ketamine for depression",
        Modality.IvKetamineChronicPain => "IV ketamine for chronic pain",
        Modality.EsketamineNasalSpray => "Esketamine nasal spray",
        _ => throw new ArgumentOutOfRangeException(nameof(modality), modality, null),
    };

    private static string Describe(PlannedDose session) =>
        session.Devices is { } devices
            ? FhirFormats.Invariant($"Session {session.Sequence} ({PhaseCode(session.Phase)}): {session.DoseMg} mg, {devices} devices.")
            : session.RateMgPerHour is { } rate
                ? FhirFormats.Invariant($"Session {session.Sequence} ({PhaseCode(session.Phase)}): {session.DoseMg} mg over {session.DurationMinutes} min at {rate} mg/h.")
                : FhirFormats.Invariant($"Session {session.Sequence} ({PhaseCode(session.Phase)}): {session.DoseMg} mg over {session.DurationMinutes} min.");
}

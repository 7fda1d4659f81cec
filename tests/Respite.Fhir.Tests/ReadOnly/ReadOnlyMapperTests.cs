using Hl7.Fhir.Model;
using Respite.Clinical.Protocols;
using Respite.Clinical.Scheduling;
using Respite.Clinical.Screening;
using Respite.Fhir.Appointments;
using Respite.Fhir.Auditing;
using Respite.Fhir.CarePlans;
using Respite.Fhir.Conditions;
using Respite.Fhir.Encounters;
using Respite.Fhir.Locations;
using Respite.Fhir.Medications;
using Respite.Fhir.Practitioners;

namespace Respite.Fhir.Tests.ReadOnly;

/// <summary>The resources Respite only writes: each matches its golden file, passes Firely's validation and reads back as FHIR.</summary>
public sealed class ReadOnlyMapperTests
{
    [Fact]
    public void Practitioner_StaffMember_MatchesGoldenFile()
    {
        var practitioner = PractitionerMapper.ToFhir(new StaffMember(Samples.NurseId, "Alex Nurse", "alex.nurse@clinic.example"));

        GoldenFiles.AssertMatches("practitioner.json", practitioner);
        Issues.AssertValid(practitioner);
    }

    [Fact]
    public void Location_WithHours_MatchesGoldenFile()
    {
        var location = LocationMapper.ToFhir(new ClinicLocation(
            Samples.LocationId, "Respite Denver", "America/Denver", "100 Main Street, Denver, CO 80202", "+1 303 555 0100", true,
            [
                new OpeningInterval(DayOfWeek.Saturday, new TimeOnly(9, 0), new TimeOnly(13, 0)),
                new OpeningInterval(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(17, 30)),
                new OpeningInterval(DayOfWeek.Sunday, new TimeOnly(10, 0), new TimeOnly(12, 0)),
            ]));

        GoldenFiles.AssertMatches("location.json", location);
        Issues.AssertValid(location);
        Assert.Equal([DaysOfWeek.Mon, DaysOfWeek.Sat, DaysOfWeek.Sun], location.HoursOfOperation.Select(h => h.DaysOfWeek.Single()));
    }

    [Fact]
    public void Condition_Icd10_MatchesGoldenFile()
    {
        var condition = ConditionMapper.ToFhir(new Diagnosis(
            Guid.Parse("c0d10000-0000-4000-8000-000000000001"), Samples.PatientId, "F33.2",
            "Major depressive disorder, recurrent severe without psychotic features", DiagnosisCategory.Depression));

        GoldenFiles.AssertMatches("condition.json", condition);
        Issues.AssertValid(condition);
        Assert.Equal(FhirSystems.Icd10Cm, condition.Code!.Coding[0].System);
    }

    [Fact]
    public void MedicationAdministration_Infusion_OneStretchPerRateWithItsDose()
    {
        var start = Samples.Morning;
        var chart = new SessionDoseChart(Samples.SessionId, Samples.PatientId, SessionTreatment.IvKetamine,
        [
            Entry(1, start, DoseEntryKind.Start, rate: 52.5m),
            Entry(2, start.AddMinutes(20), DoseEntryKind.RateChange, rate: 30m, reason: "Dissociation"),
            Entry(3, start.AddMinutes(30), DoseEntryKind.Bolus, amount: 20m, error: true),
            Entry(4, start.AddMinutes(40), DoseEntryKind.Pause),
            Entry(5, start.AddMinutes(45), DoseEntryKind.Resume, rate: 30m),
            Entry(6, start.AddMinutes(55), DoseEntryKind.Stop),
        ]);

        var administrations = MedicationAdministrationMapper.ToFhir(chart);

        GoldenFiles.AssertMatches("medicationadministration-infusion.json", GoldenFiles.Collection(administrations));
        Assert.All(administrations, Issues.AssertValid);
        var completed = administrations.Where(a => a.Status == MedicationAdministration.MedicationAdministrationStatusCodes.Completed).ToList();
        Assert.Equal([17.5m, 10m, 5m], completed.Select(a => ((Quantity)a.Dosage!.Dose!).Value!.Value));
        Assert.Equal([52.5m, 30m, 30m], completed.Select(a => ((Quantity)a.Dosage!.Rate!).Value!.Value));
        Assert.All(administrations, a => Assert.Equal("47625008", a.Dosage!.Route!.Coding[0].Code));
        var error = Assert.Single(administrations, a => a.Status == MedicationAdministration.MedicationAdministrationStatusCodes.EnteredInError);
        Assert.Equal(Id(3), error.Id);
    }

    [Fact]
    public void MedicationAdministration_RunningInfusion_IsInProgressWithRateAndNoDose()
    {
        var chart = new SessionDoseChart(Samples.SessionId, Samples.PatientId, SessionTreatment.IvKetamine,
            [Entry(1, Samples.Morning, DoseEntryKind.Start, rate: 35m)]);

        var administration = Assert.Single(MedicationAdministrationMapper.ToFhir(chart));

        Assert.Equal(MedicationAdministration.MedicationAdministrationStatusCodes.InProgress, administration.Status);
        Assert.Null(administration.Dosage!.Dose);
        Assert.Null(((Period)administration.Effective!).End);
        Assert.Equal(35m, ((Quantity)administration.Dosage.Rate!).Value);
    }

    [Fact]
    public void MedicationAdministration_EsketamineDevices_OnePerDeviceWithNasalRouteAndLot()
    {
        var chart = new SessionDoseChart(Samples.SessionId, Samples.PatientId, SessionTreatment.EsketamineNasalSpray,
        [
            Entry(1, Samples.Morning, DoseEntryKind.EsketamineDevice, amount: 28m, lot: "24KX117"),
            Entry(2, Samples.Morning.AddMinutes(5), DoseEntryKind.EsketamineDevice, amount: 28m, lot: "24KX117"),
            Entry(3, Samples.Morning.AddMinutes(10), DoseEntryKind.EsketamineDevice, amount: 28m),
        ]);

        var administrations = MedicationAdministrationMapper.ToFhir(chart);

        GoldenFiles.AssertMatches("medicationadministration-esketamine.json", GoldenFiles.Collection(administrations));
        Assert.All(administrations, Issues.AssertValid);
        Assert.All(administrations, a => Assert.Equal("46713006", a.Dosage!.Route!.Coding[0].Code));
        Assert.Equal(["24KX117", "24KX117", null], administrations.Select(a => a.Contained.OfType<Medication>().SingleOrDefault()?.Batch?.LotNumber));
    }

    [Fact]
    public void Encounter_DischargedSession_MatchesGoldenFile()
    {
        var encounter = EncounterMapper.ToFhir(new ChairSession(
            Samples.SessionId, Samples.PatientId, SessionTreatment.IvKetamine, ChairSessionState.Discharged,
            Samples.Morning.AddMinutes(-20), Samples.Morning.AddMinutes(130), Samples.LocationId, Samples.AppointmentId,
            Samples.NurseId, Samples.NurseId, Samples.PrescriberId));

        GoldenFiles.AssertMatches("encounter.json", encounter);
        Issues.AssertValid(encounter);
    }

    [Theory]
    [InlineData(ChairSessionState.CheckedIn, "arrived")]
    [InlineData(ChairSessionState.InProgress, "in-progress")]
    [InlineData(ChairSessionState.Discharged, "finished")]
    [InlineData(ChairSessionState.Cancelled, "cancelled")]
    public void Encounter_EachState_HasItsStatus(ChairSessionState state, string status)
    {
        var encounter = EncounterMapper.ToFhir(new ChairSession(Samples.SessionId, Samples.PatientId, SessionTreatment.EsketamineNasalSpray, state, Samples.Morning, null, null, null, Samples.NurseId));

        Assert.Contains($"\"status\":\"{status}\"", FhirFormats.ToJson(encounter), StringComparison.Ordinal);
        Assert.Equal("AMB", encounter.Class.Code);
    }

    [Fact]
    public void Appointment_PlanSession_MatchesGoldenFile()
    {
        var appointment = AppointmentMapper.ToFhir(new ScheduledAppointment(
            Samples.AppointmentId, Samples.PatientId, Samples.LocationId, Samples.NurseId, AppointmentKind.IvInfusion, BookingStatus.Booked,
            Samples.Morning, Samples.Morning.AddMinutes(120), Samples.Morning.AddDays(-10), Samples.PlanId, 3));

        GoldenFiles.AssertMatches("appointment.json", appointment);
        Issues.AssertValid(appointment);
    }

    [Theory]
    [InlineData(BookingStatus.Held, "pending")]
    [InlineData(BookingStatus.Booked, "booked")]
    [InlineData(BookingStatus.CheckedIn, "checked-in")]
    [InlineData(BookingStatus.Completed, "fulfilled")]
    [InlineData(BookingStatus.Cancelled, "cancelled")]
    [InlineData(BookingStatus.NoShow, "noshow")]
    public void Appointment_EachStatus_HasItsStatus(BookingStatus status, string code)
    {
        var appointment = AppointmentMapper.ToFhir(new ScheduledAppointment(Samples.AppointmentId, null, Samples.LocationId, null, AppointmentKind.Consultation, status,
            Samples.Morning, Samples.Morning.AddMinutes(30), Samples.Morning, CancelReason: "Patient asked"));

        Assert.Contains($"\"status\":\"{code}\"", FhirFormats.ToJson(appointment), StringComparison.Ordinal);
        Assert.Equal(status == BookingStatus.Cancelled, appointment.CancelationReason is not null);
        Issues.AssertValid(appointment);
    }

    [Fact]
    public void CarePlan_SignedInduction_MatchesGoldenFile()
    {
        var carePlan = CarePlanMapper.ToFhir(new TreatmentPlanVersion(
            Samples.PlanId, Samples.PatientId, Samples.PlanGroupId, 2, PlanVersionStatus.Signed, "iv-depression-induction",
            Modality.IvKetamineDepression, ["depression", "chronic-pain"], PhaseKind.Induction, new DateOnly(2026, 3, 2), Samples.PrescriberId,
            Samples.Morning.AddDays(-3),
            [
                new PlannedDose(2, PhaseKind.Induction, new DateOnly(2026, 3, 4), 35m, 40, 52.5m),
                new PlannedDose(1, PhaseKind.Induction, new DateOnly(2026, 3, 2), 35m, 40, 52.5m),
                new PlannedDose(3, PhaseKind.Induction, new DateOnly(2026, 3, 6), 35m, 40, 52.5m),
            ],
            Samples.PreviousPlanId));

        GoldenFiles.AssertMatches("careplan.json", carePlan);
        Issues.AssertValid(carePlan);
        Assert.Equal(["2026-03-02", "2026-03-04", "2026-03-06"], carePlan.Activity.Select(a => ((Period)a.Detail!.Scheduled!).Start));
    }

    [Theory]
    [InlineData(PlanVersionStatus.Draft, RequestStatus.Draft, CarePlan.CarePlanActivityStatus.NotStarted)]
    [InlineData(PlanVersionStatus.Signed, RequestStatus.Active, CarePlan.CarePlanActivityStatus.Scheduled)]
    [InlineData(PlanVersionStatus.Superseded, RequestStatus.Revoked, CarePlan.CarePlanActivityStatus.Unknown)]
    public void CarePlan_EachStatus_HasItsStatusAndActivityStatus(PlanVersionStatus status, RequestStatus expected, CarePlan.CarePlanActivityStatus activity)
    {
        var carePlan = CarePlanMapper.ToFhir(new TreatmentPlanVersion(
            Samples.PlanId, Samples.PatientId, Samples.PlanGroupId, 1, status, "spravato-trd-induction", Modality.EsketamineNasalSpray, ["depression"],
            PhaseKind.Maintenance, new DateOnly(2026, 3, 2), Samples.PrescriberId, Samples.Morning,
            [new PlannedDose(1, PhaseKind.Maintenance, new DateOnly(2026, 3, 2), 84m, 120, Devices: 3)]));

        Assert.Equal(expected, carePlan.Status);
        Assert.Equal(activity, carePlan.Activity.Single().Detail!.Status);
        Assert.Equal("maintenance", carePlan.Activity.Single().Detail!.Code!.Coding[0].Code);
        Issues.AssertValid(carePlan);
    }

    [Fact]
    public void AuditEvent_PatientRead_MatchesGoldenFileAndNamesNoPerson()
    {
        var audit = AuditEventMapper.ToFhir(new AuditEntry(
            4711, Samples.Morning, Samples.NurseId, "nurse", AuditEntryAction.Read, Samples.PatientId, "TreatmentSession",
            FhirReferences.Id(Samples.SessionId), AuditEntryOutcome.Success, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "GET /api/sessions/{id}"));

        GoldenFiles.AssertMatches("auditevent.json", audit);
        Issues.AssertValid(audit);
    }

    [Theory]
    [InlineData(AuditEntryAction.Create, "C")]
    [InlineData(AuditEntryAction.Read, "R")]
    [InlineData(AuditEntryAction.Export, "R")]
    [InlineData(AuditEntryAction.Update, "U")]
    [InlineData(AuditEntryAction.Sign, "U")]
    [InlineData(AuditEntryAction.Acknowledge, "U")]
    [InlineData(AuditEntryAction.Delete, "D")]
    [InlineData(AuditEntryAction.Search, "E")]
    [InlineData(AuditEntryAction.Login, "E")]
    [InlineData(AuditEntryAction.LoginFailed, "E")]
    public void AuditEvent_EachAction_HasItsFhirAction(AuditEntryAction action, string code)
    {
        var audit = AuditEventMapper.ToFhir(new AuditEntry(1, Samples.Morning, null, null, action, null, "User", null, AuditEntryOutcome.Denied));

        Assert.Contains($"\"action\":\"{code}\"", FhirFormats.ToJson(audit), StringComparison.Ordinal);
        Assert.Equal("4", FhirFormats.ToJson(audit).Split("\"outcome\":\"")[1][..1]);
        Issues.AssertValid(audit);
    }

    private static string Id(int n) => $"d05e0000-0000-4000-8000-{n:D12}";

    private static DoseEntry Entry(int n, DateTimeOffset at, DoseEntryKind kind, decimal? rate = null, decimal? amount = null, string? lot = null, string? reason = null, bool error = false) =>
        new(Guid.Parse(Id(n)), at, kind, rate, amount, lot, reason, Samples.NurseId, error);
}

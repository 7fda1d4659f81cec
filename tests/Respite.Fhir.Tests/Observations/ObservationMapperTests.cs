using Hl7.Fhir.Model;
using Respite.Fhir.Observations;

namespace Respite.Fhir.Tests.Observations;

public sealed class ObservationMapperTests
{
    private static readonly VitalSignsReading Full = new(
        Samples.ReadingId, Samples.PatientId, Samples.SessionId, Samples.Morning.AddMinutes(40),
        SystolicMmHg: 142, DiastolicMmHg: 88, HeartRatePerMin: 84, SpO2Percent: 97, RespiratoryRatePerMin: 14, Moaas: 4,
        PreDose: false, PerformerId: Samples.NurseId);

    private static readonly ScoreObservation Phq9Total = new(
        Samples.AssessmentId, Samples.PatientId, "phq9", null, 14m, Samples.Morning, Samples.SessionId, "moderate", ["suicidal-ideation"]);

    [Fact]
    public void ToFhir_FullReading_MatchesGoldenFile()
    {
        var observations = ObservationMapper.ToFhir(Full);

        Assert.Equal(
            ObservationIds.VitalSigns.Select(m => ObservationIds.For(Samples.ReadingId, m)),
            observations.Select(o => o.Id));
        GoldenFiles.AssertMatches("observation-vital-signs.json", GoldenFiles.Collection(observations));
        Assert.All(observations, Issues.AssertValid);
    }

    [Fact]
    public void FromFhir_GoldenVitals_EachGivesItsOwnMeasure()
    {
        var bundle = GoldenFiles.Parse<Bundle>("observation-vital-signs.json");
        var readings = bundle.Entry.Select(e => ObservationMapper.FromFhir((Observation)e.Resource!).Value).Cast<VitalSignsReading>().ToList();

        var empty = Full with { SystolicMmHg = null, DiastolicMmHg = null, HeartRatePerMin = null, SpO2Percent = null, RespiratoryRatePerMin = null, Moaas = null };
        Assert.Equal(
            [
                empty with { SystolicMmHg = 142, DiastolicMmHg = 88 },
                empty with { HeartRatePerMin = 84 },
                empty with { SpO2Percent = 97 },
                empty with { RespiratoryRatePerMin = 14 },
                empty with { Moaas = 4 },
            ],
            readings);
    }

    public static TheoryData<VitalSignsReading> SingleMeasures => new()
    {
        new VitalSignsReading(Samples.ReadingId, Samples.PatientId, Samples.SessionId, Samples.Morning, SystolicMmHg: 181),
        new VitalSignsReading(Samples.ReadingId, Samples.PatientId, Samples.SessionId, Samples.Morning, DiastolicMmHg: 111),
        new VitalSignsReading(Samples.ReadingId, Samples.PatientId, null, Samples.Morning, HeartRatePerMin: 121, PreDose: true),
        new VitalSignsReading(Samples.ReadingId, Samples.PatientId, Samples.SessionId, Samples.Morning.AddTicks(1_234_567), SpO2Percent: 91),
        new VitalSignsReading(Samples.ReadingId, Samples.PatientId, Samples.SessionId, Samples.Morning, RespiratoryRatePerMin: 9, PerformerId: Samples.NurseId),
        new VitalSignsReading(Samples.ReadingId, Samples.PatientId, Samples.SessionId, Samples.Morning, Moaas: 0),
    };

    [Theory]
    [MemberData(nameof(SingleMeasures))]
    public void ToFhirThenJsonThenFromFhir_OneMeasure_GivesTheSameReading(VitalSignsReading reading)
    {
        var observation = Assert.Single(ObservationMapper.ToFhir(reading));
        var json = FhirFormats.ToJson(observation);

        var parsed = ObservationMapper.FromFhir(FhirFormats.ParseJson<Observation>(json).Value!);

        Assert.True(parsed.Succeeded, string.Join("; ", parsed.Issues.Select(i => i.Path + ": " + i.Message)));
        Assert.Equal(reading, parsed.Value);
    }

    [Fact]
    public void ToFhir_EnteredInError_WritesThatStatus()
    {
        var observations = ObservationMapper.ToFhir(Full with { EnteredInError = true });

        Assert.All(observations, o => Assert.Equal(ObservationStatus.EnteredInError, o.Status));
    }

    [Fact]
    public void ToFhir_BodyWeight_MatchesGoldenFileAndReadsBack()
    {
        var weight = new BodyWeightMeasurement(Samples.WeightId, Samples.PatientId, 72.45m, new DateOnly(2026, 3, 2), Samples.NurseId);

        var observation = ObservationMapper.ToFhir(weight);

        GoldenFiles.AssertMatches("observation-body-weight.json", observation);
        Issues.AssertValid(observation);
        Assert.Equal(weight, ObservationMapper.FromFhir(GoldenFiles.Parse<Observation>("observation-body-weight.json")).Value);
    }

    [Fact]
    public void ToFhir_ScoreTotal_MatchesGoldenFileAndReadsBack()
    {
        var observation = ObservationMapper.ToFhir(Phq9Total);

        GoldenFiles.AssertMatches("observation-phq9-total.json", observation);
        Issues.AssertValid(observation);
        var parsed = (ScoreObservation)ObservationMapper.FromFhir(GoldenFiles.Parse<Observation>("observation-phq9-total.json")).Value!;
        Assert.Equal(Phq9Total with { Flags = null }, parsed with { Flags = null });
        Assert.Equal(Phq9Total.Flags, parsed.Flags);
    }

    [Theory]
    [InlineData("phq9", null, "http://loinc.org", "44261-6", 27)]
    [InlineData("phq9", "9", "http://loinc.org", "44260-8", 3)]
    [InlineData("gad7", null, "http://loinc.org", "70274-6", 21)]
    [InlineData("nrs-pain", null, "http://loinc.org", "72514-3", 10)]
    [InlineData("peg3", null, "http://loinc.org", "91147-9", 6.67)]
    [InlineData("auditc", null, "http://loinc.org", "75626-2", 12)]
    [InlineData("dast10", null, "http://loinc.org", "82667-7", 0)]
    [InlineData("phq2", null, "http://loinc.org", "55758-7", 6)]
    [InlineData("phq2", "1", "http://loinc.org", "44250-9", 3)]
    [InlineData("cssrs-screener", null, "https://respite.dev/fhir/CodeSystem/observation", "cssrs-screener-total", 6)]
    [InlineData("madrs", null, "https://respite.dev/fhir/CodeSystem/observation", "madrs-total", 60)]
    public void ToFhir_EachScore_UsesItsCodeAndReadsBack(string instrument, string? item, string system, string code, double value)
    {
        var score = new ScoreObservation(Samples.AssessmentId, Samples.PatientId, instrument, item, (decimal)value, Samples.Morning);

        var observation = ObservationMapper.ToFhir(score);

        var coding = Assert.Single(observation.Code.Coding);
        Assert.Equal((system, code), (coding.System, coding.Code));
        Assert.Equal("survey", observation.Category[0].Coding[0].Code);
        Assert.Equal("QuestionnaireResponse/" + Samples.AssessmentId, observation.DerivedFrom[0].Reference);
        Issues.AssertValid(observation);
        Assert.Equal(score, ObservationMapper.FromFhir(observation).Value);
    }

    [Fact]
    public void FromFhir_ScoreAsInteger_IsAccepted()
    {
        var observation = ObservationMapper.ToFhir(Phq9Total with { Band = null, Flags = null });
        observation.Value = new Integer(9);

        var parsed = ObservationMapper.FromFhir(observation);

        Assert.Equal(9m, ((ScoreObservation)parsed.Value!).Value);
    }

    [Fact]
    public void FromFhir_IdNotRespites_ReadsWithoutId()
    {
        var observation = ObservationMapper.ToFhir(Full with { Id = null }).First();
        observation.Id = "ext-1";

        Assert.Null(((VitalSignsReading)ObservationMapper.FromFhir(observation).Value!).Id);
    }

    private static Observation HeartRate(int value = 72) =>
        Assert.Single(ObservationMapper.ToFhir(new VitalSignsReading(null, Samples.PatientId, Samples.SessionId, Samples.Morning, HeartRatePerMin: value)));

    [Fact]
    public void FromFhir_UnsupportedCode_ReportsCode()
    {
        var observation = HeartRate();
        observation.Code = new CodeableConcept("http://loinc.org", "8310-5", "Body temperature");

        var issue = Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.code", FhirIssueKind.NotSupported);
        Assert.Contains("8867-4", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFhir_RightCodeInAnotherSystem_ReportsCode()
    {
        var observation = HeartRate();
        observation.Code.Coding[0].System = "http://snomed.info/sct";

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.code", FhirIssueKind.NotSupported);
    }

    [Fact]
    public void FromFhir_UnsupportedUcumUnit_ReportsValueQuantityCode()
    {
        var observation = HeartRate();
        observation.Value = new Quantity { Value = 1.2m, System = FhirSystems.Ucum, Code = "Hz", Unit = "Hz" };

        var issue = Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.valueQuantity.code", FhirIssueKind.NotSupported);
        Assert.Contains("/min", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFhir_UnitTextOnlyAndWrong_ReportsValueQuantityUnit()
    {
        var observation = HeartRate();
        observation.Value = new Quantity { Value = 72m, Unit = "bpm" };

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.valueQuantity.unit", FhirIssueKind.NotSupported);
    }

    [Fact]
    public void FromFhir_UnitTextOnlyAndRight_IsAccepted()
    {
        var observation = HeartRate();
        observation.Value = new Quantity { Value = 72m, Unit = "/min" };

        Assert.Equal(72, ((VitalSignsReading)ObservationMapper.FromFhir(observation).Value!).HeartRatePerMin);
    }

    [Fact]
    public void FromFhir_UnitOutsideUcum_ReportsValueQuantitySystem()
    {
        var observation = HeartRate();
        ((Quantity)observation.Value!).System = "http://example.org/units";

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.valueQuantity.system", FhirIssueKind.NotSupported);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(5)]
    public void FromFhir_HeartRateOutOfRange_ReportsValue(int value)
    {
        Issues.AssertSingleAt(ObservationMapper.FromFhir(HeartRate(value)), "Observation.valueQuantity.value", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_FractionalHeartRate_ReportsValue()
    {
        var observation = HeartRate();
        ((Quantity)observation.Value!).Value = 72.5m;

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.valueQuantity.value", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_ValueAsString_ReportsValue()
    {
        var observation = HeartRate();
        observation.Value = new FhirString("72");

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.value[x]", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_NoValue_ReportsValue()
    {
        var observation = HeartRate();
        observation.Value = null;

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.value[x]", FhirIssueKind.Required);
    }

    [Fact]
    public void FromFhir_ComparatorOnValue_ReportsComparator()
    {
        var observation = HeartRate();
        ((Quantity)observation.Value!).Comparator = Quantity.QuantityComparator.GreaterThan;

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.valueQuantity.comparator", FhirIssueKind.NotSupported);
    }

    [Fact]
    public void FromFhir_NoEffectiveTime_ReportsEffective()
    {
        var observation = HeartRate();
        observation.Effective = null;

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.effective[x]", FhirIssueKind.Required);
    }

    [Theory]
    [InlineData("2026-03-02")]
    [InlineData("2026-03-02T09:15:00")]
    public void FromFhir_EffectiveWithoutTimeOrZone_ReportsEffectiveDateTime(string value)
    {
        var observation = HeartRate();
        observation.Effective = new FhirDateTime(value);

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.effectiveDateTime", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_EffectivePeriod_ReportsEffective()
    {
        var observation = HeartRate();
        observation.Effective = new Period { Start = "2026-03-02T09:15:00Z" };

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.effective[x]", FhirIssueKind.NotSupported);
    }

    [Theory]
    [InlineData(ObservationStatus.Preliminary)]
    [InlineData(ObservationStatus.Registered)]
    [InlineData(ObservationStatus.EnteredInError)]
    public void FromFhir_StatusNotFinal_ReportsStatus(ObservationStatus status)
    {
        var observation = HeartRate();
        observation.Status = status;

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.status", FhirIssueKind.NotSupported);
    }

    [Fact]
    public void FromFhir_SubjectNotAPatient_ReportsSubjectReference()
    {
        var observation = HeartRate();
        observation.Subject = new ResourceReference("Group/7");

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.subject.reference", FhirIssueKind.NotSupported);
    }

    [Fact]
    public void FromFhir_NoSubject_ReportsSubject()
    {
        var observation = HeartRate();
        observation.Subject = null;

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.subject", FhirIssueKind.Required);
    }

    [Fact]
    public void FromFhir_AbsoluteSubjectReference_IsAccepted()
    {
        var observation = HeartRate();
        observation.Subject = new ResourceReference("https://clinic.example/fhir/Patient/" + Samples.PatientId);

        Assert.Equal(Samples.PatientId, ObservationMapper.FromFhir(observation).Value!.PatientId);
    }

    [Fact]
    public void FromFhir_EncounterNotASession_ReportsEncounterReference()
    {
        var observation = HeartRate();
        observation.Encounter = new ResourceReference("Encounter/visit-3");

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.encounter.reference", FhirIssueKind.NotSupported);
    }

    private static Observation BloodPressure() =>
        Assert.Single(ObservationMapper.ToFhir(new VitalSignsReading(null, Samples.PatientId, Samples.SessionId, Samples.Morning, SystolicMmHg: 130, DiastolicMmHg: 80)));

    [Fact]
    public void FromFhir_BloodPressureWithoutComponents_ReportsComponent()
    {
        var observation = BloodPressure();
        observation.Component.Clear();

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.component", FhirIssueKind.Required);
    }

    [Fact]
    public void FromFhir_BloodPressureComponentInKilopascal_ReportsThatComponentsUnit()
    {
        var observation = BloodPressure();
        observation.Component[1].Value = new Quantity { Value = 10.7m, System = FhirSystems.Ucum, Code = "kPa", Unit = "kPa" };

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.component[1].valueQuantity.code", FhirIssueKind.NotSupported);
    }

    [Fact]
    public void FromFhir_BloodPressureUnknownComponent_ReportsThatComponentsCode()
    {
        var observation = BloodPressure();
        observation.Component[0].Code = new CodeableConcept("http://loinc.org", "8478-0", "Mean blood pressure");

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.component[0].code", FhirIssueKind.NotSupported);
    }

    [Fact]
    public void FromFhir_BloodPressureSystolicOutOfRange_ReportsThatComponentsValue()
    {
        var observation = BloodPressure();
        ((Quantity)observation.Component[0].Value!).Value = 400m;

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.component[0].valueQuantity.value", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_BloodPressureWithValue_ReportsValue()
    {
        var observation = BloodPressure();
        observation.Value = new Quantity { Value = 130m, System = FhirSystems.Ucum, Code = "mm[Hg]" };

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.value[x]", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_MoaasAboveFive_ReportsValueInteger()
    {
        var observation = Assert.Single(ObservationMapper.ToFhir(new VitalSignsReading(null, Samples.PatientId, null, Samples.Morning, Moaas: 5)));
        observation.Value = new Integer(6);

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.valueInteger", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_WeightWithThreeDecimals_ReportsValue()
    {
        var observation = ObservationMapper.ToFhir(new BodyWeightMeasurement(null, Samples.PatientId, 70m, new DateOnly(2026, 3, 2)));
        ((Quantity)observation.Value!).Value = 70.125m;

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.valueQuantity.value", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_WeightInPounds_ReportsValueQuantityCode()
    {
        var observation = ObservationMapper.ToFhir(new BodyWeightMeasurement(null, Samples.PatientId, 70m, new DateOnly(2026, 3, 2)));
        observation.Value = new Quantity { Value = 154m, System = FhirSystems.Ucum, Code = "[lb_av]", Unit = "lb" };

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.valueQuantity.code", FhirIssueKind.NotSupported);
    }

    [Theory]
    [InlineData("phq9", 28)]
    [InlineData("gad7", -1)]
    [InlineData("nrs-pain", 11)]
    public void FromFhir_ScoreOutOfRange_ReportsValue(string instrument, int value)
    {
        var observation = ObservationMapper.ToFhir(new ScoreObservation(null, Samples.PatientId, instrument, null, 0m, Samples.Morning));
        ((Quantity)observation.Value!).Value = value;

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.valueQuantity.value", FhirIssueKind.Value);
    }

    [Theory]
    [InlineData("phq9", 10.5)]
    [InlineData("peg3", 4.333)]
    public void FromFhir_ScoreWithTooManyDecimals_ReportsValue(string instrument, double value)
    {
        var observation = ObservationMapper.ToFhir(new ScoreObservation(null, Samples.PatientId, instrument, null, 0m, Samples.Morning));
        ((Quantity)observation.Value!).Value = (decimal)value;

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.valueQuantity.value", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_ScoreItemOutOfRange_ReportsValueInteger()
    {
        var observation = ObservationMapper.ToFhir(new ScoreObservation(null, Samples.PatientId, "phq9", "9", 0m, Samples.Morning));
        observation.Value = new Integer(4);

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.valueInteger", FhirIssueKind.Value);
    }

    [Fact]
    public void FromFhir_ScoreInMilligrams_ReportsValueQuantityCode()
    {
        var observation = ObservationMapper.ToFhir(new ScoreObservation(null, Samples.PatientId, "phq9", null, 3m, Samples.Morning));
        observation.Value = FhirValuesForTests.Mg(3m);

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.valueQuantity.code", FhirIssueKind.NotSupported);
    }

    [Fact]
    public void FromFhir_DerivedFromAnotherServersResponse_ReportsDerivedFrom()
    {
        var observation = ObservationMapper.ToFhir(Phq9Total);
        observation.DerivedFrom[0].Reference = "QuestionnaireResponse/abc";

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.derivedFrom[0].reference", FhirIssueKind.NotSupported);
    }

    [Fact]
    public void FromFhir_PerformerNotAReference_ReportsPerformer()
    {
        var observation = HeartRate();
        observation.Performer = [new ResourceReference("Practitioner/not valid id!")];

        Issues.AssertSingleAt(ObservationMapper.FromFhir(observation), "Observation.performer[0].reference", FhirIssueKind.NotSupported);
    }

    [Fact]
    public void FromFhir_SeveralProblems_ReportsEach()
    {
        var observation = HeartRate(400);
        observation.Status = ObservationStatus.Preliminary;
        observation.Subject = null;

        var parsed = ObservationMapper.FromFhir(observation);

        Assert.Equal(["Observation.status", "Observation.subject", "Observation.valueQuantity.value"], parsed.Issues.Select(i => i.Path));
    }
}

internal static class FhirValuesForTests
{
    public static Quantity Mg(decimal value) => new() { Value = value, System = FhirSystems.Ucum, Code = "mg", Unit = "mg" };
}

using Hl7.Fhir.Model;
using Respite.Clinical.Instruments;

namespace Respite.Fhir.Observations;

/// <summary>
/// Vitals, body weights and scores ↔ Observation. Observations are writable: a vital sign or a score with a supported
/// code and unit is read back into an <see cref="ObservationEntry"/>; anything else is an issue with its element path.
/// </summary>
public static class ObservationMapper
{
    /// <summary>The plausible range of each vital sign accepted from a client (whole numbers; weight in kg to 2 decimals).</summary>
    public static IReadOnlyDictionary<string, (decimal Min, decimal Max)> Ranges { get; } = new Dictionary<string, (decimal, decimal)>
    {
        ["8480-6"] = (20m, 300m),
        ["8462-4"] = (10m, 200m),
        ["8867-4"] = (10m, 300m),
        ["2708-6"] = (0m, 100m),
        ["9279-1"] = (0m, 80m),
        ["moaas"] = (0m, 5m),
        ["29463-7"] = (0.5m, 500m),
    };

    /// <summary>One Observation per measure present, in the order of <see cref="ObservationIds.VitalSigns"/>.</summary>
    public static IReadOnlyList<Observation> ToFhir(VitalSignsReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var observations = new List<Observation>();
        if (reading.SystolicMmHg is not null || reading.DiastolicMmHg is not null)
        {
            var bp = Vital(reading, ObservationIds.BloodPressure, ObservationCodes.BloodPressurePanel);
            if (reading.SystolicMmHg is { } systolic)
            {
                bp.Component.Add(Component(ObservationCodes.Systolic, systolic));
            }

            if (reading.DiastolicMmHg is { } diastolic)
            {
                bp.Component.Add(Component(ObservationCodes.Diastolic, diastolic));
            }

            observations.Add(bp);
        }

        Add(reading.HeartRatePerMin, ObservationIds.HeartRate, ObservationCodes.HeartRate);
        if (reading.SpO2Percent is { } spo2)
        {
            var observation = Vital(reading, ObservationIds.OxygenSaturation, ObservationCodes.OxygenSaturation);
            observation.Code.Coding.Add(FhirValues.Coding(ObservationCodes.PulseOximetry.System, ObservationCodes.PulseOximetry.Code, ObservationCodes.PulseOximetry.Display));
            observation.Value = Quantity(ObservationCodes.OxygenSaturation, spo2);
            observations.Add(observation);
        }

        Add(reading.RespiratoryRatePerMin, ObservationIds.RespiratoryRate, ObservationCodes.RespiratoryRate);
        Add(reading.Moaas, ObservationIds.Sedation, ObservationCodes.Moaas);
        return observations;

        void Add(int? value, string measure, ObservationCode code)
        {
            if (value is { } v)
            {
                var observation = Vital(reading, measure, code);
                observation.Value = code == ObservationCodes.Moaas ? new Integer(v) : Quantity(code, v);
                observations.Add(observation);
            }
        }
    }

    public static Observation ToFhir(BodyWeightMeasurement weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        var code = ObservationCodes.BodyWeight;
        return new Observation
        {
            Id = weight.Id is { } id ? ObservationIds.For(id, ObservationIds.BodyWeight) : null,
            Meta = new Meta { Profile = [code.Profile] },
            Status = ObservationStatus.Final,
            Category = [Category(code.Category)],
            Code = Concept(code),
            Subject = FhirReferences.Patient(weight.PatientId),
            Effective = new FhirDateTime(FhirValues.Date(weight.MeasuredOn)),
            Performer = weight.PerformerId is { } performer ? [FhirReferences.Practitioner(performer)] : [],
            Value = Quantity(code, weight.WeightKg),
        };
    }

    public static Observation ToFhir(ScoreObservation score)
    {
        ArgumentNullException.ThrowIfNull(score);
        var instrument = Instrument(score.InstrumentCode);
        var code = CodeOf(instrument, score.ItemLabel);
        var observation = new Observation
        {
            Id = score.AssessmentId is { } id
                ? score.ItemLabel is null ? ObservationIds.For(id, ObservationIds.Total) : ObservationIds.ForItem(id, score.ItemLabel)
                : null,
            Status = ObservationStatus.Final,
            Category = [Category(code.Category)],
            Code = Concept(code),
            Subject = FhirReferences.Patient(score.PatientId),
            Encounter = score.SessionId is { } session ? FhirReferences.Encounter(session) : null,
            Effective = FhirValues.DateTime(score.EffectiveAt),
            Value = Quantity(code, score.Value),
            DerivedFrom = score.AssessmentId is { } assessment ? [FhirReferences.QuestionnaireResponse(assessment)] : [],
        };
        if (score.Band is { } band)
        {
            observation.Interpretation.Add(FhirValues.Concept(FhirSystems.RespiteScoreBand, band));
        }

        foreach (var flag in score.Flags ?? [])
        {
            observation.Interpretation.Add(FhirValues.Concept(FhirSystems.RespiteScoreFlag, flag));
        }

        return observation;
    }

    /// <summary>
    /// Reads a vital sign, body weight or score. The status must be final, amended or corrected; the subject a Respite
    /// patient; the code one of <see cref="ObservationCodes.Writable"/>; the value a quantity in the code's UCUM unit
    /// within range (a score may also be an integer); the time a dateTime with a time zone (a date for a weight).
    /// </summary>
    public static FhirParseResult<ObservationEntry> FromFhir(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var issues = new List<FhirIssue>();
        if (observation.Status is not (ObservationStatus.Final or ObservationStatus.Amended or ObservationStatus.Corrected))
        {
            issues.Add(new FhirIssue("Observation.status", "Only final, amended or corrected observations are accepted.",
                observation.Status is null ? FhirIssueKind.Required : FhirIssueKind.NotSupported));
        }

        if (!FhirReferences.TryGetGuid(observation.Subject, "Patient", out var patientId))
        {
            issues.Add(observation.Subject is null
                ? new FhirIssue("Observation.subject", "The subject (a Patient reference) is required.", FhirIssueKind.Required)
                : new FhirIssue("Observation.subject.reference", "The subject must reference a Respite patient (Patient/{id}).", FhirIssueKind.NotSupported));
        }

        Guid? sessionId = null;
        if (observation.Encounter is not null)
        {
            if (FhirReferences.TryGetGuid(observation.Encounter, "Encounter", out var encounter))
            {
                sessionId = encounter;
            }
            else
            {
                issues.Add(new FhirIssue("Observation.encounter.reference", "The encounter must reference a Respite session (Encounter/{id}).", FhirIssueKind.NotSupported));
            }
        }

        if (observation.HasMember.Count > 0)
        {
            issues.Add(new FhirIssue("Observation.hasMember", "Panels with member observations are not accepted; send each vital sign, or the blood pressure panel with components.", FhirIssueKind.NotSupported));
        }

        var codings = observation.Code?.Coding ?? [];
        var kind = Classify(codings);
        if (observation.Code is null)
        {
            issues.Add(new FhirIssue("Observation.code", "The code is required.", FhirIssueKind.Required));
            return FhirParseResult<ObservationEntry>.Failure(issues);
        }

        if (kind is null)
        {
            issues.Add(new FhirIssue("Observation.code", "Unsupported code. Respite accepts: "
                + string.Join(", ", ObservationCodes.Writable.Select(c => (c.System == FhirSystems.Loinc ? "LOINC " : c.System + "|") + c.Code)) + ".",
                FhirIssueKind.NotSupported));
            return FhirParseResult<ObservationEntry>.Failure(issues);
        }

        var performer = PerformerOf(observation, issues);
        ObservationIds.TryParse(observation.Id, out var sourceId, out var measure);
        Guid? ownId = measure is not null ? sourceId : null;

        switch (kind.Value.Kind)
        {
            case Measure.BodyWeight:
            {
                DateOnly measuredOn = default;
                if (observation.Effective is not FhirDateTime { Value: { } effective })
                {
                    issues.Add(new FhirIssue("Observation.effectiveDateTime", "The date of the measurement (effectiveDateTime) is required.", FhirIssueKind.Required));
                }
                else if (!FhirValues.TryParseDate(effective.Length >= 10 ? effective[..10] : effective, out measuredOn))
                {
                    issues.Add(new FhirIssue("Observation.effectiveDateTime", "The date of the measurement must name a day (YYYY-MM-DD).", FhirIssueKind.Value));
                }

                var kg = ReadQuantity(observation.Value, "Observation", ObservationCodes.BodyWeight, wholeNumber: false, decimals: 2, issues);
                return FhirParseResult<ObservationEntry>.From(() => new BodyWeightMeasurement(ownId, patientId, kg!.Value, measuredOn, performer), issues);
            }

            case Measure.Score:
            {
                var at = ReadInstant(observation, issues);
                var instrument = kind.Value.Instrument!;
                var item = kind.Value.Item;
                var value = ReadScore(observation.Value, instrument, item, issues);
                Guid? assessmentId = null;
                var derived = observation.DerivedFrom.FindIndex(r => r.Reference?.Contains("QuestionnaireResponse/", StringComparison.Ordinal) == true);
                if (derived >= 0)
                {
                    if (FhirReferences.TryGetGuid(observation.DerivedFrom[derived], "QuestionnaireResponse", out var qr))
                    {
                        assessmentId = qr;
                    }
                    else
                    {
                        issues.Add(new FhirIssue($"Observation.derivedFrom[{derived}].reference", "derivedFrom must reference a Respite QuestionnaireResponse (QuestionnaireResponse/{id}).", FhirIssueKind.NotSupported));
                    }
                }

                var band = observation.Interpretation.SelectMany(i => i.Coding).FirstOrDefault(c => c.System == FhirSystems.RespiteScoreBand)?.Code;
                var flags = observation.Interpretation.SelectMany(i => i.Coding).Where(c => c.System == FhirSystems.RespiteScoreFlag && c.Code is not null).Select(c => c.Code!).ToList();
                return FhirParseResult<ObservationEntry>.From(
                    () => new ScoreObservation(assessmentId, patientId, instrument.Code, item?.Label, value!.Value, at!.Value, sessionId, band, flags.Count > 0 ? flags : null),
                    issues);
            }

            default:
            {
                var at = ReadInstant(observation, issues);
                var reading = new VitalSignsReading(ownId, patientId, sessionId, default, PerformerId: performer, PreDose: PreDoseOf(observation));
                switch (kind.Value.Kind)
                {
                    case Measure.BloodPressure:
                        reading = ReadBloodPressure(observation, reading, issues);
                        break;
                    case Measure.HeartRate:
                        reading = reading with { HeartRatePerMin = ReadWhole(observation.Value, ObservationCodes.HeartRate, issues) };
                        break;
                    case Measure.OxygenSaturation:
                        reading = reading with { SpO2Percent = ReadWhole(observation.Value, ObservationCodes.OxygenSaturation, issues) };
                        break;
                    case Measure.RespiratoryRate:
                        reading = reading with { RespiratoryRatePerMin = ReadWhole(observation.Value, ObservationCodes.RespiratoryRate, issues) };
                        break;
                    case Measure.Sedation:
                        reading = reading with { Moaas = ReadMoaas(observation.Value, issues) };
                        break;
                }

                return FhirParseResult<ObservationEntry>.From(() => reading with { TakenAt = at!.Value }, issues);
            }
        }
    }

    private enum Measure
    {
        BloodPressure,
        HeartRate,
        OxygenSaturation,
        RespiratoryRate,
        Sedation,
        BodyWeight,
        Score,
    }

    private static (Measure Kind, InstrumentDefinition? Instrument, InstrumentItem? Item)? Classify(List<Coding> codings)
    {
        foreach (var coding in codings)
        {
            (Measure, InstrumentDefinition?, InstrumentItem?)? found =
                ObservationCodes.BloodPressurePanel.Matches(coding.System, coding.Code) ? (Measure.BloodPressure, null, null)
                : ObservationCodes.HeartRate.Matches(coding.System, coding.Code) ? (Measure.HeartRate, null, null)
                : ObservationCodes.OxygenSaturation.Matches(coding.System, coding.Code) || ObservationCodes.PulseOximetry.Matches(coding.System, coding.Code) ? (Measure.OxygenSaturation, null, null)
                : ObservationCodes.RespiratoryRate.Matches(coding.System, coding.Code) ? (Measure.RespiratoryRate, null, null)
                : ObservationCodes.Moaas.Matches(coding.System, coding.Code) ? (Measure.Sedation, null, null)
                : ObservationCodes.BodyWeight.Matches(coding.System, coding.Code) ? (Measure.BodyWeight, null, null)
                : null;
            if (found is not null)
            {
                return found;
            }

            foreach (var instrument in InstrumentCatalog.All)
            {
                if (ObservationCodes.TotalOf(instrument).Matches(coding.System, coding.Code))
                {
                    return (Measure.Score, instrument, null);
                }

                var item = instrument.Items.FirstOrDefault(i => ObservationCodes.ItemOf(instrument, i)?.Matches(coding.System, coding.Code) == true);
                if (item is not null)
                {
                    return (Measure.Score, instrument, item);
                }
            }
        }

        return null;
    }

    private static VitalSignsReading ReadBloodPressure(Observation observation, VitalSignsReading reading, List<FhirIssue> issues)
    {
        if (observation.Value is not null)
        {
            issues.Add(new FhirIssue("Observation.value[x]", "A blood pressure panel carries its values in components (systolic 8480-6, diastolic 8462-4), not in value[x].", FhirIssueKind.Value));
        }

        int? systolic = null;
        int? diastolic = null;
        for (var i = 0; i < observation.Component.Count; i++)
        {
            var component = observation.Component[i];
            var path = $"Observation.component[{i}]";
            var codings = component.Code?.Coding ?? [];
            if (codings.Any(c => ObservationCodes.Systolic.Matches(c.System, c.Code)))
            {
                systolic = ReadQuantity(component.Value, path, ObservationCodes.Systolic, wholeNumber: true, decimals: 0, issues) is { } s ? (int)s : null;
            }
            else if (codings.Any(c => ObservationCodes.Diastolic.Matches(c.System, c.Code)))
            {
                diastolic = ReadQuantity(component.Value, path, ObservationCodes.Diastolic, wholeNumber: true, decimals: 0, issues) is { } d ? (int)d : null;
            }
            else
            {
                issues.Add(new FhirIssue(path + ".code", "Unsupported component: a blood pressure panel takes systolic (LOINC 8480-6) and diastolic (LOINC 8462-4).", FhirIssueKind.NotSupported));
            }
        }

        if (systolic is null && diastolic is null && !issues.Any(i => i.Path.StartsWith("Observation.component", StringComparison.Ordinal)))
        {
            issues.Add(new FhirIssue("Observation.component", "A blood pressure panel needs a systolic (8480-6) or diastolic (8462-4) component.", FhirIssueKind.Required));
        }

        return reading with { SystolicMmHg = systolic, DiastolicMmHg = diastolic };
    }

    private static int? ReadWhole(DataType? value, ObservationCode code, List<FhirIssue> issues) =>
        ReadQuantity(value, "Observation", code, wholeNumber: true, decimals: 0, issues) is { } v ? (int)v : null;

    private static int? ReadMoaas(DataType? value, List<FhirIssue> issues)
    {
        if (value is Integer { Value: { } whole })
        {
            if (whole is < 0 or > 5)
            {
                issues.Add(new FhirIssue("Observation.valueInteger", "MOAA/S is scored 0–5.", FhirIssueKind.Value));
                return null;
            }

            return whole;
        }

        return ReadWhole(value, ObservationCodes.Moaas, issues);
    }

    /// <summary>A quantity in the code's UCUM unit within its range, reporting the first problem at its path.</summary>
    private static decimal? ReadQuantity(DataType? value, string owner, ObservationCode code, bool wholeNumber, int decimals, List<FhirIssue> issues)
    {
        var path = owner + ".valueQuantity";
        if (value is null)
        {
            issues.Add(new FhirIssue(owner + ".value[x]", FhirFormats.Invariant($"A value in {code.Unit} (valueQuantity) is required for {code.Display}."), FhirIssueKind.Required));
            return null;
        }

        if (value is not Quantity quantity)
        {
            issues.Add(new FhirIssue(owner + ".value[x]", FhirFormats.Invariant($"{code.Display} must be a valueQuantity in {code.Unit}, not a {value.TypeName}."), FhirIssueKind.Value));
            return null;
        }

        if (!UnitMatches(quantity, code, path, issues))
        {
            return null;
        }

        if (quantity.Value is not { } number)
        {
            issues.Add(new FhirIssue(path + ".value", "The value is required.", FhirIssueKind.Required));
            return null;
        }

        if (quantity.Comparator is not null)
        {
            issues.Add(new FhirIssue(path + ".comparator", "Respite records exact values; a comparator is not accepted.", FhirIssueKind.NotSupported));
            return null;
        }

        var (min, max) = Ranges[code.Code == ObservationCodes.PulseOximetry.Code ? ObservationCodes.OxygenSaturation.Code : code.Code];
        if (wholeNumber && number != decimal.Truncate(number))
        {
            issues.Add(new FhirIssue(path + ".value", FhirFormats.Invariant($"{code.Display} is recorded as a whole number of {code.Unit}."), FhirIssueKind.Value));
            return null;
        }

        if (decimal.Round(number, decimals) != number)
        {
            issues.Add(new FhirIssue(path + ".value", FhirFormats.Invariant($"{code.Display} is recorded to {decimals} decimal places."), FhirIssueKind.Value));
            return null;
        }

        if (number < min || number > max)
        {
            issues.Add(new FhirIssue(path + ".value", FhirFormats.Invariant($"{code.Display} must lie between {min} and {max} {code.Unit}; got {number}."), FhirIssueKind.Value));
            return null;
        }

        return number;
    }

    private static decimal? ReadScore(DataType? value, InstrumentDefinition instrument, InstrumentItem? item, List<FhirIssue> issues)
    {
        decimal number;
        string path;
        var what = item is null ? instrument.Name + " total" : FhirFormats.Invariant($"{instrument.Name} item {item.Label}");
        switch (value)
        {
            case null:
                issues.Add(new FhirIssue("Observation.value[x]", $"The {what} (valueQuantity in {{score}} or valueInteger) is required.", FhirIssueKind.Required));
                return null;
            case Integer { Value: { } whole }:
                number = whole;
                path = "Observation.valueInteger";
                break;
            case Quantity quantity:
                path = "Observation.valueQuantity";
                if (!UnitMatches(quantity, ObservationCodes.TotalOf(instrument), path, issues))
                {
                    return null;
                }

                if (quantity.Value is not { } q)
                {
                    issues.Add(new FhirIssue(path + ".value", "The value is required.", FhirIssueKind.Required));
                    return null;
                }

                number = q;
                path += ".value";
                break;
            default:
                issues.Add(new FhirIssue("Observation.value[x]", $"The {what} must be a valueQuantity in {{score}} or a valueInteger, not a {value.TypeName}.", FhirIssueKind.Value));
                return null;
        }

        var (min, max) = item is null ? (instrument.MinTotal, instrument.MaxTotal) : (item.Min, (decimal)item.Max);
        // Why: only PEG-3 is a mean (two decimals); every other total and every item is a whole number.
        var decimals = item is null && instrument.Code == InstrumentCatalog.Peg3.Code ? 2 : 0;
        if (decimal.Round(number, decimals) != number)
        {
            issues.Add(new FhirIssue(path, decimals == 0 ? $"The {what} is a whole number." : FhirFormats.Invariant($"The {what} has at most {decimals} decimal places."), FhirIssueKind.Value));
            return null;
        }

        if (number < min || number > max)
        {
            issues.Add(new FhirIssue(path, FhirFormats.Invariant($"The {what} must lie between {min} and {max}; got {number}."), FhirIssueKind.Value));
            return null;
        }

        return number;
    }

    private static bool UnitMatches(Quantity quantity, ObservationCode code, string path, List<FhirIssue> issues)
    {
        if (quantity.Code is not null || quantity.System is not null)
        {
            if (quantity.System != FhirSystems.Ucum)
            {
                issues.Add(new FhirIssue(path + ".system", $"Units are UCUM ({FhirSystems.Ucum}).", FhirIssueKind.NotSupported));
                return false;
            }

            if (quantity.Code != code.UnitCode)
            {
                issues.Add(new FhirIssue(path + ".code", FhirFormats.Invariant($"Unsupported unit '{quantity.Code}' for {code.Display}: use UCUM '{code.UnitCode}'."), FhirIssueKind.NotSupported));
                return false;
            }

            return true;
        }

        if (quantity.Unit != code.Unit && quantity.Unit != code.UnitCode)
        {
            issues.Add(new FhirIssue(path + ".unit", FhirFormats.Invariant($"Unsupported unit '{quantity.Unit}' for {code.Display}: use UCUM '{code.UnitCode}' ({code.Unit})."),
                quantity.Unit is null ? FhirIssueKind.Required : FhirIssueKind.NotSupported));
            return false;
        }

        return true;
    }

    private static DateTimeOffset? ReadInstant(Observation observation, List<FhirIssue> issues)
    {
        switch (observation.Effective)
        {
            case FhirDateTime { Value: var value } when FhirValues.TryParseInstant(value, out var at):
                return at;
            case FhirDateTime:
                issues.Add(new FhirIssue("Observation.effectiveDateTime", "The time must be a dateTime with a time and a time zone (e.g. 2026-03-02T09:15:00Z).", FhirIssueKind.Value));
                return null;
            case Instant { Value: { } instant }:
                return instant;
            case null:
                issues.Add(new FhirIssue("Observation.effective[x]", "The time of the observation (effectiveDateTime) is required.", FhirIssueKind.Required));
                return null;
            default:
                issues.Add(new FhirIssue("Observation.effective[x]", $"The time must be an effectiveDateTime, not a {observation.Effective.TypeName}.", FhirIssueKind.NotSupported));
                return null;
        }
    }

    private static string? PerformerOf(Observation observation, List<FhirIssue> issues)
    {
        var index = observation.Performer.FindIndex(p => p.Reference?.Contains("Practitioner/", StringComparison.Ordinal) == true);
        if (index < 0)
        {
            return null;
        }

        if (FhirReferences.TryGetId(observation.Performer[index], "Practitioner", out var id))
        {
            return id;
        }

        issues.Add(new FhirIssue($"Observation.performer[{index}].reference", "The performer must reference a Respite practitioner (Practitioner/{id}).", FhirIssueKind.NotSupported));
        return null;
    }

    private static bool? PreDoseOf(Observation observation) =>
        observation.GetExtension(FhirSystems.PreDoseExtension)?.Value is FhirBoolean { Value: { } b } ? b : null;

    private static Observation Vital(VitalSignsReading reading, string measure, ObservationCode code)
    {
        var observation = new Observation
        {
            Id = reading.Id is { } id ? ObservationIds.For(id, measure) : null,
            Meta = code.Profile is { } profile ? new Meta { Profile = [profile] } : null,
            Status = reading.EnteredInError ? ObservationStatus.EnteredInError : ObservationStatus.Final,
            Category = [Category(code.Category)],
            Code = Concept(code),
            Subject = FhirReferences.Patient(reading.PatientId),
            Encounter = reading.SessionId is { } session ? FhirReferences.Encounter(session) : null,
            Effective = FhirValues.DateTime(reading.TakenAt),
            Performer = reading.PerformerId is { } performer ? [FhirReferences.Practitioner(performer)] : [],
        };
        if (reading.PreDose is { } preDose)
        {
            observation.Extension.Add(new Extension(FhirSystems.PreDoseExtension, new FhirBoolean(preDose)));
        }

        return observation;
    }

    private static Observation.ComponentComponent Component(ObservationCode code, int value) =>
        new() { Code = Concept(code), Value = Quantity(code, value) };

    private static Quantity Quantity(ObservationCode code, decimal value) => FhirValues.Ucum(value, code.Unit!, code.UnitCode!);

    private static CodeableConcept Concept(ObservationCode code) =>
        code.DisplayIsOfficial
            ? FhirValues.Concept(code.System, code.Code, code.Display)
            : FhirValues.Concept(code.System, code.Code, text: code.Display);

    private static CodeableConcept Category(string category) =>
        FhirValues.Concept(FhirSystems.ObservationCategory, category, category switch
        {
            ObservationCodes.VitalSignsCategory => "Vital Signs",
            ObservationCodes.SurveyCategory => "Survey",
            ObservationCodes.ExamCategory => "Exam",
            _ => null,
        });

    private static ObservationCode CodeOf(InstrumentDefinition instrument, string? itemLabel)
    {
        if (itemLabel is null)
        {
            return ObservationCodes.TotalOf(instrument);
        }

        var item = instrument.Items.FirstOrDefault(i => i.Label == itemLabel)
            ?? throw new ArgumentException($"{instrument.Name} has no item '{itemLabel}'.", nameof(itemLabel));
        return ObservationCodes.ItemOf(instrument, item)
            ?? throw new ArgumentException($"{instrument.Name} item {itemLabel} has no code of its own.", nameof(itemLabel));
    }

    internal static InstrumentDefinition Instrument(string code) =>
        InstrumentCatalog.TryGet(code, out var instrument)
            ? instrument
            : throw new ArgumentException($"Unknown instrument '{code}'.", nameof(code));
}

using Hl7.Fhir.Model;

namespace Respite.Fhir.Medications;

/// <summary>
/// A session's dose chart → MedicationAdministration (read-only). An infusion gives one administration per stretch at a
/// constant rate (from a start, rate change or resume to the next rate change, pause or stop), with the rate and the dose
/// it delivered; a bolus and each esketamine device give one each. An entry marked entered in error gives an
/// administration with status entered-in-error and takes no part in the stretches.
/// </summary>
public static class MedicationAdministrationMapper
{
    /// <summary>SNOMED CT 47625008 |Intravenous route|.</summary>
    public static Coding IntravenousRoute { get; } = FhirValues.Coding(FhirSystems.Snomed, "47625008", "Intravenous route");

    /// <summary>SNOMED CT 46713006 |Nasal route|.</summary>
    public static Coding NasalRoute { get; } = FhirValues.Coding(FhirSystems.Snomed, "46713006", "Nasal route");

    private const string ContainedMedicationId = "medication";

    public static IReadOnlyList<MedicationAdministration> ToFhir(SessionDoseChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var administrations = new List<MedicationAdministration>();
        DoseEntry? opened = null;
        decimal rate = 0m;
        var running = false;
        foreach (var entry in chart.Entries.OrderBy(e => e.At))
        {
            if (entry.EnteredInError)
            {
                if (entry.Kind is not (DoseEntryKind.Pause or DoseEntryKind.Stop))
                {
                    var error = Administration(chart, entry, MedicationAdministration.MedicationAdministrationStatusCodes.EnteredInError);
                    error.Effective = FhirValues.DateTime(entry.At);
                    error.Dosage = Dosage(chart, entry.Kind is DoseEntryKind.Bolus or DoseEntryKind.EsketamineDevice ? entry.AmountMg : null,
                        entry.Kind is DoseEntryKind.Bolus or DoseEntryKind.EsketamineDevice ? null : entry.RateMgPerHour);
                    administrations.Add(error);
                }

                continue;
            }

            switch (entry.Kind)
            {
                case DoseEntryKind.Start or DoseEntryKind.Resume:
                    Close(entry.At);
                    rate = entry.RateMgPerHour ?? rate;
                    running = true;
                    opened = entry;
                    break;
                case DoseEntryKind.RateChange:
                    if (running)
                    {
                        Close(entry.At);
                        opened = entry;
                    }

                    rate = entry.RateMgPerHour ?? rate;
                    break;
                case DoseEntryKind.Pause or DoseEntryKind.Stop:
                    Close(entry.At);
                    running = false;
                    break;
                case DoseEntryKind.Bolus or DoseEntryKind.EsketamineDevice:
                    var single = Administration(chart, entry, MedicationAdministration.MedicationAdministrationStatusCodes.Completed);
                    single.Effective = FhirValues.DateTime(entry.At);
                    single.Dosage = Dosage(chart, entry.AmountMg, null);
                    administrations.Add(single);
                    break;
            }
        }

        if (running && opened is not null)
        {
            var open = Administration(chart, opened, MedicationAdministration.MedicationAdministrationStatusCodes.InProgress);
            open.Effective = FhirValues.Period(opened.At, null);
            open.Dosage = Dosage(chart, null, rate);
            administrations.Add(open);
        }

        return administrations;

        void Close(DateTimeOffset end)
        {
            if (!running || opened is null)
            {
                return;
            }

            // Why: the dose of a stretch is its rate times its length, rounded once to 0.01 mg as the chart shows it.
            var hours = (decimal)(end - opened.At).Ticks / TimeSpan.TicksPerHour;
            var closed = Administration(chart, opened, MedicationAdministration.MedicationAdministrationStatusCodes.Completed);
            closed.Effective = FhirValues.Period(opened.At, end);
            closed.Dosage = Dosage(chart, decimal.Round(rate * hours, 2, MidpointRounding.AwayFromZero), rate);
            administrations.Add(closed);
            opened = null;
        }
    }

    /// <summary>The medication as text: no RxNorm code for either product is given in CLINICAL-SOURCES.</summary>
    public static string MedicationText(SessionTreatment treatment) => treatment switch
    {
        SessionTreatment.IvKetamine => "Ketamine hydrochloride (racemic) for intravenous infusion",
        SessionTreatment.EsketamineNasalSpray => "Esketamine nasal spray (SPRAVATO), 28 mg per device",
        _ => throw new ArgumentOutOfRangeException(nameof(treatment), treatment, null),
    };

    private static MedicationAdministration Administration(SessionDoseChart chart, DoseEntry entry, MedicationAdministration.MedicationAdministrationStatusCodes status)
    {
        var administration = new MedicationAdministration
        {
            Id = FhirReferences.Id(entry.Id),
            Status = status,
            Subject = FhirReferences.Patient(chart.PatientId),
            Context = FhirReferences.Encounter(chart.SessionId),
            Performer = [new MedicationAdministration.PerformerComponent { Actor = FhirReferences.Practitioner(entry.PerformerId) }],
        };
        var text = MedicationText(chart.Treatment);
        if (entry.LotNumber is { } lot)
        {
            // Why: R4 MedicationAdministration has no lot number; the lot belongs to the Medication given, here a contained one.
            administration.Contained.Add(new Medication
            {
                Id = ContainedMedicationId,
                Code = new CodeableConcept { Text = text },
                Batch = new Medication.BatchComponent { LotNumber = lot },
            });
            administration.Medication = new ResourceReference("#" + ContainedMedicationId);
        }
        else
        {
            administration.Medication = new CodeableConcept { Text = text };
        }

        if (entry.Reason is { } reason)
        {
            administration.Note.Add(new Annotation { Text = reason });
        }

        return administration;
    }

    private static MedicationAdministration.DosageComponent Dosage(SessionDoseChart chart, decimal? doseMg, decimal? rateMgPerHour)
    {
        var dosage = new MedicationAdministration.DosageComponent
        {
            Route = new CodeableConcept { Coding = [chart.Treatment == SessionTreatment.IvKetamine ? IntravenousRoute : NasalRoute] },
        };
        if (doseMg is { } dose)
        {
            dosage.Dose = FhirValues.Ucum(dose, "mg", "mg");
        }

        if (rateMgPerHour is { } rate)
        {
            dosage.Rate = FhirValues.Ucum(rate, "mg/h", "mg/h");
        }

        return dosage;
    }
}

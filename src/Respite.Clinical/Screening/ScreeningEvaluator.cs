using System.Globalization;
using Respite.Clinical.Instruments;

namespace Respite.Clinical.Screening;

/// <summary>
/// Evaluates eligibility for a modality from the patient's record and latest scores. Every finding carries a stable
/// rule id (<see cref="ScreeningRules"/>) and its source. Any exclusion makes the result not eligible; otherwise any
/// caution makes it eligible with cautions. Findings are ordered most severe first, then by rule id.
/// </summary>
public static class ScreeningEvaluator
{
    private static readonly Modality[] Modalities = [Modality.IvKetamineDepression, Modality.IvKetamineChronicPain, Modality.EsketamineNasalSpray];

    public static IReadOnlyList<ScreeningResult> EvaluateAll(ScreeningInput input, ScreeningSettings settings) =>
        Modalities.Select(m => Evaluate(m, input, settings)).ToList();

    public static ScreeningResult Evaluate(Modality modality, ScreeningInput input, ScreeningSettings settings)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        if (!Enum.IsDefined(modality))
        {
            throw new ArgumentOutOfRangeException(nameof(modality), modality, "Unknown modality.");
        }

        var findings = new List<ScreeningFinding>();
        Contraindications(modality, input, findings);
        Indication(modality, input, findings);
        TreatmentResistance(modality, input, settings, findings);
        AbuseRisk(modality, input, settings, findings);
        SuicideRisk(input, settings, findings);
        MissingData(modality, input, settings, findings);

        var ordered = findings
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ToList();
        return new ScreeningResult(modality, Aggregate(ordered), ordered);
    }

    /// <summary>Any exclusion: not eligible; else any caution: eligible with cautions; else eligible.</summary>
    public static Eligibility Aggregate(IEnumerable<ScreeningFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var worst = findings.Select(f => f.Severity).DefaultIfEmpty(FindingSeverity.Information).Max();
        return worst switch
        {
            FindingSeverity.Exclusion => Eligibility.NotEligible,
            FindingSeverity.Caution => Eligibility.EligibleWithCautions,
            _ => Eligibility.Eligible,
        };
    }

    private static void Contraindications(Modality modality, ScreeningInput input, List<ScreeningFinding> findings)
    {
        var esketamine = modality == Modality.EsketamineNasalSpray;
        var flags = input.Flags;
        if (flags.Contains(MedicalFlag.AneurysmalVascularDiseaseOrAvm))
        {
            findings.Add(esketamine
                ? Finding(ScreeningRules.AneurysmOrAvm, FindingSeverity.Exclusion, ScreeningRules.SpravatoContraindication,
                    "Aneurysmal vascular disease or arteriovenous malformation is a contraindication to esketamine.")
                : Finding(ScreeningRules.AneurysmOrAvm, FindingSeverity.Caution, ScreeningRules.CohenCardiovascular,
                    "Aneurysmal vascular disease or arteriovenous malformation: ketamine raises blood pressure; weigh the risk and control blood pressure closely."));
        }

        if (flags.Contains(MedicalFlag.IntracerebralHaemorrhage))
        {
            findings.Add(esketamine
                ? Finding(ScreeningRules.IntracerebralHaemorrhage, FindingSeverity.Exclusion, ScreeningRules.SpravatoContraindication,
                    "A history of intracerebral haemorrhage is a contraindication to esketamine.")
                : Finding(ScreeningRules.IntracerebralHaemorrhage, FindingSeverity.Caution, ScreeningRules.CohenCardiovascular,
                    "History of intracerebral haemorrhage: ketamine raises blood pressure; weigh the risk and control blood pressure closely."));
        }

        if (flags.Contains(MedicalFlag.KetamineHypersensitivity))
        {
            findings.Add(Finding(ScreeningRules.Hypersensitivity, FindingSeverity.Exclusion, ScreeningRules.SpravatoContraindication,
                "Hypersensitivity to ketamine, esketamine or an excipient is a contraindication."));
        }

        if (flags.Contains(MedicalFlag.Pregnancy))
        {
            findings.Add(esketamine
                ? Finding(ScreeningRules.Pregnancy, FindingSeverity.Caution, ScreeningRules.SpravatoPregnancy,
                    "Pregnancy: esketamine may cause fetal harm and is not recommended; treat only after a documented risk-benefit decision.")
                : Finding(ScreeningRules.Pregnancy, FindingSeverity.Caution, ScreeningRules.CohenPregnancy,
                    "Pregnancy is a relative contraindication to ketamine infusions; treat only after a documented risk-benefit decision."));
        }

        if (flags.Contains(MedicalFlag.Psychosis))
        {
            findings.Add(Finding(ScreeningRules.Psychosis, FindingSeverity.Caution,
                esketamine ? ScreeningRules.SpravatoPsychosis : ScreeningRules.CohenPsychosis,
                "Psychosis: a relative contraindication; assess before dosing and treat only if benefit outweighs risk."));
        }

        if (flags.Contains(MedicalFlag.Hypertension) || flags.Contains(MedicalFlag.CardiovascularDisease))
        {
            findings.Add(Finding(ScreeningRules.Cardiovascular, FindingSeverity.Caution,
                esketamine ? ScreeningRules.SpravatoBloodPressure : ScreeningRules.CohenCardiovascular,
                "Hypertension or cardiovascular disease: confirm it is controlled before treatment; blood pressure rises during treatment (consider a baseline ECG)."));
        }

        if (flags.Contains(MedicalFlag.LiverDisease))
        {
            findings.Add(esketamine
                ? Finding(ScreeningRules.Liver, FindingSeverity.Caution, ScreeningRules.SpravatoLiver,
                    "Liver disease: moderate impairment (Child-Pugh B) may need longer monitoring; severe (Child-Pugh C) is not recommended.")
                : Finding(ScreeningRules.Liver, FindingSeverity.Caution, ScreeningRules.CohenLiver,
                    "Liver disease: avoid in severe disease; in moderate disease use caution and monitoring, with liver function tests."));
        }

        if (flags.Contains(MedicalFlag.RaisedIntracranialOrIntraocularPressure))
        {
            findings.Add(Finding(ScreeningRules.RaisedPressure, FindingSeverity.Caution,
                esketamine ? ScreeningRules.SpravatoPressure : ScreeningRules.CohenPressure,
                "Raised intracranial or intraocular pressure: do not use, or only lower doses with extreme caution."));
        }
    }

    private static void Indication(Modality modality, ScreeningInput input, List<ScreeningFinding> findings)
    {
        var (indicated, message) = modality switch
        {
            Modality.IvKetamineChronicPain => (input.HasChronicPain, "No chronic pain condition is recorded: a ketamine infusion for chronic pain has no indication."),
            Modality.EsketamineNasalSpray => (input.HasDepression, "No depressive disorder is recorded: esketamine has no indication."),
            _ => (input.HasDepression, "No depressive disorder is recorded: IV ketamine for depression has no indication."),
        };
        if (!indicated)
        {
            findings.Add(Finding(ScreeningRules.Indication, FindingSeverity.Exclusion, ScreeningRules.IndicationSource, message));
        }
    }

    private static void TreatmentResistance(Modality modality, ScreeningInput input, ScreeningSettings settings, List<ScreeningFinding> findings)
    {
        if (modality == Modality.IvKetamineChronicPain || !input.HasDepression)
        {
            return;
        }

        var adequate = input.AntidepressantTrials.Count(t => t.Adequate);
        if (adequate >= settings.MinimumAdequateAntidepressantTrials)
        {
            return;
        }

        var text = string.Create(CultureInfo.InvariantCulture,
            $"{adequate} adequate antidepressant trial(s) recorded; treatment-resistant depression needs at least {settings.MinimumAdequateAntidepressantTrials}.");
        findings.Add(modality == Modality.EsketamineNasalSpray
            ? Finding(ScreeningRules.TreatmentResistance, FindingSeverity.Exclusion, ScreeningRules.SpravatoTrd,
                text + " Esketamine is indicated for treatment-resistant depression.")
            : Finding(ScreeningRules.TreatmentResistance, FindingSeverity.Caution, ScreeningRules.IvTrd,
                text + " IV ketamine is conventionally offered after at least that many."));
    }

    private static void AbuseRisk(Modality modality, ScreeningInput input, ScreeningSettings settings, List<ScreeningFinding> findings)
    {
        if (input.LatestDast10 is { } dast && dast.Total >= settings.Dast10CautionAt)
        {
            var exclude = settings.Dast10ExclusionAt is { } exclusionAt && dast.Total >= exclusionAt;
            findings.Add(Finding(ScreeningRules.Dast10, exclude ? FindingSeverity.Exclusion : FindingSeverity.Caution, ScreeningRules.Dast10Source,
                exclude
                    ? string.Create(CultureInfo.InvariantCulture, $"DAST-10 {dast.Total:0} ({dast.Band}) is at or above the clinic's exclusion threshold of {settings.Dast10ExclusionAt}.")
                    : string.Create(CultureInfo.InvariantCulture, $"DAST-10 {dast.Total:0} ({dast.Band}): assess drug use further before treatment; ketamine has abuse potential.")));
        }

        if (input.LatestAuditC is { } audit && audit.HasFlag(InstrumentFlags.AuditCPositive))
        {
            findings.Add(Finding(ScreeningRules.AuditC, FindingSeverity.Caution, ScreeningRules.AuditCSource,
                string.Create(CultureInfo.InvariantCulture, $"AUDIT-C {audit.Total:0} is positive: assess alcohol use (and liver risk).")));
        }

        if (input.SubstanceUse == SubstanceUseStatus.Current)
        {
            findings.Add(modality switch
            {
                Modality.IvKetamineChronicPain => Finding(ScreeningRules.CurrentSubstanceUse, FindingSeverity.Caution, ScreeningRules.CohenSubstance,
                    "Current substance use: no serial infusions in active substance abuse; use universal precautions to monitor for abuse."),
                Modality.EsketamineNasalSpray => Finding(ScreeningRules.CurrentSubstanceUse, FindingSeverity.Caution, ScreeningRules.SpravatoAbuse,
                    "Current substance use: esketamine carries a boxed warning for abuse and misuse; assess the risk and monitor."),
                _ => Finding(ScreeningRules.CurrentSubstanceUse, FindingSeverity.Caution, ScreeningRules.ApaSubstance,
                    "Current substance use: a relative contraindication; consider urine toxicology, avoid serial infusions and monitor for misuse."),
            });
        }
    }

    private static void SuicideRisk(ScreeningInput input, ScreeningSettings settings, List<ScreeningFinding> findings)
    {
        if (input.LatestPhq9 is { ItemScores.Count: 9 } phq9 && phq9.ItemScores[8] is { } item9 && item9 >= settings.Phq9Item9AlertAt)
        {
            findings.Add(new ScreeningFinding(
                ScreeningRules.Phq9Item9,
                FindingSeverity.Caution,
                string.Create(CultureInfo.InvariantCulture,
                    $"PHQ-9 item 9 (thoughts of death or self-harm) scored {item9:0}: assess suicide risk today (e.g. C-SSRS). A prescriber must acknowledge this before treatment is planned."),
                ScreeningRules.Phq9Item9Source,
                RequiresAcknowledgement: true));
        }

        if (input.LatestCssrs is { } cssrs
            && CssrsRisk.Rank(cssrs.Band) > CssrsRisk.Rank(CssrsRisk.None)
            && CssrsRisk.Rank(cssrs.Band) >= AlertRank(settings.CssrsAlertLevel))
        {
            var message = cssrs.Band == CssrsRisk.High
                ? "C-SSRS screener: HIGH risk. Take safety precautions until a mental-health evaluation; a prescriber must acknowledge before treatment is planned."
                : $"C-SSRS screener: {cssrs.Band} risk. A prescriber must acknowledge before treatment is planned.";
            findings.Add(new ScreeningFinding(ScreeningRules.Cssrs, FindingSeverity.Caution, message, ScreeningRules.CssrsSource, RequiresAcknowledgement: true));
        }
    }

    private static int AlertRank(string level)
    {
        var rank = CssrsRisk.Rank(level);
        return rank > 0 ? rank : CssrsRisk.Rank(CssrsRisk.Low);
    }

    private static void MissingData(Modality modality, ScreeningInput input, ScreeningSettings settings, List<ScreeningFinding> findings)
    {
        var severity = settings.FlagIncompleteScreening ? FindingSeverity.Caution : FindingSeverity.Information;
        if (modality != Modality.IvKetamineChronicPain && input.LatestPhq9 is null)
        {
            findings.Add(Finding(ScreeningRules.MissingPhq9, severity, ScreeningRules.ScreeningCompleteness,
                "Screening incomplete: no PHQ-9 on record."));
        }

        if (modality == Modality.IvKetamineChronicPain && input.LatestPain is null)
        {
            findings.Add(Finding(ScreeningRules.MissingPain, severity, ScreeningRules.ScreeningCompleteness,
                "Screening incomplete: no pain NRS or PEG-3 on record."));
        }

        if (input.LatestCssrs is null)
        {
            findings.Add(Finding(ScreeningRules.MissingCssrs, severity, ScreeningRules.ScreeningCompleteness,
                "Screening incomplete: no C-SSRS screener on record."));
        }

        var missing = new[] { (input.LatestDast10, "DAST-10"), (input.LatestAuditC, "AUDIT-C") }
            .Where(s => s.Item1 is null)
            .Select(s => s.Item2)
            .ToList();
        if (missing.Count > 0)
        {
            findings.Add(Finding(ScreeningRules.MissingSubstanceScreen, severity, ScreeningRules.ScreeningCompleteness,
                $"Screening incomplete: no {string.Join(" or ", missing)} on record."));
        }
    }

    private static ScreeningFinding Finding(string ruleId, FindingSeverity severity, string source, string message) =>
        new(ruleId, severity, message, source, RequiresAcknowledgement: false);
}

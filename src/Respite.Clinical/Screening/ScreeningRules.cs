namespace Respite.Clinical.Screening;

/// <summary>The catalogue of screening rules: stable ids, titles, severities and sources (docs/clinical/rules.md lists the same).</summary>
public static class ScreeningRules
{
    public const string AneurysmOrAvm = "SCR-CI-001";
    public const string IntracerebralHaemorrhage = "SCR-CI-002";
    public const string Hypersensitivity = "SCR-CI-003";
    public const string Pregnancy = "SCR-CI-004";
    public const string Psychosis = "SCR-CI-005";
    public const string Cardiovascular = "SCR-CI-006";
    public const string Liver = "SCR-CI-007";
    public const string RaisedPressure = "SCR-CI-008";
    public const string Indication = "SCR-IND-001";
    public const string TreatmentResistance = "SCR-TRD-001";
    public const string Dast10 = "SCR-ABU-001";
    public const string AuditC = "SCR-ABU-002";
    public const string CurrentSubstanceUse = "SCR-ABU-003";
    public const string Phq9Item9 = "SCR-SUI-001";
    public const string Cssrs = "SCR-SUI-002";
    public const string MissingPhq9 = "SCR-DATA-001";
    public const string MissingPain = "SCR-DATA-002";
    public const string MissingCssrs = "SCR-DATA-003";
    public const string MissingSubstanceScreen = "SCR-DATA-004";

    internal const string SpravatoContraindication = "Spravato PI §4 contraindications (CLINICAL-SOURCES §3.4) [V]";
    internal const string CohenCardiovascular = "Cohen 2018 RAPM 43:521, poorly controlled CV disease relative CI, grade B (CLINICAL-SOURCES §2.2) [V]; ketamine BP rise (§1.4) [V]";
    internal const string CohenPregnancy = "Cohen 2018 RAPM 43:521, pregnancy relative CI, grade B (CLINICAL-SOURCES §2.2) [V]";
    internal const string SpravatoPregnancy = "Spravato PI: may cause fetal harm, not recommended (CLINICAL-SOURCES §3.3) [V]; not a §4 contraindication (§3.4)";
    internal const string CohenPsychosis = "Cohen 2018 RAPM 43:521, active psychosis relative CI, grade B (CLINICAL-SOURCES §2.2) [V]";
    internal const string SpravatoPsychosis = "Spravato PI: assess patients with psychosis before dosing (CLINICAL-SOURCES §3.3) [V]";
    internal const string SpravatoBloodPressure = "Spravato PI blood-pressure warning (CLINICAL-SOURCES §3.2) [V]";
    internal const string CohenLiver = "Cohen 2018 RAPM 43:521, hepatic disease, grade C (CLINICAL-SOURCES §2.2) [V]";
    internal const string SpravatoLiver = "Spravato PI hepatic impairment, Child-Pugh B/C (CLINICAL-SOURCES §3.3) [V]";
    internal const string CohenPressure = "Cohen 2018 RAPM 43:521, raised ICP/IOP, grade C (CLINICAL-SOURCES §2.2) [V]";
    internal const string SpravatoPressure = "Spravato PI: do not dose if a rise in BP or intracranial pressure poses a serious risk (CLINICAL-SOURCES §3.2) [S]";
    internal const string IndicationSource = "Spravato PI indication (CLINICAL-SOURCES §3.1) [V]; APA consensus (§1.1); Cohen 2018 (§2.1)";
    internal const string SpravatoTrd = "TRD = ≥2 adequate trials, PMC11193313 [V]; Spravato TRD indication (CLINICAL-SOURCES §1.3, §3.1) [V]";
    internal const string IvTrd = "TRD = ≥2 adequate trials, PMC11193313 [V]; IV selection convention (CLINICAL-SOURCES §1.3) [S]";
    internal const string Dast10Source = "DAST-10 bands: 3–5 moderate, further investigation (CLINICAL-SOURCES §4) [V]";
    internal const string AuditCSource = "AUDIT-C cut-offs ≥4 men / ≥3 women (CLINICAL-SOURCES §4) [V]; LFTs with alcohol misuse, Cohen 2018 (§2.2)";
    internal const string CohenSubstance = "Cohen 2018 RAPM 43:521, active substance abuse: no serial infusions, grade C (CLINICAL-SOURCES §2.2) [V]";
    internal const string SpravatoAbuse = "Spravato boxed warning: abuse and misuse (CLINICAL-SOURCES §3.3) [V]";
    internal const string ApaSubstance = "Active SUD relative CI (CLINICAL-SOURCES §1.3) [U]; Cohen 2018 grade C (§2.2) [V]";
    internal const string Phq9Item9Source = "PHQ-9 item 9 > 0: same-day suicide-risk assessment (CLINICAL-SOURCES §4) [S]; Spravato boxed warning (§3.3) [V]";
    internal const string CssrsSource = "Columbia C-SSRS triage, cssrs.columbia.edu (CLINICAL-SOURCES §4) [V high; S low/moderate]";
    internal const string ScreeningCompleteness = "DESIGN §1 step 3: PHQ-9, pain NRS/PEG-3, C-SSRS, DAST-10, AUDIT-C (CLINICAL-SOURCES §4)";

    public static IReadOnlyList<ScreeningRuleInfo> All { get; } =
    [
        new(AneurysmOrAvm, "Aneurysmal vascular disease or arteriovenous malformation", SpravatoContraindication + "; IV: " + CohenCardiovascular,
            "Label contraindication to esketamine; ketamine raises blood pressure, so IV ketamine needs caution.")
        { Severity = "Exclusion: esketamine; Caution: IV ketamine" },
        new(IntracerebralHaemorrhage, "History of intracerebral haemorrhage", SpravatoContraindication + "; IV: " + CohenCardiovascular,
            "Label contraindication to esketamine; caution for IV ketamine because of the blood-pressure rise.")
        { Severity = "Exclusion: esketamine; Caution: IV ketamine" },
        new(Hypersensitivity, "Hypersensitivity to ketamine, esketamine or an excipient", SpravatoContraindication,
            "Label contraindication; hypersensitivity to ketamine applies equally to racemic ketamine.")
        { Severity = "Exclusion: all modalities" },
        new(Pregnancy, "Pregnancy", CohenPregnancy + "; " + SpravatoPregnancy,
            "Relative contraindication (Cohen, grade B); the esketamine label says \"not recommended\" but does not list it under contraindications, and CLINICAL-SOURCES §3.4 warns against encoding it as absolute. A prescriber decides.")
        { Severity = "Caution: all modalities" },
        new(Psychosis, "Psychosis", CohenPsychosis + "; " + SpravatoPsychosis,
            "Active psychosis is a relative contraindication; assess before dosing and treat only if benefit outweighs risk.")
        { Severity = "Caution: all modalities" },
        new(Cardiovascular, "Hypertension or cardiovascular disease", CohenCardiovascular + "; " + SpravatoBloodPressure,
            "Poorly controlled cardiovascular disease is a relative contraindication; both drugs raise blood pressure.")
        { Severity = "Caution: all modalities" },
        new(Liver, "Liver disease", CohenLiver + "; " + SpravatoLiver,
            "Severe hepatic disease: avoid (Child-Pugh C not recommended for esketamine); moderate: caution, monitoring and liver function tests.")
        { Severity = "Caution: all modalities" },
        new(RaisedPressure, "Raised intracranial or intraocular pressure", CohenPressure + "; " + SpravatoPressure,
            "Cohen: do not use, or only lower doses with extreme caution. Both sources leave room for use, so it is a caution with that wording; the flag does not record severity, which the prescriber judges.")
        { Severity = "Caution: all modalities" },
        new(Indication, "Indication recorded for the modality", IndicationSource,
            "IV ketamine for depression and esketamine need a depressive disorder; pain infusions need a chronic pain condition.")
        { Severity = "Exclusion: all modalities, when the indication is missing" },
        new(TreatmentResistance, "Treatment-resistant depression (adequate antidepressant trials)", SpravatoTrd + "; IV: " + IvTrd,
            "Esketamine is indicated for TRD; IV ketamine selection conventionally uses the same definition. The label's other indication (MDD with acute suicidal ideation or behaviour) is not assessed by this rule.")
        { Severity = "Exclusion: esketamine; Caution: IV ketamine for depression; not applied to chronic pain" },
        new(Dast10, "DAST-10 at or above the caution threshold", Dast10Source + "; " + CohenSubstance,
            "Moderate or worse drug use needs further assessment; ketamine has abuse potential. Exclusion only if the clinic sets Dast10ExclusionAt.")
        { Severity = "Caution: all modalities (Exclusion at the optional exclusion threshold)" },
        new(AuditC, "AUDIT-C positive", AuditCSource,
            "Hazardous drinking: assess; alcohol misuse also raises hepatotoxicity risk.")
        { Severity = "Caution: all modalities" },
        new(CurrentSubstanceUse, "Current substance use", CohenSubstance + "; " + SpravatoAbuse + "; IV depression: " + ApaSubstance,
            "Active substance abuse: no serial infusions; universal precautions to monitor for abuse and diversion.")
        { Severity = "Caution: all modalities" },
        new(Phq9Item9, "PHQ-9 item 9: thoughts of death or self-harm", Phq9Item9Source,
            "Any positive answer calls for a same-day suicide-risk assessment; a prescriber must acknowledge before treatment is planned.")
        { Severity = "Caution + acknowledgement: all modalities" },
        new(Cssrs, "C-SSRS screener risk at or above the alert level", CssrsSource,
            "High risk: safety precautions until a mental-health evaluation; any alert needs a prescriber's acknowledgement.")
        { Severity = "Caution + acknowledgement: all modalities" },
        new(MissingPhq9, "No PHQ-9 on record", ScreeningCompleteness,
            "Depression screening is incomplete without a PHQ-9.")
        { Severity = "Caution (Information if FlagIncompleteScreening is off): depression modalities" },
        new(MissingPain, "No pain score on record", ScreeningCompleteness,
            "Pain screening is incomplete without a pain NRS or PEG-3.")
        { Severity = "Caution (Information if FlagIncompleteScreening is off): chronic pain" },
        new(MissingCssrs, "No C-SSRS screener on record", ScreeningCompleteness,
            "Suicide-risk screening is incomplete without a C-SSRS screener.")
        { Severity = "Caution (Information if FlagIncompleteScreening is off): all modalities" },
        new(MissingSubstanceScreen, "No DAST-10 or AUDIT-C on record", ScreeningCompleteness,
            "Abuse-risk screening is incomplete without both DAST-10 and AUDIT-C.")
        { Severity = "Caution (Information if FlagIncompleteScreening is off): all modalities" },
    ];

    public static ScreeningRuleInfo Get(string ruleId) =>
        All.FirstOrDefault(r => r.RuleId == ruleId) ?? throw new ArgumentException($"Unknown screening rule '{ruleId}'.", nameof(ruleId));
}

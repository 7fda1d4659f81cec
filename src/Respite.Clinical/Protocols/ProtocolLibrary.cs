using System.Diagnostics.CodeAnalysis;
using Respite.Clinical.Screening;

namespace Respite.Clinical.Protocols;

/// <summary>
/// The default protocol library. Every number comes from CLINICAL-SOURCES (section given in <c>Source</c>);
/// values marked [U] there are practice conventions and are the first a clinic should review.
/// </summary>
public static class ProtocolLibrary
{
    public const string IvKetamineDepressionId = "iv-ketamine-depression";
    public const string IvKetamineChronicPainId = "iv-ketamine-chronic-pain";
    public const string CrpsMultiDayId = "iv-ketamine-crps-10-day";
    public const string EsketamineTrdId = "esketamine-trd";
    public const string EsketamineMdsiId = "esketamine-mdsi";

    public static ProtocolDefinition IvKetamineDepression { get; } = new(
        IvKetamineDepressionId,
        "IV ketamine for depression — 0.5 mg/kg over 40 min",
        Modality.IvKetamineDepression,
        "Treatment-resistant depression",
        [
            new(PhaseKind.Induction, "Induction", "3 infusions a week, 6 in about 2 weeks", 3, null, 2, 6,
                new DoseRule(DoseBasis.WeightBasedDose, 0.5m, null, null, 40)),
            new(PhaseKind.Maintenance, "Maintenance", "Individual interval (weekly to every 12 weeks); same effective dose", null, 14, null, null,
                new DoseRule(DoseBasis.WeightBasedDose, 0.5m, null, null, 40)),
        ],
        new DoseLimits
        {
            UsualMaxMgPerKg = 0.5m,
            MaxMgPerKg = 1.0m,
            UsualMinDurationMinutes = 40,
            UsualMaxDurationMinutes = 60,
            MinDurationMinutes = 20,
            MaxDurationMinutes = 120,
        },
        "0.5 mg/kg over 40 min is the studied dose (Riva-Posse 2018, 684 infusions; Spravato abuse-potential study control). "
        + "40–60 min is generally acceptable. Up to 6 infusions 3×/week over 12 days: response 70.8 %, median time to relapse 18 days (Murrough 2013). "
        + "Maintenance: no controlled evidence; continue the effective dose at individual intervals. "
        + "The 1.0 mg/kg hard limit and the 20–120 min duration bounds are practice conventions [U] — review for your clinic.",
        "CLINICAL-SOURCES §1.2 [V]; hard limits [U]");

    public static ProtocolDefinition IvKetamineChronicPain { get; } = new(
        IvKetamineChronicPainId,
        "IV ketamine for chronic pain — 0.5–2 mg/kg/h",
        Modality.IvKetamineChronicPain,
        "Chronic pain (neuropathic, fibromyalgia, other)",
        [
            new(PhaseKind.Induction, "First outpatient infusion", "One infusion ≥ 80 mg over more than 2 h, then reassess", null, null, null, 1,
                new DoseRule(DoseBasis.WeightBasedRate, null, 0.5m, null, 150)),
            new(PhaseKind.Maintenance, "Further infusions", "Interval set by response", null, 28, null, null,
                new DoseRule(DoseBasis.WeightBasedRate, null, 0.5m, null, 150)),
        ],
        new DoseLimits
        {
            UsualMinMgPerKgPerHour = 0.5m,
            UsualMaxMgPerKgPerHour = 2.0m,
            MaxMgPerKgPerHour = 2.0m,
            MaxBolusMgPerKg = 0.35m,
            FirstInfusionMinMg = 80m,
            FirstInfusionMinMinutes = 120,
            MaxDurationMinutes = 480,
        },
        "Cohen 2018 (ASRA/AAPM/ASA): infusion 0.5–2 mg/kg/h (grade C; up to 7 mg/kg/h only in ICU settings); bolus up to 0.35 mg/kg (grade C); "
        + "a first outpatient infusion of at least 80 mg over more than 2 h, then reassess (grade C). Evidence for lasting benefit is weak outside CRPS.",
        "CLINICAL-SOURCES §2.2 [V]");

    public static ProtocolDefinition CrpsMultiDay { get; } = new(
        CrpsMultiDayId,
        "CRPS — 4 h a day for 10 days (Schwartzman)",
        Modality.IvKetamineChronicPain,
        "Complex regional pain syndrome",
        [
            new(PhaseKind.Induction, "10-day course", "4 h a day on 10 days", 5, null, 2, 10,
                new DoseRule(DoseBasis.WeightBasedRate, null, 0.35m, null, 240)),
        ],
        new DoseLimits
        {
            UsualMaxMgPerKgPerHour = 0.35m,
            MaxMgPerKgPerHour = 0.35m,
            MaxMgPerHour = 25m,
            MaxMgPerSession = 100m,
            UsualMinDurationMinutes = 240,
            UsualMaxDurationMinutes = 240,
            MaxDurationMinutes = 240,
        },
        "Schwartzman 2009: 4 h/day for 10 days, at most 0.35 mg/kg/h and not more than 25 mg/h (≤ 100 mg per 4 h); "
        + "CRPS has moderate evidence of benefit up to 12 weeks (Cohen 2018, grade B).",
        "CLINICAL-SOURCES §2.3 [V]");

    public static ProtocolDefinition EsketamineTrd { get; } = new(
        EsketamineTrdId,
        "Esketamine nasal spray — treatment-resistant depression (label)",
        Modality.EsketamineNasalSpray,
        "Treatment-resistant depression",
        [
            new(PhaseKind.Induction, "Induction (weeks 1–4)", "Twice a week; day 1 56 mg, then 56 or 84 mg", 2, null, 4, 8,
                new DoseRule(DoseBasis.FixedDose, null, null, 56m, 10)),
            new(PhaseKind.Taper, "Maintenance (weeks 5–8)", "Once a week, 56 or 84 mg", 1, null, 4, 4,
                new DoseRule(DoseBasis.FixedDose, null, null, 56m, 10)),
            new(PhaseKind.Maintenance, "Maintenance (week 9 on)", "Every 2 weeks or weekly; the least frequent dosing that keeps remission/response", null, 14, null, null,
                new DoseRule(DoseBasis.FixedDose, null, null, 56m, 10)),
        ],
        new DoseLimits { LabelDosesMg = [56m, 84m], MaxMgPerSession = 84m },
        "Spravato PI: weeks 1–4 twice weekly (day 1 56 mg, then 56 or 84 mg); weeks 5–8 weekly; week 9+ every 2 weeks or weekly. "
        + "28 mg per device, 5 min between devices; observe ≥ 2 h under REMS. Evaluate benefit at the end of induction.",
        "CLINICAL-SOURCES §3.1 [V]");

    public static ProtocolDefinition EsketamineMdsi { get; } = new(
        EsketamineMdsiId,
        "Esketamine nasal spray — MDD with acute suicidal ideation or behaviour (label)",
        Modality.EsketamineNasalSpray,
        "Major depressive disorder with acute suicidal ideation or behaviour",
        [
            new(PhaseKind.Induction, "4 weeks", "84 mg twice a week for 4 weeks (56 mg if not tolerated), with an oral antidepressant", 2, null, 4, 8,
                new DoseRule(DoseBasis.FixedDose, null, null, 84m, 15)),
        ],
        new DoseLimits { LabelDosesMg = [56m, 84m], MaxMgPerSession = 84m },
        "Spravato PI: 84 mg twice weekly for 4 weeks, may reduce to 56 mg for tolerability; use beyond 4 weeks not systematically evaluated. "
        + "Indicated with an oral antidepressant for MDD with acute suicidal ideation or behaviour; treatment resistance is not required.",
        "CLINICAL-SOURCES §3.1 [V]",
        RequiresTreatmentResistance: false);

    public static IReadOnlyList<ProtocolDefinition> All { get; } =
        [IvKetamineDepression, IvKetamineChronicPain, CrpsMultiDay, EsketamineTrd, EsketamineMdsi];

    public static bool TryGet(string id, [NotNullWhen(true)] out ProtocolDefinition? protocol)
    {
        protocol = All.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase));
        return protocol is not null;
    }
}

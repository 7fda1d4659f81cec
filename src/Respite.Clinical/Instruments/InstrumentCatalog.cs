using System.Diagnostics.CodeAnalysis;

namespace Respite.Clinical.Instruments;

/// <summary>
/// The validated instruments Respite scores, with item wording, LOINC codes and licences as given in
/// CLINICAL-SOURCES §4. The Brief Pain Inventory is licensed and is deliberately absent; PEG-3 is its public-domain short form.
/// </summary>
public static class InstrumentCatalog
{
    private static readonly AnswerOption[] Frequency =
    [
        new(0, "Not at all"),
        new(1, "Several days"),
        new(2, "More than half the days"),
        new(3, "Nearly every day"),
    ];

    public static InstrumentDefinition Phq9 { get; } = new(
        "phq9",
        "PHQ-9",
        "Patient Health Questionnaire: depression severity.",
        "Over the last 2 weeks",
        Scored(0, 3, Frequency, [
            ("Little interest or pleasure in doing things", null),
            ("Feeling down, depressed, or hopeless", null),
            ("Trouble falling or staying asleep, or sleeping too much", null),
            ("Feeling tired or having little energy", null),
            ("Poor appetite or overeating", null),
            ("Feeling bad about yourself — or that you are a failure or have let yourself or your family down", null),
            ("Trouble concentrating on things, such as reading the newspaper or watching television", null),
            ("Moving or speaking so slowly that other people could have noticed, or the opposite — being so fidgety or restless that you have been moving around a lot more than usual", null),
            ("Thoughts that you would be better off dead, or of hurting yourself in some way", "44260-8"),
        ]),
        "44249-1",
        "44261-6",
        "Free to use: Pfizer released the PHQ and GAD-7 without copyright restriction (2010).",
        "Kroenke 2001; bands via ementalhealth.ca; item 9 flag (CLINICAL-SOURCES §4) [V]")
    {
        Bands = [new(0m, 4m, "none-minimal"), new(5m, 9m, "mild"), new(10m, 14m, "moderate"), new(15m, 19m, "moderately-severe"), new(20m, 27m, "severe")],
        MinTotal = 0m,
        MaxTotal = 27m,
    };

    public static InstrumentDefinition Phq2 { get; } = new(
        "phq2",
        "PHQ-2",
        "Patient Health Questionnaire, first two items: a depression screen. Positive at 3 or more (clinic setting).",
        "Over the last 2 weeks",
        Scored(0, 3, Frequency, [
            ("Little interest or pleasure in doing things", "44250-9"),
            ("Feeling down, depressed, or hopeless", "44255-8"),
        ]),
        "55757-9",
        "55758-7",
        "Free to use: Pfizer released the PHQ and GAD-7 without copyright restriction (2010).",
        "Kroenke 2003 Med Care 41:1284; cut-off 3: sensitivity 83 %, specificity 92 % for major depression [V]")
    {
        MinTotal = 0m,
        MaxTotal = 6m,
    };

    public static InstrumentDefinition Gad7 { get; } = new(
        "gad7",
        "GAD-7",
        "Generalized Anxiety Disorder scale: anxiety severity.",
        "Over the last 2 weeks",
        Scored(0, 3, Frequency, [
            ("Feeling nervous, anxious, or on edge", null),
            ("Not being able to stop or control worrying", null),
            ("Worrying too much about different things", null),
            ("Trouble relaxing", null),
            ("Being so restless that it is hard to sit still", null),
            ("Becoming easily annoyed or irritable", null),
            ("Feeling afraid, as if something awful might happen", null),
        ]),
        "69737-5",
        "70274-6",
        "Free to use: Pfizer released the PHQ and GAD-7 without copyright restriction (2010).",
        "Spitzer 2006; cut-offs 5/10/15 (CLINICAL-SOURCES §4) [V]")
    {
        Bands = [new(0m, 4m, "minimal"), new(5m, 9m, "mild"), new(10m, 14m, "moderate"), new(15m, 21m, "severe")],
        MinTotal = 0m,
        MaxTotal = 21m,
    };

    public static InstrumentDefinition NrsPain { get; } = new(
        "nrs-pain",
        "Pain NRS",
        "Numeric rating scale of pain intensity, 0 = no pain, 10 = worst pain imaginable.",
        "Right now",
        Scored(0, 10, NumberedOptions(0, 10, "No pain", "Worst pain imaginable"), [
            ("Please rate your pain by choosing the number that best describes it", "72514-3"),
        ]),
        null,
        "72514-3",
        "Public domain.",
        "Farrar 2001; IMMPACT; bands from the 0–4 / 5–6 / 7–10 convention (CLINICAL-SOURCES §4), with 0 split out as \"none\"")
    {
        Bands = [new(0m, 0m, "none"), new(1m, 4m, "mild"), new(5m, 6m, "moderate"), new(7m, 10m, "severe")],
        MinTotal = 0m,
        MaxTotal = 10m,
    };

    public static InstrumentDefinition Peg3 { get; } = new(
        "peg3",
        "PEG-3",
        "Pain intensity and interference (Pain, Enjoyment of life, General activity); score is the mean of three 0–10 items.",
        "During the past week",
        [
            new InstrumentItem(1, "What number best describes your pain on average in the past week?", AnswerKind.Score, 0, 10, null)
                { Options = NumberedOptions(0, 10, "No pain", "Pain as bad as you can imagine") },
            new InstrumentItem(2, "What number best describes how, during the past week, pain has interfered with your enjoyment of life?", AnswerKind.Score, 0, 10, null)
                { Options = NumberedOptions(0, 10, "Does not interfere", "Completely interferes") },
            new InstrumentItem(3, "What number best describes how, during the past week, pain has interfered with your general activity?", AnswerKind.Score, 0, 10, null)
                { Options = NumberedOptions(0, 10, "Does not interfere", "Completely interferes") },
        ],
        "91148-7",
        "91147-9",
        "Public domain.",
        "Krebs 2009 J Gen Intern Med 24:733 [V]; bands 0–3.9 / 4–6.9 / 7–10 are one site's convention [S]")
    {
        Bands = [new(0m, 3.9m, "mild"), new(4m, 6.9m, "moderate"), new(7m, 10m, "severe")],
        MinTotal = 0m,
        MaxTotal = 10m,
    };

    public static InstrumentDefinition CssrsScreener { get; } = new(
        "cssrs-screener",
        "C-SSRS screener",
        "Columbia Suicide Severity Rating Scale, screen version, with Columbia triage risk levels. Items 3–5 are asked only when item 2 is yes; item 6b only when item 6 is yes.",
        "In the past month (items 1–5); ever (item 6)",
        [
            YesNo(1, "Have you wished you were dead or wished you could go to sleep and not wake up?"),
            YesNo(2, "Have you actually had any thoughts of killing yourself?"),
            YesNo(3, "Have you been thinking about how you might do this?", optional: true),
            YesNo(4, "Have you had these thoughts and had some intention of acting on them?", optional: true),
            YesNo(5, "Have you started to work out or worked out the details of how to kill yourself? Do you intend to carry out this plan?", optional: true),
            YesNo(6, "Have you ever done anything, started to do anything, or prepared to do anything to end your life?"),
            YesNo(7, "Was this within the past 3 months?", optional: true) with { Label = "6b" },
        ],
        null,
        null,
        "No cost or licence for health-care providers, including use in electronic health records (Columbia Lighthouse Project).",
        "Columbia triage: cssrs.columbia.edu/the-columbia-scale-c-ssrs/triage-c-ssrs [V high; S low/moderate mapping]")
    {
        MinTotal = 0m,
        MaxTotal = 6m,
    };

    public static InstrumentDefinition Dast10 { get; } = new(
        "dast10",
        "DAST-10",
        "Drug Abuse Screening Test (excludes alcohol). One point per yes, except item 3, where no scores one point.",
        "In the past 12 months",
        [
            YesNo(1, "Have you used drugs other than those required for medical reasons?"),
            YesNo(2, "Do you abuse more than one drug at a time?"),
            YesNo(3, "Are you always able to stop using drugs when you want to?"),
            YesNo(4, "Have you had \"blackouts\" or \"flashbacks\" as a result of drug use?"),
            YesNo(5, "Do you ever feel bad or guilty about your drug use?"),
            YesNo(6, "Does your spouse (or parents) ever complain about your involvement with drugs?"),
            YesNo(7, "Have you neglected your family because of your use of drugs?"),
            YesNo(8, "Have you engaged in illegal activities in order to obtain drugs?"),
            YesNo(9, "Have you ever experienced withdrawal symptoms (felt sick) when you stopped taking drugs?"),
            YesNo(10, "Have you had medical problems as a result of your drug use (e.g. memory loss, hepatitis, convulsions, bleeding)?"),
        ],
        null,
        "82667-7",
        "© 1982 Harvey A. Skinner, PhD, and the Centre for Addiction and Mental Health, Toronto. Reproduced for non-commercial clinical use with credit; commercial use needs permission.",
        "Skinner 1982; bands via comorbidityguidelines.org.au and CamCOPS (CLINICAL-SOURCES §4) [V]; LOINC 82667-7 to verify")
    {
        Bands = [new(0m, 0m, "none"), new(1m, 2m, "low"), new(3m, 5m, "moderate"), new(6m, 8m, "substantial"), new(9m, 10m, "severe")],
        MinTotal = 0m,
        MaxTotal = 10m,
    };

    public static InstrumentDefinition AuditC { get; } = new(
        "auditc",
        "AUDIT-C",
        "Alcohol Use Disorders Identification Test – Consumption. Positive at 4 or more for men, 3 or more for women (clinic settings).",
        "In the past year",
        [
            new InstrumentItem(1, "How often do you have a drink containing alcohol?", AnswerKind.Score, 0, 4, null)
            {
                Options = [new(0, "Never"), new(1, "Monthly or less"), new(2, "2 to 4 times a month"), new(3, "2 to 3 times a week"), new(4, "4 or more times a week")],
            },
            new InstrumentItem(2, "How many drinks containing alcohol do you have on a typical day when you are drinking?", AnswerKind.Score, 0, 4, null)
            {
                Options = [new(0, "1 or 2"), new(1, "3 or 4"), new(2, "5 or 6"), new(3, "7 to 9"), new(4, "10 or more")],
            },
            new InstrumentItem(3, "How often do you have six or more drinks on one occasion?", AnswerKind.Score, 0, 4, null)
            {
                Options = [new(0, "Never"), new(1, "Less than monthly"), new(2, "Monthly"), new(3, "Weekly"), new(4, "Daily or almost daily")],
            },
        ],
        "72109-2",
        "75626-2",
        "WHO AUDIT: public domain.",
        "Bush 1998; sex-specific cut-offs via ementalhealth.ca (CLINICAL-SOURCES §4) [V]")
    {
        MinTotal = 0m,
        MaxTotal = 12m,
    };

    /// <summary>
    /// MADRS, clinician-rated after an interview. Only the ten item headings are reproduced; the anchor wording of each
    /// item is the rater's (copyright Stuart Montgomery 1978, licensing to be confirmed, CLINICAL-SOURCES §4 and open question 5).
    /// </summary>
    public static InstrumentDefinition Madrs { get; } = new(
        "madrs",
        "MADRS",
        "Montgomery–Åsberg Depression Rating Scale, rated by a clinician after an interview: ten items 0–6 (anchors at 0, 2, 4, 6), total 0–60.",
        "The past week",
        Scored(0, 6, NumberedOptions(0, 6, "Absent", "Most severe"), [
            ("Apparent sadness", null),
            ("Reported sadness", null),
            ("Inner tension", null),
            ("Reduced sleep", null),
            ("Reduced appetite", null),
            ("Concentration difficulties", null),
            ("Lassitude", null),
            ("Inability to feel", null),
            ("Pessimistic thoughts", null),
            ("Suicidal thoughts", null),
        ]),
        null,
        null,
        "Copyright Stuart Montgomery 1978; sources conflict on whether it is public domain: get written confirmation before clinical use (CLINICAL-SOURCES §4).",
        "Montgomery & Åsberg 1979; bands per Snaith 1986 (0–6 absent, 7–19 mild, 20–34 moderate, 35–60 severe) via CLINICAL-SOURCES §4 [V]; no LOINC total code found")
    {
        Bands = [new(0m, 6m, "absent"), new(7m, 19m, "mild"), new(20m, 34m, "moderate"), new(35m, 60m, "severe")],
        MinTotal = 0m,
        MaxTotal = 60m,
        ClinicianRated = true,
        PatientMaySelfReport = false,
    };

    public static IReadOnlyList<InstrumentDefinition> All { get; } = [Phq9, Gad7, NrsPain, Peg3, CssrsScreener, Dast10, AuditC, Madrs, Phq2];

    public static bool TryGet(string code, [NotNullWhen(true)] out InstrumentDefinition? definition)
    {
        definition = All.FirstOrDefault(d => string.Equals(d.Code, code, StringComparison.OrdinalIgnoreCase));
        return definition is not null;
    }

    private static InstrumentItem[] Scored(int min, int max, IReadOnlyList<AnswerOption> options, (string Text, string? Loinc)[] items) =>
        items.Select((item, index) => new InstrumentItem(index + 1, item.Text, AnswerKind.Score, min, max, item.Loinc) { Options = options }).ToArray();

    private static InstrumentItem YesNo(int number, string text, bool optional = false) =>
        new(number, text, AnswerKind.YesNo, 0, 1, null, optional) { Options = [new(0, "No"), new(1, "Yes")] };

    private static AnswerOption[] NumberedOptions(int min, int max, string lowLabel, string highLabel) =>
        Enumerable.Range(min, max - min + 1)
            .Select(v => new AnswerOption(v, v == min ? $"{v} – {lowLabel}" : v == max ? $"{v} – {highLabel}" : v.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
}

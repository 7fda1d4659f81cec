namespace Respite.Pharmacokinetics.Models;

/// <summary>
/// The population models Respite simulates, each encoded from the parameter sets in the clinical sources
/// (CLINICAL-SOURCES.md §5) with the source of every value.
/// </summary>
public static class ModelCatalog
{
    private const string Opentiva = "opentiva/opentiva: opentiva/ketamine.py [S]";

    // Racemic models publish no inter-individual variability in the sources; a CV of 30 % on the central volume and
    // on the elimination rate constant is Respite's stated assumption (of the order of the IIV reported for
    // ketamine volumes and clearance, e.g. Otto 2021: ω²(V1) 0.084, ω²(CL) 0.026).
    private static readonly VariabilityBlock RacemicAssumedVariability = VariabilityBlock.Independent(
        [("V1", VariabilityBlock.VarianceFromCv(0.30)), ("k10", VariabilityBlock.VarianceFromCv(0.30))],
        "Assumption: CV 30 % on V1 and k10, independent (the source gives no inter-individual variability)",
        isAssumption: true);

    /// <summary>Racemic ketamine IV, three compartments (Domino), as implemented in opentiva.</summary>
    public static ModelDefinition KetamineDomino { get; } = new(
        "ketamine-domino",
        "Ketamine IV — Domino (3-compartment)",
        "ketamine (racemic)",
        "Domino EF et al., Clin Pharmacol Ther 1984;36:645 (constants as implemented in opentiva, which cites PMID 7198883; citation not confirmed [U]). Independent copy of the constants: bensondaled/fus_anes TCI_Ketamine.",
        "Adults; V1 scales with total body weight.",
        ModelRoutes.Intravenous,
        [
            new("V1", 0.063, "L/kg", Opentiva),
            new("k10", 0.4381, "1/min", Opentiva),
            new("k12", 0.5921, "1/min", Opentiva),
            new("k21", 0.2470, "1/min", Opentiva),
            new("k13", 0.5900, "1/min", Opentiva),
            new("k31", 0.0146, "1/min", Opentiva),
        ],
        [RacemicAssumedVariability],
        (p, c) => LinearModel.With("central", "fast peripheral", "slow peripheral")
            .Eliminate("central", p["k10"])
            .Transfer("central", "fast peripheral", p["k12"])
            .Transfer("fast peripheral", "central", p["k21"])
            .Transfer("central", "slow peripheral", p["k13"])
            .Transfer("slow peripheral", "central", p["k31"])
            .Build("central", p["V1"] * (double)c.Weight.Kilograms));

    /// <summary>Racemic ketamine IV, two compartments (Clements &amp; Nimmo, 250 µg/kg data), as implemented in opentiva.</summary>
    public static ModelDefinition KetamineClements { get; } = TwoCompartment(
        "ketamine-clements",
        "Ketamine IV — Clements & Nimmo (2-compartment)",
        "Clements JA, Nimmo WS. Br J Anaesth 1981;53:27 (PMID 7459184), 250 µg/kg IV bolus data; constants as implemented in opentiva [S]; V1 1.75 L/kg not re-checked against the paper [U].",
        "Healthy adult volunteers; V1 scales with total body weight.",
        v1: 1.7522, k10: 0.0109, k12: 0.0186, k21: 0.0137);

    /// <summary>Racemic ketamine IV, two compartments (Hijazi 2003), as implemented in opentiva.</summary>
    public static ModelDefinition KetamineHijazi { get; } = TwoCompartment(
        "ketamine-hijazi",
        "Ketamine IV — Hijazi (2-compartment)",
        "Hijazi Y et al. Br J Anaesth 2003;90:155 (12 adult ICU patients); constants as implemented in opentiva [S]. Derived CL 36.0 mL/min/kg and terminal t½ 4.9 h match the paper [V].",
        "Adults in intensive care with brain or spinal-cord injury; V1 scales with total body weight.",
        v1: 1.08, k10: 0.0333, k12: 0.0088, k21: 0.0030);

    /// <summary>
    /// Esketamine nasal spray (and IV), Perez-Ruixo 2021 population model with its hepato-portal first-pass
    /// compartment and the noresketamine metabolite, as encoded in nlmixr2lib (PerezRuixo_2020_esketamine).
    /// </summary>
    public static ModelDefinition EsketamineIntranasal { get; } = BuildEsketamine();

    /// <summary>S-ketamine IV with S-norketamine (Otto 2021; S-ketamine parameters fixed to Fanta 2015).</summary>
    public static ModelDefinition SKetamineOtto { get; } = BuildOtto();

    /// <summary>Every model, in the order a clinician would look for them.</summary>
    public static IReadOnlyList<ModelDefinition> All { get; } =
        [KetamineDomino, KetamineClements, KetamineHijazi, EsketamineIntranasal, SKetamineOtto];

    /// <summary>The model with this identifier, or null.</summary>
    public static ModelDefinition? Find(string? id) =>
        All.FirstOrDefault(model => string.Equals(model.Id, id, StringComparison.Ordinal));

    private static ModelDefinition TwoCompartment(string id, string name, string citation, string population, double v1, double k10, double k12, double k21) => new(
        id,
        name,
        "ketamine (racemic)",
        citation,
        population,
        ModelRoutes.Intravenous,
        [
            new("V1", v1, "L/kg", Opentiva),
            new("k10", k10, "1/min", Opentiva),
            new("k12", k12, "1/min", Opentiva),
            new("k21", k21, "1/min", Opentiva),
        ],
        [RacemicAssumedVariability],
        (p, c) => LinearModel.With("central", "peripheral")
            .Eliminate("central", p["k10"])
            .Transfer("central", "peripheral", p["k12"])
            .Transfer("peripheral", "central", p["k21"])
            .Build("central", p["V1"] * (double)c.Weight.Kilograms));

    private static ModelDefinition BuildEsketamine()
    {
        const string Table3 = "Perez-Ruixo 2021 Table 3, via nlmixr2lib PerezRuixo_2020_esketamine [V in the file]";
        const string Label = "SPRAVATO prescribing information: one 28-mg device, 5 minutes between devices [V]";
        const double PerHour = 1d / 60d;
        return new ModelDefinition(
            "esketamine-intranasal",
            "Esketamine nasal spray — Perez-Ruixo (3-compartment + hepato-portal)",
            "esketamine",
            "Perez-Ruixo C et al. Population Pharmacokinetics of Esketamine Nasal Spray and its Metabolite Noresketamine. Clin Pharmacokinet 2021;60(4):501-516; as encoded in nlmixr2/nlmixr2lib PerezRuixo_2020_esketamine (which corrects unit typos in the paper's table). Typical non-Asian, non-Japanese adult.",
            "820 healthy adults and patients with treatment-resistant depression, 18–86 years, 39–170 kg; weight had no effect. Hepatic blood flow falls by 2.19 L/h per year of age above 60.",
            ModelRoutes.Intranasal | ModelRoutes.Intravenous,
            [
                new("FRn", 0.54, "fraction", Table3, ParameterScale.Logit),
                new("laterDeviceFactor", 0.62, "×", Table3 + " (dose effect on FRn for the 2nd and later 28-mg sprays)"),
                new("ka_n", 2.93, "1/h", Table3),
                new("Dsw", 0.53, "h", Table3),
                new("ka_sw", 1.45, "1/h", Table3),
                new("Fgut", 0.64, "fraction", Table3, ParameterScale.Logit),
                new("Vc", 192, "L", Table3),
                new("Q1", 84.3, "L/h", Table3),
                new("Vp1", 143, "L", Table3),
                new("Q2", 37.6, "L/h", Table3),
                new("Vp2", 417, "L", Table3),
                new("Qh", 151, "L/h", Table3),
                new("ageOnQh", 2.19, "L/h per year above 60", Table3),
                new("Vh", 101, "L", Table3),
                new("kel", 1.11, "1/h", Table3),
                new("kmet", 2.77, "1/h", Table3),
                new("Vcn", 70.0, "L (apparent)", Table3),
                new("CLn", 38.0, "L/h (apparent)", Table3),
                new("Vpn", 115, "L (apparent)", Table3),
                new("Q3", 26.1, "L/h (apparent)", Table3),
                new("deviceMg", 28, "mg", Label),
                new("deviceIntervalMin", 5, "min", Label),
                new("sessionWindowMin", 60, "min", "Assumption: devices within 60 min of another belong to one session"),
            ],
            [
                VariabilityBlock.Independent(
                    [
                        ("FRn", 0.501), ("ka_n", 0.319), ("ka_sw", 1.009), ("Vc", 0.0730), ("Vp1", 0.218), ("Qh", 0.0524),
                        ("Vh", 0.113), ("kel", 0.892), ("Vcn", 0.0955), ("CLn", 0.0625),
                    ],
                    Table3 + " (ω² = ln(1 + CV²); FRn additive on the logit scale)",
                    isAssumption: false),
                VariabilityBlock.Independent(
                    [("kmet", VariabilityBlock.VarianceFromCv(0.30))],
                    "Assumption: CV 30 % on kmet (the paper reports IIV on kmet but prints no value; nlmixr2lib uses the same placeholder)",
                    isAssumption: true),
            ],
            (p, c) =>
            {
                var qh = Math.Max(1d, p["Qh"] - (p["ageOnQh"] * Math.Max(0, (c.AgeYears ?? 0) - 60)));
                return LinearModel.With("nasal depot", "swallowed depot", "central", "shallow peripheral", "deep peripheral", "liver", "noresketamine", "noresketamine peripheral")
                    .Transfer("nasal depot", "central", p["ka_n"] * PerHour)
                    .Transfer("swallowed depot", "liver", p["ka_sw"] * PerHour)
                    .Transfer("central", "shallow peripheral", p["Q1"] / p["Vc"] * PerHour)
                    .Transfer("shallow peripheral", "central", p["Q1"] / p["Vp1"] * PerHour)
                    .Transfer("central", "deep peripheral", p["Q2"] / p["Vc"] * PerHour)
                    .Transfer("deep peripheral", "central", p["Q2"] / p["Vp2"] * PerHour)
                    .Transfer("central", "liver", qh / p["Vc"] * PerHour)
                    .Transfer("liver", "central", qh / p["Vh"] * PerHour)
                    .Eliminate("liver", p["kel"] * PerHour)
                    .Transfer("liver", "noresketamine", p["kmet"] * PerHour)
                    .Eliminate("noresketamine", p["CLn"] / p["Vcn"] * PerHour)
                    .Transfer("noresketamine", "noresketamine peripheral", p["Q3"] / p["Vcn"] * PerHour)
                    .Transfer("noresketamine peripheral", "noresketamine", p["Q3"] / p["Vpn"] * PerHour)
                    .WithIntranasal("nasal depot", "swallowed depot", new IntranasalParameters(
                        p["FRn"], p["laterDeviceFactor"], p["Fgut"], p["Dsw"] * 60d, p["deviceMg"], p["deviceIntervalMin"], p["sessionWindowMin"]))
                    .WithMetabolite("noresketamine", "noresketamine", p["Vcn"])
                    .Build("central", p["Vc"]);
            });
    }

    private static ModelDefinition BuildOtto()
    {
        const string Otto = "Otto 2021 Table 3 / Fanta 2015, via nlmixr2lib Otto_2021_s_ketamine [V in the file]";
        const double PerHour = 1d / 60d;
        return new ModelDefinition(
            "s-ketamine-otto",
            "S-ketamine IV with S-norketamine — Otto (3 + 2 compartments)",
            "S-ketamine (esketamine) IV",
            "Otto ME et al. Eur J Clin Pharmacol 2021;77(8):1181-1192; S-ketamine parameters fixed to Fanta S et al. Eur J Clin Pharmacol 2015;71(4):441-447; as encoded in nlmixr2/nlmixr2lib Otto_2021_s_ketamine. Venous plasma.",
            "48 healthy adult volunteers (mean about 70 kg). Central volumes × (WT/70), clearances × (WT/70)^0.75.",
            ModelRoutes.Intravenous,
            [
                new("V1", 133, "L at 70 kg", Otto),
                new("CL", 95.2, "L/h at 70 kg", Otto),
                new("Vp1", 187, "L", Otto),
                new("Q1", 23.2, "L/h", Otto),
                new("Vp2", 98.8, "L", Otto),
                new("Q2", 157, "L/h", Otto),
                new("Vnk", 98.638, "L at 70 kg", Otto),
                new("CLnk", 57.72, "L/h at 70 kg", Otto),
                new("Vpnk", 160.04, "L", Otto),
                new("Qnk", 42.778, "L/h", Otto),
            ],
            [
                new VariabilityBlock(["V1", "CL"], [0.084177, 0.02261, 0.02261, 0.026048], Otto + " (OMEGA BLOCK(2))", IsAssumption: false),
                new VariabilityBlock(["Vnk", "CLnk"], [0.040426, 0.04456, 0.04456, 0.10319], Otto + " (OMEGA BLOCK(2))", IsAssumption: false),
            ],
            (p, c) =>
            {
                var size = (double)c.Weight.Kilograms / 70d;
                var v1 = p["V1"] * size;
                var cl = p["CL"] * Math.Pow(size, 0.75);
                var vnk = p["Vnk"] * size;
                var clnk = p["CLnk"] * Math.Pow(size, 0.75);
                return LinearModel.With("central", "peripheral 1", "peripheral 2", "norketamine", "norketamine peripheral")
                    .Transfer("central", "norketamine", cl / v1 * PerHour)
                    .Transfer("central", "peripheral 1", p["Q1"] / v1 * PerHour)
                    .Transfer("peripheral 1", "central", p["Q1"] / p["Vp1"] * PerHour)
                    .Transfer("central", "peripheral 2", p["Q2"] / v1 * PerHour)
                    .Transfer("peripheral 2", "central", p["Q2"] / p["Vp2"] * PerHour)
                    .Eliminate("norketamine", clnk / vnk * PerHour)
                    .Transfer("norketamine", "norketamine peripheral", p["Qnk"] / vnk * PerHour)
                    .Transfer("norketamine peripheral", "norketamine", p["Qnk"] / p["Vpnk"] * PerHour)
                    .WithMetabolite("S-norketamine", "norketamine", vnk)
                    .Build("central", v1);
            });
    }
}
